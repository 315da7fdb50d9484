// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.novaemu.Allocations;

/** The benchmark measures what it says: every operation is one interrupt that reaches a driver thread. */
class MsiDeliveryBenchmarkTest
{
    @ParameterizedTest
    @CsvSource({"1, 1", "64, 16", "4096, 16", "65536, 1"})
    void everyOperationDeliversOneInterrupt(final int sources, final int cpus)
    {
        final MsiDeliveryBenchmark b = new MsiDeliveryBenchmark();
        b.sources = sources;
        b.cpus = cpus;
        b.setUp();
        final int ops = Math.min(2 * sources, 5_000);
        for (int i = 0; i < ops; i++)
        {
            b.deliver();
        }
        assertThat(b.handled()).isEqualTo(ops);
        assertThat(b.machine().vtd().faults()).isZero();
        assertThat(b.machine().platform().interrupts().spurious()).isZero();
        assertThat(b.machine().platform().interrupts().taken()).isEqualTo(ops);
    }

    @Test
    void theWholePathFromDeviceToDriverAllocatesNothing()
    {
        final MsiDeliveryBenchmark b = new MsiDeliveryBenchmark();
        b.sources = 64;
        b.cpus = 4;
        b.setUp();
        // 200,000 interrupts: one object each would be megabytes; what is left is the engine's one-time growth.
        assertThat(Allocations.allocatedBy(b::deliver)).isLessThan(16 * 1024);
    }
}
