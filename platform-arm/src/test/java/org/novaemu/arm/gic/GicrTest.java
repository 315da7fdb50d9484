// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.novaemu.irq.IrqLine;

/** The redistributors through their frames: type, regions, WAKER and RWP, SGI and PPI banks, PPI lines. */
class GicrTest
{
    private final GicHarness h = new GicHarness(3);

    @Test
    void registersResetAsDeclared()
    {
        final GicrTyper t = GicrTyper.of(h.gicr(1, GicrRegister.TYPER));
        assertThat(t.processorNumber()).isEqualTo(1);
        assertThat(t.affinity()).isEqualTo(Affinity.of(0, 0, 0, 1));
        assertThat(t.last()).isFalse();
        assertThat(GicrTyper.of(h.gicr(2, GicrRegister.TYPER)).last()).isTrue();
        assertThat(t.plpis()).isTrue();
        assertThat(t.directLpi()).isTrue();
        assertThat(t.dpgs()).isTrue();
        assertThat(t.vlpis()).isFalse();
        assertThat(t.ppiNum()).isZero();
        assertThat(h.gicr(1, GicrRegister.CTLR)).isEqualTo(GicrRegister.CTLR.reset()); // IR set, LPIs off
        assertThat(h.gicr(1, GicrRegister.WAKER)).isEqualTo(0x6); // asleep at reset
        assertThat(h.gicr(1, GicrRegister.IIDR)).isEqualTo(0x43b);
        assertThat(h.bus.read(h.gic.redistributorBase(1) + 0x1_0000 - 0x18, 4) >>> 4).isEqualTo(3); // PIDR2
        assertThat(h.gicr(1, GicrRegister.ICFGR, 0)).isEqualTo(0xaaaa_aaaaL); // SGIs are edge
        assertThat(h.gicr(1, GicrRegister.ICFGR, 1)).isZero(); // PPIs level at reset (decision A8)
        assertThat(h.gicr(1, GicrRegister.IGROUPR)).isZero();
        assertThat(h.gicr(1, GicrRegister.SYNCR)).isZero();
    }

    @Test
    void typerTakesTwoHalvesAndIgnoresWrites()
    {
        final long typer = h.gicr(2, GicrRegister.TYPER);
        final long base = h.gic.redistributorBase(2) + GicrRegister.TYPER.offset();
        assertThat(h.bus.read(base, 4) | h.bus.read(base + 4, 4) << 32).isEqualTo(typer);
        h.setGicr(2, GicrRegister.TYPER, 0);
        assertThat(h.gicr(2, GicrRegister.TYPER)).isEqualTo(typer);
    }

    @Test
    void aDriverFindsEachPesRedistributorByWalkingTheRegionsToLast()
    {
        final GicHarness two = new GicHarness(5, b -> b.affinities(0x0000, 0x0001, 0x0100, 0x0101, 0x0102)
            .redistributorRegion(0x0a00_0000L, 2).redistributorRegion(0x0b00_0000L, 3));
        final StringBuilder found = new StringBuilder();
        for (final long region : new long[] {0x0a00_0000L, 0x0b00_0000L})
        {
            for (long at = region; ; at += GicrRegister.FRAMES)
            {
                final GicrTyper t = GicrTyper.of(two.bus.read(at + GicrRegister.TYPER.offset(), 8));
                found.append(Integer.toHexString(t.affinity())).append(' ');
                if (t.last())
                {
                    break;
                }
            }
        }
        assertThat(found.toString()).isEqualTo("0 1 100 101 102 ");
        assertThat(two.gic.peOf(0x0101)).isEqualTo(3);
        assertThatThrownBy(() -> Gic.builder(two.engine, two.bus).pes(2).redistributorRegion(0x0c00_0000L, 1)
            .build()).hasMessageContaining("redistributor regions");
        assertThatThrownBy(() -> Gic.builder(two.engine, two.bus).pes(2).affinities(1, 1).build())
            .hasMessageContaining("distinct");
    }

    @Test
    void wakerHandshakeAndASleepingPeGetsNothing()
    {
        final GicHarness slow = new GicHarness(1, b -> b.propagationDelay(50));
        slow.setGicd(GicdRegister.CTLR, GicdRegister.CTLR_ENABLE_GRP1.mask());
        slow.icc(0, IccRegister.PMR_EL1, 0xff);
        slow.icc(0, IccRegister.IGRPEN1_EL1, 1);
        slow.ppi(0, 3, 0x40);
        slow.setGicr(0, GicrRegister.ISPENDR, 1 << 3);
        assertThat(slow.pins[0].irq).isFalse(); // ProcessorSleep is set at reset
        assertThat(slow.ack(0)).isEqualTo(Intid.SPURIOUS);
        slow.setGicr(0, GicrRegister.WAKER, 0);
        assertThat(slow.gicr(0, GicrRegister.WAKER)).isEqualTo(0x4); // ChildrenAsleep until it has propagated
        assertThat(slow.pins[0].irq).isTrue();
        slow.engine.runFor(50);
        assertThat(slow.gicr(0, GicrRegister.WAKER)).isZero();
        slow.setGicr(0, GicrRegister.WAKER, 0xffff_ffffL); // only ProcessorSleep is writable
        assertThat(slow.gicr(0, GicrRegister.WAKER)).isEqualTo(0x2);
        assertThat(slow.pins[0].irq).isFalse();
        slow.engine.runFor(50);
        assertThat(slow.gicr(0, GicrRegister.WAKER)).isEqualTo(0x6);
    }

    @Test
    void rwpTracksClearEnableAndControlWrites()
    {
        final GicHarness slow = new GicHarness(1, b -> b.propagationDelay(20));
        final long rwp = GicrRegister.CTLR_RWP.mask();
        slow.setGicr(0, GicrRegister.ICENABLER, 0xffff_ffffL);
        assertThat(slow.gicr(0, GicrRegister.CTLR) & rwp).isEqualTo(rwp);
        slow.engine.runFor(20);
        assertThat(slow.gicr(0, GicrRegister.CTLR) & rwp).isZero();
        slow.setGicr(0, GicrRegister.CTLR, 0);
        assertThat(slow.gicr(0, GicrRegister.CTLR) & rwp).isEqualTo(rwp);
    }

    @Test
    void ctlrKeepsOnlyItsWritableBits()
    {
        h.setGicr(0, GicrRegister.CTLR, 0xffff_fffeL); // all but EnableLPIs
        assertThat(h.gicr(0, GicrRegister.CTLR)).isEqualTo(GicrRegister.CTLR_IR.mask()
            | GicrRegister.CTLR_DPG0.mask() | GicrRegister.CTLR_DPG1NS.mask());
    }

    @Test
    void sgiConfigurationIsFixedAndPpiConfigurationWritable()
    {
        h.setGicr(0, GicrRegister.ICFGR, 0, 0);
        h.setGicr(0, GicrRegister.ICFGR, 1, 0xffff_ffffL);
        assertThat(h.gicr(0, GicrRegister.ICFGR, 0)).isEqualTo(0xaaaa_aaaaL);
        assertThat(h.gicr(0, GicrRegister.ICFGR, 1)).isEqualTo(0xaaaa_aaaaL);
    }

    @Test
    void bankRegistersAreSetClearPairsAndAbsentExtendedPpisRazWi()
    {
        h.setGicr(1, GicrRegister.ISENABLER, 0x0001_0003L);
        h.setGicr(1, GicrRegister.ICENABLER, 0x0000_0001L);
        assertThat(h.gicr(1, GicrRegister.ISENABLER)).isEqualTo(0x0001_0002L);
        h.setGicr(1, GicrRegister.ISACTIVER, 0x10);
        assertThat(h.gicr(1, GicrRegister.ICACTIVER)).isEqualTo(0x10);
        h.setGicr(1, GicrRegister.IPRIORITYR, 7, 0xffff_ffffL);
        assertThat(h.gicr(1, GicrRegister.IPRIORITYR, 7)).isEqualTo(0xf8f8_f8f8L);
        h.setGicr(1, GicrRegister.ISENABLER, 1, 0xffff_ffffL); // ISENABLER1E: no extended PPIs here
        h.setGicr(1, GicrRegister.IPRIORITYR, 8, 0xffff_ffffL);
        assertThat(h.gicr(1, GicrRegister.ISENABLER, 1)).isZero();
        assertThat(h.gicr(1, GicrRegister.IPRIORITYR, 8)).isZero();
        assertThat(h.gicr(0, GicrRegister.ISENABLER)).isZero(); // banked per PE
    }

    @Test
    void theTimerPpiDrivesItsPesIrqOnly()
    {
        h.enable(false);
        h.ppi(1, 27, 0x60);
        final IrqLine timer = new IrqLine("cntv", 27, h.engine.trace());
        h.gic.redistributor(1).connect(timer, 27);
        timer.raise();
        assertThat(h.pins[1].irq).isTrue();
        assertThat(h.pins[0].irq).isFalse();
        assertThat(h.icc(1, IccRegister.HPPIR1_EL1)).isEqualTo(27);
        assertThat(h.ack(1)).isEqualTo(27);
        timer.lower();
        h.eoi(1, 27);
        assertThat(h.pins[1].irq).isFalse();
        assertThatThrownBy(() -> h.gic.redistributor(1).connect(timer, 3)).hasMessageContaining("intid");
    }
}
