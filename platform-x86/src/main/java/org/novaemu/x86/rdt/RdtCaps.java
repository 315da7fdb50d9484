// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.rdt;

import org.novaemu.util.Require;

/**
 * What a CPU's RDT allocation supports, as CPUID leaf 0x10 reports it (SDM 3B, 18.19.4): for L3 and L2 the
 * number of classes of service (EDX[15:0] + 1), the capacity bitmask length (EAX[4:0] + 1) and CDP; for
 * MBA the number of classes and the maximum delay. A count of 0 means the feature is absent.
 *
 * @param l3Cos L3 classes of service (COS MSRs), 0 to 256
 * @param l3CbmBits L3 capacity bitmask length, 1 to 32 when L3 exists
 * @param l3Cdp whether L3 CDP is supported
 * @param l2Cos L2 classes of service, 0 to 256
 * @param l2CbmBits L2 capacity bitmask length, 1 to 32 when L2 exists
 * @param l2Cdp whether L2 CDP is supported
 * @param mbaCos MBA classes of service, 0 to 256
 * @param mbaMaxDelay the highest MBA delay value, 1 to 0xFFFF when MBA exists
 */
public record RdtCaps(int l3Cos, int l3CbmBits, boolean l3Cdp, int l2Cos, int l2CbmBits, boolean l2Cdp, int mbaCos,
                      int mbaMaxDelay)
{
    /** A server part: 16 L3 classes with an 11-bit mask and CDP, 8 L2 classes, 16 MBA classes up to 90. */
    public static final RdtCaps SERVER = new RdtCaps(16, 11, true, 8, 8, false, 16, 90);

    /**
     * Checks the counts and lengths.
     *
     * @param l3Cos L3 classes
     * @param l3CbmBits L3 mask length
     * @param l3Cdp L3 CDP
     * @param l2Cos L2 classes
     * @param l2CbmBits L2 mask length
     * @param l2Cdp L2 CDP
     * @param mbaCos MBA classes
     * @param mbaMaxDelay MBA maximum delay
     */
    public RdtCaps
    {
        Require.inRange("l3Cos", l3Cos, 0, 256);
        Require.inRange("l3CbmBits", l3CbmBits, l3Cos > 0 ? 1 : 0, 32);
        Require.inRange("l2Cos", l2Cos, 0, 256);
        Require.inRange("l2CbmBits", l2CbmBits, l2Cos > 0 ? 1 : 0, 32);
        Require.inRange("mbaCos", mbaCos, 0, 256);
        Require.inRange("mbaMaxDelay", mbaMaxDelay, mbaCos > 0 ? 1 : 0, 0xffff);
        if (l3Cdp && l3Cos == 0 || l2Cdp && l2Cos == 0)
        {
            throw new IllegalArgumentException("l3Cdp and l2Cdp need their cache's classes of service");
        }
    }
}
