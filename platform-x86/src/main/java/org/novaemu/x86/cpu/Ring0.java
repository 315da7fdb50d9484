// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.cpu;

/**
 * What a {@link Ring0Program} sees of the processor executing it: the instruction pointer, RFLAGS, 16
 * general-purpose registers, physical memory and device registers through the bus, the I/O port space, the
 * local APIC's MSRs, the interrupt flag and the instructions that change the interrupt and activity state,
 * and an interrupt descriptor table of handler addresses. Every access charges its {@link CoreCosts}.
 *
 * <p>Events are delivered as in 64-bit mode (SDM 3A, 6.12 and 6.14): the return IP and RFLAGS go onto the
 * processor's interrupt stack with the vector and error code (held by the core, not in memory), RFLAGS.IF is
 * cleared through an interrupt gate and kept through a trap gate, and execution continues at the gate's
 * handler; {@link #iret} returns. A vector without a gate raises #NP, and so on to #DF and shutdown
 * (SDM 3A, 6.15, table 6-5).
 */
public interface Ring0
{
    /** RFLAGS bit 1, always set. */
    long FLAGS_RESERVED = 1L << 1;
    /** RFLAGS.IF: maskable interrupts are recognized. */
    long FLAGS_IF = 1L << 9;

    /** @return the address of the instruction executing */
    long ip();

    /**
     * Makes the next instruction the one at {@code target} (JMP, CALL, RET, a taken branch).
     *
     * @param target its address
     */
    void jump(long target);

    /** @return RFLAGS: bit 1 and IF ({@link #FLAGS_IF}) */
    long flags();

    /**
     * @param n a general-purpose register, 0 (RAX) to 15 (R15)
     * @return its value
     */
    long gpr(int n);

    /**
     * @param n a general-purpose register, 0 to 15
     * @param value its new value
     */
    void setGpr(int n, long value);

    /**
     * Reads physical memory or a device's registers (the local APIC's page for this processor first).
     *
     * @param address the physical address
     * @param size 1, 2, 4 or 8 bytes
     * @return the value, zero-extended; all ones where nothing answers
     */
    long read(long address, int size);

    /**
     * Writes physical memory or a device's registers.
     *
     * @param address the physical address
     * @param size 1, 2, 4 or 8 bytes
     * @param value the value
     */
    void write(long address, int size, long value);

    /**
     * IN: reads the I/O port space; a port no device claims reads all ones.
     *
     * @param port the first port, 0 to 65,535
     * @param size 1, 2 or 4 bytes
     * @return the value, zero-extended
     */
    long in(int port, int size);

    /**
     * OUT: writes the I/O port space.
     *
     * @param port the first port, 0 to 65,535
     * @param size 1, 2 or 4 bytes
     * @param value the value
     */
    void out(int port, int size, long value);

    /**
     * RDMSR: IA32_TSC, and the local APIC's MSRs (IA32_APIC_BASE, IA32_TSC_DEADLINE and, in x2APIC mode, the
     * registers from 0x800); any other MSR, or one the APIC refuses, faults with #GP(0).
     *
     * @param msr the MSR
     * @return its value
     */
    long rdmsr(long msr);

    /**
     * WRMSR to the local APIC's MSRs (an ICR write sends an IPI, an EOI write ends the highest in-service
     * vector); any other MSR, or a value the APIC refuses, faults with #GP(0).
     *
     * @param msr the MSR
     * @param value the value
     */
    void wrmsr(long msr, long value);

    /** @return RDTSC: the reference clock's cycles, which the APIC timer's TSC-deadline mode compares with */
    long rdtsc();

    /** CLI: clears RFLAGS.IF. */
    void cli();

    /**
     * STI: sets RFLAGS.IF. If IF was clear, maskable interrupts stay blocked until the next instruction has
     * executed (blocking by STI); NMIs are not blocked by it.
     */
    void sti();

    /**
     * MOV to SS (or POP SS): interrupts, NMIs included, stay blocked until the next instruction has executed
     * (blocking by MOV SS).
     */
    void movSs();

    /**
     * HLT: after this instruction the processor halts until an interrupt it recognizes (RFLAGS.IF set for
     * maskable ones), an NMI, an SMI or INIT; the handler returns to the instruction after HLT.
     */
    void hlt();

    /**
     * IRET: returns from the innermost event to its return IP and RFLAGS and ends NMI blocking; without an
     * event to return from, faults with #GP(0).
     */
    void iret();

    /** PAUSE: a spin-wait hint; costs {@link CoreCosts#pause()}. */
    void pause();

    /**
     * INT n: delivers vector {@code vector} now (whatever RFLAGS.IF); the handler returns to the next
     * instruction. Ends the step.
     *
     * @param vector 0 to 255
     */
    void intN(int vector);

    /**
     * The instruction faults with exception {@code vector} (a #UD, a #PF of the program's own paging): the
     * handler returns to this instruction unless it changes the return IP. Ends the step.
     *
     * @param vector 0 to 31
     * @param errorCode the error code pushed (0 for exceptions without one)
     */
    void fault(int vector, long errorCode);

    /**
     * Charges the cost of work the instruction does besides its accesses.
     *
     * @param cycles 0 or more
     */
    void charge(long cycles);

    /**
     * Installs an interrupt gate in the IDT: delivery clears RFLAGS.IF.
     *
     * @param vector 0 to 255
     * @param handler the handler's address
     */
    void setInterruptGate(int vector, long handler);

    /**
     * Installs a trap gate in the IDT: delivery keeps RFLAGS.IF.
     *
     * @param vector 0 to 255
     * @param handler the handler's address
     */
    void setTrapGate(int vector, long handler);

    /**
     * Makes a vector's gate not present.
     *
     * @param vector 0 to 255
     */
    void clearGate(int vector);

    /** @return the vector of the innermost event being handled, or -1 outside any handler */
    int vector();

    /** @return the innermost event's error code (0 where the exception pushes none, or outside any handler) */
    long errorCode();

    /** @return the innermost event's return IP, or -1 outside any handler */
    long returnIp();

    /**
     * Changes the innermost event's return IP, as a handler that skips or emulates an instruction writes the
     * frame on its stack; ignored outside any handler.
     *
     * @param ip the new return IP
     */
    void setReturnIp(long ip);
}
