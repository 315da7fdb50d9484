// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

/**
 * ESR_EL2, the Exception Syndrome Register, as the Arm half reports the exceptions of host ECs: the exception
 * class EC in bits 31:26 is the event number (specification 7.5.1), IL (bit 25) marks a 32-bit instruction and
 * the ISS in bits 24:0 depends on the class (Arm ARM D24.2.47).
 */
public final class Esr
{
    /** EC 0x00: unknown reason (an UNDEFINED instruction). */
    public static final int EC_UNKNOWN = 0x00;
    /** EC 0x07: access to SIMD or floating-point functionality, trapped (CPTR_EL2.TFP). */
    public static final int EC_FP = 0x07;
    /** EC 0x15: SVC from AArch64 state; {@code svc #0} is the hypercall. */
    public static final int EC_SVC64 = 0x15;
    /** EC 0x18: trapped MSR, MRS or System instruction. */
    public static final int EC_SYSREG = 0x18;
    /** EC 0x20: instruction abort from a lower exception level. */
    public static final int EC_IABT_LOW = 0x20;
    /** EC 0x22: PC alignment fault. */
    public static final int EC_PC_ALIGN = 0x22;
    /** EC 0x24: data abort from a lower exception level. */
    public static final int EC_DABT_LOW = 0x24;
    /** EC 0x3c: BRK from AArch64 state. */
    public static final int EC_BRK = 0x3c;
    /** IL, bit 25: a 32-bit instruction. */
    public static final long IL = 1L << 25;
    /** Data abort ISS: WnR, bit 6, the access wrote. */
    public static final long WNR = 1L << 6;
    /** DFSC/IFSC: translation fault, level 3. */
    public static final int TRANSLATION_FAULT_L3 = 0x07;
    /** DFSC/IFSC: permission fault, level 3. */
    public static final int PERMISSION_FAULT_L3 = 0x0f;
    /** The ESR of the hypercall instruction {@code svc #0}. */
    public static final long HYPERCALL = svc(0);

    private static final long EC_MASK = 0x3fL << 26;
    /** The ISS bits of a trapped FP access from AArch64: CV = 1, COND = 0b1110 (bits 24:20). */
    private static final long FP_ISS = 1L << 24 | 0xeL << 20;

    private Esr()
    {
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
     * @param ec an exception class
     * @param iss its syndrome, bits 24:0
     * @return the ESR of a 32-bit instruction's exception
     */
    public static long of(final int ec, final long iss)
    {
        return (long) (ec & 0x3f) << 26 | IL | iss & 0x1ff_ffff;
    }

    /**
     * @param imm the immediate, 0 to 65,535
     * @return the ESR of {@code svc #imm} from AArch64: EC 0x15, the immediate in ISS bits 15:0
     */
    public static long svc(final int imm)
    {
        return of(EC_SVC64, imm & 0xffff);
    }

    /**
     * A host EC's memory access its host space does not allow: a data or instruction abort from EL0.
     *
     * @param write whether a data access wrote
     * @param fetch whether it was an instruction fetch
     * @param present whether a page was mapped (a permission fault) or not (a translation fault)
     * @return the ESR: no instruction syndrome (ISV 0), WnR for writes, the fault status at level 3
     */
    public static long abort(final boolean write, final boolean fetch, final boolean present)
    {
        final int status = present ? PERMISSION_FAULT_L3 : TRANSLATION_FAULT_L3;
        return fetch ? of(EC_IABT_LOW, status) : of(EC_DABT_LOW, (write ? WNR : 0) | status);
    }

    /** @return the ESR of a trapped SIMD or floating-point instruction from AArch64 */
    public static long fpAccess()
    {
        return of(EC_FP, FP_ISS);
    }

    /** @return the ESR of an UNDEFINED instruction: EC 0, IL 1, no syndrome */
    public static long undefined()
    {
        return of(EC_UNKNOWN, 0);
    }

    /**
     * The ESR the UTCB reports for an event (NOVA's {@code Exc_regs::set_ep} and {@code ep}): the syndrome
     * with its exception class replaced by the event number, which for the NOVA events (STARTUP, RECALL:
     * SEL_HST/ARCH + n) reaches above bit 31.
     *
     * @param event the event number
     * @param syndrome the exception's syndrome, 0 for a NOVA event
     * @return the ESR_EL2 value
     */
    public static long forEvent(final int event, final long syndrome)
    {
        return syndrome & ~EC_MASK | (long) event << 26;
    }
}
