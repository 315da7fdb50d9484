// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The firmware's PSCI functions NOVA calls: version, features, off, reset and suspend (A34); CPU_ON and
 * AFFINITY_INFO once PEs are attached (A66).
 */
class PsciTest
{
    /** Two PEs with affinities 0.0.0.0 and 0.0.1.0: what the firmware asks and what it starts. */
    private static final class TwoPes implements Psci.Cores
    {
        final Psci.AffinityState[] states = {Psci.AffinityState.ON, Psci.AffinityState.OFF};
        long entry;
        long context;

        @Override
        public int find(final long affinity)
        {
            final long a = affinity & 0xff_00ff_ffffL;
            return a == 0 ? 0 : a == 0x100 ? 1 : -1;
        }

        @Override
        public Psci.AffinityState state(final int pe)
        {
            return states[pe];
        }

        @Override
        public void powerOn(final int pe, final long at, final long value)
        {
            states[pe] = Psci.AffinityState.ON_PENDING;
            entry = at;
            context = value;
        }
    }

    @Test
    void cpuOnStartsAnOffPeOnceAndAffinityInfoReportsItsState()
    {
        final Psci p = new Psci(Psci.V1_1, false);
        assertThat(p.smc(Psci.CPU_ON, 0x100, 0x8000, 7)).isEqualTo(Psci.NOT_SUPPORTED); // no PEs attached yet
        final TwoPes pes = new TwoPes();
        p.attach(pes);
        assertThat(p.smc(Psci.PSCI_FEATURES, Psci.CPU_ON, 0, 0)).isEqualTo(Psci.SUCCESS);
        assertThat(p.smc(Psci.PSCI_FEATURES, Psci.AFFINITY_INFO_32, 0, 0)).isEqualTo(Psci.SUCCESS);
        assertThat(p.smc(Psci.AFFINITY_INFO, 0x100, 0, 0)).isEqualTo(1); // OFF
        assertThat(p.smc(Psci.CPU_ON, 0x8000_0000_0000_0100L, 0x4000_8000L, -1)).isEqualTo(Psci.SUCCESS);
        assertThat(pes.entry).isEqualTo(0x4000_8000L);
        assertThat(pes.context).isEqualTo(-1);
        assertThat(p.smc(Psci.AFFINITY_INFO_32, 0x100, 0, 0)).isEqualTo(2); // ON_PENDING
        assertThat(p.smc(Psci.CPU_ON, 0x100, 0x4000_8000L, 0)).isEqualTo(Psci.ON_PENDING);
        assertThat(p.smc(Psci.CPU_ON, 0, 0x4000_8000L, 0)).isEqualTo(Psci.ALREADY_ON);
        assertThat(p.smc(Psci.CPU_ON, 0x1_0000, 0x4000_8000L, 0)).isEqualTo(Psci.INVALID_PARAMETERS);
        assertThat(p.smc(Psci.AFFINITY_INFO, 0, 1, 0)).isEqualTo(Psci.INVALID_PARAMETERS); // level 1
        assertThat(p.smc(Psci.AFFINITY_INFO, 0, 0, 0)).isZero(); // ON
        assertThatThrownBy(() -> p.attach(null)).hasMessageContaining("pes");
    }

    @Test
    void smc32CallsSeeOnlyTheLowWordsOfTheirArguments()
    {
        final Psci p = new Psci(Psci.V0_2, false);
        final TwoPes pes = new TwoPes();
        p.attach(pes);
        assertThat(p.smc(Psci.CPU_ON_32, 0xffff_0000_0000_0100L, 0x1_4000_8000L, 0x2_0000_0003L))
            .isEqualTo(Psci.SUCCESS);
        assertThat(pes.entry).isEqualTo(0x4000_8000L);
        assertThat(pes.context).isEqualTo(3);
    }

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
