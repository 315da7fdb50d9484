// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SPIs with Interrupt_Routing_Mode 1: one participating PE each time, round robin (decision A7). */
class OneOfNTest
{
    private static final int SPI = 60;

    private final GicHarness h = new GicHarness(4);

    @BeforeEach
    void oneOfN()
    {
        h.enable(false);
        h.spi(SPI, 0x80, true, 0);
        h.setGicd(GicdRegister.IROUTER, SPI, Irouter.oneOfN());
    }

    /** @return the one PE whose IRQ is asserted, -1 for none */
    private int signalled()
    {
        int pe = -1;
        for (int i = 0; i < h.pins.length; i++)
        {
            if (h.pins[i].irq)
            {
                assertThat(pe).as("only one PE is signalled").isEqualTo(-1);
                pe = i;
            }
        }
        return pe;
    }

    private int takeOnce()
    {
        h.setGicd(GicdRegister.ISPENDR, SPI / 32, 1L << SPI % 32);
        final int pe = signalled();
        if (pe >= 0)
        {
            assertThat(h.ack(pe)).isEqualTo(SPI);
            h.eoi(pe, SPI);
        }
        return pe;
    }

    @Test
    void eachTimeTheNextParticipatingPeTakesIt()
    {
        assertThat(new int[] {takeOnce(), takeOnce(), takeOnce(), takeOnce(), takeOnce()})
            .containsExactly(0, 1, 2, 3, 0);
    }

    @Test
    void aPeThatIsAsleepDisablesTheGroupOrSetsDpgDoesNotParticipate()
    {
        h.icc(2, IccRegister.IGRPEN1_EL1, 0);
        h.setGicr(3, GicrRegister.CTLR, GicrRegister.CTLR_DPG1NS.mask());
        h.setGicr(0, GicrRegister.WAKER, GicrRegister.WAKER_PROCESSOR_SLEEP.mask());
        assertThat(new int[] {takeOnce(), takeOnce(), takeOnce()}).containsExactly(1, 1, 1);
        assertThat(h.gicr(3, GicrRegister.CTLR) & GicrRegister.CTLR_DPG1NS.mask()).isNotZero();
    }

    @Test
    void withNoParticipatingPeItWaitsForOne()
    {
        for (int pe = 0; pe < 4; pe++)
        {
            h.icc(pe, IccRegister.IGRPEN1_EL1, 0);
        }
        assertThat(takeOnce()).isEqualTo(-1);
        assertThat(h.spiPending(SPI)).isTrue();
        h.icc(2, IccRegister.IGRPEN1_EL1, 1);
        assertThat(signalled()).isEqualTo(2);
        assertThat(h.ack(2)).isEqualTo(SPI);
    }

    @Test
    void aPeThatStopsParticipatingHandsItsPendingSpiOn()
    {
        h.setGicd(GicdRegister.ISPENDR, SPI / 32, 1L << SPI % 32);
        assertThat(signalled()).isEqualTo(0);
        h.icc(0, IccRegister.IGRPEN1_EL1, 0);
        assertThat(signalled()).isEqualTo(1);
        assertThat(h.ack(1)).isEqualTo(SPI);
    }

    @Test
    void directRoutingAgainTakesTheNamedPe()
    {
        h.setGicd(GicdRegister.IROUTER, SPI, Irouter.to(h.gic.redistributor(3).affinity()));
        assertThat(new int[] {takeOnce(), takeOnce()}).containsExactly(3, 3);
    }
}
