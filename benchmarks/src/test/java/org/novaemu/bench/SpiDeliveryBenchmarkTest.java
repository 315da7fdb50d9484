// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.novaemu.Allocations;

/** The Arm benchmark measures what it says: every operation is one interrupt that reaches a driver thread. */
class SpiDeliveryBenchmarkTest
{
    @ParameterizedTest
    @CsvSource({"1, 1", "64, 16", "2012, 16", "2012, 1"})
    void everyOperationDeliversOneInterrupt(final int sources, final int cpus)
    {
        final SpiDeliveryBenchmark b = new SpiDeliveryBenchmark();
        b.sources = sources;
        b.cpus = cpus;
        b.setUp();
        final int ops = Math.min(2 * sources, 5_000);
        for (int i = 0; i < ops; i++)
        {
            b.deliver();
        }
        assertThat(b.handled()).isEqualTo(ops);
        assertThat(b.machine().interrupts().spurious()).isZero();
        assertThat(b.machine().interrupts().taken()).isGreaterThanOrEqualTo(ops); // plus the kernel's own
    }

    @Test
    void theSourcesAreTheSpisThenTheEspis()
    {
        assertThat(SpiDeliveryBenchmark.intid(0)).isEqualTo(32);
        assertThat(SpiDeliveryBenchmark.intid(987)).isEqualTo(1019);
        assertThat(SpiDeliveryBenchmark.intid(988)).isEqualTo(4096);
        assertThat(SpiDeliveryBenchmark.intid(SpiDeliveryBenchmark.ALL - 1)).isEqualTo(5119);
    }

    @Test
    void theWholePathFromLineToDriverAllocatesNothing()
    {
        final SpiDeliveryBenchmark b = new SpiDeliveryBenchmark();
        b.sources = 64;
        b.cpus = 4;
        b.setUp();
        assertThat(Allocations.allocatedBy(b::deliver)).isLessThan(16 * 1024);
    }
}
