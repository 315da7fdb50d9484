// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import org.novaemu.kernel.Dc;
import org.novaemu.kernel.Iommu;
import org.novaemu.kernel.PageTableFormat;
import org.novaemu.kernel.SpaceMem;
import org.novaemu.kernel.Status;
import org.novaemu.x86.vtd.SecondLevelFormat;

/**
 * NOVA's x86 IOMMU half ({@code Smmu}): the driver of every VT-d unit, one per PCI segment ({@link SmmuItl}).
 * A DTD names a unit by its segment (word 0, bits 31:16) and its register address (word 1, bits 63:12;
 * specification 8.6.7); DMA spaces are VT-d second-level tables the units walk directly. The units' fault
 * events share one vector, after which {@link #drainFaults} reads every unit's records.
 */
public final class Smmu implements Iommu
{
    private final SmmuItl[] units;

    /**
     * @param units the driver of each segment's unit, by segment number
     */
    Smmu(final SmmuItl[] units)
    {
        this.units = units;
    }

    /**
     * @param dc a device context
     * @return the unit its DTD names (its segment's, at the right address), or null
     */
    SmmuItl unitOf(final Dc dc)
    {
        final int segment = Dtd.segment(dc.dtd(0));
        return segment < units.length && units[segment].base() == Dtd.iommu(dc.dtd(1)) ? units[segment] : null;
    }

    /**
     * @param segment a PCI segment
     * @return NOVA's driver of its VT-d unit
     */
    public SmmuItl unit(final int segment)
    {
        return units[segment];
    }

    /** @return the number of units (PCI segments) */
    public int units()
    {
        return units.length;
    }

    /** SBW_DMA: 36 bits of device-virtual page numbers, the reach of a 4-level second-level table. */
    @Override
    public int selectorBits()
    {
        return 36;
    }

    @Override
    public Status assignDev(final Dc dc, final SpaceMem dma)
    {
        final SmmuItl unit = unitOf(dc);
        if (unit == null)
        {
            return Status.BAD_DEV; // no unit at that address, or not the one of the DC's segment
        }
        return unit.assign(Dtd.requester(dc.dtd(0)), dma);
    }

    @Override
    public PageTableFormat pageTableFormat()
    {
        return SecondLevelFormat.INSTANCE;
    }

    @Override
    public void spaceChanged(final SpaceMem space)
    {
        for (final SmmuItl d : units)
        {
            d.spaceChanged(space); // one unit per segment: a handful, and never on the interrupt path
        }
    }

    /** The fault event: every unit's fault records are read and cleared (the units share the vector). */
    void drainFaults()
    {
        for (final SmmuItl d : units)
        {
            d.drainFaults();
        }
    }

    /** @return IOMMU fault records the kernel's fault handler has read and cleared, on all units */
    public long faultsHandled()
    {
        long n = 0;
        for (final SmmuItl d : units)
        {
            n += d.faultsHandled();
        }
        return n;
    }
}
