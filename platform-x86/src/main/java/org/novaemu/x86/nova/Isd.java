// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import org.novaemu.util.Require;

/**
 * The x86 interrupt semaphore descriptor (specification 8.6.6): GSI [15:0] and PCI segment [31:16], the
 * rest 0; NOVA's {@code Intid} ({@code to_seg}, {@code to_gsi}). The static accessors decode a raw ISD
 * without allocating.
 *
 * @param segment the PCI segment, 0 to 65,535
 * @param gsi the GSI within it, 0 to 65,535
 */
public record Isd(int segment, int gsi)
{
    /**
     * Checks both fields fit.
     *
     * @param segment the PCI segment, 0 to 65,535
     * @param gsi the GSI within it, 0 to 65,535
     */
    public Isd
    {
        Require.inRange("segment", segment, 0, 0xffff);
        Require.inRange("gsi", gsi, 0, 0xffff);
    }

    /**
     * @param isd a raw ISD
     * @return its fields (bits 63:32 are dropped)
     */
    public static Isd of(final long isd)
    {
        return new Isd(segment(isd), gsi(isd));
    }

    /**
     * @param isd a raw ISD
     * @return its segment, bits 31:16
     */
    public static int segment(final long isd)
    {
        return (int) (isd >>> 16) & 0xffff;
    }

    /**
     * @param isd a raw ISD
     * @return its GSI, bits 15:0
     */
    public static int gsi(final long isd)
    {
        return (int) isd & 0xffff;
    }

    /** @return the raw ISD */
    public long value()
    {
        return (long) segment << 16 | gsi;
    }
}
