// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

import org.novaemu.bus.AccessRule;
import org.novaemu.bus.Bus;
import org.novaemu.bus.CpuLocalWindow;
import org.novaemu.bus.MmioDevice;
import org.novaemu.bus.RequesterId;
import org.novaemu.sim.Engine;

/**
 * For each CPU, the page of its own local APIC's xAPIC registers wherever its IA32_APIC_BASE puts it (each
 * CPU sees its own, ahead of whatever lies below, SDM 3A, 11.4.1 and 11.4.5; {@link CpuLocalWindow}); and the
 * 1 MiB at {@code 0xFEE0_0000}: for a device, the interrupt message window, where a 32-bit write in
 * compatibility format is an interrupt message to the APIC bus. A remappable-format message arriving here
 * was not remapped (no IOMMU, or remapping off) and is dropped and counted (VT-d 5.1.4: without remapping
 * hardware such messages are invalid).
 */
public final class ApicWindow implements MmioDevice, CpuLocalWindow
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

    /**
     * Puts the window on a bus: the message window at {@code 0xFEE0_0000} (32-bit accesses only) and each
     * CPU's APIC page ahead of the address map.
     *
     * @param bus the bus
     */
    public void attach(final Bus bus)
    {
        bus.mapMmio("apic", MsiMessage.BASE, MsiMessage.SIZE, this, AccessRule.DWORD);
        bus.setCpuLocalWindow(this);
    }

    /** @return messages dropped: remappable format, or not a 32-bit write */
    public long dropped()
    {
        return dropped;
    }

    @Override
    public boolean claims(final long address, final int size)
    {
        final int cpu = engine.currentCpu();
        return cpu >= 0 && size == 4 && (address & 3) == 0 && (address & ~0xfffL) == byCpu[cpu].baseAddress();
    }

    @Override
    public long read(final long address, final int size)
    {
        return byCpu[engine.currentCpu()].read((int) (address & 0xfff)) & 0xffffffffL;
    }

    @Override
    public void write(final long address, final int size, final long value)
    {
        byCpu[engine.currentCpu()].write((int) (address & 0xfff), (int) value);
    }

    @Override
    public long read(final long offset, final int size, final long requester)
    {
        return 0; // device reads of the message window, and CPUs whose APIC page is elsewhere, read zero
    }

    @Override
    public void write(final long offset, final int size, final long value, final long requester)
    {
        if (requester == RequesterId.CPU)
        {
            return; // a CPU whose APIC page is elsewhere: nothing here takes its writes
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
