// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

/**
 * IA32_APIC_BASE (Intel SDM volume 3A, 11.4.4, figure 11-5): the APIC page's base address, the BSP flag, and
 * the two enables whose combinations are the APIC's modes, with the transitions between them that
 * 11.12.5 (figure 11-27) allows: disabled, xAPIC, x2APIC; x2APIC only from xAPIC, xAPIC only through
 * disabled. The BSP flag is read-only.
 */
final class ApicBase
{
    /** The write was refused: a reserved bit, an invalid mode or a transition figure 11-27 forbids (#GP). */
    static final int REFUSED = 0;
    /** The write took effect. */
    static final int WRITTEN = 1;
    /** The write took effect and cleared the global enable: the APIC goes to its reset state. */
    static final int DISABLED = 2;

    private static final long ADDRESS = 0x000f_ffff_ffff_f000L;
    private static final long RESERVED = ~(LocalApic.BASE_BSP | LocalApic.BASE_EXTD | LocalApic.BASE_ENABLE | ADDRESS);

    private long value;

    /** @param bsp whether the APIC is the bootstrap processor's: enabled, xAPIC, at the default base */
    ApicBase(final boolean bsp)
    {
        value = LocalApic.DEFAULT_BASE | LocalApic.BASE_ENABLE | (bsp ? LocalApic.BASE_BSP : 0);
    }

    /** @return the MSR's value */
    long value()
    {
        return value;
    }

    /** @return the APIC page's physical address (bits 51:12) */
    long address()
    {
        return value & ADDRESS;
    }

    /** @return whether the APIC is globally enabled (EN) */
    boolean enabled()
    {
        return (value & LocalApic.BASE_ENABLE) != 0;
    }

    /** @return whether the APIC is in x2APIC mode (EN and EXTD) */
    boolean x2apic()
    {
        return (value & (LocalApic.BASE_ENABLE | LocalApic.BASE_EXTD)) == (LocalApic.BASE_ENABLE | LocalApic.BASE_EXTD);
    }

    /**
     * A WRMSR.
     *
     * @param v the value written
     * @return {@link #REFUSED}, {@link #WRITTEN} or {@link #DISABLED}
     */
    int write(final long v)
    {
        if ((v & RESERVED) != 0)
        {
            return REFUSED;
        }
        final boolean en = (v & LocalApic.BASE_ENABLE) != 0;
        final boolean extd = (v & LocalApic.BASE_EXTD) != 0;
        final boolean wasEnabled = enabled();
        if (!en && extd || x2apic() && en && !extd || !wasEnabled && en && extd)
        {
            return REFUSED; // invalid state, x2APIC to xAPIC directly, or disabled to x2APIC directly
        }
        value = v & ~LocalApic.BASE_BSP | value & LocalApic.BASE_BSP;
        return !en && wasEnabled ? DISABLED : WRITTEN;
    }
}
