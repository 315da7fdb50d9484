// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The firmware's PSCI functions NOVA calls: version, features, off, reset and suspend (A34). */
class PsciTest
{
    @Test
    void versionAndFeaturesAnswerAsTheFirmwareIsBuilt()
    {
        final Psci old = new Psci(Psci.V0_2, false);
        assertThat(old.smc(Psci.PSCI_VERSION, 0, 0, 0)).isEqualTo(2);
        assertThat(old.smc(Psci.PSCI_FEATURES, Psci.SYSTEM_OFF, 0, 0)).isEqualTo(Psci.NOT_SUPPORTED); // 1.0 on
        assertThat(old.smc(Psci.SYSTEM_SUSPEND, 0, 0, 0)).isEqualTo(Psci.NOT_SUPPORTED);
        final Psci v11 = new Psci(Psci.V1_1, true);
        assertThat(v11.smc(Psci.PSCI_FEATURES, Psci.SYSTEM_SUSPEND, 0, 0)).isEqualTo(Psci.SUCCESS);
        assertThat(v11.smc(Psci.PSCI_FEATURES, 0xc400_0003, 0, 0)).isEqualTo(Psci.NOT_SUPPORTED); // CPU_ON
        assertThat(new Psci(Psci.V1_0, false).smc(Psci.PSCI_FEATURES, Psci.SYSTEM_SUSPEND, 0, 0))
            .isEqualTo(Psci.NOT_SUPPORTED);
        assertThat(v11.smc(0x8400_0002, 0, 0, 0)).isEqualTo(Psci.NOT_SUPPORTED); // CPU_OFF: not modelled
    }

    @Test
    void theSystemGoesOffOrResetsAndSuspensionsWakeAtOnce()
    {
        final Psci p = new Psci(Psci.V1_1, true);
        assertThat(p.power()).isEqualTo(Psci.Power.ON);
        assertThat(p.smc(Psci.SYSTEM_SUSPEND, 0, 1L << 63, 0)).isEqualTo(Psci.SUCCESS);
        assertThat(p.suspensions()).isEqualTo(1);
        assertThat(p.power()).isEqualTo(Psci.Power.ON);
        p.smc(Psci.SYSTEM_RESET, 0, 0, 0);
        assertThat(p.power()).isEqualTo(Psci.Power.RESET);
        final Psci q = new Psci(Psci.V0_2, false);
        q.smc(Psci.SYSTEM_OFF, 0, 0, 0);
        assertThat(q.power()).isEqualTo(Psci.Power.OFF);
    }

    @Test
    void suspendBeforePsci10IsRefusedByName()
    {
        assertThatThrownBy(() -> new Psci(Psci.V0_2, true)).hasMessageContaining("systemSuspend");
        assertThatThrownBy(() -> new Psci(1, false)).hasMessageContaining("version");
    }
}
