// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The CPU interface's system registers: reset, masks, acknowledge, priority drop and deactivation, preemption. */
class GicCpuInterfaceTest
{
    private final GicHarness h = new GicHarness(2);

    private void pend(final int intid)
    {
        h.setGicd(GicdRegister.ISPENDR, intid / 32, 1L << intid % 32);
    }

    @Test
    void registersResetAsDeclared()
    {
        for (final IccRegister r : IccRegister.values())
        {
            if (r.readable() && r != IccRegister.IAR0_EL1 && r != IccRegister.IAR1_EL1)
            {
                final long expected = r == IccRegister.HPPIR0_EL1 || r == IccRegister.HPPIR1_EL1 ? 1023 : r.reset();
                assertThat(h.icc(0, r)).as(r.name()).isEqualTo(expected);
            }
        }
        // The architected values, not the declaration's: SRE_EL1 SRE, DFB, DIB set; SRE_EL2 with Enable too.
        assertThat(h.icc(0, IccRegister.SRE_EL1)).isEqualTo(0x7);
        assertThat(h.icc(0, IccRegister.SRE_EL2)).isEqualTo(0xf);
        final long ctlr = h.icc(0, IccRegister.CTLR_EL1);
        assertThat(IccRegister.CTLR_PRI_BITS.extract(ctlr)).isEqualTo(4); // five priority bits
        assertThat(IccRegister.CTLR_ID_BITS.extract(ctlr)).isZero(); // 16 INTID bits
        assertThat(IccRegister.CTLR_RSS.isSet(ctlr)).isTrue();
        assertThat(IccRegister.CTLR_A3V.isSet(ctlr)).isTrue();
        assertThat(h.icc(0, IccRegister.IAR1_EL1)).isEqualTo(Intid.SPURIOUS);
    }

    @Test
    void registersAreFoundByTheirEncodings()
    {
        assertThat(IccRegister.at(3, 0, 12, 12, 0)).isEqualTo(IccRegister.IAR1_EL1); // S3_0_C12_C12_0
        assertThat(IccRegister.at(3, 0, 4, 6, 0)).isEqualTo(IccRegister.PMR_EL1);
        assertThat(IccRegister.at(3, 0, 12, 11, 5)).isEqualTo(IccRegister.SGI1R_EL1);
        assertThat(IccRegister.at(3, 4, 12, 9, 5)).isEqualTo(IccRegister.SRE_EL2);
        assertThat(IccRegister.at(3, 0, 12, 9, 1)).isNull(); // AP1R1: not with five priority bits
        assertThat(IccRegister.at(3, 6, 12, 12, 4)).isNull(); // ICC_CTLR_EL3: no EL3
        assertThat(IccRegister.DIR_EL1.readable()).isFalse();
        assertThat(IccRegister.RPR_EL1.writable()).isFalse();
    }

    @Test
    void writableFieldsKeepOnlyTheirImplementedBits()
    {
        h.icc(0, IccRegister.PMR_EL1, 0xffff);
        assertThat(h.icc(0, IccRegister.PMR_EL1)).isEqualTo(0xf8);
        h.icc(0, IccRegister.BPR0_EL1, 0);
        h.icc(0, IccRegister.BPR1_EL1, 1);
        assertThat(h.icc(0, IccRegister.BPR0_EL1)).isEqualTo(2); // below the minimum: the minimum
        assertThat(h.icc(0, IccRegister.BPR1_EL1)).isEqualTo(3);
        h.icc(0, IccRegister.CTLR_EL1, -1L);
        assertThat(h.icc(0, IccRegister.CTLR_EL1)).isEqualTo(IccRegister.CTLR_RESET | 0x3); // PMHE stays 0
        h.icc(0, IccRegister.SRE_EL1, 0);
        assertThat(h.icc(0, IccRegister.SRE_EL1)).isEqualTo(7);
        h.icc(0, IccRegister.RPR_EL1, 0); // read-only
        assertThat(h.icc(0, IccRegister.RPR_EL1)).isEqualTo(0xff);
    }

    @Test
    void withCommonBinaryPointBpr1ReadsBpr0PlusOneAndIgnoresWrites()
    {
        h.icc(0, IccRegister.BPR0_EL1, 4);
        h.icc(0, IccRegister.CTLR_EL1, IccRegister.CTLR_CBPR.mask());
        assertThat(h.icc(0, IccRegister.BPR1_EL1)).isEqualTo(5);
        h.icc(0, IccRegister.BPR1_EL1, 7);
        h.icc(0, IccRegister.CTLR_EL1, 0);
        assertThat(h.icc(0, IccRegister.BPR1_EL1)).isEqualTo(3);
    }

    @Test
    void thePriorityMaskHoldsBackEqualAndLowerPriorities()
    {
        h.enable(false);
        h.spi(40, 0x80, true, 0);
        h.icc(0, IccRegister.PMR_EL1, 0x80);
        pend(40);
        assertThat(h.pins[0].irq).isFalse();
        assertThat(h.icc(0, IccRegister.HPPIR1_EL1)).isEqualTo(40); // HPPIR ignores the mask
        assertThat(h.ack(0)).isEqualTo(Intid.SPURIOUS);
        h.icc(0, IccRegister.PMR_EL1, 0x88);
        assertThat(h.pins[0].irq).isTrue();
    }

    @Test
    void eoiModeZeroDropsPriorityAndDeactivates()
    {
        h.enable(false);
        h.spi(40, 0x80, true, 0);
        pend(40);
        assertThat(h.ack(0)).isEqualTo(40);
        assertThat(h.icc(0, IccRegister.RPR_EL1)).isEqualTo(0x80);
        assertThat(h.icc(0, IccRegister.AP1R0_EL1)).isEqualTo(1L << (0x80 >> 3));
        assertThat(h.spiActive(40)).isTrue();
        h.eoi(0, 40);
        assertThat(h.icc(0, IccRegister.RPR_EL1)).isEqualTo(0xff);
        assertThat(h.spiActive(40)).isFalse();
        h.dir(0, 40); // DIR with EOImode 0 does nothing
        assertThat(h.spiActive(40)).isFalse();
    }

    @Test
    void eoiModeOneSplitsPriorityDropFromDeactivation()
    {
        h.enable(true);
        h.spi(40, 0x80, true, 0);
        h.spi(41, 0x80, true, 0);
        pend(40);
        assertThat(h.ack(0)).isEqualTo(40);
        h.eoi(0, 40);
        assertThat(h.icc(0, IccRegister.RPR_EL1)).isEqualTo(0xff); // the priority dropped
        assertThat(h.spiActive(40)).isTrue(); // still active
        pend(40);
        assertThat(h.pins[0].irq).isFalse(); // active and pending: not signalled again
        pend(41);
        assertThat(h.ack(0)).isEqualTo(41); // the same priority is taken again after the drop
        h.eoi(0, 41);
        h.dir(0, 41);
        h.dir(0, 40);
        assertThat(h.spiActive(40)).isFalse();
        assertThat(h.ack(0)).isEqualTo(40); // its pending state now forwarded
    }

    @Test
    void aHigherGroupPriorityPreemptsAndBinaryPointDecidesWhatIsHigher()
    {
        h.enable(false);
        h.spi(40, 0x90, true, 0);
        h.spi(41, 0x88, true, 0);
        pend(40);
        assertThat(h.ack(0)).isEqualTo(40);
        assertThat(h.icc(0, IccRegister.RPR_EL1)).isEqualTo(0x90);
        h.icc(0, IccRegister.BPR1_EL1, 5); // group priority bits 7:5: 0x88 and 0x90 are both 0x80
        pend(41);
        assertThat(h.pins[0].irq).isFalse();
        assertThat(h.ack(0)).isEqualTo(Intid.SPURIOUS);
        h.icc(0, IccRegister.BPR1_EL1, 4); // bits 7:4: 0x80 is higher than 0x90
        assertThat(h.pins[0].irq).isTrue();
        assertThat(h.ack(0)).isEqualTo(41);
        assertThat(h.icc(0, IccRegister.RPR_EL1)).isEqualTo(0x80);
        assertThat(h.icc(0, IccRegister.AP1R0_EL1)).isEqualTo(1L << (0x90 >> 3) | 1L << (0x80 >> 3));
        h.eoi(0, 41); // drops the highest active priority first
        assertThat(h.icc(0, IccRegister.RPR_EL1)).isEqualTo(0x90);
        h.eoi(0, 40);
        assertThat(h.icc(0, IccRegister.RPR_EL1)).isEqualTo(0xff);
    }

    @Test
    void equalPrioritiesGoLowestIntidFirstAndHigherPrioritiesFirstOfAll()
    {
        h.enable(false);
        h.spi(70, 0x40, true, 0);
        h.spi(45, 0x40, true, 0);
        h.spi(33, 0x60, true, 0);
        h.ppi(0, 20, 0x40);
        pend(70);
        pend(45);
        pend(33);
        h.setGicr(0, GicrRegister.ISPENDR, 1 << 20);
        final int[] order = new int[4];
        for (int i = 0; i < 4; i++)
        {
            order[i] = h.ack(0);
            h.eoi(0, order[i]);
        }
        assertThat(order).containsExactly(20, 45, 70, 33);
    }

    @Test
    void groupZeroIsFiqAndIar1DoesNotTakeIt()
    {
        h.enable(false);
        h.spi(40, 0x80, true, 0);
        h.setGicd(GicdRegister.IGROUPR, 1, 0); // INTID 40 back to group 0
        pend(40);
        assertThat(h.pins[0].fiq).isTrue();
        assertThat(h.pins[0].irq).isFalse();
        assertThat(h.ack(0)).isEqualTo(Intid.SPURIOUS);
        assertThat(h.icc(0, IccRegister.HPPIR1_EL1)).isEqualTo(Intid.SPURIOUS);
        assertThat(h.icc(0, IccRegister.HPPIR0_EL1)).isEqualTo(40);
        assertThat(h.icc(0, IccRegister.IAR0_EL1)).isEqualTo(40);
        assertThat(h.pins[0].fiq).isFalse();
        h.eoi(0, 40); // EOIR1 for a group 0 priority: ignored
        assertThat(h.icc(0, IccRegister.RPR_EL1)).isEqualTo(0x80);
        h.icc(0, IccRegister.EOIR0_EL1, 40);
        assertThat(h.icc(0, IccRegister.RPR_EL1)).isEqualTo(0xff);
        assertThat(h.spiActive(40)).isFalse();
    }

    @Test
    void aGroupDisabledAtTheCpuInterfaceLetsTheOtherGroupThrough()
    {
        h.enable(false);
        h.spi(40, 0x40, true, 0);
        h.spi(41, 0x80, true, 0);
        h.setGicd(GicdRegister.IGROUPR, 1, 1 << 9); // 40 group 0, 41 group 1
        pend(40);
        pend(41);
        h.icc(0, IccRegister.IGRPEN0_EL1, 0);
        assertThat(h.pins[0].fiq).isFalse();
        assertThat(h.pins[0].irq).isTrue();
        assertThat(h.ack(0)).isEqualTo(41);
    }

    @Test
    void endOfInterruptForSpecialOrUnknownIntidsChangesNothing()
    {
        h.enable(false);
        h.spi(40, 0x80, true, 0);
        pend(40);
        h.ack(0);
        h.eoi(0, Intid.SPURIOUS);
        h.eoi(0, 900); // not an implemented SPI
        h.eoi(0, 9000); // LPIs are not enabled
        assertThat(h.icc(0, IccRegister.RPR_EL1)).isEqualTo(0x80);
        assertThat(h.spiActive(40)).isTrue();
        h.icc(1, IccRegister.EOIR1_EL1, 40); // no active priority on PE 1: nothing to drop
        assertThat(h.spiActive(40)).isTrue();
    }

    @Test
    void activePrioritiesCanBeSavedAndRestored()
    {
        h.enable(false);
        h.icc(0, IccRegister.AP1R0_EL1, 1L << 4);
        assertThat(h.icc(0, IccRegister.RPR_EL1)).isEqualTo(0x20);
        h.icc(0, IccRegister.AP1R0_EL1, 0);
        assertThat(h.icc(0, IccRegister.RPR_EL1)).isEqualTo(0xff);
    }
}
