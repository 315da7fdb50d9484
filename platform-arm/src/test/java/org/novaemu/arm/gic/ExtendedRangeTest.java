// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.novaemu.irq.IrqLine;

/** Extended SPIs (4096 on) and extended PPIs (1056 on) of GICv3.1: present exactly as the TYPER registers say. */
class ExtendedRangeTest
{
    private final GicHarness h = new GicHarness(2, b -> b.espis(64).eppis(32)).enable(false);

    @Test
    void typersDescribeTheExtendedRanges()
    {
        final GicdTyper t = GicdTyper.of((int) h.gicd(GicdRegister.TYPER));
        assertThat(t.espi()).isTrue();
        assertThat(t.espiRange()).isEqualTo(1);
        assertThat(t.espis()).isEqualTo(64);
        assertThat(GicrTyper.of(h.gicr(0, GicrRegister.TYPER)).ppiNum()).isEqualTo(1);
        final GicHarness all = new GicHarness(1, b -> b.espis(1024).eppis(64));
        assertThat(GicdTyper.of((int) all.gicd(GicdRegister.TYPER)).espis()).isEqualTo(1024);
        assertThat(GicrTyper.of(all.gicr(0, GicrRegister.TYPER)).eppis()).isEqualTo(64);
    }

    @Test
    void extendedSpiRegistersExistUpToTheConfiguredCount()
    {
        h.setGicd(GicdRegister.ISENABLERE, 1, 0xffff_ffffL);
        h.setGicd(GicdRegister.ISENABLERE, 2, 0xffff_ffffL); // ESPIs 4160 on: beyond 64
        assertThat(h.gicd(GicdRegister.ISENABLERE, 1)).isEqualTo(0xffff_ffffL);
        assertThat(h.gicd(GicdRegister.ISENABLERE, 2)).isZero();
        h.setGicd(GicdRegister.IPRIORITYRE, 15, 0xffff_ffffL);
        h.setGicd(GicdRegister.IPRIORITYRE, 16, 0xffff_ffffL);
        assertThat(h.gicd(GicdRegister.IPRIORITYRE, 15)).isEqualTo(0xf8f8_f8f8L);
        assertThat(h.gicd(GicdRegister.IPRIORITYRE, 16)).isZero();
        h.setGicd(GicdRegister.IROUTERE, 63, -1L);
        h.setGicd(GicdRegister.IROUTERE, 64, -1L);
        assertThat(h.gicd(GicdRegister.IROUTERE, 63)).isEqualTo(Irouter.WRITABLE);
        assertThat(h.gicd(GicdRegister.IROUTERE, 64)).isZero();
        h.setGicd(GicdRegister.ICFGRE, 3, 0xffff_ffffL);
        assertThat(h.gicd(GicdRegister.ICFGRE, 3)).isEqualTo(0xaaaa_aaaaL);
        assertThat(h.gicd(GicdRegister.ICFGRE, 4)).isZero();
    }

    @Test
    void anExtendedSpiIsRoutedAndTakenWithItsIntid()
    {
        h.spi(4100, 0x30, false, 1);
        h.spi(40, 0x30, false, 1);
        final IrqLine line = h.line(4100);
        line.raise();
        h.line(40).raise();
        assertThat(h.pins[1].irq).isTrue();
        assertThat(h.ack(1)).isEqualTo(40); // equal priority: the lower INTID first
        assertThat(h.ack(1)).isEqualTo(Intid.SPURIOUS); // same group priority: no preemption
        h.eoi(1, 40);
        h.setGicd(GicdRegister.ICENABLER, 1, 1 << 8);
        assertThat(h.ack(1)).isEqualTo(4100);
        assertThat(h.spiActive(4100)).isTrue();
        line.lower();
        h.eoi(1, 4100);
        assertThat(h.spiActive(4100)).isFalse();
        assertThat(h.spiPending(4100)).isFalse();
    }

    @Test
    void extendedPpisHaveTheirBankInTheSgiFrame()
    {
        h.ppi(0, 1060, 0x10);
        assertThat(h.gicr(0, GicrRegister.ISENABLER, 1)).isEqualTo(1 << 4); // GICR_ISENABLER1E
        assertThat(h.bus.read(h.gic.redistributorBase(0) + GicrRegister.IPRIORITYR.offset() + 36, 1))
            .isEqualTo(0x10);
        final IrqLine line = new IrqLine("eppi", 1060, h.engine.trace());
        h.gic.redistributor(0).connect(line, 1060);
        line.raise();
        assertThat(h.gicr(0, GicrRegister.ISPENDR, 1)).isEqualTo(1 << 4);
        assertThat(h.ack(0)).isEqualTo(1060);
        line.lower();
        h.eoi(0, 1060);
        assertThat(h.gicr(0, GicrRegister.ISACTIVER, 1)).isZero();
        h.setGicr(0, GicrRegister.ISENABLER, 2, 0xffff_ffffL); // ISENABLER2E: only 32 extended PPIs
        assertThat(h.gicr(0, GicrRegister.ISENABLER, 2)).isZero();
        assertThatThrownBy(() -> h.gic.redistributor(0).connect(line, 1090)).hasMessageContaining("intid");
    }

    @Test
    void withoutExtendedRangesTheirRegistersAndIntidsAreIgnored()
    {
        final GicHarness plain = new GicHarness(1).enable(false);
        plain.setGicd(GicdRegister.ISPENDRE, 0, 0xffff_ffffL);
        assertThat(plain.gicd(GicdRegister.ISPENDRE, 0)).isZero();
        plain.setGicr(0, GicrRegister.ISPENDR, 1, 0xffff_ffffL);
        assertThat(plain.gicr(0, GicrRegister.ISPENDR, 1)).isZero();
        assertThat(plain.pins[0].irq).isFalse();
        plain.icc(0, IccRegister.DIR_EL1, 4096);
        plain.icc(0, IccRegister.EOIR1_EL1, 1056);
        assertThat(plain.icc(0, IccRegister.RPR_EL1)).isEqualTo(0xff);
    }
}
