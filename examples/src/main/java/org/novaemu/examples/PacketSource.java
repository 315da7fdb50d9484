// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import java.util.SplittableRandom;

import org.novaemu.bus.Bus;
import org.novaemu.sim.Engine;

/**
 * A toy multi-queue network device: each queue receives a packet at random (seeded) intervals, writes it
 * by DMA into its ring in RAM, writes the queue's packet count to a status word in RAM, and signals an
 * MSI to its queue's CPU. Interrupts coalesce in the CPU's pending bits, so the driver drains the ring up
 * to the status count, as real drivers do. One timer per queue: the event queue holds as many pending
 * events as the device has queues.
 */
final class PacketSource
{
    static final int PACKET = 64;
    static final int RING = 256;

    private final Engine engine;
    private final Bus bus;
    private final long requester;
    private final long ringBase;
    private final long statusBase;
    private final int[] timers;
    private final long[] count;
    private final byte[] packet = new byte[PACKET];
    private final SplittableRandom random;
    private final long meanGap;
    private long sent;

    PacketSource(final Engine engine, final Bus bus, final long requester, final long ringBase,
                 final long statusBase, final int queues, final long meanGap, final long seed)
    {
        this.statusBase = statusBase;
        this.engine = engine;
        this.bus = bus;
        this.requester = requester;
        this.ringBase = ringBase;
        this.meanGap = meanGap;
        this.random = new SplittableRandom(seed);
        this.timers = new int[queues];
        this.count = new long[queues];
        for (int q = 0; q < queues; q++)
        {
            timers[q] = engine.newTimer(this::receive, q);
            engine.arm(timers[q], engine.now() + 1 + random.nextLong(2 * meanGap));
        }
    }

    static long ring(final long ringBase, final int queue)
    {
        return ringBase + (long) queue * RING * PACKET;
    }

    private void receive(final long queue)
    {
        final int q = (int) queue;
        final long n = count[q]++;
        for (int i = 0; i < PACKET; i++)
        {
            packet[i] = (byte) (sent + i);
        }
        bus.dmaWrite(requester, ring(ringBase, q) + (n % RING) * PACKET, packet, 0, PACKET);
        bus.dmaWrite(requester, statusBase + 8L * q, 8, count[q]);
        final int cpu = q % engine.cpuCount();
        final int vector = 32 + q / engine.cpuCount() % 200;
        bus.signalMessage(requester, MsiWindow.BASE | ((long) cpu << 12), vector);
        sent++;
        engine.arm(timers[q], engine.now() + 1 + random.nextLong(2 * meanGap));
    }

    long sent()
    {
        return sent;
    }
}
