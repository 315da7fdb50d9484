// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.irq.IrqLine;

/**
 * The GIC programmed as NOVA's 2024 sources program it (src/aarch64/gicd.cpp, gicr.cpp, gicc.cpp, interrupt.cpp):
 * the distributor and redistributor init with their RWP and WAKER polls, the CPU interface in system register
 * mode with EOImode 1, an SPI configured by Gicd::conf, an SGI by Gicc::send_cpu, each handled as
 * Interrupt::handler does (acknowledge, priority drop, deactivation).
 */
class NovaProgrammingTest
{
    private final GicHarness h = new GicHarness(4, b -> b.propagationDelay(10));

    /** Gicd::wait_rwp. */
    private void waitDistributorRwp()
    {
        while ((h.gicd(GicdRegister.CTLR) & GicdRegister.CTLR_RWP.mask()) != 0)
        {
            h.engine.runFor(1); // pause()
        }
    }

    /** Gicr::wait_rwp. */
    private void waitRedistributorRwp(final int pe)
    {
        while ((h.gicr(pe, GicrRegister.CTLR) & GicrRegister.CTLR_RWP.mask()) != 0)
        {
            h.engine.runFor(1);
        }
    }

    private void init()
    {
        // Gicd::init_mmio on the BSP: everything disabled and group 1, priority 0, then ARE_NS | EnableGrp1NS.
        h.setGicd(GicdRegister.CTLR, 0);
        final int intids = 32 * (GicdTyper.of((int) h.gicd(GicdRegister.TYPER)).itLinesNumber() + 1);
        for (int i = 32; i < intids; i += 32)
        {
            h.setGicd(GicdRegister.ICENABLER, i / 32, 0xffff_ffffL);
            h.setGicd(GicdRegister.IGROUPR, i / 32, 0xffff_ffffL);
        }
        for (int i = 32; i < intids; i += 4)
        {
            h.setGicd(GicdRegister.IPRIORITYR, i / 4, 0);
        }
        waitDistributorRwp();
        h.setGicd(GicdRegister.CTLR, 1 << 4 | 1 << 1);
        for (int pe = 0; pe < 4; pe++)
        {
            // Gicr::init_mmio on each CPU.
            h.setGicr(pe, GicrRegister.CTLR, 0);
            h.setGicr(pe, GicrRegister.ICENABLER, 0xffff_ffffL);
            h.setGicr(pe, GicrRegister.IGROUPR, 0xffff_ffffL);
            for (int i = 0; i < 8; i++)
            {
                h.setGicr(pe, GicrRegister.IPRIORITYR, i, 0);
            }
            waitRedistributorRwp(pe);
            h.setGicr(pe, GicrRegister.ISENABLER, 0xffff);
            assertThat(h.gicr(pe, GicrRegister.ISENABLER) & 3).isEqualTo(3);
            h.setGicr(pe, GicrRegister.WAKER, 0);
            while ((h.gicr(pe, GicrRegister.WAKER) & 4) != 0)
            {
                h.engine.runFor(1);
            }
            // Gicc::init_mode and init_regs.
            h.icc(pe, IccRegister.SRE_EL2, h.icc(pe, IccRegister.SRE_EL2) | 7);
            assertThat(h.icc(pe, IccRegister.SRE_EL2) & 1).isEqualTo(1); // Mode::REGS
            h.icc(pe, IccRegister.BPR1_EL1, 7);
            h.icc(pe, IccRegister.PMR_EL1, 0xff);
            h.icc(pe, IccRegister.IGRPEN1_EL1, 1);
            h.icc(pe, IccRegister.CTLR_EL1, 1 << 1);
        }
    }

    /** Gicc::send_cpu: the target's MPIDR affinity fields and BIT(Aff0 & 15) as the target list. */
    private void sendCpu(final int from, final int sgi, final int to)
    {
        final long mpidr = Affinity.toMpidr(h.gic.redistributor(to).affinity());
        h.icc(from, IccRegister.SGI1R_EL1, (long) sgi << 24 | (mpidr & 0xff_0000_0000L) << 16
            | (mpidr & 0xff_0000L) << 16 | (mpidr & 0xff00L) << 8 | 1L << (mpidr & 0xf));
    }

    /** Interrupt::handler: acknowledge, EOI (priority drop), then DIR (deactivation). */
    private int handle(final int pe)
    {
        final int val = h.ack(pe);
        if (val < Intid.SPECIAL)
        {
            h.eoi(pe, val);
            h.dir(pe, val);
        }
        return val;
    }

    @Test
    void novasInitThenAnSgiBetweenCpusAndAnSpiToItsCpu()
    {
        init();
        sendCpu(0, 1, 3); // RKE to CPU 3
        assertThat(h.pins[3].irq).isTrue();
        assertThat(handle(3)).isEqualTo(1);
        assertThat(h.pins[3].irq).isFalse();
        // Gicd::conf: mask, wait, configure level, route to CPU 2 by its affinity bits, unmask.
        final int spi = 33;
        h.setGicd(GicdRegister.ICENABLER, spi / 32, 1L << spi % 32);
        waitDistributorRwp();
        h.setGicd(GicdRegister.ICFGR, spi / 16, h.gicd(GicdRegister.ICFGR, spi / 16) & ~(2L << spi % 16 * 2));
        h.setGicd(GicdRegister.IROUTER, spi, Affinity.toMpidr(h.gic.redistributor(2).affinity()));
        h.setGicd(GicdRegister.ISENABLER, spi / 32, 1L << spi % 32);
        final IrqLine line = h.line(spi);
        line.raise();
        assertThat(h.pins[2].irq).isTrue();
        final int val = h.ack(2);
        assertThat(val).isEqualTo(spi);
        h.eoi(2, val); // handle_spi: EOI, then the semaphore's owner deactivates later (Interrupt::deactivate)
        assertThat(h.pins[2].irq).isFalse(); // still active: a level SPI is not taken again
        line.lower();
        h.dir(2, spi);
        assertThat(h.spiActive(spi)).isFalse();
        assertThat(handle(2)).isEqualTo(Intid.SPURIOUS);
    }
}
