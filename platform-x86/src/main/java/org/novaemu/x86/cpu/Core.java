// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.cpu;

import java.util.Arrays;

import org.novaemu.bus.Bus;
import org.novaemu.sim.Agent;
import org.novaemu.sim.Engine;
import org.novaemu.sim.SimCpu;
import org.novaemu.util.Require;
import org.novaemu.x86.apic.CpuPins;
import org.novaemu.x86.apic.LocalApic;

/**
 * A logical processor in ring 0 without a kernel: the interrupt and activity state of Intel's SDM volume 3
 * around a {@link Ring0Program} that it executes one instruction per step.
 *
 * <p>At each instruction boundary the core recognizes, in the priority of SDM 3A 6.9, INIT (an application
 * processor resets into wait-for-SIPI, the bootstrap processor to the reset vector), a start-up IPI (only
 * in wait-for-SIPI: execution starts at {@code vector << 12}), an NMI (unless NMIs are blocked, from NMI
 * delivery until the next IRET, or by MOV SS) and a maskable interrupt from its local APIC (with RFLAGS.IF
 * set and no blocking by STI or MOV SS: the APIC's highest requested vector above the processor priority
 * moves from IRR to ISR, as an INTA cycle does). HLT halts until one of them; the CPU is then out of the
 * engine's run queue and costs nothing. SMM is not modelled: an SMI is counted and, as an SMI handler that
 * leaves the auto HALT restart field set does, leaves the core as it was (SDM 3C, "Auto HALT Restart").
 *
 * <p>The structures the SDM describes apart are classes of their own, which the core owns: the IDT
 * ({@code Idt}), the frames on its interrupt stack ({@code InterruptFrames}) and the events latched until the
 * next instruction boundary ({@code PendingEvents}), where signals from another CPU's run (an IPI without
 * latency, an I/O APIC message) arrive through an engine event at the sender's time, so that the core never
 * sees them earlier than they were sent (docs/decisions.md S4). The core decides what they mean: recognition,
 * delivery, #NP, #DF and shutdown. Nothing here allocates after construction. Not thread-safe: the engine
 * calls it on one thread.
 */
public final class Core implements Agent, CpuPins, Ring0
{
    /** Where the bootstrap processor starts after reset and INIT (SDM 3A, 10.1.4). */
    public static final long RESET_VECTOR = 0xffff_fff0L;
    /** The deepest nesting of events; one more is a stack fault without a stack: shutdown. */
    public static final int MAX_FRAMES = 64;
    /** IA32_TSC. */
    static final int MSR_TSC = 0x10;

    /** Vectors of the exceptions the core raises itself. */
    static final int NMI = 2;
    static final int DF = 8;
    static final int NP = 11;
    static final int GP = 13;

    /** What is being delivered: an exception of the program, its INT n, or an interrupt from outside. */
    private static final int EXCEPTION = 0;
    private static final int SOFTWARE = 1;
    private static final int EXTERNAL = 2;

    private static final int SHADOW_NONE = 0;
    private static final int SHADOW_STI = 1;
    private static final int SHADOW_MOV_SS = 2;

    private final int index;
    private final boolean bsp;
    private final Bus bus;
    private final LocalApic apic;
    private final Ring0Program program;
    private final CoreCosts costs;
    private final PendingEvents events;
    private final SimCpu sim;
    private final long[] msrOut = new long[1];

    private final Idt idt = new Idt();
    private final InterruptFrames frames = new InterruptFrames(MAX_FRAMES);
    private final long[] gpr = new long[16];

    private ActivityState state;
    private long ip;
    private long next;
    private boolean halting;
    private long flags;
    private int shadow;
    private boolean nmiBlocked;
    private long smis;
    private long instructions;
    private int trapVector;
    private int faultVector;
    private long faultError;

    /**
     * Adds the core to the engine as CPU {@code index}: the bootstrap processor runnable at
     * {@link #RESET_VECTOR}, an application processor in wait-for-SIPI.
     *
     * @param index the CPU, which must be the engine's next (the APIC page and IPIs find CPUs by it)
     * @param bsp whether it is the bootstrap processor
     * @param engine the engine
     * @param bus where its memory, MMIO and port accesses go
     * @param apic its local APIC, whose outputs the caller connects to this core
     * @param program what it executes
     * @param costs what its instructions cost
     */
    public Core(final int index, final boolean bsp, final Engine engine, final Bus bus, final LocalApic apic,
                final Ring0Program program, final CoreCosts costs)
    {
        Require.nonNull("engine", engine);
        if (index != engine.cpuCount())
        {
            throw new IllegalArgumentException("index must be the engine's next CPU " + engine.cpuCount()
                + ", was " + index);
        }
        this.index = index;
        this.bsp = bsp;
        this.bus = Require.nonNull("bus", bus);
        this.apic = Require.nonNull("apic", apic);
        this.program = Require.nonNull("program", program);
        this.costs = Require.nonNull("costs", costs);
        this.events = new PendingEvents(engine, index);
        reset();
        this.sim = engine.addCpu(this, bsp);
        events.attach(sim);
    }

    /** The state after power-up or INIT (SDM 3A, table 10-1), apart from the local APIC's. */
    private void reset()
    {
        state = bsp ? ActivityState.ACTIVE : ActivityState.WAIT_FOR_SIPI;
        ip = bsp ? RESET_VECTOR : 0;
        flags = FLAGS_RESERVED;
        shadow = SHADOW_NONE;
        nmiBlocked = false;
        halting = false;
        events.retain(PendingEvents.SIPI); // INIT drops a latched NMI and INTR; a start-up IPI after it counts
        frames.reset();
        Arrays.fill(gpr, 0);
        idt.reset();
    }

    // ---- Inspection ----------------------------------------------------------------------------------

    /** @return the CPU's index, its APIC's initial ID */
    public int index()
    {
        return index;
    }

    /** @return the activity state */
    public ActivityState activityState()
    {
        return state;
    }

    /** @return whether RFLAGS.IF is set */
    public boolean interruptFlag()
    {
        return (flags & FLAGS_IF) != 0;
    }

    /** @return whether NMIs are blocked (an NMI was delivered and no IRET has executed since) */
    public boolean nmiBlocked()
    {
        return nmiBlocked;
    }

    /** @return whether an NMI waits to be delivered (at most one is held) */
    public boolean nmiPending()
    {
        return events.pending(PendingEvents.NMI);
    }

    /** @return how many events are being handled (nested) */
    public int depth()
    {
        return frames.depth();
    }

    /** @return the instructions executed since power-up */
    public long instructions()
    {
        return instructions;
    }

    /** @return the SMIs received */
    public long smis()
    {
        return smis;
    }

    /** @return the local APIC */
    public LocalApic apic()
    {
        return apic;
    }

    /** @return the engine's CPU for this core (its clock) */
    public SimCpu sim()
    {
        return sim;
    }

    // ---- Pins from the local APIC --------------------------------------------------------------------

    @Override
    public void interruptPending()
    {
        events.signal(PendingEvents.INTR, 0);
    }

    @Override
    public void nmi()
    {
        events.signal(PendingEvents.NMI, 0);
    }

    @Override
    public void smi()
    {
        smis++;
    }

    @Override
    public void init()
    {
        events.signal(PendingEvents.INIT, 0);
    }

    @Override
    public void startup(final int vector)
    {
        events.signal(PendingEvents.SIPI, vector);
    }

    // ---- The agent -----------------------------------------------------------------------------------

    @Override
    public void run(final SimCpu s)
    {
        while (s.time() < s.limit())
        {
            final int blocking = shadow; // blocking by STI or MOV SS lasts one instruction boundary
            shadow = SHADOW_NONE;
            if (events.any())
            {
                recognize(blocking);
            }
            if (state != ActivityState.ACTIVE)
            {
                s.block(); // HLT, shutdown, wait-for-SIPI: a signal wakes the core
                return;
            }
            execute();
        }
    }

    /**
     * The instruction boundary: INIT, SIPI, NMI, then INTR (SDM 3A, 6.9); at most one event is delivered.
     *
     * @param blocking the blocking by STI or MOV SS that the last instruction left
     */
    private void recognize(final int blocking)
    {
        if (events.take(PendingEvents.INIT))
        {
            apic.initReset();
            reset(); // a start-up IPI that came with it is looked at next
        }
        if (events.take(PendingEvents.SIPI) && state == ActivityState.WAIT_FOR_SIPI)
        {
            state = ActivityState.ACTIVE; // anywhere else a start-up IPI is ignored (SDM 3A, 10.4.4)
            ip = (long) events.sipiVector() << 12;
            return;
        }
        if (state == ActivityState.WAIT_FOR_SIPI || state == ActivityState.SHUTDOWN && nmiBlocked)
        {
            events.drop(PendingEvents.NMI); // only INIT and start-up IPIs reach a core in these states
            return;
        }
        if (!nmiBlocked && blocking != SHADOW_MOV_SS && events.take(PendingEvents.NMI))
        {
            // An NMI also ends a shutdown that did not happen in an NMI handler (SDM 3A, 6.15, interrupt 8).
            nmiBlocked = true;
            wakeFromHlt();
            state = ActivityState.ACTIVE;
            deliver(NMI, 0, ip, EXTERNAL);
            return;
        }
        if (state == ActivityState.SHUTDOWN)
        {
            return; // no maskable interrupt ends a shutdown
        }
        if ((flags & FLAGS_IF) != 0 && blocking == SHADOW_NONE && events.take(PendingEvents.INTR))
        {
            if (apic.pending())
            {
                wakeFromHlt();
                deliver(apic.acknowledge(), 0, ip, EXTERNAL);
            }
        }
    }

    private void wakeFromHlt()
    {
        if (state == ActivityState.HLT)
        {
            state = ActivityState.ACTIVE; // the IP is already past HLT
        }
    }

    /** One instruction. */
    private void execute()
    {
        next = ip + 1;
        halting = false;
        instructions++;
        sim.advance(costs.instruction());
        try
        {
            program.step(this);
        }
        catch (final Abort a)
        {
            final int v = a == Abort.TRAP ? trapVector : faultVector;
            final long ret = a == Abort.TRAP ? next : ip;
            shadow = SHADOW_NONE;
            deliver(v, a == Abort.TRAP ? 0 : faultError, ret, a == Abort.TRAP ? SOFTWARE : EXCEPTION);
            return;
        }
        ip = next;
        if (halting)
        {
            state = ActivityState.HLT;
        }
    }

    /**
     * Delivers an event through its gate: a frame on the interrupt stack, IF cleared by an interrupt gate.
     * A gate that is not present raises #NP (error code: the vector as IDT index); a second contributory
     * fault while delivering one, or a page fault, makes #DF, and a fault while delivering #DF shuts the
     * core down (SDM 3A, 6.15, table 6-5).
     */
    private void deliver(final int vector, final long error, final long returnIp, final int kind)
    {
        int v = vector;
        long e = error;
        int k = kind;
        while (!idt.present(v))
        {
            if (v == DF)
            {
                shutdown();
                return;
            }
            // Table 6-5 classes exceptions only; EXT is clear only for INT n (SDM 3A, 6.13).
            final boolean contributoryFirst = k == EXCEPTION && (v == 0 || v >= 10 && v <= 14);
            e = contributoryFirst ? 0 : (long) v << 3 | 2 | (k == SOFTWARE ? 0 : 1);
            v = contributoryFirst ? DF : NP;
            k = EXCEPTION; // what is delivered now is the #NP or #DF
        }
        if (frames.full())
        {
            shutdown(); // a stack fault without a stack
            return;
        }
        frames.push(returnIp, flags, v, e);
        if (!idt.trapGate(v))
        {
            flags &= ~FLAGS_IF;
        }
        ip = idt.handler(v);
        sim.advance(costs.interrupt());
    }

    private void shutdown()
    {
        state = ActivityState.SHUTDOWN;
        events.retain(PendingEvents.INIT | PendingEvents.SIPI);
    }

    // ---- Ring 0 --------------------------------------------------------------------------------------

    @Override
    public long ip()
    {
        return ip;
    }

    @Override
    public void jump(final long target)
    {
        next = target;
    }

    @Override
    public long flags()
    {
        return flags;
    }

    @Override
    public long gpr(final int n)
    {
        return gpr[n];
    }

    @Override
    public void setGpr(final int n, final long value)
    {
        gpr[n] = value;
    }

    @Override
    public long read(final long address, final int size)
    {
        sim.advance(bus.isRam(address, size) ? costs.memory() : costs.uncached());
        return bus.read(address, size);
    }

    @Override
    public void write(final long address, final int size, final long value)
    {
        sim.advance(bus.isRam(address, size) ? costs.memory() : costs.uncached());
        bus.write(address, size, value);
    }

    @Override
    public long in(final int port, final int size)
    {
        checkPort(port, size);
        sim.advance(costs.port());
        return bus.ports().in(port, size);
    }

    @Override
    public void out(final int port, final int size, final long value)
    {
        checkPort(port, size);
        sim.advance(costs.port());
        bus.ports().out(port, size, value);
    }

    private static void checkPort(final int port, final int size)
    {
        Require.inRange("port", port, 0, 0xffff);
        if (size != 1 && size != 2 && size != 4)
        {
            throw new IllegalArgumentException("size must be 1, 2 or 4, was " + size);
        }
    }

    @Override
    public long rdmsr(final long msr)
    {
        sim.advance(costs.msr());
        if (msr == MSR_TSC)
        {
            return sim.time();
        }
        if (msr != (int) msr || !apic.readMsr((int) msr, msrOut))
        {
            fault(GP, 0);
        }
        return msrOut[0];
    }

    @Override
    public void wrmsr(final long msr, final long value)
    {
        sim.advance(costs.msr());
        if (msr != (int) msr || msr == MSR_TSC || !apic.writeMsr((int) msr, value))
        {
            fault(GP, 0);
        }
    }

    @Override
    public long rdtsc()
    {
        return sim.time();
    }

    @Override
    public void cli()
    {
        flags &= ~FLAGS_IF;
    }

    @Override
    public void sti()
    {
        if ((flags & FLAGS_IF) == 0)
        {
            flags |= FLAGS_IF;
            shadow = SHADOW_STI;
        }
    }

    @Override
    public void movSs()
    {
        shadow = SHADOW_MOV_SS;
    }

    @Override
    public void hlt()
    {
        halting = true;
    }

    @Override
    public void iret()
    {
        if (frames.empty())
        {
            fault(GP, 0);
        }
        next = frames.returnIp();
        flags = frames.flags();
        frames.pop();
        nmiBlocked = false;
    }

    @Override
    public void pause()
    {
        sim.advance(costs.pause());
    }

    @Override
    public void intN(final int vector)
    {
        trapVector = (int) Require.inRange("vector", vector, 0, 255);
        throw Abort.TRAP;
    }

    @Override
    public void fault(final int vector, final long errorCode)
    {
        faultVector = (int) Require.inRange("vector", vector, 0, 31);
        faultError = errorCode;
        throw Abort.FAULT;
    }

    @Override
    public void charge(final long cycles)
    {
        sim.advance(Require.nonNegative("cycles", cycles));
    }

    @Override
    public void setInterruptGate(final int vector, final long handler)
    {
        idt.set(vector, handler, false);
    }

    @Override
    public void setTrapGate(final int vector, final long handler)
    {
        idt.set(vector, handler, true);
    }

    @Override
    public void clearGate(final int vector)
    {
        idt.clear(vector);
    }

    @Override
    public int vector()
    {
        return frames.vector();
    }

    @Override
    public long errorCode()
    {
        return frames.errorCode();
    }

    @Override
    public long returnIp()
    {
        return frames.returnIp();
    }

    @Override
    public void setReturnIp(final long target)
    {
        frames.setReturnIp(target);
    }

    @Override
    public String toString()
    {
        return "core" + index + " " + state + " ip=0x" + Long.toHexString(ip);
    }

    /** Ends a step at a faulting or trapping instruction; one shared instance each, without a stack trace. */
    private static final class Abort extends RuntimeException
    {
        private static final long serialVersionUID = 1L;
        static final Abort FAULT = new Abort("fault");
        static final Abort TRAP = new Abort("trap");

        private Abort(final String what)
        {
            super("the instruction ends with a " + what + "; programs must let this pass", null, false, false);
        }
    }
}
