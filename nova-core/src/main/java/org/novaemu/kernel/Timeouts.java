// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import java.util.Arrays;

import org.novaemu.util.IndexedMinHeap;

/**
 * One CPU's pending timeouts: the deadlines of the ECs blocked in a down with a deadline on that CPU, in
 * a min-heap ordered by deadline, then by arrival, so that equal deadlines expire first come first
 * served. The CPU's timer is programmed to the earliest (NOVA's per-CPU timeout list behind the local APIC's
 * TSC-deadline timer or the generic timer). Insert and remove are O(log n).
 *
 * <p>Each pending EC holds a slot of this list in {@code Ec.timeoutIndex} (-1: none pending); the slot is
 * its id in the heap, so removal needs no search. Slots are reused, and the tables grow with the number of
 * ECs that wait at once, never on the interrupt path.
 */
final class Timeouts
{
    private final IndexedMinHeap heap = new IndexedMinHeap(16);
    private Ec[] slot = new Ec[16];
    private int[] freeSlots = new int[16];
    private int free;
    private int slots;
    private long arrivals;

    /** @return how many timeouts are pending */
    int size()
    {
        return heap.size();
    }

    /** @return the earliest deadline, or {@link Long#MAX_VALUE} if none is pending */
    long earliest()
    {
        return heap.isEmpty() ? Long.MAX_VALUE : heap.minKey();
    }

    /**
     * Adds an EC's timeout; an EC with one pending is moved to its new deadline, behind the timeouts
     * already pending at that deadline.
     *
     * @param ec the EC
     * @param deadline its absolute deadline in STC cycles
     * @return whether it is now the earliest (the timer must be programmed)
     */
    boolean add(final Ec ec, final long deadline)
    {
        ec.deadline = deadline;
        ec.arrival = arrivals++;
        final int pending = ec.timeoutIndex;
        if (pending >= 0)
        {
            heap.update(pending, deadline, ec.arrival);
            return heap.minId() == pending;
        }
        final int s = takeSlot(ec);
        ec.timeoutIndex = s;
        heap.add(s, deadline, ec.arrival);
        return heap.minId() == s;
    }

    /**
     * Removes an EC's timeout if it has one.
     *
     * @param ec the EC
     */
    void remove(final Ec ec)
    {
        final int s = ec.timeoutIndex;
        if (s < 0)
        {
            return;
        }
        heap.remove(s);
        releaseSlot(ec, s);
    }

    /**
     * Takes the earliest timeout if it has expired.
     *
     * @param now the current time
     * @return its EC, or null if none has expired
     */
    Ec expired(final long now)
    {
        if (heap.isEmpty() || heap.minKey() > now)
        {
            return null;
        }
        final int s = heap.poll();
        final Ec ec = slot[s];
        releaseSlot(ec, s);
        return ec;
    }

    private int takeSlot(final Ec ec)
    {
        final int s;
        if (free > 0)
        {
            s = freeSlots[--free];
        }
        else
        {
            s = slots++;
            if (s == slot.length)
            {
                final int n = s * 2;
                slot = Arrays.copyOf(slot, n);
                freeSlots = Arrays.copyOf(freeSlots, n);
                heap.ensureCapacity(n);
            }
        }
        slot[s] = ec;
        return s;
    }

    private void releaseSlot(final Ec ec, final int s)
    {
        ec.timeoutIndex = -1;
        slot[s] = null;
        freeSlots[free++] = s;
    }
}
