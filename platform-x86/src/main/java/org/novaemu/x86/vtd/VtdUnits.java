// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.vtd;

import org.novaemu.bus.DmaTranslation;
import org.novaemu.bus.RequesterId;
import org.novaemu.util.Require;
import org.novaemu.x86.apic.InterruptRemapper;

/**
 * The VT-d units of a platform, one per PCI segment (each unit's DRHD includes all of its segment's
 * devices): a request goes to the unit of its requester's segment, by array index. The IOMMUs fail closed:
 * DMA with a requester no unit covers (a segment without a unit, the CPU marker) is blocked, and such a
 * message is not remapped.
 */
public final class VtdUnits implements DmaTranslation, InterruptRemapper
{
    private final Vtd[] bySegment;

    /**
     * @param units unit i covers segment i
     */
    public VtdUnits(final Vtd... units)
    {
        Require.positive("units", units.length);
        this.bySegment = units.clone();
    }

    @Override
    public long translate(final long requester, final long address, final int size, final boolean write)
    {
        final int segment = RequesterId.segment(requester);
        return requester == RequesterId.CPU || segment >= bySegment.length ? DmaTranslation.FAULT
            : bySegment[segment].translate(requester, address, size, write);
    }

    @Override
    public boolean remap(final long requester, final long address, final int data)
    {
        final int segment = RequesterId.segment(requester);
        return requester != RequesterId.CPU && segment < bySegment.length
            && bySegment[segment].remap(requester, address, data);
    }
}
