// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.cpu;

/**
 * The System registers the CPU model implements, with their encodings (Arm ARM D23.3: op0, op1, CRn, CRm,
 * op2). {@link Pe#read} and {@link Pe#write} access them as software at EL2 does, where NOVA runs.
 */
public enum SysReg
{
    /** Multiprocessor Affinity Register, read-only. */
    MPIDR_EL1(3, 0, 0, 0, 5, false),
    /** Counter-timer Frequency register; written only at the highest exception level (EL3). */
    CNTFRQ_EL0(3, 3, 14, 0, 0, false),
    /** Counter-timer Physical Count register, read-only. */
    CNTPCT_EL0(3, 3, 14, 0, 1, false),
    /** Counter-timer Virtual Count register, read-only: CNTPCT_EL0 - CNTVOFF_EL2. */
    CNTVCT_EL0(3, 3, 14, 0, 2, false),
    /** Counter-timer Virtual Timer TimerValue register. */
    CNTV_TVAL_EL0(3, 3, 14, 3, 0, true),
    /** Counter-timer Virtual Timer Control register. */
    CNTV_CTL_EL0(3, 3, 14, 3, 1, true),
    /** Counter-timer Virtual Timer CompareValue register. */
    CNTV_CVAL_EL0(3, 3, 14, 3, 2, true),
    /** Counter-timer Virtual Offset register. */
    CNTVOFF_EL2(3, 4, 14, 0, 3, true),
    /** Counter-timer Hypervisor Physical Timer TimerValue register. */
    CNTHP_TVAL_EL2(3, 4, 14, 2, 0, true),
    /** Counter-timer Hypervisor Physical Timer Control register. */
    CNTHP_CTL_EL2(3, 4, 14, 2, 1, true),
    /** Counter-timer Hypervisor Physical Timer CompareValue register. */
    CNTHP_CVAL_EL2(3, 4, 14, 2, 2, true);

    private static final SysReg[] ALL = values();

    private final SysRegEncoding encoding;
    private final boolean writable;

    SysReg(final int op0, final int op1, final int crn, final int crm, final int op2, final boolean writable)
    {
        this.encoding = new SysRegEncoding(op0, op1, crn, crm, op2);
        this.writable = writable;
    }

    /** @return its op0, op1, CRn, CRm and op2 */
    public SysRegEncoding fields()
    {
        return encoding;
    }

    /** @return whether software at EL2 may write it (MSR); the others are UNDEFINED to write there */
    public boolean writable()
    {
        return writable;
    }

    /**
     * @return the encoding as the MRS and MSR instructions hold it in bits 20:5 (op0 at 20:19, op1 at 18:16,
     *         CRn at 15:12, CRm at 11:8, op2 at 7:5; Linux's {@code sys_reg})
     */
    public int encoding()
    {
        return encoding.instruction();
    }

    /**
     * @param encoding an MRS or MSR instruction, or its bits 20:5 in place; the other bits are ignored
     * @return the register it names, or null if the model has no such register
     */
    public static SysReg decode(final int encoding)
    {
        final int e = encoding & 0x1f_ffe0;
        for (final SysReg r : ALL)
        {
            if (r.encoding() == e)
            {
                return r;
            }
        }
        return null;
    }
}
