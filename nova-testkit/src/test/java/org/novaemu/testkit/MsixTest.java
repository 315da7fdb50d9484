// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novaemu.testkit.NovaAssertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * MSI-X vectors bound with the kit's helpers reach their interrupt threads on the CPUs assign_int named, on both
 * machines, and the interceptor sees each delivery go to the thread's EC.
 */
class MsixTest
{
    @ParameterizedTest
    @EnumSource(Arch.class)
    void eachVectorWakesItsThreadOnItsCpu(final Arch arch)
    {
        final TestBed bed = TestBed.of(arch, 4, 2, 2);
        bed.interceptor(); // records from here
        final RootScript root = bed.root();
        final DriverPd driver = root.driverPd();
        final IrqThread[] t = new IrqThread[4];
        for (int g = 0; g < 4; g++)
        {
            t[g] = root.msix(driver, bed.device(g / 2), g % 2, g, null);
        }
        root.run(50_000_000);
        for (int g = 0; g < 4; g++)
        {
            final long raisedAt = bed.now();
            bed.device(g / 2).raise(g % 2);
            final IrqThread thread = t[g];
            bed.runUntil(() -> thread.wakes() == 1, "thread " + g + " waking", 1_000_000);
            assertThat(thread.lastCpu()).isEqualTo(g);
            assertThat(bed.interceptor()).delivered(thread, raisedAt, 20_000);
        }
        assertThat(bed.interceptor().deliveries()).hasSize(4);
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void aFunctionsMsiWakesItsThreadToo(final Arch arch)
    {
        final TestBed bed = TestBed.of(arch, 2, 1, 1);
        bed.interceptor();
        final IrqThread t = bed.root().msi(bed.root().driverPd(), bed.device(0), 1, null);
        bed.root().run(50_000_000);
        final long raisedAt = bed.now();
        bed.device(0).raise(0);
        bed.runUntil(() -> t.wakes() == 1, "the MSI waking its thread", 1_000_000);
        assertThat(t.lastCpu()).isEqualTo(1);
        assertThat(bed.interceptor()).delivered(t, raisedAt, 20_000);
        assertThat(bed.device(0).msi().enabled()).isTrue();
        assertThat(bed.device(0).msix().enabled()).isFalse();
    }
}
