// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

import org.novaemu.sim.Engine;
import org.novaemu.trace.Trace;
import org.novaemu.util.Require;
import org.novaemu.x86.X86Trace;

/**
 * A local APIC (Intel SDM volume 3A, chapter 11) in xAPIC and x2APIC mode: IA32_APIC_BASE and its modes
 * ({@code ApicBase}), ID, LDR and DFR, fixed interrupts through IRR, ISR and TMR with TPR and PPR
 * ({@code FixedInterrupts}), EOI with EOI-broadcast suppression for directed EOI, the ICR with IPIs leaving
 * through an {@code IpiQueue} that models the system bus's latency, seven LVT entries, the timer
 * ({@code ApicTimer}: one-shot, periodic and TSC-deadline mode), the error status register and the spurious
 * vector.
 *
 * <p>Registers are named by {@link ApicRegister}, their fields by {@link Lvt}, {@link Svr} and {@link Icr}.
 * Guest accesses come through {@link #read}/{@link #write} (xAPIC MMIO offsets) and {@link #readMsr}/
 * {@link #writeMsr} (x2APIC MSRs, IA32_APIC_BASE, IA32_TSC_DEADLINE); an access the architecture answers
 * with #GP returns false instead, and nothing throws. Not thread-safe: the engine calls it on one thread.
 */
public final class LocalApic
{
    /** IA32_APIC_BASE: bootstrap processor. */
    public static final long BASE_BSP = 1 << 8;
    /** IA32_APIC_BASE: x2APIC mode. */
    public static final long BASE_EXTD = 1 << 10;
    /** IA32_APIC_BASE: global enable. */
    public static final long BASE_ENABLE = 1 << 11;
    /** The architectural default base address. */
    public static final long DEFAULT_BASE = 0xfee0_0000L;

    /** SVR: APIC software enable ({@link Svr#APIC_ENABLE}). */
    public static final int SVR_ENABLE = (int) Svr.APIC_ENABLE.mask();
    /** SVR: suppress EOI broadcasts, directed EOI ({@link Svr#SUPPRESS_EOI_BROADCAST}). */
    public static final int SVR_SUPPRESS_EOI_BROADCAST = (int) Svr.SUPPRESS_EOI_BROADCAST.mask();
    /** LVT: mask ({@link Lvt#MASK}). */
    public static final int LVT_MASKED = (int) Lvt.MASK.mask();
    /** LVT timer mode: periodic ({@link Lvt#PERIODIC} in {@link Lvt#TIMER_MODE}). */
    public static final int TIMER_PERIODIC = (int) Lvt.TIMER_MODE.encode(Lvt.PERIODIC);
    /** LVT timer mode: TSC deadline ({@link Lvt#TSC_DEADLINE} in {@link Lvt#TIMER_MODE}). */
    public static final int TIMER_TSC_DEADLINE = (int) Lvt.TIMER_MODE.encode(Lvt.TSC_DEADLINE);

    /** ESR: send illegal vector. */
    public static final int ESR_SEND_ILLEGAL = 1 << 5;
    /** ESR: receive illegal vector. */
    public static final int ESR_RECEIVE_ILLEGAL = 1 << 6;
    /** ESR: illegal register address. */
    public static final int ESR_ILLEGAL_REGISTER = 1 << 7;

    /** Version: 0x14 (integrated APIC), 7 LVT entries, EOI-broadcast suppression supported. */
    public static final int VERSION = 0x14 | 6 << 16 | 1 << 24;

    /** What {@link #readRegister} returns for a register that cannot be read: not a value any register has. */
    static final int NO_REGISTER = 0x8000_0001;

    private final int initialId;
    private final ApicBus apicBus;
    private CpuPins cpu;
    private final ApicBase base;
    private final ApicDestination destination;
    private final FixedInterrupts fixed = new FixedInterrupts();
    private final LocalVectorTable lvt = new LocalVectorTable();
    private final ApicTimer timer;
    private final IpiQueue ipis;
    private final Trace trace;
    private final ApicMsrs msrs;

    /** The last message round of the APIC bus that matched this APIC. */
    long mark;

    private int svr;
    private long icr;

    /**
     * @param initialId the APIC ID at reset (the x2APIC ID)
     * @param bsp whether this is the bootstrap processor's APIC
     * @param engine the engine whose time is the TSC
     * @param apicBus where IPIs go
     * @param cpu the processor core
     */
    public LocalApic(final int initialId, final boolean bsp, final Engine engine, final ApicBus apicBus,
                     final CpuPins cpu)
    {
        this.initialId = initialId;
        this.apicBus = Require.nonNull("apicBus", apicBus);
        this.cpu = Require.nonNull("cpu", cpu);
        this.timer = new ApicTimer(Require.nonNull("engine", engine), arg -> timerFired(), initialId);
        this.ipis = new IpiQueue(this, engine, apicBus, initialId);
        this.trace = engine.trace();
        this.base = new ApicBase(bsp);
        this.destination = new ApicDestination(initialId);
        this.msrs = new ApicMsrs(this, base, timer, lvt);
        destination.reset();
        initState();
    }

    /**
     * Wires the APIC's outputs to another processor core: a machine connects each core once the kernel that
     * takes its interrupts exists. An interrupt already pending is signalled to the new core at once, as INTR
     * is a level the core sees whenever it looks.
     *
     * @param core the processor core
     */
    public void connect(final CpuPins core)
    {
        cpu = Require.nonNull("core", core);
        signalIfPending();
    }

    /** The state after INIT (SDM 3A, 11.4.7.3): as at reset, except that the APIC ID is kept. */
    private void initState()
    {
        destination.init();
        svr = 0xff;
        icr = 0;
        fixed.reset();
        lvt.reset();
        timer.reset();
        apicBus.moved(this);
    }

    /** INIT (from the core's INIT handling): the APIC returns to its reset state, ID and base kept. */
    public void initReset()
    {
        initState();
    }

    // ---- State ---------------------------------------------------------------------------------------

    /** @return the initial (x2APIC) ID */
    public int initialId()
    {
        return initialId;
    }

    /** @return whether the APIC is in x2APIC mode */
    public boolean x2apic()
    {
        return base.x2apic();
    }

    /** @return whether the APIC is globally enabled (IA32_APIC_BASE.EN) */
    public boolean globallyEnabled()
    {
        return base.enabled();
    }

    /** @return where this APIC's register page is for its CPU: IA32_APIC_BASE bits 51:12 (SDM 3A, 11.4.5) */
    public long baseAddress()
    {
        return base.address();
    }

    /** @return whether the APIC is software enabled (SVR bit 8) and globally enabled */
    public boolean enabled()
    {
        return globallyEnabled() && Svr.APIC_ENABLE.isSet(svr);
    }

    /** @return the APIC ID used for physical destinations: 8 bits in xAPIC mode, 32 in x2APIC mode */
    public int id()
    {
        return destination.id(x2apic());
    }

    /** @return the logical destination: xAPIC LDR[31:24], or the derived x2APIC LDR */
    public int logicalId()
    {
        return destination.logicalId(x2apic());
    }

    /** @return whether the destination format is flat (xAPIC DFR model 0xF) */
    public boolean flatModel()
    {
        return destination.flatModel();
    }

    /** @return the processor priority: TPR if its class is at least the highest in-service class, else that class */
    public int ppr()
    {
        return fixed.ppr();
    }

    /**
     * @param vector a vector
     * @return whether it is requested (IRR)
     */
    public boolean requested(final int vector)
    {
        return fixed.requested(vector & 0xff);
    }

    /**
     * @param vector a vector
     * @return whether it is in service (ISR)
     */
    public boolean inService(final int vector)
    {
        return fixed.inService(vector & 0xff);
    }

    /** @return whether a requested vector's class is above the processor priority's */
    public boolean pending()
    {
        return fixed.pending();
    }

    // ---- Delivery ------------------------------------------------------------------------------------

    /**
     * An interrupt arrives for this APIC from the APIC bus, an MSI, an IOAPIC or its own LVT.
     *
     * @param mode the delivery mode ({@link Delivery})
     * @param vector the vector (fixed, lowest priority, start-up)
     * @param level whether it is level-triggered (fixed: latched in TMR)
     */
    public void deliver(final int mode, final int vector, final boolean level)
    {
        if (!globallyEnabled())
        {
            return;
        }
        switch (mode) // reserved delivery modes deliver nothing
        {
            case Delivery.FIXED, Delivery.LOWEST -> accept(vector & 0xff, level);
            case Delivery.NMI -> cpu.nmi();
            case Delivery.SMI -> cpu.smi();
            case Delivery.INIT -> cpu.init();
            case Delivery.STARTUP -> cpu.startup(vector & 0xff);
            case Delivery.EXTINT -> cpu.extInt();
        }
    }

    /** A fixed interrupt: into IRR, its trigger mode into TMR; vectors 0 to 15 are an error. */
    private void accept(final int vector, final boolean level)
    {
        if (vector < 16)
        {
            error(ESR_RECEIVE_ILLEGAL);
            return;
        }
        if (!Svr.APIC_ENABLE.isSet(svr))
        {
            return; // a software-disabled APIC takes only NMI, SMI, INIT and start-up (SDM 3A, 11.4.7.2)
        }
        fixed.request(vector, level);
        if (trace.enabled())
        {
            trace.record(X86Trace.DELIVER, initialId, vector, level ? 1 : 0);
        }
        signalIfPending();
    }

    private void signalIfPending()
    {
        if (fixed.pending())
        {
            cpu.interruptPending();
        }
    }

    /**
     * The core takes the interrupt (INTA): the highest requested vector above the processor priority moves
     * from IRR to ISR.
     *
     * @return its vector, or the spurious vector if none is deliverable any more
     */
    public int acknowledge()
    {
        return fixed.acknowledge((int) Svr.VECTOR.extract(svr));
    }

    /** EOI: the highest in-service vector ends; a level one is broadcast to the IOAPICs unless suppressed. */
    private void eoi()
    {
        final int v = fixed.endOfInterrupt();
        if (v < 0)
        {
            return;
        }
        if (fixed.levelTriggered(v) && !Svr.SUPPRESS_EOI_BROADCAST.isSet(svr))
        {
            apicBus.eoiBroadcast(v);
        }
        signalIfPending();
    }

    /** An error (SDM 3A, 11.5.3): noted for the next ESR write; the first of its kind raises the LVT error. */
    private void error(final int bits)
    {
        if (lvt.error(bits))
        {
            raise(Lvt.ERROR);
        }
    }

    /** A local interrupt source fires: its LVT entry's vector is accepted unless the entry is masked. */
    private void raise(final Lvt entry)
    {
        final int vector = lvt.unmaskedVector(entry);
        if (vector >= 0)
        {
            accept(vector, false);
        }
    }

    /**
     * Sets how long an IPI takes from the ICR write to the targets' IRRs (the system bus's latency; 0, the
     * default, delivers at once). IPIs from one APIC arrive in the order they were sent.
     *
     * @param cycles the latency in cycles, 0 or more
     */
    public void setIpiLatency(final long cycles)
    {
        ipis.setLatency(Require.nonNegative("cycles", cycles));
    }

    /** Sends the IPI the ICR now holds: at once, or after the IPI latency; a fixed one below 16 is an error. */
    private void sendIpi()
    {
        final int low = (int) icr;
        final int mode = Icr.deliveryMode(low);
        if ((mode == Delivery.FIXED || mode == Delivery.LOWEST) && Icr.vector(low) < 16)
        {
            error(ESR_SEND_ILLEGAL);
            return;
        }
        ipis.send(low, Icr.destination(icr, x2apic()));
    }

    // ---- Timer ---------------------------------------------------------------------------------------

    /** @return the timer's current count (0 in TSC-deadline mode and when it has run out) */
    public int currentCount()
    {
        return timer.currentCount(lvt.timerMode());
    }

    private void timerFired()
    {
        timer.expired(lvt.timerMode());
        raise(Lvt.TIMER);
    }

    // ---- Registers -----------------------------------------------------------------------------------

    /**
     * An xAPIC MMIO read of a 32-bit register.
     *
     * @param offset the offset in the APIC page
     * @return the value; reserved offsets read 0 and note an illegal register address
     */
    public int read(final int offset)
    {
        if (x2apic() || !globallyEnabled())
        {
            return -1; // in x2APIC mode or disabled the MMIO page is gone (SDM 3A, 11.12.2)
        }
        final int at = offset & 0xff0;
        final int value = readRegister(ApicRegister.atOffset(at), at, false);
        if (value == NO_REGISTER)
        {
            error(ESR_ILLEGAL_REGISTER);
            return 0;
        }
        return value;
    }

    /**
     * An xAPIC MMIO write of a 32-bit register.
     *
     * @param offset the offset in the APIC page
     * @param value the value
     */
    public void write(final int offset, final int value)
    {
        if (x2apic() || !globallyEnabled())
        {
            return;
        }
        if (!writeRegister(ApicRegister.atOffset(offset & 0xff0), value & 0xffffffffL, false))
        {
            error(ESR_ILLEGAL_REGISTER);
        }
    }

    /**
     * An MSR read (RDMSR).
     *
     * @param msr the MSR
     * @param out where the value goes, {@code out[0]}
     * @return false if the access #GPs
     */
    public boolean readMsr(final int msr, final long[] out)
    {
        return msrs.read(msr, out);
    }

    /**
     * An MSR write (WRMSR).
     *
     * @param msr the MSR
     * @param value the value
     * @return false if the access #GPs (reserved register, read-only register, illegal mode transition)
     */
    public boolean writeMsr(final int msr, final long value)
    {
        return msrs.write(msr, value);
    }

    /** @return the 64-bit ICR, as the x2APIC MSR reads it */
    long icr()
    {
        return icr;
    }

    /**
     * IA32_APIC_BASE took a write: it may have moved the APIC's destinations.
     *
     * @param disabled whether the write cleared EN, which resets the APIC's state (SDM 3A, 11.4.7.1)
     */
    void baseChanged(final boolean disabled)
    {
        if (disabled)
        {
            destination.reset(); // as at power-on: the ID too, the base register stays
            initState();
        }
        apicBus.moved(this);
    }

    /**
     * @param reg the register, null for a reserved slot
     * @param offset its offset (for ISR, TMR and IRR: which of the eight words)
     * @param x2 whether the access is an x2APIC MSR read
     * @return the value, or NO_REGISTER if the register cannot be read in this mode
     */
    int readRegister(final ApicRegister reg, final int offset, final boolean x2)
    {
        if (reg == null || !reg.readable(x2))
        {
            return NO_REGISTER;
        }
        return switch (reg)
        {
            case ISR, TMR, IRR, TPR, PPR -> fixed.read(reg, offset);
            case ID, LDR, DFR -> destination.read(reg, x2);
            case LVT_CMCI, LVT_TIMER, LVT_THERMAL, LVT_PMC, LVT_LINT0, LVT_LINT1, LVT_ERROR, ESR -> lvt.read(reg);
            case TIMER_INITIAL, TIMER_CURRENT, TIMER_DIVIDE -> timer.read(reg, lvt.timerMode());
            case VERSION -> VERSION;
            case SVR -> svr;
            // xAPIC delivery status: send pending while the last IPI is on its way (11.6.1); x2APIC has none.
            case ICR -> (int) icr | (!x2 && ipis.inFlight() ? (int) Icr.DELIVERY_STATUS.mask() : 0);
            case ICR_HIGH -> (int) (icr >>> 32);
            default -> 0; // APR: no bus arbitration is modelled
        };
    }

    /**
     * @param reg the register, null for a reserved slot
     * @param value the value (x2APIC: the MSR's 64 bits)
     * @param x2 whether the access is an x2APIC MSR write
     * @return false if the register cannot be written in this mode, or (x2APIC) EOI or ESR get a non-zero value
     */
    boolean writeRegister(final ApicRegister reg, final long value, final boolean x2)
    {
        final int v = (int) value;
        if (reg == null || !reg.writable(x2) || x2 && v != 0 && (reg == ApicRegister.EOI || reg == ApicRegister.ESR))
        {
            return false;
        }
        switch (reg) // the read-only registers are not here: writable() refused them
        {
            case ID, LDR, DFR ->
            {
                destination.write(reg, v);
                apicBus.moved(this);
            }
            case TPR ->
            {
                fixed.setTpr(v);
                signalIfPending();
            }
            case EOI -> eoi();
            case SVR ->
            {
                svr = v & Svr.WRITABLE;
                if (!Svr.APIC_ENABLE.isSet(svr))
                {
                    lvt.maskAll(); // a software-disabled APIC masks every LVT entry
                }
            }
            case ESR -> lvt.latchErrors();
            case ICR ->
            {
                icr = x2 ? value : icr & 0xffff_ffff_0000_0000L | v & Icr.XAPIC_LOW_WRITABLE;
                sendIpi();
            }
            case ICR_HIGH -> icr = icr & 0xffff_ffffL | (long) (v & Icr.XAPIC_HIGH_WRITABLE) << 32;
            case LVT_CMCI, LVT_TIMER, LVT_THERMAL, LVT_PMC, LVT_LINT0, LVT_LINT1, LVT_ERROR ->
            {
                if (lvt.write(Lvt.of(reg), v, Svr.APIC_ENABLE.isSet(svr)))
                {
                    timer.modeChanged(); // into or out of TSC-deadline mode: the timer is disarmed
                }
            }
            case TIMER_INITIAL -> timer.writeInitialCount(lvt.timerMode(), v);
            case TIMER_DIVIDE -> timer.writeDivideConfiguration(lvt.timerMode(), v);
            case SELF_IPI -> accept(v & 0xff, false); // fixed, edge, to this APIC (SDM 3A, 11.12.11)
        }
        return true;
    }
}
