// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** LPIs: configuration and pending tables in memory, the redistributor's cache of them, DirectLPI, the ITS hook. */
class LpiTest
{
    private static final long PROP = GicHarness.RAM + 0x10_0000L;
    private static final long PEND = GicHarness.RAM + 0x20_0000L;
    private static final long PEND1 = GicHarness.RAM + 0x30_0000L;

    private final GicHarness h = new GicHarness(2).enable(false);

    /** Writes LPI {@code intid}'s configuration byte: priority, bit 1 (RES1) and enable. */
    private void config(final int intid, final int priority, final boolean enabled)
    {
        h.bus.memory().write8(PROP + intid - Intid.LPI, priority & 0xfc | 2 | (enabled ? 1 : 0));
    }

    /** Points PE {@code pe}'s redistributor at the tables (16 INTID bits) and enables its LPIs. */
    private void enableLpis(final int pe, final long pendbaser)
    {
        h.setGicr(pe, GicrRegister.PROPBASER, PROP | 15);
        h.setGicr(pe, GicrRegister.PENDBASER, pendbaser);
        h.setGicr(pe, GicrRegister.CTLR, GicrRegister.CTLR_ENABLE_LPIS.mask());
    }

    @Test
    void lpisAreTakenByThePriorityTheTableGivesAndHaveNoActiveState()
    {
        config(8200, 0x40, true);
        config(8300, 0x20, true);
        enableLpis(0, PEND);
        assertThat(h.gicr(0, GicrRegister.CTLR) & GicrRegister.CTLR_ENABLE_LPIS.mask()).isNotZero();
        h.setGicr(0, GicrRegister.SETLPIR, 8200);
        h.setGicr(0, GicrRegister.SETLPIR, 8300);
        assertThat(h.pins[0].irq).isTrue();
        assertThat(h.pins[1].irq).isFalse();
        assertThat(h.icc(0, IccRegister.HPPIR1_EL1)).isEqualTo(8300);
        assertThat(h.ack(0)).isEqualTo(8300);
        assertThat(h.icc(0, IccRegister.RPR_EL1)).isEqualTo(0x20);
        assertThat(h.gic.redistributor(0).lpiPending(8300)).isFalse();
        h.eoi(0, 8300);
        assertThat(h.ack(0)).isEqualTo(8200);
        h.setGicr(0, GicrRegister.SETLPIR, 8200); // no active state: pending again at once
        assertThat(h.gic.redistributor(0).lpiPending(8200)).isTrue();
        h.eoi(0, 8200);
        assertThat(h.icc(0, IccRegister.RPR_EL1)).isEqualTo(0xff);
        assertThat(h.ack(0)).isEqualTo(8200);
    }

    @Test
    void aConfigurationChangeIsSeenOnlyAfterInvalidation()
    {
        config(8200, 0x40, true);
        config(8201, 0x80, true);
        enableLpis(0, PEND);
        config(8200, 0x40, false); // not yet seen: the redistributor cached the table at enable
        h.setGicr(0, GicrRegister.SETLPIR, 8200);
        assertThat(h.pins[0].irq).isTrue();
        h.setGicr(0, GicrRegister.INVLPIR, 8200);
        assertThat(h.pins[0].irq).isFalse();
        assertThat(h.gic.redistributor(0).lpiPending(8200)).isTrue(); // pending, but disabled
        config(8200, 0x20, true);
        h.setGicr(0, GicrRegister.SETLPIR, 8201);
        assertThat(h.icc(0, IccRegister.HPPIR1_EL1)).isEqualTo(8201);
        h.setGicr(0, GicrRegister.INVALLR, 0);
        assertThat(h.icc(0, IccRegister.HPPIR1_EL1)).isEqualTo(8200); // enabled again, and 0x20 beats 0x80
        h.setGicr(0, GicrRegister.CLRLPIR, 8200);
        assertThat(h.icc(0, IccRegister.HPPIR1_EL1)).isEqualTo(8201);
        assertThat(h.gicr(0, GicrRegister.SYNCR)).isZero(); // invalidation completes at once
    }

    @Test
    void pendingLpisAreFoundInOrderAcrossWordsAndNoneWhileLpisAreOff()
    {
        final Gicr r = h.gic.redistributor(0);
        assertThat(r.nextPendingLpi(Intid.LPI)).as("LPIs off").isEqualTo(-1);
        enableLpis(0, PEND);
        assertThat(r.nextPendingLpi(0)).isEqualTo(-1);
        for (final int i : new int[] {8192 + 63, 8192 + 64, 0xffff})
        {
            h.setGicr(0, GicrRegister.SETLPIR, i);
        }
        assertThat(r.nextPendingLpi(0)).isEqualTo(8192 + 63);
        assertThat(r.nextPendingLpi(8192 + 64)).isEqualTo(8192 + 64);
        assertThat(r.nextPendingLpi(8192 + 65)).isEqualTo(0xffff);
        assertThat(r.nextPendingLpi(0x1_0000)).isEqualTo(-1);
        h.setGicr(0, GicrRegister.CLRLPIR, 0xffff);
        assertThat(r.nextPendingLpi(8192 + 65)).isEqualTo(-1);
    }

    @Test
    void thePendingTableIsReadWhenLpisAreEnabledUnlessPtzSaysItIsZero()
    {
        config(8195, 0x40, true);
        h.bus.memory().write8(PEND + 8195 / 8, 1 << 8195 % 8);
        h.bus.memory().write8(PEND1 + 8195 / 8, 1 << 8195 % 8);
        enableLpis(0, PEND);
        enableLpis(1, PEND1 | GicrRegister.PENDBASER_PTZ.mask());
        assertThat(h.gic.redistributor(0).lpiPending(8195)).isTrue();
        assertThat(h.gic.redistributor(1).lpiPending(8195)).isFalse();
        assertThat(h.ack(0)).isEqualTo(8195);
        assertThat(h.gicr(1, GicrRegister.PENDBASER)).isEqualTo(PEND1); // PTZ reads 0
    }

    @Test
    void enableLpisStaysSetAndFreezesTheBaseRegisters()
    {
        h.setGicr(0, GicrRegister.PROPBASER, -1L);
        assertThat(h.gicr(0, GicrRegister.PROPBASER)).isEqualTo(GicrRegister.PROPBASER_WRITABLE);
        h.bus.write(h.gic.redistributorBase(0) + GicrRegister.PROPBASER.offset(), 4, PROP | 15);
        h.bus.write(h.gic.redistributorBase(0) + GicrRegister.PROPBASER.offset() + 4, 4, 0);
        assertThat(h.gicr(0, GicrRegister.PROPBASER)).isEqualTo(PROP | 15);
        h.setGicr(0, GicrRegister.PENDBASER, PEND);
        h.setGicr(0, GicrRegister.CTLR, GicrRegister.CTLR_ENABLE_LPIS.mask());
        h.setGicr(0, GicrRegister.CTLR, 0);
        assertThat(h.gicr(0, GicrRegister.CTLR) & GicrRegister.CTLR_ENABLE_LPIS.mask()).isNotZero();
        assertThat(h.gicr(0, GicrRegister.CTLR) & GicrRegister.CTLR_CES.mask()).isZero();
        h.setGicr(0, GicrRegister.PROPBASER, 0);
        h.setGicr(0, GicrRegister.PENDBASER, 0);
        assertThat(h.gicr(0, GicrRegister.PROPBASER)).isEqualTo(PROP | 15);
        assertThat(h.gicr(0, GicrRegister.PENDBASER)).isEqualTo(PEND);
    }

    @Test
    void theTablesRes1BitIsNotPendingAndPendingSurvivesEveryReRead()
    {
        config(8210, 0x40, true); // bit 1 set, as the table's RES1 bit must be
        enableLpis(0, PEND);
        h.setGicr(0, GicrRegister.INVALLR, 0);
        h.setGicr(0, GicrRegister.INVLPIR, 8210);
        assertThat(h.gic.redistributor(0).lpiPending(8210)).isFalse();
        assertThat(h.pins[0].irq).isFalse();
        h.setGicr(0, GicrRegister.SETLPIR, 8210);
        h.bus.memory().write8(PROP + 8210 - Intid.LPI, 0x41); // RES1 clear this time: pending is not the table's
        h.setGicr(0, GicrRegister.INVALLR, 0);
        h.setGicr(0, GicrRegister.INVLPIR, 8210);
        assertThat(h.gic.redistributor(0).lpiPending(8210)).isTrue();
        assertThat(h.ack(0)).isEqualTo(8210);
        assertThat(h.gic.redistributor(0).lpiPending(8210)).isFalse();
    }

    @Test
    void theItsMakesLpisPendingOnOneRedistributor()
    {
        config(8250, 0x40, true);
        enableLpis(0, PEND);
        enableLpis(1, PEND1);
        final Gicr its = h.gic.redistributor(1);
        its.setLpiPending(8250);
        assertThat(h.pins[1].irq).isTrue();
        assertThat(h.pins[0].irq).isFalse();
        its.clearLpiPending(8250);
        assertThat(h.pins[1].irq).isFalse();
        config(8250, 0x40, false);
        its.setLpiPending(8250);
        assertThat(h.pins[1].irq).isTrue(); // the cached configuration still enables it
        its.invalidateLpi(8250);
        assertThat(h.pins[1].irq).isFalse();
        config(8250, 0x40, true);
        its.invalidateAllLpis();
        assertThat(h.ack(1)).isEqualTo(8250);
    }

    @Test
    void lpisOutsideTheTablesOrBeforeEnableAreIgnored()
    {
        config(8200, 0x40, true);
        h.setGicr(0, GicrRegister.SETLPIR, 8200); // LPIs not yet enabled
        h.gic.redistributor(0).setLpiPending(8200);
        h.setGicr(0, GicrRegister.PROPBASER, PROP | 13); // 14 bits: LPIs 8192 to 16383
        h.setGicr(0, GicrRegister.PENDBASER, PEND);
        h.setGicr(0, GicrRegister.CTLR, GicrRegister.CTLR_ENABLE_LPIS.mask());
        assertThat(h.pins[0].irq).isFalse();
        h.setGicr(0, GicrRegister.SETLPIR, 16384);
        h.setGicr(0, GicrRegister.SETLPIR, 100); // not an LPI
        h.setGicr(0, GicrRegister.INVLPIR, 20000);
        assertThat(h.pins[0].irq).isFalse();
        h.setGicr(0, GicrRegister.SETLPIR, 16383);
        config(16383, 0x40, true);
        h.setGicr(0, GicrRegister.INVLPIR, 16383);
        assertThat(h.ack(0)).isEqualTo(16383);
    }

    @Test
    void theDistributorsIdBitsLimitTheLpis()
    {
        final GicHarness small = new GicHarness(1, b -> b.idBits(14)).enable(false);
        assertThat(GicdTyper.of((int) small.gicd(GicdRegister.TYPER)).idBits()).isEqualTo(13);
        small.bus.memory().write8(PROP + 9000 - Intid.LPI, 0x43);
        small.setGicr(0, GicrRegister.PROPBASER, PROP | 15); // the table says 16 bits, the GIC has 14
        small.setGicr(0, GicrRegister.PENDBASER, PEND);
        small.setGicr(0, GicrRegister.CTLR, GicrRegister.CTLR_ENABLE_LPIS.mask());
        small.setGicr(0, GicrRegister.SETLPIR, 20000);
        small.setGicr(0, GicrRegister.SETLPIR, 9000);
        assertThat(small.ack(0)).isEqualTo(9000);
        assertThat(small.ack(0)).isEqualTo(Intid.SPURIOUS);
    }

    @Test
    void withoutLpisTheRedistributorSaysSoAndIgnoresEnable()
    {
        final GicHarness none = new GicHarness(1, b -> b.lpis(false));
        assertThat(GicrTyper.of(none.gicr(0, GicrRegister.TYPER)).plpis()).isFalse();
        assertThat(GicdTyper.of((int) none.gicd(GicdRegister.TYPER)).lpis()).isFalse();
        none.setGicr(0, GicrRegister.CTLR, GicrRegister.CTLR_ENABLE_LPIS.mask());
        assertThat(none.gicr(0, GicrRegister.CTLR) & GicrRegister.CTLR_ENABLE_LPIS.mask()).isZero();
        assertThat(none.gicr(0, GicrRegister.CTLR) & GicrRegister.CTLR_IR.mask()).isZero(); // no INVLPIR either
        assertThat(h.gicr(0, GicrRegister.CTLR) & GicrRegister.CTLR_IR.mask()).isNotZero();
    }

    @Test
    void tablesAtTheTopOfTheAddressSpaceReadAsZeroAndThrowNothing()
    {
        // PROPBASER's address field reaches bit 51: a guest may point it at the last page of the address space.
        h.setGicr(0, GicrRegister.PROPBASER, 0x000f_ffff_ffff_f000L | 15);
        h.setGicr(0, GicrRegister.PENDBASER, 0x000f_ffff_ffff_0000L);
        h.setGicr(0, GicrRegister.CTLR, GicrRegister.CTLR_ENABLE_LPIS.mask());
        h.setGicr(0, GicrRegister.INVLPIR, 60_000);
        h.setGicr(0, GicrRegister.INVALLR, 0);
        h.setGicr(0, GicrRegister.SETLPIR, 60_000);
        assertThat(h.pins[0].irq).isFalse(); // its configuration byte reads zero: disabled
        assertThat(h.gicr(0, GicrRegister.CTLR) & GicrRegister.CTLR_ENABLE_LPIS.mask()).isNotZero();
    }
}
