// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

import org.novaemu.util.BitField;

/**
 * GICD_TYPER (IHI 0069, chapter 12): what a distributor implements. The distributor builds its value from
 * its configuration with {@link #value()}; a driver decodes it with {@link #of(int)}.
 *
 * @param itLinesNumber ITLinesNumber: the SPI INTIDs end below {@code 32 (ITLinesNumber + 1)} (and below 1020)
 * @param cpuNumber CPUNumber: PEs reachable without affinity routing, minus one (0 here: no legacy mode)
 * @param espi ESPI: whether extended SPIs are implemented
 * @param nmi NMI: whether non-maskable interrupts are implemented
 * @param securityExtn SecurityExtn: whether two security states are implemented
 * @param numLpis num_LPIs: 0 when the ID bits alone limit the LPIs
 * @param mbis MBIS: whether message-based SPIs (GICD_SETSPI_NSR) are implemented
 * @param lpis LPIS: whether LPIs are implemented
 * @param dvis DVIS: whether direct injection of virtual LPIs is implemented
 * @param idBits IDbits: the number of INTID bits minus one
 * @param a3v A3V: whether affinity level 3 values other than 0 are implemented
 * @param no1n No1N: whether 1-of-N SPI routing is <em>not</em> implemented
 * @param rss RSS: whether SGI targets' Aff0 may be 0 to 255 (the range selector) rather than 0 to 15
 * @param espiRange ESPI_range: the extended SPIs are INTIDs 4096 to {@code 4096 + 32 (ESPI_range + 1) - 1}
 */
public record GicdTyper(int itLinesNumber, int cpuNumber, boolean espi, boolean nmi, boolean securityExtn,
                        int numLpis, boolean mbis, boolean lpis, boolean dvis, int idBits, boolean a3v,
                        boolean no1n, boolean rss, int espiRange)
{
    /** ITLinesNumber. */
    public static final BitField IT_LINES_NUMBER = new BitField("ITLinesNumber", 0, 5);
    /** CPUNumber. */
    public static final BitField CPU_NUMBER = new BitField("CPUNumber", 5, 3);
    /** ESPI. */
    public static final BitField ESPI = BitField.bit("ESPI", 8);
    /** NMI. */
    public static final BitField NMI = BitField.bit("NMI", 9);
    /** SecurityExtn. */
    public static final BitField SECURITY_EXTN = BitField.bit("SecurityExtn", 10);
    /** num_LPIs. */
    public static final BitField NUM_LPIS = new BitField("num_LPIs", 11, 5);
    /** MBIS. */
    public static final BitField MBIS = BitField.bit("MBIS", 16);
    /** LPIS. */
    public static final BitField LPIS = BitField.bit("LPIS", 17);
    /** DVIS. */
    public static final BitField DVIS = BitField.bit("DVIS", 18);
    /** IDbits. */
    public static final BitField ID_BITS = new BitField("IDbits", 19, 5);
    /** A3V. */
    public static final BitField A3V = BitField.bit("A3V", 24);
    /** No1N. */
    public static final BitField NO1N = BitField.bit("No1N", 25);
    /** RSS. */
    public static final BitField RSS = BitField.bit("RSS", 26);
    /** ESPI_range. */
    public static final BitField ESPI_RANGE = new BitField("ESPI_range", 27, 5);

    /**
     * @param value a GICD_TYPER value
     * @return its fields
     */
    public static GicdTyper of(final int value)
    {
        return new GicdTyper((int) IT_LINES_NUMBER.extract(value), (int) CPU_NUMBER.extract(value),
            ESPI.isSet(value), NMI.isSet(value), SECURITY_EXTN.isSet(value), (int) NUM_LPIS.extract(value),
            MBIS.isSet(value), LPIS.isSet(value), DVIS.isSet(value), (int) ID_BITS.extract(value),
            A3V.isSet(value), NO1N.isSet(value), RSS.isSet(value), (int) ESPI_RANGE.extract(value));
    }

    /** @return the register's value */
    public int value()
    {
        return (int) (IT_LINES_NUMBER.encode(itLinesNumber) | CPU_NUMBER.encode(cpuNumber) | flag(ESPI, espi)
            | flag(NMI, nmi) | flag(SECURITY_EXTN, securityExtn) | NUM_LPIS.encode(numLpis) | flag(MBIS, mbis)
            | flag(LPIS, lpis) | flag(DVIS, dvis) | ID_BITS.encode(idBits) | flag(A3V, a3v) | flag(NO1N, no1n)
            | flag(RSS, rss) | ESPI_RANGE.encode(espiRange));
    }

    /** @return the number of SPIs: INTIDs 32 up to {@code 32 (ITLinesNumber + 1)}, and never 1020 or above */
    public int spis()
    {
        return Math.min(32 * (itLinesNumber + 1), Intid.SPECIAL) - Intid.SPI;
    }

    /** @return the number of extended SPIs, 0 unless ESPI is set */
    public int espis()
    {
        return espi ? 32 * (espiRange + 1) : 0;
    }

    private static long flag(final BitField f, final boolean on)
    {
        return on ? f.mask() : 0;
    }
}
