// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.novaemu.Allocations;
import org.novaemu.arm.ArmMachine;
import org.novaemu.x86.X86Machine;

/** The benchmark measures what it says: every operation is one interrupt that reaches a driver thread. */
class MsiDeliveryBenchmarkTest
{
    private static MsiDeliveryBenchmark benchmark(final String arch, final String sources, final int cpus)
    {
        final MsiDeliveryBenchmark b = new MsiDeliveryBenchmark();
        b.arch = arch;
        b.sources = sources;
        b.cpus = cpus;
        b.setUp();
        return b;
    }

    private static int run(final MsiDeliveryBenchmark b)
    {
        final int ops = Math.min(2 * b.count(), 5_000);
        for (int i = 0; i < ops; i++)
        {
            b.deliver();
        }
        assertThat(b.handled()).isEqualTo(ops);
        return ops;
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "64, 16", "4096, 16", "max, 1"})
    void everyOperationDeliversOneInterruptOnX86(final String sources, final int cpus)
    {
        final MsiDeliveryBenchmark b = benchmark("x86", sources, cpus);
        final int ops = run(b);
        final X86Machine m = (X86Machine) b.machine();
        assertThat(m.vtd().faults()).isZero();
        assertThat(m.platform().interrupts().spurious()).isZero();
        assertThat(m.platform().interrupts().taken()).isEqualTo(ops);
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "64, 16", "100, 3"})
    void everyOperationDeliversOneInterruptThroughTheItsOnArm(final String sources, final int cpus)
    {
        final MsiDeliveryBenchmark b = benchmark("arm", sources, cpus);
        final int ops = run(b);
        final ArmMachine m = (ArmMachine) b.machine();
        assertThat(m.its().translated()).isEqualTo(ops);
        assertThat(m.its().dropped()).isZero();
        assertThat(m.interrupts().itsFailures()).isZero();
        assertThat(m.interrupts().spurious()).isZero();
        assertThat(m.interrupts().taken()).isGreaterThanOrEqualTo(ops); // plus the kernel's own
    }

    @Test
    void maxIsEachArchitecturesLimitAndMoreIsRefused()
    {
        assertThat(MsiDeliveryBenchmark.parseSources("x86", "max")).isEqualTo(65_536);
        assertThat(MsiDeliveryBenchmark.parseSources("arm", "max")).isEqualTo(57_344).isEqualTo(4_096 * 14);
        assertThat(MsiDeliveryBenchmark.parseSources("arm", "64")).isEqualTo(64);
        assertThatThrownBy(() -> MsiDeliveryBenchmark.parseSources("arm", "65536"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sources");
        assertThatThrownBy(() -> MsiDeliveryBenchmark.parseSources("arm", "0")).hasMessageContaining("sources");
        assertThatThrownBy(() -> MsiDeliveryBenchmark.parseSources("x86", "all")).hasMessageContaining("sources");
        assertThatThrownBy(() -> MsiDeliveryBenchmark.parseSources("riscv", "64")).hasMessageContaining("arch");
    }

    @ParameterizedTest
    @CsvSource({"x86", "arm"})
    void theWholePathFromDeviceToDriverAllocatesNothing(final String arch)
    {
        final MsiDeliveryBenchmark b = benchmark(arch, "64", 4);
        // 200,000 interrupts: one object each would be megabytes; what is left is the engine's one-time growth.
        assertThat(Allocations.allocatedBy(b::deliver)).isLessThan(16 * 1024);
    }
}
