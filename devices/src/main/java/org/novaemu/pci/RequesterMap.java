// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

import org.novaemu.bus.RequesterId;
import org.novaemu.util.Require;

/**
 * How a root complex derives the requester ID a function's upstream transaction (DMA, message) carries on the
 * bus, to the IOMMU and the interrupt controller, from the 16-bit PCI requester ID of the request: bus [15:8],
 * device [7:3], function [2:0], a bridge's alias where one applies. An x86 root complex keeps the PCI layout
 * with its segment above it ({@link #pci}); an Arm root complex turns it into an SMMU StreamID and a GIC ITS
 * DeviceID, as its firmware's iommu-map and msi-map describe. It is looked up once per function when the
 * topology is built and once per request a function sends with another requester ID, so an implementation
 * must not allocate.
 */
@FunctionalInterface
public interface RequesterMap
{
    /**
     * @param rid a 16-bit PCI requester ID
     * @return the requester ID ({@link RequesterId}) the transaction carries on the bus
     */
    long requester(int rid);

    /**
     * The PCI layout: segment [31:16], the requester ID [15:0], what NOVA's x86 topology and VT-d's source-id
     * use.
     *
     * @param segment the segment, 0 to 65535
     * @return the map
     */
    static RequesterMap pci(final int segment)
    {
        Require.inRange("segment", segment, 0, 0xffff);
        final long high = (long) segment << 16;
        return rid -> high | rid & 0xffff;
    }
}
