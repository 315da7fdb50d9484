// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.pcie;

/**
 * One ID mapping of a root complex, as an IORT ID mapping (Arm DEN 0049, ID mapping format: input base, number
 * of IDs, output base) or one tuple of a device tree {@code msi-map}/{@code iommu-map} ({@code rid-base},
 * {@code msi-base}/{@code iommu-base}, {@code length}) describes it: the PCI requester IDs {@code inputBase} to
 * {@code inputBase + count - 1} map, in order, to the IDs from {@code outputBase}. {@code count} is the number
 * of IDs, as the device tree's {@code length}; the IORT field holds {@code count - 1}. Output IDs are unsigned
 * 32-bit values.
 *
 * @param inputBase the first PCI requester ID (bus [15:8], device [7:3], function [2:0]), 0 to 0xFFFF
 * @param count how many, 1 to {@code 0x10000 - inputBase}
 * @param outputBase the ID the first maps to, unsigned; the last, {@code outputBase + count - 1}, must fit 32 bits
 */
public record IdMapping(int inputBase, int count, int outputBase)
{
    /** The PCI requester IDs of one root complex: 2^16. */
    public static final int RIDS = 0x1_0000;

    /**
     * Checks the ranges.
     *
     * @param inputBase the first PCI requester ID
     * @param count how many
     * @param outputBase the ID the first maps to
     * @throws IllegalArgumentException naming the field whose range does not fit
     */
    public IdMapping
    {
        if (inputBase < 0 || inputBase >= RIDS)
        {
            throw new IllegalArgumentException("inputBase must be a 16-bit requester ID, was 0x"
                + Integer.toHexString(inputBase));
        }
        if (count < 1 || count > RIDS - inputBase)
        {
            throw new IllegalArgumentException("count must be 1 to 0x" + Integer.toHexString(RIDS - inputBase)
                + " from inputBase 0x" + Integer.toHexString(inputBase) + ", was " + count);
        }
        if (Integer.toUnsignedLong(outputBase) + count - 1 > 0xffff_ffffL)
        {
            throw new IllegalArgumentException("outputBase 0x" + Integer.toHexString(outputBase)
                + " leaves no room for " + count + " IDs below 2^32");
        }
    }

    /**
     * @param rid a PCI requester ID
     * @return whether this mapping covers it
     */
    public boolean covers(final int rid)
    {
        return rid >= inputBase && rid - inputBase < count;
    }

    /**
     * @param rid a PCI requester ID this mapping covers
     * @return the ID it maps to
     */
    public int output(final int rid)
    {
        return outputBase + (rid - inputBase);
    }

    /** @return the last ID it maps to, unsigned */
    public int lastOutput()
    {
        return outputBase + count - 1;
    }
}
