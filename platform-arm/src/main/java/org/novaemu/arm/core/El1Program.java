// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.core;

/**
 * The code a bare machine's PEs execute at EL1: one image for all of them, as memory holds one firmware or
 * kernel image (each PE tells itself apart by its MPIDR_EL1). The core calls {@link #step} once per instruction
 * with the PC at that instruction; interrupts are taken between steps only, so a step is what the Arm ARM calls
 * an instruction (docs/decisions.md A60).
 */
@FunctionalInterface
public interface El1Program
{
    /**
     * Executes the A64 instruction at {@code cpu.pc()}. Unless it branches ({@link El1#branch}, {@link El1#eret})
     * the next instruction is at {@code pc() + 4}. An instruction that takes a synchronous exception
     * ({@link El1#undefined}, {@link El1#exception}, {@link El1#svc}, a refused MRS or MSR, a faulting access)
     * ends the step by throwing an unchecked exception that the program must let pass; the core takes the
     * exception and no Java exception leaves it.
     *
     * @param cpu the executing PE
     */
    void step(El1 cpu);
}
