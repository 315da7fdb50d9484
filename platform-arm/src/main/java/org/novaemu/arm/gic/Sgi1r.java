// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

import org.novaemu.util.BitField;

/**
 * The value written to ICC_SGI1R_EL1 and ICC_SGI0R_EL1 (IHI 0069, chapter 12): an SGI's INTID and its
 * targets, either every PE but the sender (IRM 1) or the PEs of one Aff3.Aff2.Aff1 cluster whose Aff0 is {@code 16 RS +
 * b} for each set bit {@code b} of the target list. Static methods over the value, so that a CPU interface decodes it
 * without allocating.
 */
public final class Sgi1r
{
    /** The target list: one bit per Aff0 value within the range RS selects. */
    public static final BitField TARGET_LIST = new BitField("TargetList", 0, 16);
    /** Affinity level 1 of the targets. */
    public static final BitField AFF1 = new BitField("Aff1", 16, 8);
    /** The SGI's INTID. */
    public static final BitField INTID = new BitField("INTID", 24, 4);
    /** Affinity level 2 of the targets. */
    public static final BitField AFF2 = new BitField("Aff2", 32, 8);
    /** Interrupt_Routing_Mode: 1 sends to every PE but the sender. */
    public static final BitField IRM = BitField.bit("IRM", 40);
    /** Range selector: the target list names Aff0 values {@code 16 RS} to {@code 16 RS + 15}. */
    public static final BitField RS = new BitField("RS", 44, 4);
    /** Affinity level 3 of the targets. */
    public static final BitField AFF3 = new BitField("Aff3", 48, 8);

    private Sgi1r()
    {
    }

    /**
     * @param value an SGI register value
     * @return the targets' Aff3.Aff2.Aff1 with Aff0 zero, packed ({@link Affinity})
     */
    public static int cluster(final long value)
    {
        return (int) (AFF3.extract(value) << 24 | AFF2.extract(value) << 16 | AFF1.extract(value) << 8);
    }

    /**
     * @param intid the SGI, 0 to 15
     * @param affinity the target's affinity, packed
     * @return the value that sends the SGI to that one PE
     */
    public static long to(final int intid, final int affinity)
    {
        final int aff0 = affinity & 0xff;
        return targets(intid, affinity & ~0xff, aff0 >>> 4, 1 << (aff0 & 15));
    }

    /**
     * @param intid the SGI, 0 to 15
     * @param cluster the targets' Aff3.Aff2.Aff1, packed (Aff0 is ignored)
     * @param rs the range selector, 0 to 15
     * @param targetList one bit per Aff0 value {@code 16 rs + b}
     * @return the value that sends the SGI to those PEs
     */
    public static long targets(final int intid, final int cluster, final int rs, final int targetList)
    {
        return INTID.encode(intid) | AFF3.encode(cluster >>> 24) | AFF2.encode(cluster >>> 16)
            | AFF1.encode(cluster >>> 8) | RS.encode(rs) | TARGET_LIST.encode(targetList);
    }

    /**
     * @param intid the SGI, 0 to 15
     * @return the value that sends the SGI to every PE but the sender
     */
    public static long broadcast(final int intid)
    {
        return INTID.encode(intid) | IRM.mask();
    }
}
