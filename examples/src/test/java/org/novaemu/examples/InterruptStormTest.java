// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.devices.MultiQueueDevice;
import org.novaemu.sim.EventHandler;

/**
 * An interrupt storm on one vector (a device raising it every 150 cycles, faster than its thread can take
 * it) does not starve the others: the local APIC's IRR holds one pending bit per vector, so the storm
 * costs the CPU at most one interrupt entry per step; every other vector, on the stormed CPU too, is still
 * delivered, each interrupt exactly once, within the storm thread's budget, and the other CPUs do not
 * notice.
 */
class InterruptStormTest
{
    private static final int CPUS = 4;
    private static final int VECTORS = 4;

    @Test
    void aStormOnOneVectorDoesNotStarveTheOthers()
    {
        final MsiScenario s = new MsiScenario(Arch.X86, new MsiScenario.Config(CPUS, 8, VECTORS, 20_000, 1, 3), false);
        assertThat(s.setUp()).isTrue();
        final MultiQueueDevice stormy = s.device(0); // its queue 0 is vector 0, on CPU 0
        final long start = s.machine().engine().now();
        final long end = start + 8_000_000; // 4 ms
        s.machine().engine().post(start, new EventHandler()
        {
            @Override
            public void onEvent(final long arg)
            {
                stormy.raise(0);
                if (s.machine().engine().now() + 150 < end)
                {
                    s.machine().engine().postAfter(150, this, 0);
                }
            }
        }, 0);
        s.machine().engine().runUntil(end);
        s.stop();

        final DriverThreads driver = s.driver();
        final long storm = stormy.raised(0);
        assertThat(storm).isGreaterThan(50_000);
        // Coalesced in the IRR: the storm's thread sees far fewer interrupts than were raised, and still many.
        assertThat(driver.deliveredTo(0)).isBetween(1_000L, storm / 2);
        long others = 0;
        for (int g = 1; g < 8 * VECTORS; g++)
        {
            final long raised = s.device(g / VECTORS).raised(g % VECTORS);
            assertThat(raised).as("vector %d raised", g).isPositive();
            assertThat(driver.deliveredTo(g)).as("vector %d delivered", g).isEqualTo(raised);
            others += raised;
            final long bound = g % CPUS == 0
                ? 2_100_000 // on the stormed CPU: within the storm thread's budget (1 ms = 2,000,000 cycles)
                : 5_000;         // elsewhere: as on an idle machine
            assertThat(driver.worstLatency(g)).as("vector %d worst latency", g).isLessThan(bound);
        }
        assertThat(others).isGreaterThan(1_000);
        assertThat(s.result().wrongCpu()).isZero();
    }
}
