// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import java.util.Arrays;

/**
 * One CPU's pending timeouts: the deadlines of the ECs blocked in a down with a deadline on that CPU, in
 * a binary min-heap ordered by deadline, then by arrival, so that equal deadlines expire first come first
 * served. The CPU's timer is programmed to the earliest (NOVA's per-CPU timeout list behind the local APIC's
 * TSC-deadline timer or the generic timer). Insert and remove are O(log n); each EC holds its heap index.
 */
final class Timeouts
{
    private Ec[] heap = new Ec[16];
    private int size;
    private long arrivals;

    /** @return how many timeouts are pending */
    int size()
    {
        return size;
    }

    /** @return the earliest deadline, or {@link Long#MAX_VALUE} if none is pending */
    long earliest()
    {
        return size == 0 ? Long.MAX_VALUE : heap[0].deadline;
    }

    /**
     * Adds an EC's timeout; an EC with one pending is moved to its new deadline.
     *
     * @param ec the EC
     * @param deadline its absolute deadline in STC cycles
     * @return whether it is now the earliest (the timer must be programmed)
     */
    boolean add(final Ec ec, final long deadline)
    {
        remove(ec);
        if (size == heap.length)
        {
            heap = Arrays.copyOf(heap, size * 2); // grows with the ECs that wait, never on the interrupt path
        }
        ec.deadline = deadline;
        ec.arrival = arrivals++;
        heap[size] = ec;
        ec.timeoutIndex = size;
        size++;
        up(size - 1);
        return heap[0] == ec;
    }

    /**
     * Removes an EC's timeout if it has one.
     *
     * @param ec the EC
     */
    void remove(final Ec ec)
    {
        final int i = ec.timeoutIndex;
        if (i < 0)
        {
            return;
        }
        ec.timeoutIndex = -1;
        size--;
        if (i == size)
        {
            heap[size] = null;
            return;
        }
        final Ec last = heap[size];
        heap[size] = null;
        heap[i] = last;
        last.timeoutIndex = i;
        up(i);
        down(last.timeoutIndex);
    }

    /**
     * Takes the earliest timeout if it has expired.
     *
     * @param now the current time
     * @return its EC, or null if none has expired
     */
    Ec expired(final long now)
    {
        if (size == 0 || heap[0].deadline > now)
        {
            return null;
        }
        final Ec ec = heap[0];
        remove(ec);
        return ec;
    }

    private static boolean before(final Ec a, final Ec b)
    {
        return a.deadline < b.deadline || a.deadline == b.deadline && a.arrival < b.arrival;
    }

    private void up(int i)
    {
        final Ec ec = heap[i];
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            final Ec p = heap[parent];
            if (!before(ec, p))
            {
                break;
            }
            heap[i] = p;
            p.timeoutIndex = i;
            i = parent;
        }
        heap[i] = ec;
        ec.timeoutIndex = i;
    }

    private void down(int i)
    {
        final Ec ec = heap[i];
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= size)
            {
                break;
            }
            if (child + 1 < size && before(heap[child + 1], heap[child]))
            {
                child++;
            }
            if (!before(heap[child], ec))
            {
                break;
            }
            heap[i] = heap[child];
            heap[i].timeoutIndex = i;
            i = child;
        }
        heap[i] = ec;
        ec.timeoutIndex = i;
    }
}
