// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.novaemu.arm.ArmTrace;
import org.novaemu.irq.IrqLine;
import org.novaemu.trace.TraceRecord;

/** The distributor through its frame: reset values, reserved bits, set/clear pairs, RWP, routing, SPI inputs. */
class GicdTest
{
    private final GicHarness h = new GicHarness(4);

    @Test
    void registersResetAsDeclared()
    {
        assertThat(h.gicd(GicdRegister.CTLR)).isEqualTo(0x50); // ARE and DS: affinity routing, one security state
        final GicdTyper t = GicdTyper.of((int) h.gicd(GicdRegister.TYPER));
        assertThat(t.spis()).isEqualTo(256);
        assertThat(t.itLinesNumber()).isEqualTo(8);
        assertThat(t.espi()).isFalse();
        assertThat(t.lpis()).isTrue();
        assertThat(t.idBits()).isEqualTo(15);
        assertThat(t.mbis()).isFalse();
        assertThat(t.securityExtn()).isFalse();
        assertThat(t.no1n()).isFalse();
        assertThat(t.rss()).isTrue();
        assertThat(t.a3v()).isTrue();
        assertThat(h.gicd(GicdRegister.IIDR)).isEqualTo(0x43b);
        assertThat(h.gicd(GicdRegister.PIDR2) >>> 4 & 0xf).isEqualTo(3);
        assertThat(h.gicd(GicdRegister.TYPER2)).isZero();
        for (final GicdRegister r : new GicdRegister[] {GicdRegister.IGROUPR, GicdRegister.ISENABLER,
            GicdRegister.ISPENDR, GicdRegister.ISACTIVER, GicdRegister.IPRIORITYR, GicdRegister.ICFGR})
        {
            assertThat(h.gicd(r, 1)).as(r.name()).isEqualTo(r.reset());
        }
    }

    @Test
    void novasFrameSizeProbeFindsPidr2OnlyAtTheEndOfTheFrame()
    {
        // NOVA's Gicd::mmap_mmio reads PIDR2 at base + size - 0x18 for 4 KiB, then 64 KiB.
        assertThat(h.bus.read(GicHarness.GICD + 0x1000 - 0x18, 4)).isZero();
        assertThat(h.bus.read(GicHarness.GICD + 0x1_0000 - 0x18, 4)).isEqualTo(0x3b);
    }

    @Test
    void ctlrKeepsOnlyItsWritableBits()
    {
        h.setGicd(GicdRegister.CTLR, 0xffff_ffffL);
        assertThat(h.gicd(GicdRegister.CTLR)).isEqualTo(0x53);
        h.setGicd(GicdRegister.CTLR, 0);
        assertThat(h.gicd(GicdRegister.CTLR)).isEqualTo(0x50); // ARE and DS stay set, RAO/WI
    }

    @Test
    void rwpReadsOneUntilAWriteHasPropagated()
    {
        final GicHarness slow = new GicHarness(1, b -> b.propagationDelay(100));
        final long rwp = GicdRegister.CTLR_RWP.mask();
        assertThat(slow.gicd(GicdRegister.CTLR) & rwp).isZero();
        slow.setGicd(GicdRegister.ICENABLER, 1, 0xffff_ffffL);
        assertThat(slow.gicd(GicdRegister.CTLR) & rwp).isEqualTo(rwp);
        slow.engine.runFor(99);
        assertThat(slow.gicd(GicdRegister.CTLR) & rwp).isEqualTo(rwp);
        slow.engine.runFor(1);
        assertThat(slow.gicd(GicdRegister.CTLR) & rwp).isZero();
        slow.setGicd(GicdRegister.CTLR, GicdRegister.CTLR_ENABLE_GRP1.mask());
        assertThat(slow.gicd(GicdRegister.CTLR) & rwp).isEqualTo(rwp);
        slow.setGicd(GicdRegister.ISENABLER, 1, 1); // set-enable is not tracked
        slow.engine.runFor(100);
        assertThat(slow.gicd(GicdRegister.CTLR) & rwp).isZero();
    }

    @Test
    void privateAndUnimplementedIntidsAreRazWi()
    {
        h.setGicd(GicdRegister.IGROUPR, 0, 0xffff_ffffL); // INTIDs 0 to 31 belong to the redistributors
        h.setGicd(GicdRegister.ISENABLER, 0, 0xffff_ffffL);
        h.setGicd(GicdRegister.IPRIORITYR, 0, 0xffff_ffffL);
        assertThat(h.gicd(GicdRegister.IGROUPR, 0)).isZero();
        assertThat(h.gicd(GicdRegister.ISENABLER, 0)).isZero();
        assertThat(h.gicd(GicdRegister.IPRIORITYR, 0)).isZero();
        h.setGicd(GicdRegister.ISENABLER, 9, 0xffff_ffffL); // INTIDs 288 on: beyond 256 SPIs
        assertThat(h.gicd(GicdRegister.ISENABLER, 9)).isZero();
        h.setGicd(GicdRegister.IROUTER, 5, -1L);
        h.setGicd(GicdRegister.IROUTER, 300, -1L);
        assertThat(h.gicd(GicdRegister.IROUTER, 5)).isZero();
        assertThat(h.gicd(GicdRegister.IROUTER, 300)).isZero();
        h.setGicd(GicdRegister.ISENABLERE, 0, 0xffff_ffffL); // no extended SPIs
        assertThat(h.gicd(GicdRegister.ISENABLERE, 0)).isZero();
        assertThat(h.bus.read(GicHarness.GICD + 0x4000, 4)).isZero(); // reserved
        h.bus.write(GicHarness.GICD + 0x4000, 4, 1);
        assertThat(h.bus.read(GicHarness.GICD + 0x4000, 4)).isZero(); // writes to it are ignored
        h.setGicd(GicdRegister.ITARGETSR, 8, -1L);
        assertThat(h.gicd(GicdRegister.ITARGETSR, 8)).isZero(); // legacy only: RAZ/WI with affinity routing
    }

    /** Traced as an LPI's delivery (T23): (PE, INTID), once when forwarded, not again while it stays there. */
    @Test
    void aForwardedSpiIsTracedAsADeliveryToItsPe()
    {
        h.enable(false);
        h.spi(40, 0x80, false, 2);
        final IrqLine line = h.line(40);
        h.engine.trace().setEnabled(true);
        line.raise();
        h.spi(40, 0x40, false, 2); // reprogrammed where it is: no second delivery
        assertThat(h.engine.trace().records()).filteredOn(r -> r.kind() == ArmTrace.DELIVER)
            .extracting(TraceRecord::a, TraceRecord::b).containsExactly(Tuple.tuple(2L, 40L));
    }

    @Test
    void messageBasedSpisAndNmisAreNotImplemented()
    {
        final GicdTyper t = GicdTyper.of((int) h.gicd(GicdRegister.TYPER));
        assertThat(t.mbis()).isFalse();
        assertThat(t.nmi()).isFalse();
        assertThat(t.dvis()).isFalse();
        h.enable(false);
        h.spi(40, 0x80, true, 0);
        h.setGicd(GicdRegister.SETSPI_NSR, 40);
        h.setGicd(GicdRegister.INMIR, 1, 1 << 8);
        assertThat(h.spiPending(40)).isFalse();
        assertThat(h.gicd(GicdRegister.INMIR, 1)).isZero();
        assertThat(h.gicd(GicdRegister.STATUSR)).isZero();
    }

    @Test
    void highSpiCountsEndBelowTheSpecialIntids()
    {
        final GicHarness full = new GicHarness(1, b -> b.spis(988));
        assertThat(GicdTyper.of((int) full.gicd(GicdRegister.TYPER)).itLinesNumber()).isEqualTo(31);
        full.setGicd(GicdRegister.ISENABLER, 31, 0xffff_ffffL);
        assertThat(full.gicd(GicdRegister.ISENABLER, 31)).isEqualTo(0x0fff_ffffL); // 1020 to 1023 are special
        assertThatThrownBy(() -> Gic.builder(full.engine, full.bus).spis(100))
            .hasMessageContaining("spis");
    }

    @Test
    void setAndClearRegistersChangeOnlyTheirOnes()
    {
        h.setGicd(GicdRegister.ISENABLER, 1, 0x0000_00f0L);
        h.setGicd(GicdRegister.ISENABLER, 1, 0x0000_0003L);
        assertThat(h.gicd(GicdRegister.ICENABLER, 1)).isEqualTo(0xf3);
        h.setGicd(GicdRegister.ICENABLER, 1, 0x0000_0011L);
        assertThat(h.gicd(GicdRegister.ISENABLER, 1)).isEqualTo(0xe2);
        h.setGicd(GicdRegister.ISPENDR, 2, 0x8000_0001L);
        h.setGicd(GicdRegister.ICPENDR, 2, 0x0000_0001L);
        assertThat(h.gicd(GicdRegister.ISPENDR, 2)).isEqualTo(0x8000_0000L);
        h.setGicd(GicdRegister.ISACTIVER, 3, 0x6L);
        h.setGicd(GicdRegister.ICACTIVER, 3, 0x2L);
        assertThat(h.gicd(GicdRegister.ICACTIVER, 3)).isEqualTo(0x4);
    }

    @Test
    void prioritiesKeepFiveBitsAndTakeByteAccesses()
    {
        h.setGicd(GicdRegister.IPRIORITYR, 10, 0xffff_ffffL);
        assertThat(h.gicd(GicdRegister.IPRIORITYR, 10)).isEqualTo(0xf8f8_f8f8L);
        h.bus.write(GicHarness.GICD + GicdRegister.IPRIORITYR.offset() + 41, 1, 0x47);
        assertThat(h.bus.read(GicHarness.GICD + GicdRegister.IPRIORITYR.offset() + 41, 1)).isEqualTo(0x40);
        assertThat(h.gicd(GicdRegister.IPRIORITYR, 10)).isEqualTo(0xf8f8_40f8L);
        h.bus.write(GicHarness.GICD + GicdRegister.IPRIORITYR.offset() + 40, 2, 0); // halfword: RAZ/WI
        assertThat(h.bus.read(GicHarness.GICD + GicdRegister.IPRIORITYR.offset() + 40, 2)).isZero();
        assertThat(h.gicd(GicdRegister.IPRIORITYR, 10)).isEqualTo(0xf8f8_40f8L);
        h.bus.write(GicHarness.GICD + GicdRegister.ISENABLER.offset(1), 1, 0xff); // byte access, not supported
        assertThat(h.gicd(GicdRegister.ISENABLER, 1)).isZero();
    }

    @Test
    void readOnlyRegistersIgnoreWrites()
    {
        final long typer = h.gicd(GicdRegister.TYPER);
        h.setGicd(GicdRegister.TYPER, 0);
        h.setGicd(GicdRegister.IIDR, 0);
        h.setGicd(GicdRegister.PIDR2, 0);
        assertThat(h.gicd(GicdRegister.TYPER)).isEqualTo(typer);
        assertThat(h.gicd(GicdRegister.IIDR)).isEqualTo(0x43b);
        assertThat(h.gicd(GicdRegister.PIDR2)).isEqualTo(0x3b);
    }

    @Test
    void configurationKeepsOnlyTheEdgeBits()
    {
        h.setGicd(GicdRegister.ICFGR, 2, 0xffff_ffffL);
        assertThat(h.gicd(GicdRegister.ICFGR, 2)).isEqualTo(0xaaaa_aaaaL); // bit 0 of each field is RES0
    }

    @Test
    void irouterKeepsItsFieldsAndTakesBothHalves()
    {
        h.setGicd(GicdRegister.IROUTER, 40, -1L);
        assertThat(h.gicd(GicdRegister.IROUTER, 40)).isEqualTo(Irouter.WRITABLE);
        h.bus.write(GicHarness.GICD + GicdRegister.IROUTER.offset(41) + 4, 4, 0x12);
        h.bus.write(GicHarness.GICD + GicdRegister.IROUTER.offset(41), 4, 0x0003_0201);
        assertThat(h.gicd(GicdRegister.IROUTER, 41)).isEqualTo(0x12_0003_0201L);
        assertThat(h.bus.read(GicHarness.GICD + GicdRegister.IROUTER.offset(41) + 4, 4)).isEqualTo(0x12);
    }

    @Test
    void anSpiGoesToThePeItsIrouterNames()
    {
        h.enable(false);
        h.spi(40, 0x80, true, 2);
        h.setGicd(GicdRegister.ISPENDR, 1, 1 << 8);
        assertThat(h.pins[2].irq).isTrue();
        assertThat(h.pins[0].irq || h.pins[1].irq || h.pins[3].irq).isFalse();
        h.setGicd(GicdRegister.IROUTER, 40, Irouter.to(h.gic.redistributor(3).affinity()));
        assertThat(h.pins[2].irq).isFalse();
        assertThat(h.pins[3].irq).isTrue();
        assertThat(h.ack(3)).isEqualTo(40);
    }

    @Test
    void anSpiRoutedToNoPeStaysPending()
    {
        h.enable(false);
        h.spi(41, 0x80, true, 1);
        h.setGicd(GicdRegister.IROUTER, 41, Irouter.to(Affinity.of(0, 0, 7, 7))); // no such PE
        h.setGicd(GicdRegister.ISPENDR, 1, 1 << 9);
        assertThat(h.pins).noneMatch(p -> p.irq);
        assertThat(h.spiPending(41)).isTrue();
        h.setGicd(GicdRegister.IROUTER, 41, Irouter.to(h.gic.redistributor(1).affinity()));
        assertThat(h.pins[1].irq).isTrue();
    }

    @Test
    void aLevelSpiIsPendingWhileItsLineIsHighAndSignalsAgainAfterDeactivation()
    {
        h.enable(false);
        h.spi(50, 0x80, false, 0);
        final IrqLine line = h.line(50);
        line.raise();
        assertThat(h.spiPending(50)).isTrue();
        assertThat(h.pins[0].irq).isTrue();
        assertThat(h.ack(0)).isEqualTo(50);
        assertThat(h.spiActive(50)).isTrue();
        assertThat(h.spiPending(50)).isTrue(); // active and pending: the line is still high
        assertThat(h.pins[0].irq).isFalse();
        h.setGicd(GicdRegister.ICPENDR, 1, 1 << 18); // clearing the latch does not lower a high line
        assertThat(h.spiPending(50)).isTrue();
        h.eoi(0, 50);
        assertThat(h.pins[0].irq).isTrue(); // re-asserted while high
        assertThat(h.ack(0)).isEqualTo(50);
        line.lower();
        h.eoi(0, 50);
        assertThat(h.spiPending(50)).isFalse();
        assertThat(h.pins[0].irq).isFalse();
    }

    @Test
    void anEdgeSpiLatchesEachRisingEdgeOnce()
    {
        h.enable(false);
        h.spi(51, 0x80, true, 0);
        final IrqLine line = h.line(51);
        line.pulse();
        assertThat(h.spiPending(51)).isTrue();
        assertThat(h.ack(0)).isEqualTo(51);
        assertThat(h.spiPending(51)).isFalse();
        line.pulse(); // a second edge while active: active and pending
        assertThat(h.spiPending(51)).isTrue();
        assertThat(h.pins[0].irq).isFalse();
        h.eoi(0, 51);
        assertThat(h.pins[0].irq).isTrue();
        assertThat(h.ack(0)).isEqualTo(51);
        h.eoi(0, 51);
        line.raise(); // held high: one edge, one interrupt
        assertThat(h.ack(0)).isEqualTo(51);
        h.eoi(0, 51);
        assertThat(h.ack(0)).isEqualTo(Intid.SPURIOUS);
    }

    @Test
    void aDisabledSpiKeepsItsPendingStateForLater()
    {
        h.enable(false);
        h.spi(52, 0x80, true, 0);
        h.setGicd(GicdRegister.ICENABLER, 1, 1 << 20);
        h.line(52).pulse();
        assertThat(h.pins[0].irq).isFalse();
        assertThat(h.spiPending(52)).isTrue();
        h.setGicd(GicdRegister.ISENABLER, 1, 1 << 20);
        assertThat(h.pins[0].irq).isTrue();
    }

    @Test
    void aGroupDisabledInTheDistributorIsNotForwarded()
    {
        h.enable(false);
        h.spi(53, 0x80, true, 0);
        h.setGicd(GicdRegister.ISPENDR, 1, 1 << 21);
        h.setGicd(GicdRegister.CTLR, GicdRegister.CTLR_ENABLE_GRP0.mask());
        assertThat(h.pins[0].irq).isFalse();
        assertThat(h.ack(0)).isEqualTo(Intid.SPURIOUS);
        h.setGicd(GicdRegister.CTLR, GicdRegister.CTLR_ENABLE_GRP1.mask());
        assertThat(h.pins[0].irq).isTrue();
    }

    @Test
    void connectingALineToAnUnimplementedIntidIsRefused()
    {
        final IrqLine l = new IrqLine("x", 0, h.engine.trace());
        assertThatThrownBy(() -> h.gic.distributor().connect(l, 20)).hasMessageContaining("intid");
        assertThatThrownBy(() -> h.gic.distributor().connect(l, 300)).hasMessageContaining("intid");
        assertThatThrownBy(() -> h.gic.distributor().connect(l, 4096)).hasMessageContaining("intid");
        h.gic.distributor().levelChanged(5000, true); // ignored
    }
}
