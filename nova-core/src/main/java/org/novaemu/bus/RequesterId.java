// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bus;

import org.novaemu.util.Require;

/**
 * Requester IDs as flat {@code long}s, so that they travel the bus with no object per access.
 *
 * <ul>
 *   <li>x86 (PCI): bits 31:16 segment, 15:8 bus, 7:3 device, 2:0 function; bits 15:0 are the VT-d
 *       source-id (VT-d specification, section 3.4.1) and bits 31:0 NOVA's {@code seg:bus:dev:fn} topology.</li>
 *   <li>Arm: bits 31:0 the SMMU StreamID, bits 63:32 the ITS DeviceID (the IORT maps a PCI requester to
 *       both; they need not be equal).</li>
 * </ul>
 * {@link #CPU} ({@code -1}) marks an access made by a CPU rather than a DMA requester; the Arm pair
 * (StreamID 0xffffffff, DeviceID 0xffffffff) is therefore not representable.
 */
public final class RequesterId
{
    /** The requester of CPU accesses. */
    public static final long CPU = -1L;

    private RequesterId()
    {
    }

    /**
     * @param segment the PCI segment, 0 to 65535
     * @param bus the bus, 0 to 255
     * @param device the device, 0 to 31
     * @param function the function, 0 to 7
     * @return the packed requester ID
     */
    public static long pci(final int segment, final int bus, final int device, final int function)
    {
        Require.inRange("segment", segment, 0, 0xffff);
        Require.inRange("bus", bus, 0, 0xff);
        Require.inRange("device", device, 0, 0x1f);
        Require.inRange("function", function, 0, 7);
        return ((long) segment << 16) | (bus << 8) | (device << 3) | function;
    }

    /**
     * The requester of a platform agent's own traffic on a segment (an IOMMU's fault events and completion
     * writes): bit 32 set, so it lies outside the 32-bit PCI requester space and no function can send it, and
     * its segment field is the segment's.
     *
     * @param segment the segment
     * @return the requester ID
     */
    public static long platform(final int segment)
    {
        Require.inRange("segment", segment, 0, 0xffff);
        return 1L << 32 | (long) segment << 16;
    }

    /**
     * @param streamId the SMMU StreamID
     * @param deviceId the ITS DeviceID
     * @return the packed requester ID
     */
    public static long arm(final int streamId, final int deviceId)
    {
        final long rid = ((long) deviceId << 32) | (streamId & 0xffffffffL);
        if (rid == CPU)
        {
            throw new IllegalArgumentException("streamId and deviceId must not both be 0xffffffff");
        }
        return rid;
    }

    /**
     * @param rid a PCI requester ID
     * @return its segment
     */
    public static int segment(final long rid)
    {
        return (int) (rid >>> 16) & 0xffff;
    }

    /**
     * @param rid a PCI requester ID
     * @return its 16-bit bus:device:function, the VT-d source-id
     */
    public static int sourceId(final long rid)
    {
        return (int) rid & 0xffff;
    }

    /**
     * @param rid an Arm requester ID
     * @return its StreamID
     */
    public static int streamId(final long rid)
    {
        return (int) rid;
    }

    /**
     * @param rid an Arm requester ID
     * @return its DeviceID
     */
    public static int deviceId(final long rid)
    {
        return (int) (rid >>> 32);
    }

    /**
     * @param rid a PCI requester ID
     * @return it as {@code ssss:bb:dd.f}
     */
    public static String pciToString(final long rid)
    {
        return String.format("%04x:%02x:%02x.%d", segment(rid), (rid >>> 8) & 0xff, (rid >>> 3) & 0x1f, rid & 7);
    }
}
