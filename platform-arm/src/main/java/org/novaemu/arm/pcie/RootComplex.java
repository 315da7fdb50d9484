// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.pcie;

import org.novaemu.bus.RequesterId;
import org.novaemu.pci.RequesterMap;
import org.novaemu.util.Require;

/**
 * An Arm PCI Express root complex as firmware describes it to software, one per PCI segment (an IORT root
 * complex node with its PCI segment number and ID mappings, Arm DEN 0049; a device tree host bridge with
 * {@code linux,pci-domain}, {@code msi-map} and {@code iommu-map}): a request of requester ID {@code rid}
 * reaches the GIC ITS with DeviceID {@code msiMap.map(rid)} and the SMMU with StreamID
 * {@code iommuMap.map(rid)}, and travels the bus with both ({@link #requester}, docs/decisions.md B8).
 *
 * <p>NOVA's root task builds a device's DTD from it (specification 7.6.7.1, SMMUv3): word 0 is
 * {@link #requester}, SID [31:0] and DID [63:32], of the function's requester ID as enumeration found it (its
 * bus, device and function, or the alias of a PCI Express to PCI bridge above it).
 *
 * @param segment the PCI segment, 0 to 65535
 * @param msiMap PCI requester ID to ITS DeviceID
 * @param iommuMap PCI requester ID to SMMU StreamID
 */
public record RootComplex(int segment, IdMap msiMap, IdMap iommuMap) implements RequesterMap
{
    /**
     * Checks the maps, and that no requester ID gets StreamID and DeviceID 0xFFFF_FFFF together, the pair
     * that marks a CPU's access.
     *
     * @param segment the PCI segment
     * @param msiMap PCI requester ID to ITS DeviceID
     * @param iommuMap PCI requester ID to SMMU StreamID
     * @throws IllegalArgumentException naming the field that does not fit
     */
    public RootComplex
    {
        Require.inRange("segment", segment, 0, 0xffff);
        Require.nonNull("msiMap", msiMap);
        Require.nonNull("iommuMap", iommuMap);
        for (final IdMapping m : iommuMap.mappings())
        {
            // At most the last requester ID of a mapping that ends at 2^32 - 1 has StreamID 0xFFFF_FFFF.
            final int rid = m.inputBase() + m.count() - 1;
            if (m.lastOutput() == -1 && msiMap.map(rid) == -1)
            {
                throw new IllegalArgumentException(String.format("iommuMap: requester ID 0x%04x of segment %d gets "
                    + "StreamID and DeviceID 0xffffffff, the pair of a CPU access", rid, segment));
            }
        }
    }

    /**
     * The identity maps offset by the segment: DeviceID = StreamID = {@code segment << 16 | rid}
     * (docs/decisions.md A124).
     *
     * @param segment the PCI segment, 0 to 65535
     * @return the root complex
     */
    public static RootComplex linear(final int segment)
    {
        Require.inRange("segment", segment, 0, 0xffff);
        final IdMap map = IdMap.linear(segment << 16);
        return new RootComplex(segment, map, map);
    }

    /**
     * @param rid a PCI requester ID: bus [15:8], device [7:3], function [2:0]
     * @return the GIC ITS DeviceID of its MSIs
     */
    public int deviceId(final int rid)
    {
        return msiMap.map(rid);
    }

    /**
     * @param rid a PCI requester ID: bus [15:8], device [7:3], function [2:0]
     * @return the SMMU StreamID of its DMA
     */
    public int streamId(final int rid)
    {
        return iommuMap.map(rid);
    }

    /**
     * The requester ID a request of {@code rid} carries on the bus: DeviceID [63:32], StreamID [31:0]; also a
     * DTD's word 0 for an SMMUv3 (specification 7.6.7.1).
     *
     * @param rid a PCI requester ID: bus [15:8], device [7:3], function [2:0]
     * @return {@link RequesterId#arm} of its StreamID and DeviceID
     */
    @Override
    public long requester(final int rid)
    {
        return RequesterId.arm(iommuMap.map(rid), msiMap.map(rid));
    }
}
