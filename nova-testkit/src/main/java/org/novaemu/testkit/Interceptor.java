// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Hypercall;
import org.novaemu.kernel.KernelObserver;
import org.novaemu.kernel.Sm;
import org.novaemu.kernel.Status;
import org.novaemu.machine.Machine;
import org.novaemu.sim.Engine;

/**
 * Records what the kernel did, for assertions, as QEMU's qtest intercepts IRQs: every interrupt the kernel handed
 * to a semaphore (which CPU, when, which interrupt, which EC it woke) and every hypercall (who, where, when, which,
 * the selector and the status). A private observer of its own is the kernel's one {@link KernelObserver}, so only the
 * kernel writes the records; recording allocates a record per event, which is a test's business and costs nothing
 * when no interceptor is attached, as a {@link TestBed} has none until asked (docs/decisions.md U5, U13).
 */
public final class Interceptor
{
    /**
     * An interrupt the kernel handed to its semaphore.
     *
     * @param cycle the simulated cycle (the CPU's clock) at which the kernel took it
     * @param cpu the CPU
     * @param isd the semaphore's ISD: x86 segment:GSI, Arm the INTID
     * @param ec the serial number of the EC it woke ({@link Ec#ecSerial()}), or 0 if nobody waited
     */
    public record Delivery(long cycle, int cpu, long isd, long ec)
    {
        @Override
        public String toString()
        {
            return "ISD 0x" + Long.toHexString(isd) + " on CPU " + cpu + " at cycle " + cycle
                + (ec == 0 ? ", nobody waiting" : " to EC " + ec);
        }
    }

    /**
     * A hypercall.
     *
     * @param cycle the simulated cycle at which it completed (or blocked)
     * @param cpu the CPU
     * @param ec the calling EC's serial number
     * @param call which hypercall
     * @param selector the selector it named
     * @param status its status, or null if the EC blocked
     */
    public record HypercallRecord(long cycle, int cpu, long ec, Hypercall call, long selector, Status status)
    {
        @Override
        public String toString()
        {
            return call + " 0x" + Long.toHexString(selector) + " by EC " + ec + " on CPU " + cpu + " at cycle "
                + cycle + ": " + (status == null ? "blocked" : status);
        }
    }

    private final Engine engine;
    private final List<Delivery> deliveries = new ArrayList<>();
    private final List<HypercallRecord> hypercalls = new ArrayList<>();

    private Interceptor(final Engine engine)
    {
        this.engine = engine;
    }

    /**
     * Attaches a new interceptor to a machine's kernel, replacing any observer it had.
     *
     * @param m the machine
     * @return the interceptor
     */
    public static Interceptor attach(final Machine m)
    {
        final Interceptor i = new Interceptor(m.engine());
        m.kernel().observe(i.new Observer());
        return i;
    }

    /** The kernel's observer: private, so that no one but the kernel adds a record. */
    private final class Observer implements KernelObserver
    {
        @Override
        public void hypercall(final Ec ec, final Hypercall call, final long selector, final Status status)
        {
            hypercalls.add(new HypercallRecord(engine.now(), ec.cpu(), ec.ecSerial(), call, selector, status));
        }

        @Override
        public void interrupt(final int cpu, final Sm sm, final Ec woken)
        {
            deliveries.add(new Delivery(engine.now(), cpu, sm.isd(), woken == null ? 0 : woken.ecSerial()));
        }
    }

    /** @return the interrupt deliveries so far, in order */
    public List<Delivery> deliveries()
    {
        return Collections.unmodifiableList(deliveries);
    }

    /**
     * @param isd an ISD
     * @return the deliveries of that interrupt, in order
     */
    public List<Delivery> deliveries(final long isd)
    {
        final List<Delivery> out = new ArrayList<>();
        for (final Delivery d : deliveries)
        {
            if (d.isd() == isd)
            {
                out.add(d);
            }
        }
        return out;
    }

    /** @return the hypercalls so far, in order */
    public List<HypercallRecord> hypercalls()
    {
        return Collections.unmodifiableList(hypercalls);
    }

    /**
     * @param call a hypercall
     * @return the records of that hypercall, in order
     */
    public List<HypercallRecord> hypercalls(final Hypercall call)
    {
        final List<HypercallRecord> out = new ArrayList<>();
        for (final HypercallRecord h : hypercalls)
        {
            if (h.call() == call)
            {
                out.add(h);
            }
        }
        return out;
    }

    /** Forgets every record so far. */
    public void clear()
    {
        deliveries.clear();
        hypercalls.clear();
    }
}
