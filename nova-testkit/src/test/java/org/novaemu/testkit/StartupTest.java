// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novaemu.testkit.NovaAssertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.novaemu.kernel.Ec;

/**
 * An interrupt thread whose STARTUP a local EC of its own PD replies to (docs/decisions.md U11) starts and takes
 * interrupts as one started by the root's: one local EC per PD and CPU, in the PD, on the CPU.
 */
class StartupTest
{
    @ParameterizedTest
    @EnumSource(Arch.class)
    void aDriverThatHandlesItsOwnStartupHasALocalEcPerCpuAndItsThreadsWake(final Arch arch)
    {
        final TestBed bed = TestBed.of(arch, 2, 1, 3);
        bed.interceptor();
        final RootScript root = bed.root();
        final DriverPd own = root.driverPd(Startup.OWN_PD);
        final DriverPd byRoot = root.driverPd();
        final IrqThread a = root.msix(own, bed.device(0), 0, 1, null);
        final IrqThread b = root.msix(own, bed.device(0), 1, 1, null);
        final IrqThread c = root.msix(byRoot, bed.device(0), 2, 1, null);
        root.run(50_000_000);
        assertThat(a.startupEcSelector()).isEqualTo(b.startupEcSelector()).isNotEqualTo(c.startupEcSelector());
        final Ec handler = (Ec) bed.machine().kernel().root().obj().object(a.startupEcSelector());
        assertThat(handler.isGlobal()).isFalse();
        assertThat(handler.cpu()).isEqualTo(1);
        assertThat(handler.pd()).isSameAs(a.ec().pd()).isNotSameAs(c.ec().pd());
        final Ec rootHandler = (Ec) bed.machine().kernel().root().obj().object(c.startupEcSelector());
        assertThat(rootHandler.pd()).isSameAs(bed.machine().kernel().root());
        for (final IrqThread t : new IrqThread[] {a, b, c})
        {
            final long raisedAt = bed.now();
            bed.device(0).raise(root.threads().indexOf(t));
            bed.runUntil(() -> t.wakes() == 1, t + " waking", 1_000_000);
            assertThat(bed.interceptor()).delivered(t, raisedAt, 20_000);
        }
    }
}
