// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.core;

/**
 * The entries of the EL1 vector table at VBAR_EL1 for exceptions taken from EL1 (DDI 0487 M.a D1.4.1.6):
 * one 128-byte entry per exception type, the group at 0x000 while the exception came from EL1 using SP_EL0
 * (EL1t), the group at 0x200 while it came from EL1 using SP_EL1 (EL1h). The groups for lower exception levels
 * (0x400, 0x600) are not used: the core has no EL0 (docs/decisions.md A60).
 */
public enum Vector
{
    /** A synchronous exception: +0x000 (EL1t) or +0x200 (EL1h). */
    SYNCHRONOUS(0x000),
    /** IRQ: +0x080 or +0x280. */
    IRQ(0x080),
    /** FIQ: +0x100 or +0x300. */
    FIQ(0x100),
    /** SError: +0x180 or +0x380 (no SError source is modelled). */
    SERROR(0x180);

    /** Where the group for exceptions from the current EL using SP_ELx starts. */
    public static final long CURRENT_SP_ELX = 0x200;

    private final long offset;

    Vector(final long offset)
    {
        this.offset = offset;
    }

    /**
     * @param spElx whether the exception came from EL1 using SP_EL1 (PSTATE.SP 1)
     * @return the entry's offset from VBAR_EL1
     */
    public long offset(final boolean spElx)
    {
        return spElx ? CURRENT_SP_ELX + offset : offset;
    }
}
