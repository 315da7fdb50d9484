// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
    void theSameRunGivesTheSameCounts()
    {
        assertThat(ArmScenario.run(2).wakes()).containsExactly(ArmScenario.run(2).wakes());
    }
}
