// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** SGIs from ICC_SGI1R_EL1 and ICC_SGI0R_EL1: target lists, affinity levels, the range selector, IRM. */
class SgiTest
{
    /**
     * 40 PEs: Aff3.Aff2.Aff1 = 0.0.0 with Aff0 0 to 31 (more than 16 in one cluster, so RS matters), then
     * 1.2.3 with Aff0 0 to 7.
     */
    private static int[] affinities()
    {
        final int[] a = new int[40];
        for (int i = 0; i < 32; i++)
        {
            a[i] = Affinity.of(0, 0, 0, i);
        }
        for (int i = 0; i < 8; i++)
        {
            a[32 + i] = Affinity.of(1, 2, 3, i);
        }
        return a;
    }

    private final GicHarness h = new GicHarness(40, b -> b.affinities(affinities())).enable(false);

    private String pendingSgi(final int sgi)
    {
        final StringBuilder s = new StringBuilder();
        for (int pe = 0; pe < h.gic.pes(); pe++)
        {
            if ((h.gicr(pe, GicrRegister.ISPENDR) >>> sgi & 1) != 0)
            {
                s.append(pe).append(' ');
            }
        }
        return s.toString().trim();
    }

    private void sgiGroup1(final int sgi)
    {
        for (int pe = 0; pe < h.gic.pes(); pe++)
        {
            h.ppi(pe, sgi, 0x20);
        }
    }

    @Test
    void theTargetListNamesAff0WithinTheCluster()
    {
        sgiGroup1(1);
        h.icc(5, IccRegister.SGI1R_EL1, Sgi1r.targets(1, 0, 0, 0b1000_0000_0000_0101));
        assertThat(pendingSgi(1)).isEqualTo("0 2 15");
        assertThat(h.pins[2].irq).isTrue();
        assertThat(h.ack(2)).isEqualTo(1);
    }

    @Test
    void theRangeSelectorReachesAff0Above15()
    {
        sgiGroup1(2);
        h.icc(0, IccRegister.SGI1R_EL1, Sgi1r.targets(2, 0, 1, 0b11)); // Aff0 16 and 17
        assertThat(pendingSgi(2)).isEqualTo("16 17");
        h.icc(0, IccRegister.SGI1R_EL1, Sgi1r.to(2, Affinity.of(0, 0, 0, 31)));
        assertThat(pendingSgi(2)).isEqualTo("16 17 31");
    }

    @Test
    void affinityLevelsOneToThreeSelectTheCluster()
    {
        sgiGroup1(3);
        h.icc(0, IccRegister.SGI1R_EL1, Sgi1r.targets(3, Affinity.of(1, 2, 3, 0), 0, 0x1ff)); // Aff0 8 is no PE
        assertThat(pendingSgi(3)).isEqualTo("32 33 34 35 36 37 38 39");
        h.icc(0, IccRegister.SGI1R_EL1, Sgi1r.targets(4, Affinity.of(1, 2, 4, 0), 0, 0xffff)); // no such cluster
        assertThat(pendingSgi(4)).isEmpty();
    }

    @Test
    void irmSendsToEveryPeButTheSender()
    {
        sgiGroup1(5);
        h.icc(7, IccRegister.SGI1R_EL1, Sgi1r.broadcast(5) | Sgi1r.TARGET_LIST.mask());
        assertThat(pendingSgi(5).split(" ")).hasSize(39).doesNotContain("7");
    }

    @Test
    void anSgiIsGeneratedOnlyForTheGroupItIsConfiguredIn()
    {
        h.ppi(1, 6, 0x20); // group 1 on PE 1; PE 2 leaves SGI 6 in group 0
        h.setGicr(2, GicrRegister.ISENABLER, 1 << 6);
        h.icc(0, IccRegister.SGI1R_EL1, Sgi1r.targets(6, 0, 0, 0b110));
        assertThat(pendingSgi(6)).isEqualTo("1");
        h.icc(0, IccRegister.SGI0R_EL1, Sgi1r.targets(6, 0, 0, 0b110));
        assertThat(pendingSgi(6)).isEqualTo("1 2");
        assertThat(h.pins[2].fiq).isTrue();
    }

    @Test
    void anSgiToSelfIsTakenAndEndedLikeAnyOther()
    {
        sgiGroup1(0);
        h.icc(3, IccRegister.SGI1R_EL1, Sgi1r.to(0, h.gic.redistributor(3).affinity()));
        assertThat(h.ack(3)).isEqualTo(0);
        assertThat(h.gicr(3, GicrRegister.ISACTIVER) & 1).isEqualTo(1);
        h.eoi(3, 0);
        assertThat(h.gicr(3, GicrRegister.ISACTIVER) & 1).isZero();
    }
}
