// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import org.novaemu.bus.MmioDevice;
import org.novaemu.sim.Engine;

/**
 * A toy x86-style interrupt message window at {@code 0xFEE0_0000}: a DMA write there delivers vector
 * {@code data[7:0]} to the CPU in {@code address[19:12]}. Each CPU has a 256-bit pending set; taking the
 * highest pending vector is at most four bit scans. Without interrupt remapping the destination field
 * has 8 bits, so the window reaches 256 CPUs. (The real model, with LAPICs and VT-d remapping, comes with
 * the x86 platform.)
 */
final class MsiWindow implements MmioDevice
{
    static final long BASE = 0xfee0_0000L;
    static final long SIZE = 0x10_0000L;

    private final Engine engine;
    private final long[] pending;
    private long delivered;

    MsiWindow(final Engine engine, final int cpus)
    {
        if (cpus > 256)
        {
            throw new IllegalArgumentException("cpus must be <= 256 (8-bit MSI destination), was " + cpus);
        }
        this.engine = engine;
        this.pending = new long[cpus * 4];
    }

    @Override
    public long read(final long offset, final int size, final long requester)
    {
        return 0; // reads of the window are not architected; they return zero here
    }

    @Override
    public void write(final long offset, final int size, final long value, final long requester)
    {
        final int cpu = (int) (offset >>> 12) & 0xff;
        final int vector = (int) value & 0xff;
        if (cpu >= engine.cpuCount() || vector < 32)
        {
            return; // no such CPU, or an exception vector: dropped, as without a remapping unit
        }
        pending[cpu * 4 + (vector >>> 6)] |= 1L << vector;
        delivered++;
        engine.cpu(cpu).wake();
    }

    /** @return the highest pending vector of {@code cpu}, cleared, or -1 */
    int take(final int cpu)
    {
        for (int w = 3; w >= 0; w--)
        {
            final long bits = pending[cpu * 4 + w];
            if (bits != 0)
            {
                final int bit = 63 - Long.numberOfLeadingZeros(bits);
                pending[cpu * 4 + w] = bits & ~(1L << bit);
                return (w << 6) | bit;
            }
        }
        return -1;
    }

    long delivered()
    {
        return delivered;
    }
}
