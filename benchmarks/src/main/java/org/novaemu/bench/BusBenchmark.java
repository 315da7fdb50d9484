// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bench;

import org.novaemu.bus.AccessRule;
import org.novaemu.bus.Bus;
import org.novaemu.bus.MmioDevice;
import org.novaemu.bus.RequesterId;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.sim.Engine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Bus costs: a RAM read, an MMIO write dispatched among {@code regions} device regions (round robin, so
 * the last-hit cache misses and the binary search runs), and an MSI through the DMA path.
 */
public class BusBenchmark extends NanosPerOp
{
    @Param({"1", "64", "4096"})
    int regions;

    private Bus bus;
    private long sink;
    private int turn;
    private final long rid = RequesterId.pci(0, 1, 0, 0);

    /** Builds the machine this benchmark measures, once per trial. */
    @Setup
    public void setUp()
    {
        final Engine engine = Engine.builder().build();
        bus = new Bus(new PhysicalMemory(), engine.trace());
        bus.mapRam("ram", 0, 1L << 30);
        final MmioDevice dev = new MmioDevice()
        {
            @Override
            public long read(final long offset, final int size, final long requester)
            {
                return offset;
            }

            @Override
            public void write(final long offset, final int size, final long value, final long requester)
            {
                sink += value ^ offset;
            }
        };
        for (int i = 0; i < regions; i++)
        {
            bus.mapMmio("dev" + i, 0x10_0000_0000L + i * 0x1000L, 0x1000, dev, AccessRule.DWORD_QWORD);
        }
        bus.write(0x1000, 8, 42);
    }

    /** @return the value read */
    @Benchmark
    public long ramRead()
    {
        return bus.read(0x1000, 8);
    }

    /** @return a value the write changed */
    @Benchmark
    public long mmioWrite()
    {
        final int i = turn++ % regions;
        bus.write(0x10_0000_0000L + i * 0x1000L + 8, 4, i);
        return sink;
    }

    /** @return a value the message changed */
    @Benchmark
    public long msi()
    {
        final int i = turn++ % regions;
        bus.signalMessage(rid, 0x10_0000_0000L + i * 0x1000L, i);
        return sink;
    }
}
