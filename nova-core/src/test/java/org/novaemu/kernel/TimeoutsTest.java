// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.novaemu.sim.Engine;

/** A CPU's timeout heap: deadline order, first come first served on ties, removal anywhere, growth. */
class TimeoutsTest
{
    private final Kernel kernel = new Kernel(TestPlatform.x86().platform(), Engine.builder().build(), Costs.X86_64);
    private long utcb = Kernel.ROOT_IMAGE_SIZE;

    private Ec ec()
    {
        utcb += 0x1000;
        return kernel.newEc(kernel.root(), 0, false, 0, 0, utcb);
    }

    @Test
    void timeoutsExpireInDeadlineOrderThenInArrivalOrder()
    {
        final Timeouts t = new Timeouts();
        final Ec a = ec();
        final Ec b = ec();
        final Ec c = ec();
        final Ec d = ec();
        assertThat(t.earliest()).isEqualTo(Long.MAX_VALUE);
        assertThat(t.add(a, 500)).isTrue();
        assertThat(t.add(b, 300)).isTrue();
        assertThat(t.add(c, 300)).isFalse(); // ties: after b
        assertThat(t.add(d, 900)).isFalse();
        assertThat(t.expired(299)).isNull();
        assertThat(t.expired(600)).isSameAs(b);
        assertThat(t.expired(600)).isSameAs(c);
        assertThat(t.expired(600)).isSameAs(a);
        assertThat(t.expired(600)).isNull();
        assertThat(t.earliest()).isEqualTo(900);
        // A new deadline moves an EC; a removed one never expires.
        t.add(d, 100);
        assertThat(t.size()).isEqualTo(1);
        t.remove(d);
        t.remove(d);
        assertThat(t.size()).isZero();
        assertThat(t.expired(Long.MAX_VALUE)).isNull();
    }

    @Test
    void sixtyRandomTimeoutsWithRemovalsComeOutSorted()
    {
        final Timeouts t = new Timeouts();
        final SplittableRandom random = new SplittableRandom(5);
        final List<Ec> ecs = new ArrayList<>();
        for (int i = 0; i < 60; i++)
        {
            final Ec e = ec();
            ecs.add(e);
            t.add(e, random.nextLong(1_000_000));
        }
        for (int i = 0; i < 60; i += 3)
        {
            t.remove(ecs.get(i));
        }
        assertThat(t.size()).isEqualTo(40);
        long last = -1;
        long arrival = -1;
        Ec e;
        int n = 0;
        while ((e = t.expired(Long.MAX_VALUE)) != null)
        {
            assertThat(e.deadline > last || e.deadline == last && e.arrival > arrival).isTrue();
            assertThat(e.timeoutIndex).isEqualTo(-1);
            last = e.deadline;
            arrival = e.arrival;
            n++;
        }
        assertThat(n).isEqualTo(40);
    }

    @Test
    void aMovedTimeoutGoesBehindThoseAlreadyPendingAtItsNewDeadline()
    {
        final Timeouts t = new Timeouts();
        final Ec a = ec();
        final Ec b = ec();
        final Ec c = ec();
        assertThat(t.add(a, 200)).isTrue();
        assertThat(t.add(b, 200)).isFalse();
        assertThat(t.add(c, 100)).isTrue();
        assertThat(t.add(a, 200)).isFalse(); // a moves behind b, though it came first
        assertThat(t.add(c, 300)).isFalse(); // the earliest moves back: the timer keeps its earlier setting
        assertThat(t.size()).isEqualTo(3);
        assertThat(t.earliest()).isEqualTo(200);
        assertThat(t.expired(1_000)).isSameAs(b);
        assertThat(t.expired(1_000)).isSameAs(a);
        assertThat(t.expired(1_000)).isSameAs(c);
    }

    @Test
    void manyEcsWaitingAtOnceGrowTheListAndLeaveItReusable()
    {
        final Timeouts t = new Timeouts();
        final List<Ec> ecs = new ArrayList<>();
        for (int i = 0; i < 100; i++)
        {
            ecs.add(ec());
        }
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < ecs.size(); i++)
            {
                t.add(ecs.get(i), 1_000 - i % 10); // ten deadlines, ten ECs at each
            }
            assertThat(t.size()).isEqualTo(100);
            assertThat(ecs).allSatisfy(e -> assertThat(e.timeoutIndex).isNotNegative());
            t.remove(ecs.get(50));
            assertThat(ecs.get(50).timeoutIndex).isEqualTo(-1);
            final List<Ec> order = new ArrayList<>();
            Ec e;
            while ((e = t.expired(Long.MAX_VALUE)) != null)
            {
                order.add(e);
            }
            assertThat(order).hasSize(99).doesNotContain(ecs.get(50));
            // Deadline 991 first: the ECs 9, 19, ... 99, in the order they arrived.
            assertThat(order.subList(0, 10)).containsExactly(ecs.get(9), ecs.get(19), ecs.get(29), ecs.get(39),
                ecs.get(49), ecs.get(59), ecs.get(69), ecs.get(79), ecs.get(89), ecs.get(99));
            assertThat(ecs).allSatisfy(x -> assertThat(x.timeoutIndex).isEqualTo(-1));
            assertThat(t.size()).isZero();
        }
    }
}
