// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.arm.ArmMachine;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Program;
import org.novaemu.kernel.RootImage;
import org.novaemu.kernel.Status;

/** The Arm scenario: edge SPIs and level ESPIs on every PE wake their drivers there, as often as they should. */
class ArmScenarioTest
{
    @Test
    void everyPesEdgeWakesItsDriverOnceAndItsLevelWhileHighOnly()
    {
        final int cpus = 8;
        final ArmScenario.Result r = ArmScenario.run(cpus);
        assertThat(r.failure()).isNull();
        for (int c = 0; c < cpus; c++)
        {
            assertThat(r.wakes()[2 * c]).as("SPI of PE %d", c).isEqualTo(1);
            // High for 100,000 cycles: again after each down (deactivation) while high, then quiet; positive,
            // so on its own PE.
            assertThat(r.wakes()[2 * c + 1]).as("ESPI of PE %d", c).isGreaterThan(1).isLessThan(100);
        }
    }

    @Test
    void theReadmeSnippetWakesTheRootAfterEachDownWhileTheLineIsHigh()
    {
        final long[] wakes = {0};
        final ArmMachine m = ArmMachine.builder().cpus(4).espis(32).build();
        m.kernel().start(Program.relocated(RootImage.ENTRY, u -> {
            switch ((int) u.ip())
            {
                case 0 -> Calls.createInterruptSm(u, 1, Kernel.ROOT_PD, 40);
                case 1 -> Calls.assignInt(u, 1, 0, true, 0, 0, 2);
                default -> {
                    wakes[0] += u.ip() == 3 && Calls.status(u) == Status.SUCCESS ? 1 : 0;
                    u.charge(1_000);
                    Calls.down(u, 1, false, 0);
                }
            }
            u.setIp(Math.min(u.ip() + 1, 3));
            return Program.HYPERCALL;
        }));
        m.engine().runFor(100_000);
        assertThat(wakes[0]).isZero();
        m.spi(40).raise();
        m.engine().runFor(50_000);
        final long whileHigh = wakes[0];
        assertThat(whileHigh).isGreaterThan(10);
        m.spi(40).lower();
        m.engine().runFor(50_000);
        assertThat(wakes[0]).isLessThanOrEqualTo(whileHigh + 1); // at most the one already taken
    }

    @Test
    void theSameRunGivesTheSameCounts()
    {
        assertThat(ArmScenario.run(2).wakes()).containsExactly(ArmScenario.run(2).wakes());
    }
}
