// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * What the boot loader and firmware hand the kernel that the kernel passes on to the root PD: the ACPI
 * RSDP and the framebuffer for the HIP (specification 6.3), and the registers the root EC starts with
 * (x86 8.1.2: RDI and RSI hold EAX and EBX at boot, the Multiboot magic and information address; Arm
 * 7.1.2: X0, X1 and X2 at boot).
 *
 * @param rsdp the ACPI RSDP's physical address, or -1 for none
 * @param framebuffer the framebuffer, or null for none
 * @param register0 the first register at boot (x86 EAX, Arm X0)
 * @param register1 the second (x86 EBX, Arm X1)
 * @param register2 the third (Arm X2; x86 passes none)
 */
public record BootInfo(long rsdp, Framebuffer framebuffer, long register0, long register1, long register2)
{
    /** No ACPI, no framebuffer, zero registers. */
    public static final BootInfo NONE = new BootInfo(-1, null, 0, 0, 0);

    /** Multiboot 2's magic value in EAX (Multiboot 2 specification, 3.3). */
    public static final long MULTIBOOT2_MAGIC = 0x36d76289L;
}
