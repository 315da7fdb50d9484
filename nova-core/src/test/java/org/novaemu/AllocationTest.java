// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.bus.AccessRule;
import org.novaemu.bus.Bus;
import org.novaemu.bus.MmioDevice;
import org.novaemu.bus.RequesterId;
import org.novaemu.irq.IrqInput;
import org.novaemu.irq.IrqLine;
import org.novaemu.irq.Trigger;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.sim.Engine;
import org.novaemu.sim.EventHandler;
import org.novaemu.trace.CoreTrace;

/**
 * The hot paths allocate nothing in steady state: each runs a warm-up, then many more iterations under
 * the thread's allocation counter. (Speed is for the JMH benchmarks; this only counts bytes.)
 */
class AllocationTest
{
    @Test
    void busAccessesDmaAndMessagesAllocateNothing()
    {
        final Engine engine = Engine.builder().tracing(true).traceCapacity(1024).build();
        final Bus bus = new Bus(new PhysicalMemory(), engine.trace());
        bus.mapRam("ram", 0, 1 << 20);
        final long[] sink = new long[1];
        bus.mapMmio("dev", 0x1_0000_0000L, 0x1000, new MmioDevice()
        {
            @Override
            public long read(final long offset, final int size, final long requester)
            {
                return offset;
            }

            @Override
            public void write(final long offset, final int size, final long value, final long requester)
            {
                sink[0] += value;
            }
        }, AccessRule.DWORD_QWORD);
        bus.setTranslation((requester, address, size, write) -> address);
        final long rid = RequesterId.pci(0, 1, 0, 0);
        final byte[] buf = new byte[256];
        final Runnable body = () -> {
            bus.write(0x100, 8, bus.read(0x100, 8) + 1);
            bus.write(0x1_0000_0008L, 4, 7);
            bus.read(0x5000_0000L, 4); // refused
            bus.dmaWrite(rid, 0xffc, 8, 3); // crosses a page
            bus.dmaWrite(rid, 0x2000, buf, 0, buf.length);
            bus.signalMessage(rid, 0x1_0000_0040L, 0x41);
        };
        assertThat(Allocations.allocatedBy(body)).isLessThan(1024);
        assertThat(sink[0]).isPositive();
    }

    @Test
    void interruptLinesAndInputsAllocateNothing()
    {
        final Engine engine = Engine.builder().tracing(true).traceCapacity(1024).build();
        final IrqLine line = new IrqLine("l", 0, engine.trace());
        final int[] delivered = new int[1];
        final IrqInput input = new IrqInput(0, Trigger.LEVEL, tag -> delivered[0]++);
        line.connect(input, 0);
        final Runnable body = () -> {
            line.raise();
            input.acknowledge();
            line.lower();
            input.endOfInterrupt();
            line.pulse();
        };
        assertThat(Allocations.allocatedBy(body)).isLessThan(1024);
        assertThat(delivered[0]).isPositive();
    }

    @Test
    void engineEventsCpusAndTracingAllocateNothing()
    {
        final Engine engine = Engine.builder().tracing(true).traceCapacity(1024).quantum(50).build();
        final int[] timers = new int[16];
        final EventHandler rearm = arg -> {
            engine.arm(timers[(int) arg], engine.now() + 17 + arg);
            engine.cpu((int) arg % 4).wake();
            engine.trace().record(CoreTrace.USER, arg, 0, 0);
        };
        for (int i = 0; i < timers.length; i++)
        {
            timers[i] = engine.newTimer(rearm, i);
            engine.arm(timers[i], i);
        }
        for (int i = 0; i < 4; i++)
        {
            engine.addCpu(c -> {
                c.advance(13);
                if ((c.time() & 1) == 0)
                {
                    c.sleepUntil(c.time() + 40);
                }
            }, true);
        }
        assertThat(Allocations.allocatedBy(() -> engine.runFor(100))).isLessThan(1024);
        assertThat(engine.firedEvents()).isGreaterThan(100_000);
    }
}
