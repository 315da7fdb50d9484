// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventQueueTest
{
    private EventQueue q = new EventQueue();
    private final List<Long> fired = new ArrayList<>();
    private final EventHandler record = fired::add;

    private void drain()
    {
        while (q.fireNext(Long.MAX_VALUE - 1))
        {
            // fire everything
        }
    }

    @Test
    void firesInTimeOrder()
    {
        q.post(30, record, 3);
        q.post(10, record, 1);
        q.post(20, record, 2);
        drain();
        assertThat(fired).containsExactly(1L, 2L, 3L);
        assertThat(q.now()).isEqualTo(30);
        assertThat(q.firedCount()).isEqualTo(3);
    }

    @Test
    void breaksTiesInSchedulingOrder()
    {
        for (long i = 0; i < 100; i++)
        {
            q.post(5, record, i);
        }
        drain();
        for (int i = 0; i < 100; i++)
        {
            assertThat(fired.get(i)).isEqualTo(i);
        }
    }

    @Test
    void rearmedTimerGoesBehindEventsAlreadyDueAtTheSameTime()
    {
        final int t = q.newTimer(record, 99);
        q.arm(t, 5);
        q.post(5, record, 1);
        q.arm(t, 5);
        drain();
        assertThat(fired).containsExactly(1L, 99L);
    }

    @Test
    void timerCanBeMovedEarlierAndLaterAndCancelled()
    {
        final int a = q.newTimer(record, 1);
        final int b = q.newTimer(record, 2);
        q.arm(a, 100);
        q.arm(b, 50);
        q.arm(a, 10);
        assertThat(q.deadline(a)).isEqualTo(10);
        assertThat(q.nextTime()).isEqualTo(10);
        q.arm(a, 70);
        assertThat(q.nextTime()).isEqualTo(50);
        assertThat(q.cancel(b)).isTrue();
        assertThat(q.cancel(b)).isFalse();
        assertThat(q.deadline(b)).isEqualTo(EventQueue.NEVER);
        drain();
        assertThat(fired).containsExactly(1L);
        assertThat(q.deadline(a)).isEqualTo(EventQueue.NEVER);
    }

    @Test
    void handlerMayRearmItsOwnTimer()
    {
        final int[] id = new int[1];
        id[0] = q.newTimer(arg -> {
            fired.add(q.now());
            if (q.now() < 50)
            {
                q.arm(id[0], q.now() + 10);
            }
        }, 0);
        q.arm(id[0], 10);
        drain();
        assertThat(fired).containsExactly(10L, 20L, 30L, 40L, 50L);
    }

    @Test
    void fireNextHonoursItsLimit()
    {
        q.post(10, record, 1);
        assertThat(q.fireNext(9)).isFalse();
        assertThat(q.fireNext(10)).isTrue();
        assertThat(q.fireNext(100)).isFalse();
    }

    @Test
    void timeNeverRunsBackwards()
    {
        q.post(10, record, 1);
        drain();
        assertThatThrownBy(() -> q.post(9, record, 2)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("when").hasMessageContaining("9");
        final int t = q.newTimer(record, 0);
        assertThatThrownBy(() -> q.arm(t, 3)).hasMessageContaining("when");
        q.post(10, record, 3);
        drain();
        assertThat(fired).containsExactly(1L, 3L);
    }

    @Test
    void rejectsIdsThatAreNotTimers()
    {
        q.post(1, record, 0);
        assertThatThrownBy(() -> q.arm(0, 5)).hasMessageContaining("id");
        assertThatThrownBy(() -> q.cancel(7)).hasMessageContaining("id");
        assertThatThrownBy(() -> q.newTimer(null, 0)).hasMessageContaining("handler");
    }

    @Test
    void postedSlotsAreReused()
    {
        for (int round = 0; round < 1000; round++)
        {
            q.post(round, record, round);
            drain();
        }
        assertThat(fired).hasSize(1000);
        assertThat(q.size()).isZero();
    }

    /**
     * Random arms, re-arms, cancels and posts, from outside and from inside handlers, against a plain
     * sorted-list model; small sequence limits make the queue renumber its sequences many times on the way.
     */
    @ParameterizedTest
    @ValueSource(longs = {1L << 31, 300, 7})
    void matchesReferenceModel(final long seqLimit)
    {
        new ModelCheck(new EventQueue(seqLimit)).run(20_000);
    }

    /** The queue under test beside a sorted list of {time, seq, arg}; every operation is applied to both. */
    private static final class ModelCheck
    {
        private static final int TIMERS = 200;
        private final EventQueue queue;
        private final SplittableRandom rnd = new SplittableRandom(42);
        private final List<long[]> model = new ArrayList<>();
        private final long[] seqOfTimer = new long[TIMERS];
        private final int[] ids = new int[TIMERS];
        private final List<Long> fired = new ArrayList<>();
        private final List<Long> expected = new ArrayList<>();
        private long seq;
        private final EventHandler handler;

        ModelCheck(final EventQueue queue)
        {
            this.queue = queue;
            this.handler = arg -> {
                fired.add(arg);
                // A third of the handlers reschedule from inside, while their entry still holds the root.
                for (int k = rnd.nextInt(3); k < 2; k++)
                {
                    mutate(rnd.nextInt(7));
                }
            };
            for (int i = 0; i < TIMERS; i++)
            {
                ids[i] = queue.newTimer(handler, i);
                seqOfTimer[i] = -1;
            }
        }

        void run(final int steps)
        {
            for (int step = 0; step < steps; step++)
            {
                final int op = rnd.nextInt(10);
                if (op < 7)
                {
                    mutate(op);
                }
                else
                {
                    sortModel();
                    if (!model.isEmpty())
                    {
                        final long[] e = model.remove(0);
                        expected.add(e[2]);
                        assertThat(queue.nextTime()).isEqualTo(e[0]);
                        queue.fireNext(Long.MAX_VALUE - 1);
                    }
                }
                assertThat(queue.size()).isEqualTo(model.size());
            }
            assertThat(fired).isEqualTo(expected).hasSizeGreaterThan(steps / 5);
        }

        private void sortModel()
        {
            model.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        }

        private void mutate(final int op)
        {
            final long when = queue.now() + rnd.nextInt(50);
            if (op < 4)
            {
                final int t = rnd.nextInt(TIMERS);
                model.removeIf(e -> e[2] == t && e[1] == seqOfTimer[t]);
                seqOfTimer[t] = seq;
                model.add(new long[] {when, seq++, t});
                queue.arm(ids[t], when);
                assertThat(queue.deadline(ids[t])).isEqualTo(when);
            }
            else if (op < 5)
            {
                final int t = rnd.nextInt(TIMERS);
                final boolean had = model.removeIf(e -> e[2] == t && e[1] == seqOfTimer[t]);
                assertThat(queue.cancel(ids[t])).isEqualTo(had);
            }
            else
            {
                final long arg = 1000 + seq;
                model.add(new long[] {when, seq++, arg});
                queue.post(when, handler, arg);
            }
        }
    }

    @Test
    void steadyStateAllocatesNothing()
    {
        final com.sun.management.ThreadMXBean mx =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final EventHandler nop = arg -> { };
        final int[] timers = new int[1024];
        for (int i = 0; i < timers.length; i++)
        {
            timers[i] = q.newTimer(nop, i);
            q.arm(timers[i], i);
            q.post(i, nop, i);
        }
        runHold(nop, timers, 50_000); // grow and warm up
        final long before = mx.getCurrentThreadAllocatedBytes();
        runHold(nop, timers, 200_000);
        final long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).isLessThan(1024);
    }

    private void runHold(final EventHandler nop, final int[] timers, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            q.fireNext(Long.MAX_VALUE - 1);
            final long when = q.now() + (i * 7919L) % 1000;
            if ((i & 1) == 0)
            {
                q.post(when, nop, i);
            }
            else
            {
                q.arm(timers[i & 1023], when);
            }
        }
    }
}
