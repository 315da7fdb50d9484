// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu;

import org.novaemu.util.BitField;

/**
 * The 8-byte Level 1 Stream Table Descriptor of a 2-level stream table (IHI 0070 G.b, 5.1): where the level 2
 * array of STEs for one span of StreamIDs lies, and how many STEs it holds.
 */
public final class L1Std
{
    /** A descriptor's size in bytes. */
    public static final int SIZE = 8;
    /** Span: 0 invalid; 1 to 11: the level 2 array holds {@code 2^(Span - 1)} STEs; 12 to 31 behave as 0. */
    public static final BitField SPAN = new BitField("Span", 0, 5);
    /** L2Ptr: the level 2 array's address, bits 55:6, aligned by the SMMU to the array's size. */
    public static final BitField L2PTR = new BitField("L2Ptr", 6, 50);

    private L1Std()
    {
    }

    /**
     * @param l2ptr the level 2 array's address
     * @param span 0 for an invalid descriptor, else 1 + log2 of the array's STEs
     * @return the descriptor
     */
    public static long encode(final long l2ptr, final int span)
    {
        return l2ptr & L2PTR.mask() | SPAN.encode(span);
    }
}
