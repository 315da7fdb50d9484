// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.cpu;

import org.novaemu.sim.Engine;
import org.novaemu.sim.SimCpu;

/**
 * The external events a core has latched and not yet recognized: INIT, a start-up IPI with its vector, an NMI
 * and the local APIC's INTR signal, each held until the next instruction boundary, where the core looks at them
 * in the priority of Intel SDM volume 3A, 6.9. At most one of each is held: a second NMI while one is pending is
 * lost (6.7.1), and only the first start-up IPI's vector counts (10.4, docs/decisions.md X33).
 *
 * <p>Its own class because latching is separate from recognition in the SDM, and because of how signals from
 * another CPU's run arrive: through an engine event at the sender's time, so that the core never sees them
 * earlier than they were sent (docs/decisions.md S4). The core decides which events its state admits and when
 * to drop them. Bit masks of {@code int}s and one engine timer, allocated at construction only.
 */
final class PendingEvents
{
    /** INIT. */
    static final int INIT = 1;
    /** A start-up IPI. */
    static final int SIPI = 2;
    /** An NMI. */
    static final int NMI = 4;
    /** The local APIC requests a maskable interrupt. */
    static final int INTR = 8;

    private final Engine engine;
    private final int cpu;
    private final int arrival;
    private SimCpu sim;
    private int latched;
    private int sipiVector;
    private int inbound;
    private int inboundSipiVector;

    /**
     * Creates the engine timer that brings other CPUs' signals.
     *
     * @param engine the engine
     * @param cpu the core's CPU index
     */
    PendingEvents(final Engine engine, final int cpu)
    {
        this.engine = engine;
        this.cpu = cpu;
        this.arrival = engine.newTimer(arg -> arrive(), cpu);
    }

    /** @param s the engine's CPU for the core, which a latched event wakes */
    void attach(final SimCpu s)
    {
        sim = s;
    }

    /**
     * An event is signalled: latched now when it comes from this CPU's own run or from an engine event, at the
     * sender's time through the engine when it comes from another CPU's run.
     *
     * @param event {@link #INIT}, {@link #SIPI}, {@link #NMI} or {@link #INTR}
     * @param vector a start-up IPI's vector
     */
    void signal(final int event, final int vector)
    {
        final int here = engine.currentCpu();
        if (here >= 0 && here != cpu)
        {
            if (event == SIPI && (inbound & SIPI) == 0)
            {
                inboundSipiVector = vector;
            }
            inbound |= event; // arrives with the event, at the sender's time
            if (engine.deadline(arrival) > engine.now())
            {
                engine.arm(arrival, engine.now());
            }
            return;
        }
        latch(event, vector);
    }

    private void arrive()
    {
        final int events = inbound;
        inbound = 0;
        for (int e = INIT; e <= INTR; e <<= 1)
        {
            if ((events & e) != 0)
            {
                latch(e, inboundSipiVector);
            }
        }
    }

    /** The event waits for the next instruction boundary; a halted core wakes to look at it. */
    private void latch(final int event, final int vector)
    {
        if (event == SIPI && (latched & SIPI) == 0)
        {
            sipiVector = vector & 0xff; // the first start-up IPI counts; a second one finds the core running
        }
        latched |= event;
        if (sim != null)
        {
            sim.wake();
        }
    }

    /** @return whether any event is latched */
    boolean any()
    {
        return latched != 0;
    }

    /**
     * @param event one event
     * @return whether it is latched
     */
    boolean pending(final int event)
    {
        return (latched & event) != 0;
    }

    /**
     * Recognizes an event: it is no longer latched.
     *
     * @param event one event
     * @return whether it was latched
     */
    boolean take(final int event)
    {
        final boolean was = (latched & event) != 0;
        latched &= ~event;
        return was;
    }

    /** @param events the events to drop unrecognized */
    void drop(final int events)
    {
        latched &= ~events;
    }

    /** @param events the only events that stay latched */
    void retain(final int events)
    {
        latched &= events;
    }

    /** @return the latched start-up IPI's vector */
    int sipiVector()
    {
        return sipiVector;
    }
}
