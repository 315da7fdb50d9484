// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * A semaphore: a 64-bit unsigned counter and a FIFO queue of blocked ECs (an intrusive doubly linked list
 * through the ECs). An up with waiters hands the unit straight to the first waiter and leaves the counter alone. An
 * interrupt semaphore is bound for life to one interrupt (its ISD) and starts at zero.
 */
public final class Sm extends Kobject
{
    private final boolean interrupt;
    private final long isd;
    private final InterruptRoutes routes;
    private long counter;
    private Ec head;
    private Ec tail;
    /** The CPU its interrupt is routed to and its SM-table slot, while assign_int has it attached (else -1). */
    int routedCpu = -1;
    int slot = -1;

    private Sm(final boolean interrupt, final long isd, final long counter, final InterruptRoutes routes)
    {
        super(Kind.SM);
        this.interrupt = interrupt;
        this.isd = isd;
        this.counter = counter;
        this.routes = routes;
    }

    /**
     * @param counter the initial counter value, unsigned
     * @return a regular semaphore
     */
    static Sm regular(final long counter)
    {
        return new Sm(false, 0, counter, null);
    }

    /**
     * @param isd the interrupt semaphore descriptor of its interrupt
     * @param routes the SM table it can be attached to
     * @return an interrupt semaphore, at zero
     */
    static Sm forInterrupt(final long isd, final InterruptRoutes routes)
    {
        return new Sm(true, isd, 0, routes);
    }

    /** @return whether this is an interrupt semaphore */
    public boolean isInterrupt()
    {
        return interrupt;
    }

    /** @return the interrupt semaphore descriptor, 0 for a regular semaphore */
    public long isd()
    {
        return isd;
    }

    /** @return the CPU its interrupt is routed to by assign_int, or -1 while it is not attached */
    public int routedCpu()
    {
        return routedCpu;
    }

    /** @return the counter, unsigned */
    public long counter()
    {
        return counter;
    }

    /** @return the permissions a capability to this semaphore can have: ASSIGN only for interrupt semaphores */
    public int definedPerms()
    {
        return interrupt ? Kind.SM.perms() : Perm.SM_CTRLUP | Perm.SM_CTRLDN;
    }

    /** @return whether ECs wait on it */
    public boolean hasWaiters()
    {
        return head != null;
    }

    /**
     * Up (NOVA's {@code Sm::up}): hands the unit to the first waiter, whose down returns SUCCESS, and leaves
     * the counter as it is; with nobody waiting, increments the counter.
     *
     * @return false, changing nothing, if the counter is at 2^64 - 1 and nobody waits (OVRFLOW)
     */
    boolean up()
    {
        final Ec waiter = dequeue();
        if (waiter != null)
        {
            waiter.resume(Status.SUCCESS);
            return true;
        }
        if (counter == -1L)
        {
            return false;
        }
        counter++;
        return true;
    }

    /**
     * Down (NOVA's {@code Sm::dn}): takes a unit, or blocks the EC at the tail of the FIFO queue until an up
     * hands it one or its deadline passes (docs/decisions.md K8).
     *
     * @param ec the calling EC
     * @param toZero Z: clear the counter instead of decrementing it
     * @param deadline an absolute STC deadline, unsigned; 0 for none
     * @return SUCCESS, ABORTED if it would block on a semaphore whose last capability went meanwhile
     *         ({@link RacePoint#CTRL_SM}), or null if the EC blocked (its status is written when it resumes)
     */
    Status down(final Ec ec, final boolean toZero, final long deadline)
    {
        if (counter != 0)
        {
            counter = toZero ? 0 : counter - 1;
            return Status.SUCCESS;
        }
        if (isDead())
        {
            return Status.ABORTED; // never block on a semaphore that is being destroyed (K47)
        }
        ec.state = Ec.BLOCKED;
        ec.blockedOn = this;
        enqueue(ec);
        // The STC is unsigned (specification 3.1); one at or above 2^63 lies beyond any simulated time (2^63
        // cycles are 146 years at 2 GHz), so the down waits as without one (docs/decisions.md K33).
        if (deadline > 0)
        {
            ec.cpuKernel().addTimeout(ec, deadline);
        }
        return null;
    }

    /**
     * The deadline of a blocked down passed (NOVA's {@code Sm::timeout}): the EC leaves the queue and its down
     * returns TIMEOUT.
     *
     * @param ec an EC blocked on this semaphore
     */
    void timeout(final Ec ec)
    {
        remove(ec);
        ec.resume(Status.TIMEOUT);
    }

    /**
     * When the last capability goes, the ECs still waiting return ABORTED (K19), and an attached interrupt
     * semaphore leaves its slot and stops its route.
     */
    @Override
    protected void destroyed()
    {
        Ec waiter;
        while ((waiter = dequeue()) != null)
        {
            waiter.resume(Status.ABORTED);
        }
        if (routes != null)
        {
            routes.gone(this);
        }
    }

    private void enqueue(final Ec ec)
    {
        ec.nextWaiter = null;
        ec.prevWaiter = tail;
        if (tail == null)
        {
            head = ec;
        }
        else
        {
            tail.nextWaiter = ec;
        }
        tail = ec;
    }

    /**
     * @return the serial numbers ({@link Ec#ecSerial()}) of the ECs that wait, first to last; for tools, not the
     *         simulated path
     */
    public long[] waiterSerials()
    {
        int n = 0;
        for (Ec e = head; e != null; e = e.nextWaiter)
        {
            n++;
        }
        final long[] out = new long[n];
        int i = 0;
        for (Ec e = head; e != null; e = e.nextWaiter)
        {
            out[i++] = e.ecSerial();
        }
        return out;
    }

    /** @return the first waiter, still queued, or null: whom an up would release */
    Ec firstWaiter()
    {
        return head;
    }

    /** @return the first waiter, removed, or null */
    private Ec dequeue()
    {
        final Ec ec = head;
        if (ec != null)
        {
            remove(ec);
        }
        return ec;
    }

    /** Removes a waiter from its place in the queue, in O(1). */
    private void remove(final Ec ec)
    {
        final Ec p = ec.prevWaiter;
        final Ec n = ec.nextWaiter;
        if (p == null)
        {
            head = n;
        }
        else
        {
            p.nextWaiter = n;
        }
        if (n == null)
        {
            tail = p;
        }
        else
        {
            n.prevWaiter = p;
        }
        ec.prevWaiter = null;
        ec.nextWaiter = null;
    }
}
