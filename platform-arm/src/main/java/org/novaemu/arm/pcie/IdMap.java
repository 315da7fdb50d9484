// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.pcie;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.novaemu.util.Require;

/**
 * A root complex's map from PCI requester IDs to the IDs of one kind that its requests carry beyond PCI: an
 * {@code msi-map} to GIC ITS DeviceIDs or an {@code iommu-map} to SMMU StreamIDs (device tree PCI bindings
 * {@code pci-msi.txt} and {@code pci-iommu.txt}: RID r in {@code [rid-base, rid-base + length)} maps to
 * {@code r - rid-base + base}), or the ID mappings of an IORT root complex node towards an ITS group or an
 * SMMU (Arm DEN 0049). The map is total: its mappings cover each of the 2^16 requester IDs exactly once,
 * because every request leaves the root complex with some DeviceID and StreamID (docs/decisions.md A123).
 * Several requester IDs may map to one ID. A lookup is a binary search over the mappings, with no allocation.
 *
 * <pre>{@code
 * IdMap msi = IdMap.linear(1 << 16);                     // segment 1's DeviceIDs: 0x1_0000 + RID
 * IdMap flipped = IdMap.of(new IdMapping(0, 0x8000, 0x8000), new IdMapping(0x8000, 0x8000, 0));
 * }</pre>
 */
public final class IdMap
{
    /** Every requester ID to itself, as QEMU's virt describes its one root complex. */
    public static final IdMap IDENTITY = linear(0);

    private final IdMapping[] mappings;
    private final int[] bases;

    private IdMap(final IdMapping[] sorted)
    {
        mappings = sorted;
        bases = new int[sorted.length];
        for (int i = 0; i < sorted.length; i++)
        {
            bases[i] = sorted[i].inputBase();
        }
    }

    /**
     * A map of any order of mappings that together cover every requester ID once.
     *
     * @param mappings the mappings
     * @return the map
     * @throws IllegalArgumentException naming {@code mappings} if a requester ID is not covered or covered twice
     */
    public static IdMap of(final IdMapping... mappings)
    {
        Require.nonNull("mappings", mappings);
        final IdMapping[] sorted = mappings.clone();
        for (final IdMapping m : sorted)
        {
            Require.nonNull("mappings", m);
        }
        Arrays.sort(sorted, Comparator.comparingInt(IdMapping::inputBase));
        int next = 0;
        for (final IdMapping m : sorted)
        {
            if (m.inputBase() < next)
            {
                throw new IllegalArgumentException(String.format("mappings must cover each requester ID once: "
                    + "0x%04x is mapped twice", m.inputBase()));
            }
            if (m.inputBase() > next)
            {
                throw new IllegalArgumentException(String.format("mappings must cover each requester ID once: "
                    + "0x%04x to 0x%04x are not mapped", next, m.inputBase() - 1));
            }
            next = m.inputBase() + m.count();
        }
        if (next < IdMapping.RIDS)
        {
            throw new IllegalArgumentException(String.format("mappings must cover each requester ID once: "
                + "0x%04x to 0xffff are not mapped", next));
        }
        return new IdMap(sorted);
    }

    /**
     * Requester ID r to {@code outputBase + r}: one mapping of all 2^16.
     *
     * @param outputBase the ID of requester ID 0, unsigned, at most 2^32 - 2^16
     * @return the map
     */
    public static IdMap linear(final int outputBase)
    {
        return of(new IdMapping(0, IdMapping.RIDS, outputBase));
    }

    /**
     * @param rid a PCI requester ID: bus [15:8], device [7:3], function [2:0]
     * @return the ID it maps to, unsigned
     * @throws IllegalArgumentException naming {@code rid} if it has more than 16 bits
     */
    public int map(final int rid)
    {
        if (rid < 0 || rid >= IdMapping.RIDS)
        {
            throw new IllegalArgumentException("rid must be a 16-bit requester ID, was 0x" + Integer.toHexString(rid));
        }
        int i = Arrays.binarySearch(bases, rid);
        if (i < 0)
        {
            i = -i - 2; // the mapping with the greatest base below rid: the one that covers it
        }
        return mappings[i].output(rid);
    }

    /** @return its mappings in order of their input base */
    public List<IdMapping> mappings()
    {
        return List.of(mappings);
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof IdMap && Arrays.equals(mappings, ((IdMap) o).mappings);
    }

    @Override
    public int hashCode()
    {
        return Arrays.hashCode(mappings);
    }

    @Override
    public String toString()
    {
        return "IdMap" + Arrays.toString(mappings);
    }
}
