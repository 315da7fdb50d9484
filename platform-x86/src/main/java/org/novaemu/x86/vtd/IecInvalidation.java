// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.vtd;

import org.novaemu.util.BitField;

/**
 * The interrupt entry cache invalidate descriptor (Intel VT-d specification 6.5.2.7): type 4, granularity
 * [4] (0 global, 1 index-selective), index mask [31:27] and interrupt index [47:32]; the high 64 bits are
 * reserved.
 *
 * @param global whether every cached entry goes
 * @param index the first interrupt index (index-selective)
 * @param indexMask {@code 2^indexMask} entries from {@code index}, aligned (index-selective)
 */
public record IecInvalidation(boolean global, int index, int indexMask) implements InvalidationDescriptor
{
    /** Granularity: 1 index-selective. */
    public static final BitField G = BitField.bit("G", 4);
    /** Index mask. */
    public static final BitField IM = new BitField("IM", 27, 5);
    /** Interrupt index. */
    public static final BitField IIDX = new BitField("IIDX", 32, 16);

    /**
     * @param index an interrupt index
     * @return an index-selective invalidation of that one entry
     */
    public static IecInvalidation entry(final int index)
    {
        return new IecInvalidation(false, index, 0);
    }

    @Override
    public long low()
    {
        return IEC | (global ? 0 : G.mask()) | IM.encode(indexMask) | IIDX.encode(index);
    }

    @Override
    public long high()
    {
        return 0;
    }

    /**
     * @param low a descriptor's low 64 bits
     * @return whether it is global
     */
    public static boolean global(final long low)
    {
        return !G.isSet(low);
    }

    /**
     * @param low a descriptor's low 64 bits
     * @return its interrupt index
     */
    public static int index(final long low)
    {
        return (int) IIDX.extract(low);
    }

    /**
     * @param low a descriptor's low 64 bits
     * @return its index mask
     */
    public static int indexMask(final long low)
    {
        return (int) IM.extract(low);
    }
}
