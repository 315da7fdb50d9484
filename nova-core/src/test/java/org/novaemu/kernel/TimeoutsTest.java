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
}
