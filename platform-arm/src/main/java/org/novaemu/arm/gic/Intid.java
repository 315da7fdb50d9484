// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

/**
 * Interrupt identifiers (Arm GIC architecture specification, IHI 0069, chapter 2): SGIs 0 to 15 and PPIs
 * 16 to 31 per PE, SPIs 32 to 1019, the special INTIDs 1020 to 1023, the extended PPIs 1056 to 1119 and
 * extended SPIs 4096 to 5119 of GICv3.1, and LPIs from 8192.
 *
 * <p>Inside the model every wired INTID (SGI, PPI, EPPI, SPI, ESPI) also has a dense <em>slot</em>, in the same
 * order as the INTIDs, so that a PE's pending interrupts sort by (priority, slot) exactly as by (priority,
 * INTID): INTIDs 0 to 1023 are slots 0 to 1023, EPPIs 1024 to 1087, ESPIs 1088 to 2111, and LPI {@code i}
 * is slot {@code 2112 + i - 8192}.
 */
public final class Intid
{
    /** The first SGI. */
    public static final int SGI = 0;
    /** The first PPI. */
    public static final int PPI = 16;
    /** The first SPI. */
    public static final int SPI = 32;
    /** The first special INTID; SPIs end below it. */
    public static final int SPECIAL = 1020;
    /** The spurious INTID: nothing to acknowledge. */
    public static final int SPURIOUS = 1023;
    /** The first extended PPI (GICv3.1). */
    public static final int EPPI = 1056;
    /** One past the last extended PPI. */
    public static final int EPPI_END = 1120;
    /** The first extended SPI (GICv3.1). */
    public static final int ESPI = 4096;
    /** One past the last extended SPI. */
    public static final int ESPI_END = 5120;
    /** The first LPI. */
    public static final int LPI = 8192;

    /** The number of wired slots: INTIDs 0 to 1023, 64 EPPIs, 1,024 ESPIs. */
    static final int WIRED_SLOTS = 2112;
    /** The slot of the first EPPI. */
    static final int EPPI_SLOT = 1024;
    /** The slot of the first ESPI. */
    static final int ESPI_SLOT = 1088;

    private Intid()
    {
    }

    /**
     * @param intid an INTID
     * @return whether it is an SGI or a PPI (private to a PE, configured in its redistributor)
     */
    public static boolean isSgiOrPpi(final int intid)
    {
        return intid >= 0 && intid < SPI;
    }

    /**
     * @param intid an INTID
     * @return whether it lies in the extended PPI range
     */
    public static boolean isEppi(final int intid)
    {
        return intid >= EPPI && intid < EPPI_END;
    }

    /**
     * @param intid an INTID
     * @return whether it lies in the SPI range, 32 to 1019
     */
    public static boolean isSpi(final int intid)
    {
        return intid >= SPI && intid < SPECIAL;
    }

    /**
     * @param intid an INTID
     * @return whether it lies in the extended SPI range
     */
    public static boolean isEspi(final int intid)
    {
        return intid >= ESPI && intid < ESPI_END;
    }

    /**
     * @param intid an INTID
     * @return whether it is one of the special INTIDs 1020 to 1023
     */
    public static boolean isSpecial(final int intid)
    {
        return intid >= SPECIAL && intid <= SPURIOUS;
    }

    /**
     * @param intid an INTID
     * @return whether it lies in the LPI range (whether the GIC supports it depends on its ID bits)
     */
    public static boolean isLpi(final int intid)
    {
        return intid >= LPI;
    }

    /**
     * @param intid a wired INTID (SGI, PPI, SPI, EPPI or ESPI) or an LPI
     * @return its slot, or -1 for an INTID in none of these ranges
     */
    static int slot(final int intid)
    {
        if (intid >= 0 && intid < EPPI_SLOT)
        {
            return intid;
        }
        if (isEppi(intid))
        {
            return intid - EPPI + EPPI_SLOT;
        }
        if (isEspi(intid))
        {
            return intid - ESPI + ESPI_SLOT;
        }
        return intid >= LPI ? intid - LPI + WIRED_SLOTS : -1;
    }

    /**
     * @param slot a slot
     * @return its INTID
     */
    static int fromSlot(final int slot)
    {
        if (slot < EPPI_SLOT)
        {
            return slot;
        }
        if (slot < ESPI_SLOT)
        {
            return slot - EPPI_SLOT + EPPI;
        }
        return slot < WIRED_SLOTS ? slot - ESPI_SLOT + ESPI : slot - WIRED_SLOTS + LPI;
    }
}
