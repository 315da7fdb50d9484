// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.rdt;

import java.util.Arrays;

/**
 * One CPU's RDT allocation registers (SDM 3B, 18.19): IA32_L3_QOS_MASK_n and IA32_L2_QOS_MASK_n (capacity
 * bitmasks, all ones at reset), the MBA throttling registers (0 at reset), the CDP enables in
 * IA32_L3_QOS_CFG and IA32_L2_QOS_CFG, and IA32_PQR_ASSOC's class of service. Software writes them as
 * MSRs; a write the hardware would refuse with #GP (a mask that is empty, not contiguous or too long, an
 * index beyond the classes, a delay above the maximum) returns false and changes nothing.
 */
public final class Rdt
{
    private final RdtCaps caps;
    private final long[] l3;
    private final long[] l2;
    private final int[] mba;
    private boolean l3Cdp;
    private boolean l2Cdp;
    private int cos;

    /** @param caps what the CPU supports */
    public Rdt(final RdtCaps caps)
    {
        this.caps = caps;
        this.l3 = new long[caps.l3Cos()];
        this.l2 = new long[caps.l2Cos()];
        this.mba = new int[caps.mbaCos()];
        Arrays.fill(l3, ones(caps.l3CbmBits()));
        Arrays.fill(l2, ones(caps.l2CbmBits()));
    }

    private static long ones(final int bits)
    {
        return (1L << bits) - 1;
    }

    /** @return the capabilities */
    public RdtCaps caps()
    {
        return caps;
    }

    /**
     * @param mask a capacity bitmask
     * @param bits the mask length
     * @return whether it is non-empty, contiguous and within the length (SDM 3B, 18.19.4.2)
     */
    public static boolean validMask(final long mask, final int bits)
    {
        if (mask == 0 || mask > ones(bits))
        {
            return false;
        }
        final long c = mask >>> Long.numberOfTrailingZeros(mask);
        return (c & c + 1) == 0;
    }

    /**
     * IA32_L3_QOS_MASK_n.
     *
     * @param n the register
     * @param mask the capacity bitmask
     * @return false (#GP) if the register or mask is invalid
     */
    public boolean writeL3Mask(final int n, final long mask)
    {
        if (n < 0 || n >= l3.length || !validMask(mask, caps.l3CbmBits()))
        {
            return false;
        }
        l3[n] = mask;
        return true;
    }

    /**
     * IA32_L2_QOS_MASK_n.
     *
     * @param n the register
     * @param mask the capacity bitmask
     * @return false (#GP) if the register or mask is invalid
     */
    public boolean writeL2Mask(final int n, final long mask)
    {
        if (n < 0 || n >= l2.length || !validMask(mask, caps.l2CbmBits()))
        {
            return false;
        }
        l2[n] = mask;
        return true;
    }

    /**
     * The MBA throttling register n.
     *
     * @param n the register
     * @param delay the delay value
     * @return false (#GP) if the register or delay is invalid
     */
    public boolean writeMbaDelay(final int n, final int delay)
    {
        if (n < 0 || n >= mba.length || delay < 0 || delay > caps.mbaMaxDelay())
        {
            return false;
        }
        mba[n] = delay;
        return true;
    }

    /**
     * IA32_L3_QOS_CFG and IA32_L2_QOS_CFG bit 0.
     *
     * @param l3 L3 CDP on
     * @param l2 L2 CDP on
     * @return false (#GP) if a requested CDP is not supported
     */
    public boolean writeCdp(final boolean l3, final boolean l2)
    {
        if (l3 && !caps.l3Cdp() || l2 && !caps.l2Cdp())
        {
            return false;
        }
        l3Cdp = l3;
        l2Cdp = l2;
        return true;
    }

    /** @param c IA32_PQR_ASSOC's COS: the class the CPU's current work uses */
    public void writeCos(final int c)
    {
        cos = c;
    }

    /** @return IA32_PQR_ASSOC's COS */
    public int cos()
    {
        return cos;
    }

    /** @return whether L3 CDP is on */
    public boolean l3Cdp()
    {
        return l3Cdp;
    }

    /** @return whether L2 CDP is on */
    public boolean l2Cdp()
    {
        return l2Cdp;
    }

    /**
     * @param n a register
     * @return IA32_L3_QOS_MASK_n
     */
    public long l3Mask(final int n)
    {
        return l3[n];
    }

    /**
     * @param n a register
     * @return IA32_L2_QOS_MASK_n
     */
    public long l2Mask(final int n)
    {
        return l2[n];
    }

    /**
     * @param n a register
     * @return the MBA delay of class n
     */
    public int mbaDelay(final int n)
    {
        return mba[n];
    }
}
