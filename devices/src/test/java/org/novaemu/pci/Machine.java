// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

import org.novaemu.bus.Bus;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.sim.Engine;

/** A test machine: RAM below 2 GiB, ECAM for segment 0 at 0xB000_0000, and config accesses as a CPU makes them. */
final class Machine
{
    static final long ECAM = 0xb000_0000L;

    final Engine engine = Engine.builder().build();
    final Bus bus = new Bus(new PhysicalMemory(), engine.trace());
    final PciSegment segment;

    Machine(final int buses, final PinRouter router)
    {
        bus.mapRam("ram", 0, 0x8000_0000L);
        segment = new PciSegment(0, bus, ECAM, buses, router);
    }

    Machine()
    {
        this(256, null);
    }

    static long at(final int bus, final int dev, final int fn, final int reg)
    {
        return ECAM + ((long) bus << 20 | dev << 15 | fn << 12 | reg);
    }

    long cfg(final int bus, final int dev, final int fn, final int reg, final int size)
    {
        return this.bus.read(at(bus, dev, fn, reg), size);
    }

    void cfg(final int bus, final int dev, final int fn, final int reg, final int size, final long value)
    {
        this.bus.write(at(bus, dev, fn, reg), size, value);
    }

    /** @return the function's config address as (bus, dev, fn) from its BDF */
    static int[] bdf(final PciFunction f)
    {
        return new int[] {f.bdf() >>> 8 & 0xff, f.bdf() >>> 3 & 0x1f, f.bdf() & 7};
    }

    long cfg(final PciFunction f, final int reg, final int size)
    {
        final int[] a = bdf(f);
        return cfg(a[0], a[1], a[2], reg, size);
    }

    void cfg(final PciFunction f, final int reg, final int size, final long value)
    {
        final int[] a = bdf(f);
        cfg(a[0], a[1], a[2], reg, size, value);
    }
}
