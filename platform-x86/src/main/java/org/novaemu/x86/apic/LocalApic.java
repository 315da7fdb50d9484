// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

import org.novaemu.sim.Engine;
import org.novaemu.util.Require;

/**
 * A local APIC (Intel SDM volume 3A, chapter 11) in xAPIC and x2APIC mode: ID, LDR and DFR, TPR and PPR,
 * the 256-bit IRR, ISR and TMR as four 64-bit words each (the highest pending vector takes at most four
 * word tests), EOI with EOI-broadcast suppression for directed EOI, the ICR, seven LVT entries, the timer
 * ({@link ApicTimer}: one-shot, periodic and TSC-deadline mode), the error status register and the spurious
 * vector; IPIs leave through an {@link IpiQueue} that models the system bus's latency.
 *
 * <p>Registers are named by {@link ApicRegister}, their fields by {@link Lvt}, {@link Svr} and {@link Icr}. Guest
 * accesses come through {@link #read}/{@link #write} (xAPIC MMIO offsets) and {@link #readMsr}/
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

    private static final Lvt[] LVTS = Lvt.values();
    private static final int LVT_TIMER = Lvt.TIMER.ordinal();
    private static final int LVT_ERROR = Lvt.ERROR.ordinal();

    private final int initialId;
    private final ApicBus apicBus;
    private CpuPins cpu;
    private final long[] irr = new long[4];
    private final long[] isr = new long[4];
    private final long[] tmr = new long[4];
    private final int[] lvt = new int[LVTS.length];
    private final ApicTimer timer;
    private final IpiQueue ipis;

    /** The last message round of the APIC bus that matched this APIC. */
    long mark;

    private long base;
    private int id;
    private int tpr;
    private int ldr;
    private int dfr;
    private int svr;
    private int esr;
    private int esrPending;
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
        if (engine == null || apicBus == null || cpu == null)
        {
            throw new IllegalArgumentException("engine, apicBus and cpu must not be null");
        }
        this.initialId = initialId;
        this.apicBus = apicBus;
        this.cpu = cpu;
        this.timer = new ApicTimer(engine, arg -> timerFired(), initialId);
        this.ipis = new IpiQueue(this, engine, apicBus, initialId);
        this.base = DEFAULT_BASE | BASE_ENABLE | (bsp ? BASE_BSP : 0);
        reset();
    }

    /**
     * Wires the APIC's outputs to another processor core: a machine connects each core once the kernel that
     * takes its interrupts exists.
     *
     * @param core the processor core
     */
    public void connect(final CpuPins core)
    {
        cpu = Require.nonNull("core", core);
    }

    /** The state at power-on and when IA32_APIC_BASE.EN is cleared: the base register stays. */
    private void reset()
    {
        id = initialId << 24; // the xAPIC ID register holds the low 8 bits of the initial ID in [31:24]
        initState();
    }

    /** The state after INIT (SDM 3A, 11.4.7.3): as at reset, except that the APIC ID is kept. */
    private void initState()
    {
        tpr = 0;
        ldr = 0;
        dfr = -1;
        svr = 0xff;
        esr = 0;
        esrPending = 0;
        icr = 0;
        java.util.Arrays.fill(irr, 0);
        java.util.Arrays.fill(isr, 0);
        java.util.Arrays.fill(tmr, 0);
        java.util.Arrays.fill(lvt, LVT_MASKED);
        timer.reset();
        apicBus.moved(this);
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
        return (base & (BASE_ENABLE | BASE_EXTD)) == (BASE_ENABLE | BASE_EXTD);
    }

    /** @return whether the APIC is globally enabled (IA32_APIC_BASE.EN) */
    public boolean globallyEnabled()
    {
        return (base & BASE_ENABLE) != 0;
    }

    /** @return whether the APIC is software enabled (SVR bit 8) and globally enabled */
    public boolean enabled()
    {
        return globallyEnabled() && (svr & SVR_ENABLE) != 0;
    }

    /** @return the APIC ID used for physical destinations: 8 bits in xAPIC mode, 32 in x2APIC mode */
    public int id()
    {
        return x2apic() ? initialId : id >>> 24;
    }

    /** @return the logical destination: xAPIC LDR[31:24], or the derived x2APIC LDR */
    public int logicalId()
    {
        return x2apic() ? x2apicLdr() : ldr >>> 24;
    }

    /** @return whether the destination format is flat (xAPIC DFR model 0xF) */
    public boolean flatModel()
    {
        return (dfr >>> 28) == 0xf;
    }

    private int x2apicLdr()
    {
        return (initialId >>> 4) << 16 | 1 << (initialId & 15);
    }

    /** @return the processor priority: TPR if its class is at least the highest in-service class, else that class */
    public int ppr()
    {
        final int isrv = highest(isr);
        final int in = isrv < 0 ? 0 : isrv;
        return (tpr >>> 4) >= (in >>> 4) ? tpr & 0xff : in & 0xf0;
    }

    /** @return the highest vector set in a 256-bit map, or -1 */
    private static int highest(final long[] map)
    {
        for (int w = 3; w >= 0; w--)
        {
            if (map[w] != 0)
            {
                return w << 6 | 63 - Long.numberOfLeadingZeros(map[w]);
            }
        }
        return -1;
    }

    private static boolean test(final long[] map, final int v)
    {
        return (map[v >>> 6] >>> v & 1) != 0;
    }

    private static void set(final long[] map, final int v, final boolean on)
    {
        if (on)
        {
            map[v >>> 6] |= 1L << v;
        }
        else
        {
            map[v >>> 6] &= ~(1L << v);
        }
    }

    /**
     * @param vector a vector
     * @return whether it is requested (IRR)
     */
    public boolean requested(final int vector)
    {
        return test(irr, vector & 0xff);
    }

    /**
     * @param vector a vector
     * @return whether it is in service (ISR)
     */
    public boolean inService(final int vector)
    {
        return test(isr, vector & 0xff);
    }

    /** @return whether a requested vector's class is above the processor priority's */
    public boolean pending()
    {
        final int v = highest(irr);
        return v >= 0 && (v >>> 4) > (ppr() >>> 4);
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
        switch (mode)
        {
            case Delivery.FIXED:
            case Delivery.LOWEST:
                accept(vector & 0xff, level);
                break;
            case Delivery.NMI:
                cpu.nmi();
                break;
            case Delivery.SMI:
                cpu.smi();
                break;
            case Delivery.INIT:
                cpu.init();
                break;
            case Delivery.STARTUP:
                cpu.startup(vector & 0xff);
                break;
            case Delivery.EXTINT:
                cpu.extInt();
                break;
            default:
                break; // reserved delivery modes deliver nothing
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
        if ((svr & SVR_ENABLE) == 0)
        {
            return; // a software-disabled APIC takes only NMI, SMI, INIT and start-up (SDM 3A, 11.4.7.2)
        }
        set(irr, vector, true);
        set(tmr, vector, level);
        if (pending())
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
        final int v = highest(irr);
        if (v < 0 || (v >>> 4) <= (ppr() >>> 4))
        {
            return svr & 0xff;
        }
        set(irr, v, false);
        set(isr, v, true);
        return v;
    }

    /** EOI: the highest in-service vector ends; a level one is broadcast to the IOAPICs unless suppressed. */
    private void eoi()
    {
        final int v = highest(isr);
        if (v < 0)
        {
            return;
        }
        set(isr, v, false);
        if (test(tmr, v) && (svr & SVR_SUPPRESS_EOI_BROADCAST) == 0)
        {
            apicBus.eoiBroadcast(v);
        }
        if (pending())
        {
            cpu.interruptPending();
        }
    }

    private void error(final int bits)
    {
        final boolean fresh = (esrPending & bits) != bits;
        esrPending |= bits;
        if (fresh && (lvt[LVT_ERROR] & LVT_MASKED) == 0)
        {
            accept(lvt[LVT_ERROR] & 0xff, false);
        }
    }

    /**
     * Sets how long an IPI takes from the ICR write to the targets' IRRs (the system bus's latency; 0, the
     * default, delivers at once). IPIs from one APIC arrive in the order they were sent, however many are
     * on their way.
     *
     * @param cycles the latency in cycles, 0 or more
     */
    public void setIpiLatency(final long cycles)
    {
        if (cycles < 0)
        {
            throw new IllegalArgumentException("cycles must not be negative, was " + cycles);
        }
        ipis.setLatency(cycles);
    }

    /** Sends the IPI the ICR now holds: at once, or after the IPI latency. */
    private void sendIpi()
    {
        final int low = (int) icr;
        final int mode = Icr.deliveryMode(low);
        final int vector = Icr.vector(low);
        if ((mode == Delivery.FIXED || mode == Delivery.LOWEST) && vector < 16)
        {
            error(ESR_SEND_ILLEGAL);
            return;
        }
        ipis.send(low, Icr.destination(icr, x2apic()));
    }

    // ---- Timer ---------------------------------------------------------------------------------------

    private int timerMode()
    {
        return (int) Lvt.TIMER_MODE.extract(lvt[LVT_TIMER]);
    }

    /** @return the timer's current count (0 in TSC-deadline mode and when it has run out) */
    public int currentCount()
    {
        return timer.currentCount(timerMode());
    }

    /** The timer expired: its LVT entry raises the interrupt unless masked. */
    private void timerFired()
    {
        timer.expired(timerMode());
        if ((lvt[LVT_TIMER] & LVT_MASKED) == 0)
        {
            accept(lvt[LVT_TIMER] & 0xff, false);
        }
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

    private static final int NO_REGISTER = 0x8000_0001;

    /**
     * @param reg the register, null for a reserved slot
     * @param offset its offset (for ISR, TMR and IRR: which of the eight words)
     * @param x2 whether the access is an x2APIC MSR read
     * @return the value, or NO_REGISTER if the register does not exist or cannot be read in this mode
     */
    private int readRegister(final ApicRegister reg, final int offset, final boolean x2)
    {
        if (reg == null || !reg.existsIn(x2))
        {
            return NO_REGISTER;
        }
        switch (reg)
        {
            case ISR:
                return word(isr, offset - reg.offset());
            case TMR:
                return word(tmr, offset - reg.offset());
            case IRR:
                return word(irr, offset - reg.offset());
            case ID:
                return x2 ? initialId : id;
            case VERSION:
                return VERSION;
            case TPR:
                return tpr;
            case APR:
                return 0;
            case PPR:
                return ppr();
            case LDR:
                return x2 ? x2apicLdr() : ldr;
            case DFR:
                return dfr;
            case SVR:
                return svr;
            case ESR:
                return esr;
            case ICR:
                return (int) icr;
            case ICR_HIGH:
                return (int) (icr >>> 32);
            case LVT_CMCI:
            case LVT_TIMER:
            case LVT_THERMAL:
            case LVT_PMC:
            case LVT_LINT0:
            case LVT_LINT1:
            case LVT_ERROR:
                return lvt[Lvt.of(reg).ordinal()];
            case TIMER_INITIAL:
                return timer.initialCount();
            case TIMER_CURRENT:
                return currentCount();
            case TIMER_DIVIDE:
                return timer.divideConfiguration();
            default:
                return NO_REGISTER; // EOI and SELF IPI are write-only; RRD is not implemented
        }
    }

    /** @return bits {@code 32 i + 31} to {@code 32 i} of a 256-bit map, for the i-th register at {@code 16 i} */
    private static int word(final long[] map, final int offset)
    {
        final int i = offset >>> 4;
        return (int) (map[i >>> 1] >>> 32 * (i & 1));
    }

    /**
     * @param reg the register, null for a reserved slot
     * @param value the value (x2APIC: the MSR's 64 bits)
     * @param x2 whether the access is an x2APIC MSR write
     * @return false if the register does not exist or cannot be written in this mode
     */
    private boolean writeRegister(final ApicRegister reg, final long value, final boolean x2)
    {
        if (reg == null || !reg.existsIn(x2))
        {
            return false;
        }
        final int v = (int) value;
        switch (reg)
        {
            case ID:
                if (x2)
                {
                    return false; // the x2APIC ID is read-only (SDM 3A, 11.12.5.1)
                }
                id = v & 0xff00_0000;
                apicBus.moved(this);
                return true;
            case TPR:
                tpr = v & 0xff;
                if (pending())
                {
                    cpu.interruptPending();
                }
                return true;
            case EOI:
                if (x2 && v != 0)
                {
                    return false; // a non-zero EOI write #GPs in x2APIC mode
                }
                eoi();
                return true;
            case LDR:
                if (x2)
                {
                    return false; // the x2APIC LDR is derived from the ID (SDM 3A, 11.12.10.2)
                }
                ldr = v & 0xff00_0000;
                apicBus.moved(this);
                return true;
            case DFR:
                dfr = v | 0x0fff_ffff;
                apicBus.moved(this);
                return true;
            case SVR:
                svr = v & Svr.WRITABLE;
                if (!Svr.APIC_ENABLE.isSet(svr))
                {
                    for (int i = 0; i < LVTS.length; i++)
                    {
                        lvt[i] |= LVT_MASKED; // a software-disabled APIC masks every LVT entry
                    }
                }
                return true;
            case ESR:
                if (x2 && v != 0)
                {
                    return false;
                }
                esr = esrPending; // a write latches the errors seen since the last one
                esrPending = 0;
                return true;
            case ICR:
                icr = x2 ? value : icr & 0xffff_ffff_0000_0000L | v & Icr.XAPIC_LOW_WRITABLE;
                sendIpi();
                return true;
            case ICR_HIGH:
                icr = icr & 0xffff_ffffL | (long) (v & Icr.XAPIC_HIGH_WRITABLE) << 32;
                return true;
            case LVT_CMCI:
            case LVT_TIMER:
            case LVT_THERMAL:
            case LVT_PMC:
            case LVT_LINT0:
            case LVT_LINT1:
            case LVT_ERROR:
                writeLvt(Lvt.of(reg), v);
                return true;
            case TIMER_INITIAL:
                timer.writeInitialCount(timerMode(), v);
                return true;
            case TIMER_DIVIDE:
                timer.writeDivideConfiguration(timerMode(), v);
                return true;
            case SELF_IPI:
                accept(v & 0xff, false); // fixed, edge, to this APIC (SDM 3A, 11.12.11)
                return true;
            default:
                return false; // read-only: version, APR, PPR, RRD, ISR, TMR, IRR, current count
        }
    }

    private void writeLvt(final Lvt entry, final int v)
    {
        final int i = entry.ordinal();
        final int old = lvt[i];
        int value = v & entry.writable();
        if (!Svr.APIC_ENABLE.isSet(svr))
        {
            value |= LVT_MASKED;
        }
        lvt[i] = value;
        if (entry == Lvt.TIMER && Lvt.TIMER_MODE.extract(old) != Lvt.TIMER_MODE.extract(value))
        {
            timer.modeChanged(); // a mode change disarms the timer
        }
    }

    /** @return the register an x2APIC MSR stands for, or null outside x2APIC mode or the MSR range */
    private ApicRegister x2apicRegister(final int msr)
    {
        return x2apic() ? ApicRegister.atMsr(msr) : null;
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
        if (msr == ApicRegister.MSR_APIC_BASE)
        {
            out[0] = base;
            return true;
        }
        if (msr == ApicRegister.MSR_TSC_DEADLINE)
        {
            out[0] = timer.deadline();
            return true;
        }
        final ApicRegister reg = x2apicRegister(msr);
        if (reg == ApicRegister.ICR)
        {
            out[0] = icr; // the x2APIC ICR is one 64-bit register
            return true;
        }
        final int value = readRegister(reg, msr - ApicRegister.MSR_X2APIC << 4, true);
        if (value == NO_REGISTER)
        {
            return false;
        }
        out[0] = value & 0xffffffffL;
        return true;
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
        if (msr == ApicRegister.MSR_APIC_BASE)
        {
            return writeBase(value);
        }
        if (msr == ApicRegister.MSR_TSC_DEADLINE)
        {
            timer.writeDeadline(timerMode(), value);
            return true;
        }
        final ApicRegister reg = x2apicRegister(msr);
        if (reg == null)
        {
            return false;
        }
        if (reg != ApicRegister.ICR && value >>> 32 != 0)
        {
            return false; // the upper half of 32-bit x2APIC registers is reserved
        }
        return writeRegister(reg, value, true);
    }

    /** IA32_APIC_BASE: the mode state machine of SDM 3A, figure 11-27. */
    private boolean writeBase(final long value)
    {
        final long reserved = ~(BASE_BSP | BASE_EXTD | BASE_ENABLE | 0x000f_ffff_ffff_f000L);
        if ((value & reserved) != 0)
        {
            return false;
        }
        final boolean en = (value & BASE_ENABLE) != 0;
        final boolean extd = (value & BASE_EXTD) != 0;
        final boolean wasEnabled = globallyEnabled();
        final boolean wasX2 = x2apic();
        if (!en && extd || wasX2 && en && !extd || !wasEnabled && en && extd)
        {
            return false; // invalid state, x2APIC to xAPIC directly, or disabled to x2APIC directly
        }
        base = value & ~BASE_BSP | base & BASE_BSP;
        if (!en && wasEnabled)
        {
            reset(); // clearing EN resets the APIC's state
        }
        apicBus.moved(this);
        return true;
    }

    /** INIT (from the core's INIT handling): the APIC returns to its reset state, ID and base kept. */
    public void initReset()
    {
        initState();
    }
}
