// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.novaemu.arm.ArmMachine;

/**
 * The demo's one root task on both architectures (A200, A201): on Arm every MSI reaches its driver thread through
 * the ITS, past the SMMU, and for the same seed and topology both raise and deliver exactly the same interrupts.
 */
class BothArchitecturesTest
{
    private static final MsiScenario.Config SMALL = new MsiScenario.Config(8, 12, 6, 20_000, 2_000_000, 7);

    @Test
    void theSameSeedAndTopologyRaiseAndDeliverTheSameInterruptsOnBoth()
    {
        final MsiScenario.Result x86 = MsiScenario.run(Arch.X86, SMALL, false);
        final MsiScenario.Result arm = MsiScenario.run(Arch.ARM, SMALL, false);
        assertThat(x86.failure()).isNull();
        assertThat(arm.failure()).isNull();
        assertThat(arm.raised()).isPositive().isEqualTo(x86.raised());
        assertThat(arm.delivered()).isEqualTo(x86.delivered()).isEqualTo(arm.raised());
        assertThat(arm.minPerCpu()).isEqualTo(x86.minPerCpu());
        assertThat(arm.maxPerCpu()).isEqualTo(x86.maxPerCpu());
        assertThat(arm.wrongCpu()).isZero();
        assertThat(arm.spurious()).isZero();
        assertThat(arm.iommuFaults()).as("SMMU events and ITS failures").isZero();
        // The same calls, less x86's PIO space and plus Arm's doorbell mapping.
        assertThat(arm.hypercalls()).isEqualTo(x86.hypercalls());
        // Each architecture's own kernel paths: the counts agree, the times need not.
        assertThat(arm.latency().getTotalCount()).isEqualTo(x86.latency().getTotalCount());
    }

    @Test
    void anotherSeedAndTopologyAgreeToo()
    {
        final MsiScenario.Config c = new MsiScenario.Config(4, 6, 4, 15_000, 1_000_000, 11);
        final MsiScenario.Result x86 = MsiScenario.run(Arch.X86, c, false);
        final MsiScenario.Result arm = MsiScenario.run(Arch.ARM, c, false);
        assertThat(arm.failure()).isNull();
        assertThat(arm.raised()).isPositive().isEqualTo(x86.raised());
        assertThat(arm.lost()).isZero();
        assertThat(x86.lost()).isZero();
        assertThat(arm.iommuFaults()).isZero();
    }

    @Test
    void onArmEachDeviceDmasThroughTheSmmuAndSignalsThroughTheIts()
    {
        final MsiScenario s = new MsiScenario(Arch.ARM, new MsiScenario.Config(4, 3, 4, 20_000, 1, 3), false);
        assertThat(s.runEachFor(400_000)).isTrue();
        final ArmMachine m = (ArmMachine) s.machine();
        assertThat(s.result().delivered()).isPositive().isEqualTo(s.result().raised());
        assertThat(m.its().translated()).as("every MSI an LPI").isEqualTo(s.result().raised());
        assertThat(m.smmuDriver().eventsHandled()).isZero();
        for (int d = 0; d < 3; d++)
        {
            assertThat(s.device(d).raised()).as("device %d", d).isPositive();
        }
    }

    @Test
    void archOptionNamesTheValidValues()
    {
        assertThat(Demo.parse(new String[] {}).arches()).containsExactly(Arch.X86, Arch.ARM);
        assertThat(Demo.parse(new String[] {"--arch", "arm"}).arches()).containsExactly(Arch.ARM);
        assertThat(Demo.parse(new String[] {"--arch", "x86", "--cpus", "4", "--devices", "3"}).arches())
            .containsExactly(Arch.X86);
        assertThat(Demo.parse(new String[] {"--arch", "both"}).arches()).containsExactly(Arch.X86, Arch.ARM);
        assertThatThrownBy(() -> Demo.parse(new String[] {"--arch", "riscv"}))
            .hasMessage("--arch must be x86, arm or both, was riscv");
        assertThatThrownBy(() -> Demo.parse(new String[] {"--arch"})).hasMessageContaining("--arch needs a value");
        // 513 vectors: x86 takes them (on enough CPUs), a device's ITT on Arm has 512 EventIDs.
        assertThatThrownBy(() -> Demo.parse(new String[] {"--cpus", "16", "--devices", "1", "--vectors", "513"}))
            .hasMessageContaining("aarch64").hasMessageContaining("512 EventIDs");
        assertThat(Demo.parse(new String[] {"--arch", "x86", "--cpus", "16", "--devices", "1", "--vectors", "513"})
            .config().vectors()).isEqualTo(513);
        // The SMMU's 16 StreamID bits hold one segment's requester IDs.
        assertThatThrownBy(() -> Demo.parse(new String[] {"--arch", "arm", "--segments", "2"}))
            .hasMessageContaining("aarch64: segments: 2");
        assertThat(Demo.parse(new String[] {"--arch", "x86", "--segments", "2"}).config().segments()).isEqualTo(2);
    }

    @Test
    void theTableHasAColumnPerArchitecture()
    {
        final MsiScenario.Config c = new MsiScenario.Config(2, 2, 2, 20_000, 200_000, 1);
        final String t = Demo.table(List.of(Arch.X86, Arch.ARM),
            List.of(MsiScenario.run(Arch.X86, c, false), MsiScenario.run(Arch.ARM, c, false)), List.of(1.0, 1.0));
        assertThat(t.lines().findFirst().orElseThrow()).contains("x86_64").contains("aarch64");
        assertThat(t).containsPattern("(?m)^ +lost +0 +0$");
    }
}
