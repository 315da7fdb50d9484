// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

import org.novaemu.arm.ArmTrace;
import org.novaemu.irq.IrqLine;
import org.novaemu.irq.IrqListener;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.trace.Trace;

/**
 * A GICv3 redistributor (IHI 0069, chapter 12), one per PE: the RD_base frame (control, type, WAKER and
 * the LPI registers) and the SGI_base frame (SGIs 0 to 15, PPIs 16 to 31 and the extended PPIs 1056 to 1119
 * with their group, enable, pending, active, priority and configuration), {@link GicrRegister}. Devices local
 * to the PE (the generic timers on PPIs 26, 27 and 30) drive PPIs through {@link IrqLine}s connected with
 * {@link #connect}. Its LPIs come from the ITS through {@link #setLpiPending}, or from software through
 * GICR_SETLPIR.
 *
 * <p>The redistributor also holds what is forwarded to its PE: every interrupt of each group that is pending,
 * enabled and not active (its own, the SPIs routed here, its LPIs), ordered by priority, from which the CPU
 * interface takes the highest. While ProcessorSleep is set it forwards nothing (decision A6).
 */
public final class Gicr implements IrqListener
{
    /** The bit of a {@link #highest} result that says the interrupt is group 1. */
    static final int GROUP1 = 1 << 25;

    private final Gic gic;
    private final int pe;
    private final int affinity;
    private final boolean last;
    private final int eppis;
    private final boolean lpisSupported;
    private GicrTyper typer;
    private final InterruptBank bank;
    private final ReadySet[] ready = {new ReadySet(0, Intid.WIRED_SLOTS), new ReadySet(0, Intid.WIRED_SLOTS)};
    private final LpiTables lpis;
    private GicCpuInterface cpu;
    private boolean dpg0;
    private boolean dpg1;
    private boolean processorSleep = true;
    private long wakerChanged = Long.MIN_VALUE / 2;
    private long rwpUntil = Long.MIN_VALUE;

    /**
     * @param gic the GIC it belongs to
     * @param pe its processor number
     * @param affinity its PE's affinity, packed
     * @param last whether it is the last of its region
     * @param eppis the number of extended PPIs: 0, 32 or 64
     * @param lpis whether LPIs are supported
     * @param idBits the GIC's INTID bits
     * @param memory where LPI tables are
     */
    Gicr(final Gic gic, final int pe, final int affinity, final boolean last, final int eppis, final boolean lpis,
         final int idBits, final PhysicalMemory memory)
    {
        this.gic = gic;
        this.pe = pe;
        this.affinity = affinity;
        this.last = last;
        this.eppis = eppis;
        this.lpisSupported = lpis;
        this.bank = new InterruptBank(Intid.SPI + eppis, this::changed);
        bank.implement(Intid.SGI, Intid.PPI, true);
        bank.implement(Intid.PPI, Intid.SPI + eppis, false);
        bank.reset();
        this.lpis = new LpiTables(this, memory, idBits);
    }

    /** Connects the PE's CPU interface, which the redistributor tells of every change. */
    void attach(final GicCpuInterface cpuInterface)
    {
        this.cpu = cpuInterface;
    }

    /** @return its PE's processor number (GICR_TYPER.Processor_Number), the PE's index in the GIC */
    public int processorNumber()
    {
        return pe;
    }

    /** @return its PE's affinity, packed ({@link Affinity}) */
    public int affinity()
    {
        return affinity;
    }

    /** @return GICR_TYPER */
    public GicrTyper typer()
    {
        GicrTyper t = typer;
        if (t == null)
        {
            t = new GicrTyper(lpisSupported, false, false, lpisSupported, last, true, false, false, pe, 0, false,
                eppis / 32, affinity);
            typer = t; // a value: made once, as reads are frequent
        }
        return t;
    }

    /** @return whether GICR_CTLR.EnableLPIs is set */
    public boolean lpisEnabled()
    {
        return lpis.enabled();
    }

    /**
     * Wires a line local to the PE to a PPI or an extended PPI.
     *
     * @param line the line
     * @param intid a PPI, 16 to 31, or an extended PPI the redistributor implements
     * @throws IllegalArgumentException for any other INTID
     */
    public void connect(final IrqLine line, final int intid)
    {
        if (slotOf(intid) < Intid.PPI)
        {
            throw new IllegalArgumentException("intid must be a PPI or an implemented extended PPI, was " + intid);
        }
        line.connect(this, intid);
    }

    /**
     * A PPI's input line changed level; other INTIDs are ignored.
     *
     * @param intid the PPI or extended PPI
     * @param level the new level
     */
    @Override
    public void levelChanged(final int intid, final boolean level)
    {
        final int s = slotOf(intid);
        if (s >= Intid.PPI)
        {
            bank.line(s, level);
        }
    }

    /**
     * Makes an LPI pending on this redistributor (the ITS's INT, or a translated MSI). Ignored while LPIs are
     * disabled and for an INTID the LPI tables do not cover.
     *
     * @param intid the LPI
     */
    public void setLpiPending(final int intid)
    {
        final Trace trace = gic.trace();
        if (trace.enabled())
        {
            trace.record(ArmTrace.DELIVER, pe, intid, 0);
        }
        lpis.setPending(intid, true);
    }

    /**
     * Makes an LPI not pending (the ITS's CLEAR and DISCARD).
     *
     * @param intid the LPI
     */
    public void clearLpiPending(final int intid)
    {
        lpis.setPending(intid, false);
    }

    /**
     * @param intid an LPI
     * @return whether it is pending here
     */
    public boolean lpiPending(final int intid)
    {
        return lpis.pending(intid);
    }

    /**
     * The pending LPIs here in ascending order, without a look at every LPI (the ITS's MOVALL).
     *
     * @param intid where to start
     * @return the first LPI at or above {@code intid} pending here, or -1 if there is none (or LPIs are off)
     */
    public int nextPendingLpi(final int intid)
    {
        return lpis.nextPending(intid);
    }

    /**
     * Reads an LPI's configuration again from the table (the ITS's INV).
     *
     * @param intid the LPI
     */
    public void invalidateLpi(final int intid)
    {
        lpis.invalidate(intid);
    }

    /** Reads every LPI's configuration again from the table (the ITS's INVALL). */
    public void invalidateAllLpis()
    {
        lpis.invalidateAll();
    }

    // ---- Forwarding ---------------------------------------------------------------------------------------

    /**
     * An interrupt is ready for this PE, or has a new priority or group.
     *
     * @param slot its slot ({@link Intid})
     * @param group its group
     * @param prio its priority
     */
    void forward(final int slot, final int group, final int prio)
    {
        ready[group].add(slot, prio);
        ready[1 - group].remove(slot);
        cpu.update();
    }

    /**
     * An interrupt is no longer ready for this PE.
     *
     * @param slot its slot
     */
    void withdraw(final int slot)
    {
        ready[0].remove(slot);
        ready[1].remove(slot);
        cpu.update();
    }

    /** The LPIs ready for the PE changed. */
    void lpisChanged()
    {
        cpu.update();
    }

    /**
     * @param group0 whether group 0 is enabled (distributor and CPU interface)
     * @param group1 whether group 1 is enabled
     * @return the highest priority interrupt forwarded to the PE: its key ({@link ReadySet#key}), with
     *         {@link #GROUP1} set if it is group 1; or -1 if none is, or the PE is asleep
     */
    int highest(final boolean group0, final boolean group1)
    {
        if (processorSleep)
        {
            return -1;
        }
        final int b0 = group0 ? ready[0].best() : ReadySet.NONE;
        final int b1 = group1 ? Math.min(ready[1].best(), lpis.best()) : ReadySet.NONE;
        if (b0 == ReadySet.NONE && b1 == ReadySet.NONE)
        {
            return -1;
        }
        return b0 <= b1 ? b0 : b1 | GROUP1;
    }

    /** @return whether the PE is awake: ProcessorSleep clear */
    boolean awake()
    {
        return !processorSleep;
    }

    /**
     * @param group 0 or 1
     * @return whether GICR_CTLR keeps the PE out of 1-of-N distribution of the group (DPG0, DPG1NS)
     */
    boolean distributionDisabled(final int group)
    {
        return group == 0 ? dpg0 : dpg1;
    }

    /**
     * @param intid an INTID
     * @return whether it is an SGI, PPI or extended PPI this redistributor implements
     */
    boolean implemented(final int intid)
    {
        return slotOf(intid) >= 0;
    }

    /**
     * @param intid an INTID
     * @return whether it is an LPI the enabled LPI tables cover
     */
    boolean coversLpi(final int intid)
    {
        return lpis.covers(intid);
    }

    /** @param intid an implemented SGI, PPI or extended PPI: it becomes active */
    void activate(final int intid)
    {
        bank.activate(slotOf(intid));
    }

    /** @param intid an implemented SGI, PPI or extended PPI: it becomes inactive */
    void deactivate(final int intid)
    {
        bank.deactivate(slotOf(intid));
    }

    /** @param intid an LPI this PE acknowledged: it is no longer pending */
    void acknowledgeLpi(final int intid)
    {
        lpis.setPending(intid, false);
    }

    /**
     * An SGI generated for this PE: pending if the SGI is configured as the generating register's group
     * (decision A11).
     *
     * @param intid the SGI
     * @param group the group the generating register asks for
     */
    void sgi(final int intid, final int group)
    {
        if (bank.group(intid) == group)
        {
            bank.makePending(intid);
        }
    }

    /** A slot of the private bank changed: forward or withdraw it. */
    private void changed(final int s)
    {
        final int slot = s < Intid.SPI ? s : s - Intid.SPI + Intid.EPPI_SLOT;
        if (bank.ready(s))
        {
            forward(slot, bank.group(s), bank.priority(s));
        }
        else
        {
            withdraw(slot);
        }
    }

    /** @return the bank slot of an implemented SGI, PPI or extended PPI, or -1 */
    private int slotOf(final int intid)
    {
        if (intid >= 0 && intid < Intid.SPI)
        {
            return intid;
        }
        return intid >= Intid.EPPI && intid - Intid.EPPI < eppis ? intid - Intid.EPPI + Intid.SPI : -1;
    }

    // ---- Registers ----------------------------------------------------------------------------------------

    private long ctlr()
    {
        // IR: INVLPIR, INVALLR and SYNCR exist, which they do only with LPIs.
        return (lpis.enabled() ? GicrRegister.CTLR_ENABLE_LPIS.mask() : 0)
            | (lpisSupported ? GicrRegister.CTLR_IR.mask() : 0)
            | (gic.now() < rwpUntil ? GicrRegister.CTLR_RWP.mask() : 0)
            | (dpg0 ? GicrRegister.CTLR_DPG0.mask() : 0) | (dpg1 ? GicrRegister.CTLR_DPG1NS.mask() : 0);
    }

    /** ChildrenAsleep follows ProcessorSleep once the propagation delay has passed (decision A6). */
    private long waker()
    {
        final boolean settled = gic.now() - wakerChanged >= gic.propagationDelay();
        final boolean childrenAsleep = settled == processorSleep;
        return (processorSleep ? GicrRegister.WAKER_PROCESSOR_SLEEP.mask() : 0)
            | (childrenAsleep ? GicrRegister.WAKER_CHILDREN_ASLEEP.mask() : 0);
    }

    /**
     * A read of the redistributor's frames.
     *
     * @param offset the offset from RD_base
     * @param size the access size
     * @return the value; reserved offsets and unsupported sizes read zero
     */
    long read(final long offset, final int size)
    {
        final GicrRegister reg = GicrRegister.at(offset);
        if (reg == null || !reg.permits(size))
        {
            return 0;
        }
        final int off = (int) offset;
        final int n = (off - reg.offset()) / reg.width();
        return switch (reg)
        {
            case CTLR -> ctlr();
            case TYPER -> GicRegister.half(typer().value(), off, size);
            case WAKER -> waker();
            case PROPBASER -> GicRegister.half(lpis.propbaser(), off, size);
            case PENDBASER -> GicRegister.half(lpis.pendbaser(), off, size);
            case IIDR, PIDR0, PIDR1, PIDR2, PIDR3, PIDR4, PIDR5, PIDR6, PIDR7, CIDR0, CIDR1, CIDR2, CIDR3 ->
                reg.reset();
            case IGROUPR -> bank.readGroup(n) & 0xffff_ffffL;
            case ISENABLER, ICENABLER -> bank.readEnabled(n) & 0xffff_ffffL;
            case ISPENDR, ICPENDR -> bank.readPending(n) & 0xffff_ffffL;
            case ISACTIVER, ICACTIVER -> bank.readActive(n) & 0xffff_ffffL;
            case IPRIORITYR ->
            {
                long v = 0;
                for (int b = 0; b < size; b++)
                {
                    v |= (long) bank.readPriority(off - reg.offset() + b) << 8 * b;
                }
                yield v;
            }
            case ICFGR -> bank.readConfig(n) & 0xffff_ffffL;
            default -> 0; // SYNCR (never busy), write-only and RAZ/WI registers
        };
    }

    /**
     * A write of the redistributor's frames.
     *
     * @param offset the offset from RD_base
     * @param size the access size
     * @param value the value
     */
    void write(final long offset, final int size, final long value)
    {
        final GicrRegister reg = GicrRegister.at(offset);
        if (reg == null || !reg.permits(size))
        {
            return;
        }
        final int off = (int) offset;
        final int n = (off - reg.offset()) / reg.width();
        final int v = (int) value;
        final boolean low = (off & 4) == 0;
        switch (reg)
        {
            case CTLR -> writeCtlr(v);
            case WAKER -> writeWaker(v);
            case PROPBASER -> lpis.writePropbaser(GicRegister.merge(lpis.propbaser(), off, size, value));
            case PENDBASER -> lpis.writePendbaser(GicRegister.merge(lpis.pendbaser(), off, size, value));
            case SETLPIR, CLRLPIR, INVLPIR ->
            {
                if (low) // the INTID is bits 31:0; a write of the upper half alone does nothing
                {
                    if (reg == GicrRegister.INVLPIR)
                    {
                        lpis.invalidate(v);
                    }
                    else
                    {
                        lpis.setPending(v, reg == GicrRegister.SETLPIR);
                    }
                }
            }
            case INVALLR ->
            {
                if (low)
                {
                    lpis.invalidateAll();
                }
            }
            case IGROUPR -> bank.writeGroup(n, v);
            case ISENABLER -> bank.writeEnabled(n, v, true);
            case ICENABLER ->
            {
                bank.writeEnabled(n, v, false);
                registerWrite();
            }
            case ISPENDR -> bank.writePending(n, v, true);
            case ICPENDR -> bank.writePending(n, v, false);
            case ISACTIVER -> bank.writeActive(n, v, true);
            case ICACTIVER -> bank.writeActive(n, v, false);
            case IPRIORITYR ->
            {
                for (int b = 0; b < size; b++)
                {
                    bank.writePriority(off - reg.offset() + b, v >>> 8 * b);
                }
            }
            case ICFGR -> bank.writeConfig(n, v);
            default ->
            {
                // read-only and RAZ/WI registers ignore writes
            }
        }
    }

    private void writeCtlr(final int v)
    {
        registerWrite();
        if (GicrRegister.CTLR_ENABLE_LPIS.isSet(v) && lpisSupported)
        {
            lpis.enable(); // once set it stays set: CES is 0 (decision A9)
        }
        final boolean d0 = GicrRegister.CTLR_DPG0.isSet(v);
        final boolean d1 = GicrRegister.CTLR_DPG1NS.isSet(v);
        if (d0 != dpg0 || d1 != dpg1)
        {
            dpg0 = d0;
            dpg1 = d1;
            gic.participationChanged(pe);
        }
    }

    private void writeWaker(final int v)
    {
        final boolean sleep = GicrRegister.WAKER_PROCESSOR_SLEEP.isSet(v);
        if (sleep != processorSleep)
        {
            processorSleep = sleep;
            wakerChanged = gic.now();
            gic.participationChanged(pe);
            cpu.update();
        }
    }

    /** A write whose effect RWP tracks (decision A6). */
    private void registerWrite()
    {
        rwpUntil = gic.now() + gic.propagationDelay();
    }
}
