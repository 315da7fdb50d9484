// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.cpu;

/**
 * The code a bare machine's processors execute in ring 0: one image for all of them, as memory holds one
 * firmware or kernel image (each processor tells itself apart by its APIC ID). The core calls {@link #step}
 * once per instruction with the instruction pointer at that instruction; interrupts and exceptions are
 * recognized between steps only, so a step is what the SDM calls an instruction (docs/decisions.md X31).
 */
@FunctionalInterface
public interface Ring0Program
{
    /**
     * Executes the instruction at {@code cpu.ip()}. Unless it jumps ({@link Ring0#jump}, {@link Ring0#iret})
     * the next instruction is at {@code ip() + 1}. An instruction that faults ({@link Ring0#fault}, a
     * refused RDMSR or WRMSR) or traps ({@link Ring0#intN}) ends the step by throwing an unchecked exception
     * that the program must let pass.
     *
     * @param cpu the executing processor
     */
    void step(Ring0 cpu);
}
