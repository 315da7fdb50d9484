// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

import org.novaemu.bus.MmioDevice;
import org.novaemu.bus.RequesterId;
import org.novaemu.sim.Engine;

/**
 * The 1 MiB at {@code 0xFEE0_0000}: for a CPU, the page of its own local APIC's xAPIC registers (each CPU
 * sees its own, SDM 3A, 11.4.1); for a device, the interrupt message window, where a 32-bit write in
 * compatibility format is an interrupt message to the APIC bus. A remappable-format message arriving here
 * was not remapped (no IOMMU, or remapping off) and is dropped and counted (VT-d 5.1.4: without remapping
 * hardware such messages are invalid).
 */
public final class ApicWindow implements MmioDevice
{
    private final Engine engine;
    private final LocalApic[] byCpu;
    private final ApicBus apicBus;
    private long dropped;
    private InterruptRemapper remapper;

    /**
     * @param engine the engine, which knows the CPU that makes an access
     * @param byCpu the local APIC of each simulated CPU, by CPU number
     * @param apicBus where messages go
     */
    public ApicWindow(final Engine engine, final LocalApic[] byCpu, final ApicBus apicBus)
    {
        this.engine = engine;
        this.byCpu = byCpu.clone();
        this.apicBus = apicBus;
    }

    /**
     * Puts an interrupt remapping unit in front of the APIC bus for device messages.
     *
     * @param unit the unit, or null for none
     */
    public void setRemapper(final InterruptRemapper unit)
    {
        remapper = unit;
    }

    /** @return messages dropped: remappable format, or not a 32-bit write */
    public long dropped()
    {
        return dropped;
    }

    @Override
    public long read(final long offset, final int size, final long requester)
    {
        final int cpu = engine.currentCpu();
        if (requester != RequesterId.CPU || cpu < 0 || offset >= 0x1000 || size != 4)
        {
            return 0; // device reads of the window, and accesses beyond the register page, return zero
        }
        return byCpu[cpu].read((int) offset) & 0xffffffffL;
    }

    @Override
    public void write(final long offset, final int size, final long value, final long requester)
    {
        final int cpu = engine.currentCpu();
        if (requester == RequesterId.CPU && cpu >= 0 && offset < 0x1000)
        {
            if (size == 4)
            {
                byCpu[cpu].write((int) offset, (int) value);
            }
            return;
        }
        final int data = (int) value;
        if (size == 4 && remapper != null && remapper.remap(requester, MsiMessage.BASE | offset, data))
        {
            return;
        }
        if (size != 4 || MsiMessage.isRemappable(offset))
        {
            dropped++;
            return;
        }
        apicBus.message(MsiMessage.destination(offset), MsiMessage.logical(offset), MsiMessage.deliveryMode(data),
            MsiMessage.vector(data), MsiMessage.levelTriggered(data), false);
    }
}
