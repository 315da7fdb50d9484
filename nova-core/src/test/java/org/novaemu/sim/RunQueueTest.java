// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The engine's run queue: lowest time first, lowest index on ties, a running CPU's clock keyed by copy. */
class RunQueueTest
{
    private final RunQueue queue = new RunQueue();

    private SimCpu cpu(final long time)
    {
        final SimCpu c = new SimCpu(null, queue.count(), cpu -> { }, 0, time);
        queue.add(c);
        return c;
    }

    @Test
    void anEmptyQueueRunsNothingUntilNever()
    {
        cpu(5);
        assertThat(queue.count()).isEqualTo(1);
        assertThat(queue.nextTime()).isEqualTo(EventQueue.NEVER);
    }

    @Test
    void theEarliestCpuRunsFirstAndTheLowestIndexOnTies()
    {
        final SimCpu a = cpu(30);
        final SimCpu b = cpu(20);
        final SimCpu c = cpu(20);
        queue.enqueue(c);
        queue.enqueue(a);
        queue.enqueue(b);
        assertThat(queue.nextTime()).isEqualTo(20);
        assertThat(queue.next()).isSameAs(b);
        queue.dequeue(b);
        assertThat(queue.next()).isSameAs(c);
        queue.dequeue(c);
        assertThat(queue.next()).isSameAs(a);
        assertThat(queue.nextTime()).isEqualTo(30);
    }

    @Test
    void aCpuKeepsItsPlaceWhileItRunsAndMovesBackWhenRequeued()
    {
        final SimCpu a = cpu(10);
        final SimCpu b = cpu(15);
        queue.enqueue(a);
        queue.enqueue(b);
        a.time = 40; // it runs: the queue still holds its old time
        assertThat(queue.next()).isSameAs(a);
        assertThat(queue.nextTime()).isEqualTo(10);
        queue.requeue(a);
        assertThat(queue.next()).isSameAs(b);
        b.time = 40;
        queue.requeue(b);
        assertThat(queue.next()).isSameAs(a); // equal times: the lower index
    }

    @Test
    void theTableGrowsBeyondItsFirstSize()
    {
        for (int i = 0; i < 100; i++)
        {
            queue.enqueue(cpu(1_000 - i));
        }
        assertThat(queue.count()).isEqualTo(100);
        assertThat(queue.cpu(99).index()).isEqualTo(99);
        assertThat(queue.next()).isSameAs(queue.cpu(99));
        assertThat(queue.nextTime()).isEqualTo(901);
    }
}
