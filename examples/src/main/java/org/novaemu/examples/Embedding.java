// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import org.novaemu.bus.Bus;
import org.novaemu.bus.RequesterId;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.sim.Clock;
import org.novaemu.sim.Engine;
import org.novaemu.sim.EventHandler;
import org.novaemu.sim.SimCpu;

/** The embedding example of the README, kept compiling and tested. */
public final class Embedding
{
    private Embedding()
    {
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     */
    public static void main(final String[] args)
    {
        final Engine engine = Engine.builder().clock(Clock.ofMhz(1_000)).tracing(true).build();
        final PhysicalMemory memory = new PhysicalMemory();
        final Bus bus = new Bus(memory, engine.trace());
        bus.mapRam("ram", 0, 64L << 20);

        // A CPU that halts until something wakes it, then spends 100 cycles counting the wake-up.
        final long[] wakeups = {0};
        final SimCpu cpu = engine.addCpu(c -> {
            wakeups[0]++;
            c.advance(100);
            c.block();
        }, false);

        // A device that writes a counter to RAM by DMA and wakes the CPU every microsecond, ten times.
        final long rid = RequesterId.pci(0, 1, 0, 0);
        final EventHandler tick = new EventHandler()
        {
            @Override
            public void onEvent(final long n)
            {
                bus.dmaWrite(rid, 0x1000, 8, n);
                cpu.wake();
                if (n < 9)
                {
                    engine.postAfter(1_000, this, n + 1);
                }
            }
        };
        engine.post(1_000, tick, 0);
        engine.runUntil(20_000);

        System.out.printf("t=%d cycles, %d wake-ups, RAM[0x1000]=%d, CPU at %d, digest %016x%n",
            engine.now(), wakeups[0], memory.read64(0x1000), cpu.time(), engine.trace().digest());
    }
}
