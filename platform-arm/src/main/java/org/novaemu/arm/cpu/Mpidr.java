// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.cpu;

import org.novaemu.util.Require;

/**
 * A PE's affinity as MPIDR_EL1 reports it (Arm ARM D23.2, MPIDR_EL1): Aff3.Aff2.Aff1.Aff0, each 8 bits. The
 * register holds Aff0 in bits 7:0, Aff1 in 15:8, Aff2 in 23:16 and Aff3 in 39:32; bit 31 is RES1, U (bit 30)
 * is 0 for a multiprocessor system and MT (bit 24) 0 because Aff0 numbers cores, not threads.
 *
 * <p>The machine numbers its PEs in clusters of 16 ({@link #ofPe}): PE n has Aff0 = n mod 16 and the higher
 * levels count the clusters. A GICv3 SGI names its targets as Aff3.Aff2.Aff1 and a 16-bit target list of Aff0
 * values in the range that RS selects (ICC_SGI1R_EL1: RS = Aff0 / 16, the bit Aff0 mod 16), so PEs beyond the
 * first 16 need an SGI of their own cluster (docs/decisions.md A20).
 *
 * @param aff3 affinity level 3, 0 to 255
 * @param aff2 affinity level 2, 0 to 255
 * @param aff1 affinity level 1, 0 to 255
 * @param aff0 affinity level 0, 0 to 255
 */
public record Mpidr(int aff3, int aff2, int aff1, int aff0)
{
    /** MPIDR_EL1 bit 31, RES1. */
    public static final long RES1 = 1L << 31;
    /** MPIDR_EL1.U, bit 30: a uniprocessor system. */
    public static final long U = 1L << 30;
    /** MPIDR_EL1.MT, bit 24: the lowest affinity level numbers threads of a multithreaded core. */
    public static final long MT = 1L << 24;
    /** PEs per cluster in the machine's numbering: one SGI target list's worth. */
    public static final int CLUSTER = 16;
    /** The most PEs the machine numbering reaches: 2^28 (Aff3 up to 255). */
    public static final int MAX_PES = 1 << 28;

    /**
     * Checks each level fits its 8 bits.
     *
     * @param aff3 affinity level 3
     * @param aff2 affinity level 2
     * @param aff1 affinity level 1
     * @param aff0 affinity level 0
     */
    public Mpidr
    {
        Require.inRange("aff3", aff3, 0, 255);
        Require.inRange("aff2", aff2, 0, 255);
        Require.inRange("aff1", aff1, 0, 255);
        Require.inRange("aff0", aff0, 0, 255);
    }

    /**
     * The machine's numbering: 16 PEs per Aff0 cluster, clusters counted in Aff1, then Aff2, then Aff3.
     *
     * @param pe the PE's number, from 0
     * @return its affinity
     */
    public static Mpidr ofPe(final int pe)
    {
        Require.inRange("pe", pe, 0, MAX_PES - 1);
        return new Mpidr(pe >>> 20, pe >>> 12 & 0xff, pe >>> 4 & 0xff, pe & 0xf);
    }

    /**
     * Decodes an MPIDR_EL1 value (or an affinity in its layout, as GICD_IROUTER and GICR_TYPER hold it); the
     * other bits are ignored.
     *
     * @param value the register value
     * @return its affinity fields
     */
    public static Mpidr decode(final long value)
    {
        return new Mpidr((int) (value >>> 32) & 0xff, (int) (value >>> 16) & 0xff, (int) (value >>> 8) & 0xff,
            (int) value & 0xff);
    }

    /** @return the MPIDR_EL1 value: the affinity fields with RES1 set, U and MT clear */
    public long encode()
    {
        return affinity() | RES1;
    }

    /** @return the affinity fields alone in their MPIDR_EL1 positions (the GICD_IROUTER layout) */
    public long affinity()
    {
        return (long) aff3 << 32 | aff2 << 16 | aff1 << 8 | aff0;
    }

    /** @return the 32-bit packed affinity Aff3.Aff2.Aff1.Aff0, as GICR_TYPER's Affinity_Value holds it */
    public int packed()
    {
        return aff3 << 24 | aff2 << 16 | aff1 << 8 | aff0;
    }

    /** @return the SGI range selector that reaches this PE: Aff0 / 16 (ICC_SGI1R_EL1.RS) */
    public int rangeSelector()
    {
        return aff0 >>> 4;
    }

    /** @return this PE's bit in an SGI's 16-bit target list (ICC_SGI1R_EL1.TargetList): Aff0 mod 16 */
    public int targetListBit()
    {
        return aff0 & 0xf;
    }

    /**
     * @param other another PE's affinity
     * @return whether one SGI can name both: the same Aff3.Aff2.Aff1 and range selector
     */
    public boolean sameSgiGroup(final Mpidr other)
    {
        return aff3 == other.aff3 && aff2 == other.aff2 && aff1 == other.aff1
            && rangeSelector() == other.rangeSelector();
    }

    @Override
    public String toString()
    {
        return aff3 + "." + aff2 + "." + aff1 + "." + aff0;
    }
}
