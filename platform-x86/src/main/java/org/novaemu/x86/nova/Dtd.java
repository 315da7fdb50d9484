// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import org.novaemu.util.Require;

/**
 * The x86 device topology descriptor (specification 8.6.7): word 0 holds F [2:0], D [7:3], B [15:8] (the
 * requester ID) and the PCI segment [31:16]; word 1 the register address of the IOMMU that does the device's
 * DMA and interrupt remapping, bits 63:12; word 2 is reserved. The static accessors decode raw words
 * without allocating.
 *
 * @param segment the PCI segment
 * @param requester the bus, device and function: bits 15:0 of the requester ID
 * @param iommu the IOMMU's register address, 4 KiB aligned
 */
public record Dtd(int segment, int requester, long iommu)
{
    /**
     * Checks the fields fit their bits.
     *
     * @param segment the PCI segment
     * @param requester the bus, device and function: bits 15:0 of the requester ID
     * @param iommu the IOMMU's register address, 4 KiB aligned
     */
    public Dtd
    {
        Require.inRange("segment", segment, 0, 0xffff);
        Require.inRange("requester", requester, 0, 0xffff);
        if ((iommu & 0xfff) != 0)
        {
            throw new IllegalArgumentException("iommu must be 4 KiB aligned, was 0x" + Long.toHexString(iommu));
        }
    }

    /**
     * @param word0 DTD word 0
     * @return its segment, bits 31:16
     */
    public static int segment(final long word0)
    {
        return (int) (word0 >>> 16) & 0xffff;
    }

    /**
     * @param word0 DTD word 0
     * @return its requester (bus, device, function), bits 15:0
     */
    public static int requester(final long word0)
    {
        return (int) word0 & 0xffff;
    }

    /**
     * @param word1 DTD word 1
     * @return the IOMMU's register address, bits 63:12
     */
    public static long iommu(final long word1)
    {
        return word1 & ~0xfffL;
    }

    /**
     * @param word0 DTD word 0
     * @param word1 DTD word 1
     * @return the fields
     */
    public static Dtd of(final long word0, final long word1)
    {
        return new Dtd(segment(word0), requester(word0), iommu(word1));
    }

    /** @return DTD word 0 */
    public long word0()
    {
        return (long) segment << 16 | requester;
    }

    /** @return DTD word 1 */
    public long word1()
    {
        return iommu;
    }
}
