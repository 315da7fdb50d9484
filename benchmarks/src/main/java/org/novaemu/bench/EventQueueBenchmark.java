// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.novaemu.sim.EventHandler;
import org.novaemu.sim.EventQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The event queue in the "hold" model: a fixed number of pending events; each operation fires the
 * earliest, whose handler schedules its successor at a random delay. {@code post}: one-shot events;
 * {@code timer}: each of {@code pending} timers re-arms itself, as device timers do.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EventQueueBenchmark
{
    @Param({"16", "1024", "65536"})
    int pending;

    @Param({"post", "timer"})
    String kind;

    private static final int DELAYS = 1 << 16;
    private final long[] delays = new long[DELAYS];
    private int next;
    private EventQueue queue;
    private int[] timers;

    /** Builds the machine this benchmark measures, once per trial. */
    @Setup(Level.Trial)
    public void setUp()
    {
        final SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < DELAYS; i++)
        {
            delays[i] = 1 + rnd.nextLong(2 * pending); // mean gap keeps ~1 event per cycle of simulated time
        }
        queue = new EventQueue();
        if ("post".equals(kind))
        {
            final EventHandler[] self = new EventHandler[1];
            self[0] = arg -> queue.post(queue.now() + delays[next++ & (DELAYS - 1)], self[0], arg);
            for (int i = 0; i < pending; i++)
            {
                queue.post(delays[i & (DELAYS - 1)], self[0], i);
            }
        }
        else
        {
            timers = new int[pending];
            final EventHandler rearm = arg -> queue.arm(timers[(int) arg], queue.now() + delays[next++ & (DELAYS - 1)]);
            for (int i = 0; i < pending; i++)
            {
                timers[i] = queue.newTimer(rearm, i);
                queue.arm(timers[i], delays[i & (DELAYS - 1)]);
            }
        }
    }

    /** @return whether an event fired (always) */
    @Benchmark
    public boolean hold()
    {
        return queue.fireNext(Long.MAX_VALUE - 1);
    }
}
