// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

import org.novaemu.sim.Engine;

/**
 * The IPIs one local APIC has sent that are still on their way to the APIC bus (the system bus's latency,
 * {@link LocalApic#setIpiLatency}): a growable ring of (ICR low half, destination, due time) in parallel
 * arrays, one engine timer for the oldest.
 *
 * <p>Invariants: IPIs leave in the order they were sent, each at its due time or, if an earlier one is
 * due later (the latency was lowered meanwhile), right after that one; the timer is armed exactly when the
 * ring is not empty, for its head. With latency 0 and nothing on its way, an IPI goes at once.
 */
final class IpiQueue
{
    /** IPIs on their way from one APIC that fit without growing the ring. */
    private static final int SLOTS = 32;

    private final LocalApic source;
    private final Engine engine;
    private final ApicBus apicBus;
    private final int timer;
    private long[] icr = new long[SLOTS];
    private int[] destination = new int[SLOTS];
    private long[] due = new long[SLOTS];
    private int head;
    private int count;
    private long latency;

    /**
     * @param source the sending APIC
     * @param engine the engine
     * @param apicBus where the IPIs go
     * @param id the APIC's initial ID, the engine timer's argument
     */
    IpiQueue(final LocalApic source, final Engine engine, final ApicBus apicBus, final long id)
    {
        this.source = source;
        this.engine = engine;
        this.apicBus = apicBus;
        this.timer = engine.newTimer(arg -> arrived(), id);
    }

    /** @return whether an IPI sent from this APIC has not reached the APIC bus yet */
    boolean inFlight()
    {
        return count > 0;
    }

    /** @param cycles the latency from the ICR write to the APIC bus, 0 or more */
    void setLatency(final long cycles)
    {
        latency = cycles;
    }

    /**
     * Sends an IPI: at once, or after the latency and after every IPI still on its way.
     *
     * @param low the ICR's low half
     * @param target the destination field
     */
    void send(final int low, final int target)
    {
        if (latency == 0 && count == 0)
        {
            transmit(low, target);
            return;
        }
        if (count == icr.length)
        {
            grow(); // a broadcast to many CPUs in one latency window: rare, so allocation is fine
        }
        final int slot = (head + count) % icr.length;
        final long previous = count == 0 ? 0 : due[(head + count - 1) % icr.length];
        icr[slot] = low;
        destination[slot] = target;
        due[slot] = Math.max(engine.now() + latency, previous); // never before an earlier IPI
        if (count++ == 0)
        {
            engine.arm(timer, due[slot]);
        }
    }

    private void grow()
    {
        final int n = icr.length;
        final long[] icr2 = new long[2 * n];
        final int[] destination2 = new int[2 * n];
        final long[] due2 = new long[2 * n];
        for (int i = 0; i < n; i++)
        {
            final int from = (head + i) % n;
            icr2[i] = icr[from];
            destination2[i] = destination[from];
            due2[i] = due[from];
        }
        icr = icr2;
        destination = destination2;
        due = due2;
        head = 0;
    }

    /** The oldest IPI on its way arrives. */
    private void arrived()
    {
        final int slot = head;
        head = (head + 1) % icr.length;
        count--;
        transmit((int) icr[slot], destination[slot]);
        if (count > 0)
        {
            engine.arm(timer, due[head]);
        }
    }

    private void transmit(final int low, final int target)
    {
        apicBus.send(source, Icr.shorthand(low), Icr.logical(low), target, Icr.deliveryMode(low), Icr.vector(low),
            Icr.levelTriggered(low), Icr.level(low));
    }
}
