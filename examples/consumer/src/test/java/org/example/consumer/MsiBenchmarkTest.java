// SPDX-License-Identifier: GPL-2.0-only
package org.example.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.novaemu.testkit.Arch;

/**
 * The benchmark's set-up and operation as a plain test, a few hundred times (JMH itself is not run here: a build
 * stays fast): every MSI wakes its thread, at the same simulated cost each round once the caches are warm.
 */
class MsiBenchmarkTest
{
    @ParameterizedTest
    @EnumSource(Arch.class)
    void everyRaiseWakesItsThreadAtASteadyCost(final Arch arch)
    {
        final MsiBenchmark b = new MsiBenchmark();
        b.arch = arch;
        b.setUp();
        final long[] cycles = new long[400];
        for (int i = 0; i < cycles.length; i++)
        {
            cycles[i] = b.raiseToWake();
            assertThat(cycles[i]).isBetween(1L, 10_000L);
            if (i >= 16)
            {
                assertThat(cycles[i]).as("raise %d", i).isEqualTo(cycles[i - 8]); // eight vectors, each once a round
            }
        }
    }
}
