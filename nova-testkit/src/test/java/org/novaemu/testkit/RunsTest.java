// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Kernel;

/** Run-until a condition or idle, within a budget, failing loudly with the condition's name. */
@NovaMachine(cpus = 2)
class RunsTest
{
    @Test
    void aConditionThatNeverHoldsFailsNamingItWhenTheBudgetRunsOut(final TestBed bed)
    {
        assertThatThrownBy(() -> bed.runUntil(() -> false, "the moon turning blue", 5_000))
            .isInstanceOf(AssertionError.class)
            .hasMessageStartingWith("the moon turning blue did not happen within 5000 cycles");
        assertThat(bed.now()).isEqualTo(5_000);
    }

    @Test
    void aConditionThatHoldsStopsTheRunWithinASlice(final TestBed bed)
    {
        final long ran = bed.runUntil(() -> bed.now() >= 1_234, "cycle 1234", 100_000);
        assertThat(ran).isBetween(1_234L, 1_234L + Runs.SLICE);
    }

    @Test
    void aMachineWhoseRootParksBecomesIdle(final TestBed bed, final RootScript root)
    {
        root.call("create_sm", u -> Calls.createSm(u, 1, Kernel.ROOT_PD, 0)).what();
        root.start();
        assertThat(Runs.idle(bed.machine())).isFalse();
        bed.runUntilIdle(1_000_000);
        assertThat(root.finished()).isTrue();
        assertThat(Runs.idle(bed.machine())).isTrue();
    }

    @Test
    @NovaMachine(arch = Arch.ARM, cpus = 3, devices = 1)
    void theMethodsAnnotationShapesItsMachine(final TestBed bed)
    {
        assertThat(bed.arch()).isEqualTo(Arch.ARM);
        assertThat(bed.machine().engine().cpuCount()).isEqualTo(3);
        assertThat(bed.devices()).hasSize(1);
    }
}
