// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * What user code sees of the EC it runs in: its registers, including the instruction pointer, its UTCB,
 * and the time counter. Nothing else of the kernel is reachable from here; hypercalls go through the
 * registers (docs/execution-model.md).
 */
public interface User
{
    /** @return the instruction pointer */
    long ip();

    /**
     * @param ip the new instruction pointer
     */
    void setIp(long ip);

    /** @return the flags register (x86 RFLAGS, AArch64 PSTATE/SPSR): what exceptions save and replies restore */
    long flags();

    /**
     * @param value the flags register's new value (the platform's reply rules decide which bits may change)
     */
    void setFlags(long value);

    /**
     * @param n a general-purpose register number
     * @return its value
     */
    long gpr(int n);

    /**
     * @param n a general-purpose register number
     * @param value its new value
     */
    void setGpr(int n, long value);

    /**
     * @param i a hypercall parameter position, 0 to 4
     * @return the register that holds it
     */
    long param(int i);

    /**
     * @param i a hypercall parameter position, 0 to 4
     * @param value the register's new value
     */
    void setParam(int i, long value);

    /**
     * @param word a UTCB word index, 0 to 511
     * @return the word
     */
    long utcb(int word);

    /**
     * @param word a UTCB word index, 0 to 511
     * @param value the word's new value
     */
    void setUtcb(int word, long value);

    /** Access kind of a data read, for {@link EcArch#faultEvent}. */
    int READ = 0;
    /** Access kind of a data write. */
    int WRITE = 1;
    /** Access kind of an instruction fetch. */
    int FETCH = 2;

    /**
     * Reads memory at a virtual address of the EC's host space, through the bus (RAM or a device's
     * registers). If the host space maps no page with R there, the access faults: the step ends with
     * {@link Fault} and the kernel delivers the page-fault event.
     *
     * @param address a virtual address
     * @param size 1, 2, 4 or 8 bytes; an access may cross a page boundary
     * @return the value, zero-extended, little-endian
     */
    long read(long address, int size);

    /**
     * Writes memory at a virtual address; faults like {@link #read} without W. A write that crosses into a
     * page it may not write changes nothing.
     *
     * @param address a virtual address
     * @param size 1, 2, 4 or 8 bytes
     * @param value the value, little-endian
     */
    void write(long address, int size, long value);

    /**
     * Raises an exception event now (an undefined instruction, a breakpoint, a divide error), ending the
     * step with {@link Fault}.
     *
     * @param event the architectural event number, below SEL_HST/ARCH
     * @param syndrome what the architecture reports with it (x86 error code, Arm ESR)
     */
    void raise(int event, long syndrome);

    /**
     * Charges the cost of user-mode work to the CPU.
     *
     * @param cycles the cost in cycles
     */
    void charge(long cycles);

    /** @return the system time counter (STC), which counts cycles of the machine's reference clock */
    long stc();

    /** @return the CPU the EC is bound to */
    int cpu();

    /**
     * x86 IN: reads an I/O port if the PD's PIO space grants every port the access touches (the TSS I/O
     * bitmap NOVA derives from it); otherwise the step ends with #GP(0) ({@link Instruction#PORT_IO}). A
     * port no device claims reads all ones. Where there are no I/O ports (Arm), the instruction is undefined.
     *
     * @param port the first port, 0 to 65,535
     * @param size 1, 2 or 4 bytes
     * @return the value, zero-extended
     */
    long in(int port, int size);

    /**
     * x86 OUT: writes an I/O port, allowed as {@link #in}.
     *
     * @param port the first port, 0 to 65,535
     * @param size 1, 2 or 4 bytes
     * @param value the value
     */
    void out(int port, int size, long value);

    /**
     * x86 RDMSR: privileged, so in user mode it always ends the step with #GP(0) ({@link Instruction#MSR}).
     *
     * @param msr the MSR
     * @return never returns normally
     */
    long rdmsr(long msr);

    /**
     * x86 WRMSR: privileged, as {@link #rdmsr}.
     *
     * @param msr the MSR
     * @param value the value
     */
    void wrmsr(long msr, long value);

    /**
     * Executes a floating-point or SIMD instruction. An EC created without F takes the FPU event (x86 #NM)
     * ({@link Instruction#FPU}); one with F gets the FPU, the kernel switching it lazily: the first use
     * after another EC used the CPU's FPU costs {@link Costs#fpuSwitch} cycles.
     */
    void fpu();

    /**
     * Which EC this is: a number the kernel gives each EC it creates, from 1 (the root EC) upwards in
     * creation order, never reused; the same scenario gives the same numbers. Tests tell apart ECs of one PD
     * that run the same program with it ({@code Ec.ecSerial()} is the same number seen from outside).
     *
     * @return the EC's serial number
     */
    long ecSerial();

    /** @return where the EC's UTCB is mapped in its PD's host space, as NOVA's threads know themselves */
    long utcbAddress();
}
