// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

import org.novaemu.util.BitField;

/**
 * GICD_IROUTER&lt;n&gt; and GICD_IROUTER&lt;n&gt;E (IHI 0069, chapter 12): where an SPI goes under
 * affinity routing, to the PE with the given affinity, or (Interrupt_Routing_Mode 1) to any one participating PE.
 * Static methods over the 64-bit value, so that the distributor decodes a write without allocating.
 */
public final class Irouter
{
    /** Affinity level 0. */
    public static final BitField AFF0 = new BitField("Aff0", 0, 8);
    /** Affinity level 1. */
    public static final BitField AFF1 = new BitField("Aff1", 8, 8);
    /** Affinity level 2. */
    public static final BitField AFF2 = new BitField("Aff2", 16, 8);
    /** Interrupt_Routing_Mode: 1 routes to any one participating PE (1-of-N). */
    public static final BitField IRM = BitField.bit("Interrupt_Routing_Mode", 31);
    /** Affinity level 3. */
    public static final BitField AFF3 = new BitField("Aff3", 32, 8);
    /** The bits software may write; the others are RES0. */
    public static final long WRITABLE = AFF0.mask() | AFF1.mask() | AFF2.mask() | IRM.mask() | AFF3.mask();

    private Irouter()
    {
    }

    /**
     * @param irouter an IROUTER value
     * @return the target's affinity, packed ({@link Affinity})
     */
    public static int affinity(final long irouter)
    {
        return (int) (AFF3.extract(irouter) << 24 | irouter & 0xff_ffffL);
    }

    /**
     * @param irouter an IROUTER value
     * @return whether the routing mode is 1-of-N
     */
    public static boolean oneOfN(final long irouter)
    {
        return IRM.isSet(irouter);
    }

    /**
     * @param affinity the target PE's affinity, packed
     * @return the IROUTER value that routes to it
     */
    public static long to(final int affinity)
    {
        return AFF3.encode(affinity >>> 24) | affinity & 0xff_ffffL;
    }

    /** @return the IROUTER value that routes 1-of-N */
    public static long oneOfN()
    {
        return IRM.mask();
    }
}
