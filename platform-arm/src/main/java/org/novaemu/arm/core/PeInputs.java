// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.core;

import org.novaemu.arm.gic.GicCpuInterface;
import org.novaemu.sim.Engine;

/**
 * What reaches a PE from outside and waits for its next instruction boundary: the levels of its IRQ and FIQ
 * inputs as the core sees them, and a power-on request (PSCI CPU_ON) with its entry point and context.
 *
 * <p>Its own class for the same reason as the x86 core's latch: a signal from another CPU's run (an SGI another
 * PE generates, a CPU_ON another PE calls) arrives through an engine event at the sender's time, so that the
 * core never sees it earlier than it was sent (docs/decisions.md S4, A62). At that event the core samples its CPU
 * interface's outputs again rather than replaying the levels in between, so a level that another change has
 * since taken back is not seen. Signals from the core's own run or from an engine event (a timer's line) are
 * seen at once. One engine timer, allocated at construction only.
 */
final class PeInputs
{
    private final Engine engine;
    private final int cpu;
    private final GicCpuInterface gic;
    private final El1Core core;
    private final int arrival;
    private boolean irq;
    private boolean fiq;
    private boolean start;
    private long entry;
    private long context;
    private boolean inboundLevels;
    private boolean inboundStart;
    private long inboundEntry;
    private long inboundContext;

    /**
     * @param engine the engine
     * @param cpu the core's CPU index
     * @param gic the core's CPU interface, sampled when another CPU's change arrives
     * @param core the core, told when an input arrives
     */
    PeInputs(final Engine engine, final int cpu, final GicCpuInterface gic, final El1Core core)
    {
        this.engine = engine;
        this.cpu = cpu;
        this.gic = gic;
        this.core = core;
        this.arrival = engine.newTimer(arg -> arrive(), cpu);
    }

    /** @return whether the call comes from another CPU's run, whose time may be ahead of this core's */
    private boolean fromAnotherCpu()
    {
        final int here = engine.currentCpu();
        return here >= 0 && here != cpu;
    }

    private void schedule()
    {
        if (engine.deadline(arrival) > engine.now())
        {
            engine.arm(arrival, engine.now());
        }
    }

    /**
     * The CPU interface changed the IRQ or FIQ level.
     *
     * @param isFiq whether it is FIQ
     * @param level the new level
     */
    void level(final boolean isFiq, final boolean level)
    {
        if (fromAnotherCpu())
        {
            inboundLevels = true;
            schedule();
            return;
        }
        if (isFiq)
        {
            fiq = level;
        }
        else
        {
            irq = level;
        }
        core.inputArrived();
    }

    /**
     * A power-on request; the caller has checked that the core is off with none pending.
     *
     * @param at the entry point
     * @param value the context for X0
     */
    void start(final long at, final long value)
    {
        if (fromAnotherCpu())
        {
            inboundStart = true;
            inboundEntry = at;
            inboundContext = value;
            schedule();
            return;
        }
        latchStart(at, value);
    }

    private void latchStart(final long at, final long value)
    {
        start = true;
        entry = at;
        context = value;
        core.inputArrived();
    }

    private void arrive()
    {
        if (inboundLevels)
        {
            inboundLevels = false;
            irq = gic.irq();
            fiq = gic.fiq();
        }
        if (inboundStart)
        {
            inboundStart = false;
            latchStart(inboundEntry, inboundContext);
            return;
        }
        core.inputArrived();
    }

    /** @return whether anything waits for the boundary: an asserted IRQ or FIQ, or a power-on request */
    boolean any()
    {
        return irq | fiq | start;
    }

    /** @return whether the IRQ input is asserted, as the core sees it */
    boolean irq()
    {
        return irq;
    }

    /** @return whether the FIQ input is asserted, as the core sees it */
    boolean fiq()
    {
        return fiq;
    }

    /** @return whether a power-on request is latched or on its way */
    boolean startPending()
    {
        return start | inboundStart;
    }

    /**
     * Takes the latched power-on request.
     *
     * @return whether there was one
     */
    boolean takeStart()
    {
        final boolean was = start;
        start = false;
        return was;
    }

    /** @return the latched request's entry point */
    long entry()
    {
        return entry;
    }

    /** @return the latched request's context */
    long context()
    {
        return context;
    }
}
