// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

/**
 * A PE's affinity as the GIC names it (IHI 0069, chapter 2, affinity routing): four 8-bit levels, packed into 32 bits
 * as {@code Aff3.Aff2.Aff1.Aff0}, the form of GICR_TYPER's Affinity field. MPIDR_EL1 holds the same levels with Aff3 in
 * bits 39:32.
 */
public final class Affinity
{
    private Affinity()
    {
    }

    /**
     * @param aff3 affinity level 3, 0 to 255
     * @param aff2 affinity level 2
     * @param aff1 affinity level 1
     * @param aff0 affinity level 0
     * @return the packed affinity
     */
    public static int of(final int aff3, final int aff2, final int aff1, final int aff0)
    {
        return (aff3 & 0xff) << 24 | (aff2 & 0xff) << 16 | (aff1 & 0xff) << 8 | aff0 & 0xff;
    }

    /**
     * @param affinity a packed affinity
     * @param level 0 to 3
     * @return that level's value
     */
    public static int level(final int affinity, final int level)
    {
        return affinity >>> 8 * level & 0xff;
    }

    /**
     * @param mpidr an MPIDR_EL1 value
     * @return its affinity, packed
     */
    public static int fromMpidr(final long mpidr)
    {
        return (int) (mpidr >>> 8 & 0xff00_0000L | mpidr & 0xff_ffffL);
    }

    /**
     * @param affinity a packed affinity
     * @return the affinity fields of MPIDR_EL1 (Aff3 in bits 39:32), nothing else
     */
    public static long toMpidr(final int affinity)
    {
        return (affinity & 0xff00_0000L) << 8 | affinity & 0xff_ffffL;
    }
}
