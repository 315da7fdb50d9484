// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.core;

/**
 * ESR_EL1, the Exception Syndrome Register, for the synchronous exceptions a bare core takes at EL1 (Arm ARM,
 * ESR_EL1): the exception class EC in bits 31:26, IL (bit 25) for a 32-bit instruction, and the class's
 * syndrome ISS in bits 24:0. Only the classes the core raises itself, and those a program raises most, are
 * named; {@link #of} builds any other.
 */
public final class Syndrome
{
    /** EC 0x00: unknown reason, an UNDEFINED instruction. */
    public static final int EC_UNKNOWN = 0x00;
    /** EC 0x0E: Illegal Execution state (PSTATE.IL set after an illegal exception return). */
    public static final int EC_ILLEGAL_STATE = 0x0e;
    /** EC 0x15: SVC from AArch64 state. */
    public static final int EC_SVC64 = 0x15;
    /** EC 0x21: instruction abort without a change of exception level. */
    public static final int EC_IABT_CURRENT = 0x21;
    /** EC 0x22: PC alignment fault. */
    public static final int EC_PC_ALIGNMENT = 0x22;
    /** EC 0x25: data abort without a change of exception level. */
    public static final int EC_DABT_CURRENT = 0x25;
    /** EC 0x3C: BRK from AArch64 state. */
    public static final int EC_BRK = 0x3c;
    /** IL, bit 25: the instruction was 32 bits long (always, for A64). */
    public static final long IL = 1L << 25;
    /** Data abort ISS: WnR, bit 6, the access was a write. */
    public static final long WNR = 1L << 6;
    /** Data abort DFSC: synchronous external abort, not on a translation table walk. */
    public static final int DFSC_EXTERNAL = 0x10;
    /** Data abort DFSC: alignment fault. */
    public static final int DFSC_ALIGNMENT = 0x21;

    private static final long ISS_MASK = 0x1ff_ffff;

    private Syndrome()
    {
    }

    /**
     * @param ec an exception class, 0 to 63
     * @param iss its syndrome, bits 24:0
     * @return the ESR of an exception of a 32-bit instruction (IL set)
     */
    public static long of(final int ec, final long iss)
    {
        return (long) (ec & 0x3f) << 26 | IL | iss & ISS_MASK;
    }

    /**
     * @param esr a syndrome
     * @return its exception class, bits 31:26
     */
    public static int ec(final long esr)
    {
        return (int) (esr >>> 26) & 0x3f;
    }

    /**
     * @param esr a syndrome
     * @return its ISS, bits 24:0
     */
    public static long iss(final long esr)
    {
        return esr & ISS_MASK;
    }

    /** @return the syndrome of an UNDEFINED instruction: EC 0, IL 1, ISS 0 */
    public static long undefined()
    {
        return of(EC_UNKNOWN, 0);
    }

    /**
     * @param imm the instruction's immediate, 0 to 65,535
     * @return the syndrome of {@code svc #imm}: EC 0x15, the immediate in ISS bits 15:0
     */
    public static long svc(final int imm)
    {
        return of(EC_SVC64, imm & 0xffff);
    }

    /**
     * A data abort taken at EL1 from EL1, without an instruction syndrome (ISV 0).
     *
     * @param write whether the access was a write
     * @param dfsc the fault status code, {@link #DFSC_ALIGNMENT} or {@link #DFSC_EXTERNAL}
     * @return the syndrome
     */
    public static long dataAbort(final boolean write, final int dfsc)
    {
        return of(EC_DABT_CURRENT, (write ? WNR : 0) | dfsc & 0x3f);
    }
}
