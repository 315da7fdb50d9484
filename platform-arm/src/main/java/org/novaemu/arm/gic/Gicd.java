// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

import java.util.Arrays;

import org.novaemu.arm.ArmTrace;
import org.novaemu.bus.MmioDevice;
import org.novaemu.irq.IrqLine;
import org.novaemu.irq.IrqListener;
import org.novaemu.trace.Trace;

/**
 * The GICv3 distributor (IHI 0069, chapter 12): the SPIs and extended SPIs, their group, enable, pending, active,
 * priority, configuration and routing, in one 64 KiB frame ({@link GicdRegister}). Affinity routing is always
 * on and there is one security state (decision A1). Devices drive SPIs through {@link IrqLine}s connected with
 * {@link #connect}; a level-sensitive SPI is pending while its line is high, an edge-triggered one latches each
 * rising edge (decision A8).
 *
 * <p>Each SPI that is pending, enabled and not active is forwarded to one PE: the one its IROUTER names, or,
 * with Interrupt_Routing_Mode 1, a participating PE chosen when it becomes ready (decision A7). The PE's
 * redistributor keeps it in its ordered set of ready interrupts, so no path here scans SPIs or PEs. Guest
 * accesses never throw: reserved offsets, unsupported sizes and unimplemented INTIDs read as zero and ignore
 * writes.
 */
public final class Gicd implements MmioDevice, IrqListener
{
    private final Gic gic;
    private final Shared spi;
    private final Shared espi;
    private final int spiEnd;
    private final int espis;
    private final GicdTyper typer;
    private boolean enableGrp0;
    private boolean enableGrp1;
    private long rwpUntil = Long.MIN_VALUE;

    /** One range of shared interrupts: the SPIs (bank slot = INTID) or the extended SPIs (INTID - 4096). */
    private final class Shared implements InterruptBank.Owner
    {
        final InterruptBank bank;
        final int firstSlot;
        final long[] irouter;
        final int[] route;
        final int[] queued;
        final long[] waiting;

        Shared(final int size, final int firstSlot)
        {
            this.bank = new InterruptBank(size, this);
            this.firstSlot = firstSlot;
            this.irouter = new long[size];
            this.route = new int[size];
            this.queued = new int[size];
            this.waiting = new long[size + 63 >>> 6];
            Arrays.fill(queued, -1);
        }

        @Override
        public void changed(final int slot)
        {
            refresh(this, slot);
        }
    }

    /**
     * @param gic the GIC it belongs to
     * @param spis the number of SPIs: a multiple of 32 up to 960, or 988
     * @param espis the number of extended SPIs: a multiple of 32 up to 1,024
     * @param lpis whether the GIC supports LPIs
     * @param idBits the number of INTID bits, 14 to 16
     */
    Gicd(final Gic gic, final int spis, final int espis, final boolean lpis, final int idBits)
    {
        this.gic = gic;
        this.spiEnd = Intid.SPI + spis;
        this.espis = espis;
        this.spi = new Shared(1024, 0);
        this.espi = new Shared(espis, Intid.ESPI_SLOT);
        spi.bank.implement(Intid.SPI, spiEnd, false);
        espi.bank.implement(0, espis, false);
        spi.bank.reset();
        espi.bank.reset();
        this.typer = new GicdTyper((spiEnd + 31) / 32 - 1, 0, espis > 0, false, false, 0, false, lpis, false,
            idBits - 1, true, false, true, espis > 0 ? espis / 32 - 1 : 0);
    }

    /** Routes every SPI to the PE with affinity 0.0.0.0 (IROUTER's reset value), once the PEs exist. */
    void resetRoutes()
    {
        final int pe = gic.peOf(0);
        Arrays.fill(spi.route, pe);
        Arrays.fill(espi.route, pe);
    }

    /** @return GICD_TYPER */
    public GicdTyper typer()
    {
        return typer;
    }

    /**
     * @param group 0 or 1
     * @return whether GICD_CTLR enables the group
     */
    public boolean groupEnabled(final int group)
    {
        return group == 0 ? enableGrp0 : enableGrp1;
    }

    /**
     * Wires a device's line to an SPI or extended SPI.
     *
     * @param line the line
     * @param intid an SPI or extended SPI this distributor implements
     * @throws IllegalArgumentException if it implements no such INTID
     */
    public void connect(final IrqLine line, final int intid)
    {
        if (range(intid) == null)
        {
            throw new IllegalArgumentException("intid must be an implemented SPI or extended SPI, was " + intid);
        }
        line.connect(this, intid);
    }

    /**
     * An SPI's input line changed level; INTIDs this distributor does not implement are ignored.
     *
     * @param intid the SPI or extended SPI
     * @param level the new level
     */
    @Override
    public void levelChanged(final int intid, final boolean level)
    {
        final Shared r = range(intid);
        if (r != null)
        {
            r.bank.line(index(intid), level);
        }
    }

    // ---- For the CPU interfaces ---------------------------------------------------------------------------

    /**
     * @param intid an INTID
     * @return whether it is an SPI or extended SPI this distributor implements
     */
    boolean implemented(final int intid)
    {
        return range(intid) != null;
    }

    /** @param intid an implemented SPI or extended SPI: it becomes active, its pending latch clear */
    void activate(final int intid)
    {
        range(intid).bank.activate(index(intid));
    }

    /** @param intid an implemented SPI or extended SPI: it becomes inactive */
    void deactivate(final int intid)
    {
        range(intid).bank.deactivate(index(intid));
    }

    /**
     * A PE started or stopped participating in 1-of-N distribution of a group: its 1-of-N SPIs go elsewhere,
     * or the ones that found no PE come to it.
     */
    void participationChanged(final int pe, final int group, final boolean participating)
    {
        rebalance(spi, pe, group, participating);
        rebalance(espi, pe, group, participating);
    }

    private void rebalance(final Shared r, final int pe, final int group, final boolean participating)
    {
        if (participating)
        {
            for (int w = 0; w < r.waiting.length; w++)
            {
                long bits = r.waiting[w];
                while (bits != 0)
                {
                    final int i = w << 6 | Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                    if (r.bank.group(i) == group)
                    {
                        refresh(r, i);
                    }
                }
            }
            return;
        }
        for (int i = 0; i < r.queued.length; i++)
        {
            if (r.queued[i] == pe && Irouter.oneOfN(r.irouter[i]) && r.bank.group(i) == group)
            {
                refresh(r, i);
            }
        }
    }

    // ---- Forwarding ---------------------------------------------------------------------------------------

    /**
     * An SPI's state changed: it is forwarded to its PE if ready (pending, enabled, not active), withdrawn from
     * the PE it was forwarded to otherwise.
     */
    private void refresh(final Shared r, final int i)
    {
        final int slot = r.firstSlot + i;
        final boolean ready = r.bank.ready(i);
        final boolean oneOfN = Irouter.oneOfN(r.irouter[i]);
        final int group = r.bank.group(i);
        final int was = r.queued[i];
        int want = -1;
        if (ready)
        {
            if (!oneOfN)
            {
                want = r.route[i];
            }
            else if (was >= 0 && gic.participates(was, group))
            {
                want = was;
            }
            else
            {
                want = gic.chooseOneOfN(group);
            }
        }
        if (was >= 0 && was != want)
        {
            gic.redistributor(was).withdraw(slot);
        }
        r.queued[i] = want;
        if (ready && oneOfN && want < 0)
        {
            r.waiting[i >>> 6] |= 1L << i;
        }
        else
        {
            r.waiting[i >>> 6] &= ~(1L << i);
        }
        if (want >= 0)
        {
            if (want != was)
            {
                final Trace trace = gic.trace();
                if (trace.enabled())
                {
                    trace.record(ArmTrace.DELIVER, want, Intid.fromSlot(slot), 0); // as an LPI's (T23)
                }
            }
            gic.redistributor(want).forward(slot, group, r.bank.priority(i));
        }
    }

    private Shared range(final int intid)
    {
        if (intid >= Intid.SPI && intid < spiEnd)
        {
            return spi;
        }
        return intid >= Intid.ESPI && intid - Intid.ESPI < espis ? espi : null;
    }

    private static int index(final int intid)
    {
        return intid >= Intid.ESPI ? intid - Intid.ESPI : intid;
    }

    // ---- Registers ----------------------------------------------------------------------------------------

    private int ctlr()
    {
        return (enableGrp0 ? (int) GicdRegister.CTLR_ENABLE_GRP0.mask() : 0)
            | (enableGrp1 ? (int) GicdRegister.CTLR_ENABLE_GRP1.mask() : 0)
            | (int) (GicdRegister.CTLR_ARE.mask() | GicdRegister.CTLR_DS.mask())
            | (gic.now() < rwpUntil ? (int) GicdRegister.CTLR_RWP.mask() : 0);
    }

    @Override
    public long read(final long offset, final int size, final long requester)
    {
        final GicdRegister reg = GicdRegister.at(offset);
        if (reg == null || !reg.permits(size))
        {
            return 0;
        }
        final int off = (int) offset;
        final int n = (off - reg.offset()) / reg.width();
        final Shared r = reg.extended() ? espi : spi;
        return switch (reg)
        {
            case CTLR -> ctlr();
            case TYPER -> typer.value() & 0xffff_ffffL;
            case IIDR, PIDR0, PIDR1, PIDR2, PIDR3, PIDR4, PIDR5, PIDR6, PIDR7, CIDR0, CIDR1, CIDR2, CIDR3 ->
                reg.reset();
            case IGROUPR, IGROUPRE -> r.bank.readGroup(n) & 0xffff_ffffL;
            case ISENABLER, ICENABLER, ISENABLERE, ICENABLERE -> r.bank.readEnabled(n) & 0xffff_ffffL;
            case ISPENDR, ICPENDR, ISPENDRE, ICPENDRE -> r.bank.readPending(n) & 0xffff_ffffL;
            case ISACTIVER, ICACTIVER, ISACTIVERE, ICACTIVERE -> r.bank.readActive(n) & 0xffff_ffffL;
            case IPRIORITYR, IPRIORITYRE -> readPriorities(r, off - reg.offset(), size);
            case ICFGR, ICFGRE -> r.bank.readConfig(n) & 0xffff_ffffL;
            case IROUTER, IROUTERE -> GicRegister.half(
                r == spi && n < Intid.SPI || n >= r.irouter.length ? 0 : r.irouter[n], off, size);
            default -> 0; // TYPER2 and the RAZ/WI registers
        };
    }

    @Override
    public void write(final long offset, final int size, final long value, final long requester)
    {
        final GicdRegister reg = GicdRegister.at(offset);
        if (reg == null || !reg.permits(size))
        {
            return;
        }
        final int off = (int) offset;
        final int n = (off - reg.offset()) / reg.width();
        final Shared r = reg.extended() ? espi : spi;
        final int v = (int) value;
        switch (reg)
        {
            case CTLR -> writeCtlr(v);
            case IGROUPR, IGROUPRE -> r.bank.writeGroup(n, v);
            case ISENABLER, ISENABLERE -> r.bank.writeEnabled(n, v, true);
            case ICENABLER, ICENABLERE ->
            {
                r.bank.writeEnabled(n, v, false);
                registerWrite();
            }
            case ISPENDR, ISPENDRE -> r.bank.writePending(n, v, true);
            case ICPENDR, ICPENDRE -> r.bank.writePending(n, v, false);
            case ISACTIVER, ISACTIVERE -> r.bank.writeActive(n, v, true);
            case ICACTIVER, ICACTIVERE -> r.bank.writeActive(n, v, false);
            case IPRIORITYR, IPRIORITYRE ->
            {
                for (int b = 0; b < size; b++)
                {
                    r.bank.writePriority(off - reg.offset() + b, v >>> 8 * b);
                }
            }
            case ICFGR, ICFGRE -> r.bank.writeConfig(n, v);
            case IROUTER, IROUTERE ->
            {
                if (!(r == spi && n < Intid.SPI) && n < r.irouter.length && r.bank.implemented(n))
                {
                    writeIrouter(r, n, GicRegister.merge(r.irouter[n], off, size, value));
                }
            }
            default ->
            {
                // read-only and RAZ/WI registers ignore writes
            }
        }
    }

    private void writeCtlr(final int v)
    {
        final boolean g0 = GicdRegister.CTLR_ENABLE_GRP0.isSet(v);
        final boolean g1 = GicdRegister.CTLR_ENABLE_GRP1.isSet(v);
        registerWrite();
        if (g0 != enableGrp0 || g1 != enableGrp1)
        {
            enableGrp0 = g0;
            enableGrp1 = g1;
            gic.groupEnablesChanged();
        }
    }

    /** A write whose effect RWP tracks: RWP reads 1 for the propagation delay (decision A6). */
    private void registerWrite()
    {
        rwpUntil = gic.now() + gic.propagationDelay();
    }

    private void writeIrouter(final Shared r, final int i, final long value)
    {
        r.irouter[i] = value & Irouter.WRITABLE;
        r.route[i] = gic.peOf(Irouter.affinity(r.irouter[i]));
        refresh(r, i);
    }

    private static long readPriorities(final Shared r, final int first, final int size)
    {
        long v = 0;
        for (int b = 0; b < size; b++)
        {
            v |= (long) r.bank.readPriority(first + b) << 8 * b;
        }
        return v;
    }
}
