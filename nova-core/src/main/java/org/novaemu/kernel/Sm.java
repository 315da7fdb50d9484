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
    private long counter;
    private Ec head;
    private Ec tail;
    int routedCpu = -1;
    Syscall owner;

    private Sm(final boolean interrupt, final long isd, final long counter)
    {
        super(Kind.SM);
        this.interrupt = interrupt;
        this.isd = isd;
        this.counter = counter;
    }

    /**
     * @param counter the initial counter value, unsigned
     * @return a regular semaphore
     */
    public static Sm regular(final long counter)
    {
        return new Sm(false, 0, counter);
    }

    /**
     * @param isd the interrupt semaphore descriptor of its interrupt
     * @return an interrupt semaphore
     */
    public static Sm forInterrupt(final long isd)
    {
        return new Sm(true, isd, 0);
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

    /**
     * When the last capability goes, the ECs still waiting return ABORTED (K19), and an interrupt semaphore
     * leaves its interrupt ({@link Platform#interruptGone}).
     */
    @Override
    protected void destroyed()
    {
        Ec waiter;
        while (owner != null && (waiter = dequeue()) != null)
        {
            owner.abortWaiter(waiter);
        }
        if (interrupt && owner != null && routedCpu >= 0)
        {
            owner.interruptGone(this);
            routedCpu = -1;
        }
    }

    /** @return whether ECs wait on it */
    public boolean hasWaiters()
    {
        return head != null;
    }

    void enqueue(final Ec ec)
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

    /** @return the first waiter, removed, or null */
    Ec dequeue()
    {
        final Ec ec = head;
        if (ec != null)
        {
            remove(ec);
        }
        return ec;
    }

    /** Removes a waiter from its place in the queue, in O(1) (its deadline passed). */
    void remove(final Ec ec)
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

    /**
     * Up with no waiter: increments the counter.
     *
     * @return false, changing nothing, if the counter is at 2^64 - 1
     */
    boolean increment()
    {
        if (counter == -1L)
        {
            return false;
        }
        counter++;
        return true;
    }

    /**
     * Down that does not block.
     *
     * @param toZero whether to clear the counter instead of decrementing it
     * @return false, changing nothing, if the counter is zero and the caller would block
     */
    boolean tryDecrement(final boolean toZero)
    {
        if (counter == 0)
        {
            return false;
        }
        counter = toZero ? 0 : counter - 1;
        return true;
    }
}
