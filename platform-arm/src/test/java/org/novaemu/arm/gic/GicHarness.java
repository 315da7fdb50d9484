// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

import java.util.function.UnaryOperator;

import org.novaemu.bus.Bus;
import org.novaemu.irq.IrqLine;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.sim.Engine;

/**
 * A GIC with n PEs on a bus with 256 MiB of RAM at {@link #RAM}, its distributor at 0x0800_0000 and its
 * redistributors from 0x080A_0000, with register helpers that go through the bus as a driver's accesses do.
 */
final class GicHarness
{
    static final long GICD = 0x0800_0000L;
    static final long GICR = 0x080a_0000L;
    static final long RAM = 0x4000_0000L;

    final Engine engine = Engine.builder().build();
    final Bus bus = new Bus(new PhysicalMemory(), engine.trace());
    final Gic gic;
    final Pins[] pins;

    /** A core's IRQ and FIQ inputs as levels, with a count of rising IRQ edges. */
    static final class Pins implements GicPins
    {
        boolean irq;
        boolean fiq;
        int irqs;

        @Override
        public void irq(final boolean asserted)
        {
            irq = asserted;
            irqs += asserted ? 1 : 0;
        }

        @Override
        public void fiq(final boolean asserted)
        {
            fiq = asserted;
        }
    }

    GicHarness(final int pes)
    {
        this(pes, b -> b);
    }

    GicHarness(final int pes, final UnaryOperator<Gic.Builder> config)
    {
        bus.mapRam("ram", RAM, 0x1000_0000L);
        gic = config.apply(Gic.builder(engine, bus).pes(pes)).build();
        pins = new Pins[pes];
        for (int pe = 0; pe < pes; pe++)
        {
            pins[pe] = new Pins();
            gic.cpuInterface(pe).connect(pins[pe]);
        }
    }

    // ---- Registers ----------------------------------------------------------------------------------------

    long gicd(final GicdRegister reg)
    {
        return gicd(reg, 0);
    }

    long gicd(final GicdRegister reg, final int n)
    {
        return bus.read(GICD + reg.offset(n), reg.width());
    }

    void setGicd(final GicdRegister reg, final long value)
    {
        setGicd(reg, 0, value);
    }

    void setGicd(final GicdRegister reg, final int n, final long value)
    {
        bus.write(GICD + reg.offset(n), reg.width(), value);
    }

    long gicr(final int pe, final GicrRegister reg)
    {
        return gicr(pe, reg, 0);
    }

    long gicr(final int pe, final GicrRegister reg, final int n)
    {
        return bus.read(gic.redistributorBase(pe) + reg.offset(n), reg.width());
    }

    void setGicr(final int pe, final GicrRegister reg, final long value)
    {
        setGicr(pe, reg, 0, value);
    }

    void setGicr(final int pe, final GicrRegister reg, final int n, final long value)
    {
        bus.write(gic.redistributorBase(pe) + reg.offset(n), reg.width(), value);
    }

    long icc(final int pe, final IccRegister reg)
    {
        return gic.cpuInterface(pe).read(reg);
    }

    void icc(final int pe, final IccRegister reg, final long value)
    {
        gic.cpuInterface(pe).write(reg, value);
    }

    // ---- What a driver does -------------------------------------------------------------------------------

    /**
     * As NOVA's Gicd, Gicr and Gicc init: distributor groups enabled, every redistributor awake, every CPU
     * interface with PMR 0xF8 (all priorities but the lowest), group 0 and 1 enabled, the given EOImode.
     */
    GicHarness enable(final boolean eoiMode1)
    {
        setGicd(GicdRegister.CTLR, GicdRegister.CTLR_ENABLE_GRP0.mask() | GicdRegister.CTLR_ENABLE_GRP1.mask());
        for (int pe = 0; pe < gic.pes(); pe++)
        {
            setGicr(pe, GicrRegister.WAKER, 0);
            icc(pe, IccRegister.PMR_EL1, 0xff);
            icc(pe, IccRegister.IGRPEN0_EL1, 1);
            icc(pe, IccRegister.IGRPEN1_EL1, 1);
            icc(pe, IccRegister.CTLR_EL1, eoiMode1 ? IccRegister.CTLR_EOIMODE.mask() : 0);
        }
        return this;
    }

    /** An SPI or extended SPI in group 1 with a priority, level or edge, routed to a PE, enabled. */
    void spi(final int intid, final int priority, final boolean edge, final int pe)
    {
        final boolean e = Intid.isEspi(intid);
        final int i = e ? intid - Intid.ESPI : intid;
        final GicdRegister group = e ? GicdRegister.IGROUPRE : GicdRegister.IGROUPR;
        setGicd(group, i / 32, gicd(group, i / 32) | 1L << i % 32);
        bus.write(GICD + (e ? GicdRegister.IPRIORITYRE : GicdRegister.IPRIORITYR).offset() + i, 1, priority);
        final GicdRegister cfg = e ? GicdRegister.ICFGRE : GicdRegister.ICFGR;
        final long c = gicd(cfg, i / 16) & ~(3L << 2 * (i % 16));
        setGicd(cfg, i / 16, c | (edge ? 2L << 2 * (i % 16) : 0));
        setGicd(e ? GicdRegister.IROUTERE : GicdRegister.IROUTER, i, Irouter.to(gic.redistributor(pe).affinity()));
        setGicd(e ? GicdRegister.ISENABLERE : GicdRegister.ISENABLER, i / 32, 1L << i % 32);
    }

    /** An SGI or (extended) PPI of a PE in group 1 with a priority, enabled. */
    void ppi(final int pe, final int intid, final int priority)
    {
        final int s = intid < Intid.SPI ? intid : intid - Intid.EPPI + Intid.SPI;
        setGicr(pe, GicrRegister.IGROUPR, s / 32, gicr(pe, GicrRegister.IGROUPR, s / 32) | 1L << s % 32);
        bus.write(gic.redistributorBase(pe) + GicrRegister.IPRIORITYR.offset() + s, 1, priority);
        setGicr(pe, GicrRegister.ISENABLER, s / 32, 1L << s % 32);
    }

    IrqLine line(final int intid)
    {
        final IrqLine l = new IrqLine("spi" + intid, intid, engine.trace());
        gic.distributor().connect(l, intid);
        return l;
    }

    int ack(final int pe)
    {
        return (int) icc(pe, IccRegister.IAR1_EL1);
    }

    void eoi(final int pe, final int intid)
    {
        icc(pe, IccRegister.EOIR1_EL1, intid);
    }

    void dir(final int pe, final int intid)
    {
        icc(pe, IccRegister.DIR_EL1, intid);
    }

    /** @return whether a distributor INTID reads as pending */
    boolean spiPending(final int intid)
    {
        final boolean e = Intid.isEspi(intid);
        final int i = e ? intid - Intid.ESPI : intid;
        return (gicd(e ? GicdRegister.ISPENDRE : GicdRegister.ISPENDR, i / 32) >>> i % 32 & 1) != 0;
    }

    /** @return whether a distributor INTID reads as active */
    boolean spiActive(final int intid)
    {
        final boolean e = Intid.isEspi(intid);
        final int i = e ? intid - Intid.ESPI : intid;
        return (gicd(e ? GicdRegister.ISACTIVERE : GicdRegister.ISACTIVER, i / 32) >>> i % 32 & 1) != 0;
    }
}
