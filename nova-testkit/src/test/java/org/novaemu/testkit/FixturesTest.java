// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The MSI fixture (a user's JMH benchmark's set-up): every vector fires into its own thread on its CPU. */
class FixturesTest
{
    @ParameterizedTest
    @EnumSource(Arch.class)
    void fireRaisesEachVectorInTurnAndReturnsItsLatency(final Arch arch)
    {
        final Fixtures.Msi f = Fixtures.msi(arch, 4, 2, 3);
        for (int i = 0; i < 12; i++)
        {
            assertThat(f.fire()).isPositive().isLessThan(100_000);
        }
        for (int d = 0; d < 2; d++)
        {
            for (int v = 0; v < 3; v++)
            {
                assertThat(f.thread(d, v).wakes()).isEqualTo(2);
                assertThat(f.thread(d, v).lastCpu()).isEqualTo((d * 3 + v) % 4);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void fireAllocatesNothingAfterWarmUp(final Arch arch)
    {
        final com.sun.management.ThreadMXBean mx =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final Fixtures.Msi f = Fixtures.msi(arch, 4, 2, 4);
        for (int i = 0; i < 20_000; i++) // warm-up: the JIT compiles the path
        {
            f.fire();
        }
        final long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 20_000; i++)
        {
            f.fire();
        }
        // An interceptor would add two records (some 80 bytes) per interrupt, 1.6 MB here; a lambda per fire 24
        // bytes, 480 KB. The bound leaves room for what the JIT itself may allocate on the thread now and then.
        assertThat(mx.getCurrentThreadAllocatedBytes() - before).as("bytes").isLessThan(64 * 1024);
    }
}
