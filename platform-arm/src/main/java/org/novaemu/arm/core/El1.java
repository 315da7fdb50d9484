// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.core;

import org.novaemu.arm.cpu.SysRegEncoding;

/**
 * What an {@link El1Program} sees of the PE executing it at EL1: the PC, X0 to X30 and the stack pointers,
 * physical memory and device registers through the bus (stage 1 translation is off), the System registers by
 * their MRS/MSR encodings, PSTATE's interrupt masks and the instructions that change the exception and power
 * state: MSR DAIFSet/DAIFClr, WFI, ERET, SVC, HVC and SMC. Every access charges its {@link CoreCosts}.
 *
 * <p>Exceptions are taken as the Arm ARM's exception entry describes (DDI 0487 M.a D1.4.2, docs/decisions.md
 * A61): PSTATE goes to SPSR_EL1, the preferred return address to ELR_EL1, a synchronous exception's syndrome to
 * ESR_EL1 (and an abort's address to FAR_EL1), PSTATE.{D, A, I, F} are all set, SP_EL1 is selected and execution
 * continues at VBAR_EL1 plus the {@link Vector} entry's offset. {@link #eret} returns. An instruction that takes
 * a synchronous exception ends its step.
 */
public interface El1
{
    /** PSTATE.D (and its bit in SPSR_EL1 and the DAIF register): debug exceptions masked. */
    long PSTATE_D = 1L << 9;
    /** PSTATE.A: SError interrupts masked. */
    long PSTATE_A = 1L << 8;
    /** PSTATE.I: IRQ interrupts masked. */
    long PSTATE_I = 1L << 7;
    /** PSTATE.F: FIQ interrupts masked. */
    long PSTATE_F = 1L << 6;
    /** All four masks, as exception entry and power-on set them. */
    long PSTATE_DAIF = PSTATE_D | PSTATE_A | PSTATE_I | PSTATE_F;
    /** PSTATE.{N, Z, C, V}, bits 31:28. */
    long PSTATE_NZCV = 0xfL << 28;
    /** PSTATE.IL, bit 20: Illegal Execution state. */
    long PSTATE_IL = 1L << 20;
    /** SPSR_EL1.M[4:0] for EL1 using SP_EL0. */
    int M_EL1T = 0b0_0100;
    /** SPSR_EL1.M[4:0] for EL1 using SP_EL1. */
    int M_EL1H = 0b0_0101;
    /** The DAIFSet/DAIFClr immediate's bit for D (bit 3; A is 4, I is 2, F is 1). */
    int DAIF_IMM_D = 8;
    /** The immediate's bit for A. */
    int DAIF_IMM_A = 4;
    /** The immediate's bit for I. */
    int DAIF_IMM_I = 2;
    /** The immediate's bit for F. */
    int DAIF_IMM_F = 1;

    /** @return the address of the instruction executing */
    long pc();

    /**
     * Makes the next instruction the one at {@code target} (B, BL, BR, RET, a taken conditional branch). A target
     * that is not 4-byte aligned takes a PC alignment fault when it is fetched.
     *
     * @param target its address
     */
    void branch(long target);

    /**
     * @param n a general-purpose register, 0 (X0) to 30 (X30); 31 is XZR
     * @return its value (0 for XZR)
     */
    long x(int n);

    /**
     * @param n a general-purpose register, 0 to 30; a write to 31 (XZR) is discarded
     * @param value its new value
     */
    void setX(int n, long value);

    /** @return the stack pointer PSTATE.SP selects: SP_EL1, or SP_EL0 */
    long sp();

    /** @param value the new value of the selected stack pointer */
    void setSp(long value);

    /**
     * A load of physical memory or a device's registers. With translation off data accesses are to Device
     * memory: an access that is not aligned to its size takes an alignment fault, an access nothing answers
     * a synchronous external abort (a data abort, FAR_EL1 the address; docs/decisions.md A68).
     *
     * @param address the physical address
     * @param size 1, 2, 4 or 8 bytes
     * @return the value, zero-extended
     */
    long read(long address, int size);

    /**
     * A store to physical memory or a device's registers; faults as {@link #read} does.
     *
     * @param address the physical address
     * @param size 1, 2, 4 or 8 bytes
     * @param value the value; bits above {@code size} bytes are ignored
     */
    void write(long address, int size, long value);

    /**
     * MRS: reads a System register by its encoding: the core's own ({@link El1Register}), the GIC CPU interface's
     * EL1 registers ({@link org.novaemu.arm.gic.IccRegister}; reading an IAR acknowledges) and the Generic
     * Timer's that EL1 may read ({@link org.novaemu.arm.cpu.SysReg}: MPIDR_EL1, CNTFRQ_EL0, CNTPCT_EL0,
     * CNTVCT_EL0, CNTV_*_EL0). Any other encoding, an EL2 register or a write-only one is UNDEFINED: the
     * instruction takes an exception with EC 0 (docs/decisions.md A65).
     *
     * @param reg the register's op0, op1, CRn, CRm and op2
     * @return its value
     */
    long mrs(SysRegEncoding reg);

    /**
     * MSR: writes a System register by its encoding, as {@link #mrs} finds it; a read-only register is UNDEFINED.
     *
     * @param reg the register's op0, op1, CRn, CRm and op2
     * @param value the value
     */
    void msr(SysRegEncoding reg, long value);

    /** @return PSTATE.{D, A, I, F} in their DAIF register bits ({@link #PSTATE_D} to {@link #PSTATE_F}) */
    long daif();

    /**
     * MSR DAIFSet, #imm: sets the masks the immediate names ({@link #DAIF_IMM_D} to {@link #DAIF_IMM_F}).
     *
     * @param imm the 4-bit immediate; higher bits are ignored
     */
    void daifSet(int imm);

    /**
     * MSR DAIFClr, #imm: clears the masks the immediate names. An interrupt the IRQ or FIQ input asserts is taken
     * before the next instruction if this unmasks it.
     *
     * @param imm the 4-bit immediate; higher bits are ignored
     */
    void daifClr(int imm);

    /**
     * WFI: unless the IRQ or FIQ input is asserted now (masked or not), the PE waits after this instruction
     * until one is; it then continues with the next instruction, taking the interrupt first if PSTATE does not
     * mask it (docs/decisions.md A63).
     */
    void wfi();

    /**
     * ERET: PSTATE from SPSR_EL1, the PC from ELR_EL1. An SPSR_EL1 that names a state other than EL1t or EL1h
     * is an illegal exception return: PSTATE.IL is set and the next instruction takes an Illegal Execution
     * state exception (docs/decisions.md A64).
     */
    void eret();

    /**
     * SVC #imm: a supervisor call, taken to EL1 with EC 0x15 and the immediate; ELR_EL1 is the next instruction.
     * Ends the step.
     *
     * @param imm the immediate, 0 to 65,535
     */
    void svc(int imm);

    /**
     * HVC #imm: the core has no EL2, so the instruction is UNDEFINED. Ends the step.
     *
     * @param imm the immediate
     */
    void hvc(int imm);

    /**
     * SMC #imm: a call to the EL3 firmware under the SMC Calling Convention: the function ID in W0, arguments in
     * X1 to X3, the result in X0 (PSCI: CPU_ON, AFFINITY_INFO, SYSTEM_OFF, ...). The immediate is ignored
     * (docs/decisions.md A66).
     *
     * @param imm the immediate
     */
    void smc(int imm);

    /** The instruction is UNDEFINED: an exception with EC 0 returning to it. Ends the step. */
    void undefined();

    /**
     * The instruction takes a synchronous exception (BRK, an abort the program models), returning to this
     * instruction unless the handler changes ELR_EL1; FAR_EL1 keeps its value. Ends the step.
     *
     * @param syndrome the ESR_EL1 value ({@link Syndrome}); bits 63:32 are dropped
     */
    void exception(long syndrome);

    /**
     * As {@link #exception(long)}, for an exception that reports an address in FAR_EL1 (an abort, a watchpoint).
     * Ends the step.
     *
     * @param syndrome the ESR_EL1 value
     * @param faultAddress the address for FAR_EL1
     */
    void exception(long syndrome, long faultAddress);

    /**
     * Charges the cost of work the instruction does besides its accesses.
     *
     * @param cycles 0 or more
     */
    void charge(long cycles);
}
