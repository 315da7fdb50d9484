// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

import org.novaemu.util.BitField;

/**
 * GICR_TYPER (IHI 0069, chapter 12): what a redistributor implements and which PE it serves. A driver walks
 * the redistributor frames reading it, matching Affinity with each PE's MPIDR and stopping at Last.
 *
 * @param plpis PLPIS: whether physical LPIs are supported
 * @param vlpis VLPIS: whether virtual LPIs are supported (GICv4; the frame then has four 64 KiB pages)
 * @param dirty Dirty: whether GICR_VPENDBASER.Dirty is supported
 * @param directLpi DirectLPI: whether GICR_SETLPIR, CLRLPIR, INVLPIR, INVALLR and SYNCR are supported
 * @param last Last: whether this is the last redistributor of its region
 * @param dpgs DPGS: whether GICR_CTLR.DPG* are supported
 * @param mpam MPAM: whether MPAM is supported
 * @param rvpeid RVPEID: whether VPENDBASER records vPE IDs (GICv4.1)
 * @param processorNumber Processor_Number: the number the ITS uses when GITS_TYPER.PTA is 0
 * @param commonLpiAff CommonLPIAff: which redistributors must share LPI configuration tables (0: all)
 * @param vsgi VSGI: whether direct injection of vSGIs is supported
 * @param ppiNum PPInum: 0 for PPIs 16 to 31 only, 1 for extended PPIs to 1087, 2 to 1119
 * @param affinity Affinity: the PE's Aff3.Aff2.Aff1.Aff0, packed
 */
public record GicrTyper(boolean plpis, boolean vlpis, boolean dirty, boolean directLpi, boolean last, boolean dpgs,
                        boolean mpam, boolean rvpeid, int processorNumber, int commonLpiAff, boolean vsgi,
                        int ppiNum, int affinity)
{
    /** PLPIS. */
    public static final BitField PLPIS = BitField.bit("PLPIS", 0);
    /** VLPIS. */
    public static final BitField VLPIS = BitField.bit("VLPIS", 1);
    /** Dirty. */
    public static final BitField DIRTY = BitField.bit("Dirty", 2);
    /** DirectLPI. */
    public static final BitField DIRECT_LPI = BitField.bit("DirectLPI", 3);
    /** Last. */
    public static final BitField LAST = BitField.bit("Last", 4);
    /** DPGS. */
    public static final BitField DPGS = BitField.bit("DPGS", 5);
    /** MPAM. */
    public static final BitField MPAM = BitField.bit("MPAM", 6);
    /** RVPEID. */
    public static final BitField RVPEID = BitField.bit("RVPEID", 7);
    /** Processor_Number. */
    public static final BitField PROCESSOR_NUMBER = new BitField("Processor_Number", 8, 16);
    /** CommonLPIAff. */
    public static final BitField COMMON_LPI_AFF = new BitField("CommonLPIAff", 24, 2);
    /** VSGI. */
    public static final BitField VSGI = BitField.bit("VSGI", 26);
    /** PPInum. */
    public static final BitField PPI_NUM = new BitField("PPInum", 27, 5);
    /** Affinity. */
    public static final BitField AFFINITY = new BitField("Affinity", 32, 32);

    /**
     * @param value a GICR_TYPER value
     * @return its fields
     */
    public static GicrTyper of(final long value)
    {
        return new GicrTyper(PLPIS.isSet(value), VLPIS.isSet(value), DIRTY.isSet(value), DIRECT_LPI.isSet(value),
            LAST.isSet(value), DPGS.isSet(value), MPAM.isSet(value), RVPEID.isSet(value),
            (int) PROCESSOR_NUMBER.extract(value), (int) COMMON_LPI_AFF.extract(value), VSGI.isSet(value),
            (int) PPI_NUM.extract(value), (int) AFFINITY.extract(value));
    }

    /** @return the register's value */
    public long value()
    {
        return flag(PLPIS, plpis) | flag(VLPIS, vlpis) | flag(DIRTY, dirty) | flag(DIRECT_LPI, directLpi)
            | flag(LAST, last) | flag(DPGS, dpgs) | flag(MPAM, mpam) | flag(RVPEID, rvpeid)
            | PROCESSOR_NUMBER.encode(processorNumber) | COMMON_LPI_AFF.encode(commonLpiAff) | flag(VSGI, vsgi)
            | PPI_NUM.encode(ppiNum) | AFFINITY.encode(affinity & 0xffff_ffffL);
    }

    /** @return the number of extended PPIs: 0, 32 or 64 */
    public int eppis()
    {
        return ppiNum == 1 ? 32 : ppiNum == 2 ? 64 : 0;
    }

    private static long flag(final BitField f, final boolean on)
    {
        return on ? f.mask() : 0;
    }
}
