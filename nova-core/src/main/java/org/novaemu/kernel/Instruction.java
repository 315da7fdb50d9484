// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * The user-mode instructions whose use the kernel's objects govern ({@link User#in}, {@link User#out},
 * {@link User#rdmsr}, {@link User#wrmsr}, {@link User#fpu}); each raises an architectural event when not
 * allowed ({@link EcArch#instructionEvent}).
 */
public enum Instruction
{
    /** x86 IN and OUT: allowed for the ports the PD's PIO space grants (specification 2.1.5). */
    PORT_IO,
    /** x86 RDMSR and WRMSR: privileged, never allowed in user mode (the MSR space is for vCPUs, 2.1.6). */
    MSR,
    /** A floating-point or SIMD instruction: allowed for ECs created with F (create_ec, 5.3.2). */
    FPU
}
