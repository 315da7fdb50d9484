// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * One CPU's ready queue: 128 FIFO queues, one per priority, and a 128-bit summary of the non-empty ones,
 * so finding the highest ready priority is one or two bit scans and no operation depends on how many SCs
 * exist (NOVA's {@code Scheduler}). The SC at the head of the highest non-empty queue runs; it stays at the
 * head while it runs, so a preempted SC resumes before its peers, and it moves to the tail when its budget
 * runs out (round robin).
 */
final class Scheduler
{
    private static final int PRIORITIES = Sc.PRIO_MAX + 1;

    private final Sc[] head = new Sc[PRIORITIES];
    private final Sc[] tail = new Sc[PRIORITIES];
    private long low;
    private long high;

    /** @return the SC that should run: the head of the highest non-empty priority, or null */
    Sc top()
    {
        if (high != 0)
        {
            return head[127 - Long.numberOfLeadingZeros(high)];
        }
        if (low != 0)
        {
            return head[63 - Long.numberOfLeadingZeros(low)];
        }
        return null;
    }

    /** Appends a ready SC to the tail of its priority's queue; an SC already queued stays where it is. */
    void enqueue(final Sc sc)
    {
        if (sc.queued)
        {
            return;
        }
        final int p = sc.prio();
        sc.next = null;
        sc.prev = tail[p];
        if (tail[p] == null)
        {
            head[p] = sc;
            mark(p);
        }
        else
        {
            tail[p].next = sc;
        }
        tail[p] = sc;
        sc.queued = true;
    }

    /** Removes a queued SC. */
    void remove(final Sc sc)
    {
        final int p = sc.prio();
        if (sc.prev == null)
        {
            head[p] = sc.next;
        }
        else
        {
            sc.prev.next = sc.next;
        }
        if (sc.next == null)
        {
            tail[p] = sc.prev;
        }
        else
        {
            sc.next.prev = sc.prev;
        }
        sc.prev = null;
        sc.next = null;
        sc.queued = false;
        if (head[p] == null)
        {
            if (p >= 64)
            {
                high &= ~(1L << (p - 64));
            }
            else
            {
                low &= ~(1L << p);
            }
        }
    }

    /** Moves a queued SC to the tail of its queue (its budget ran out). */
    void rotate(final Sc sc)
    {
        if (sc.next != null)
        {
            remove(sc);
            enqueue(sc);
        }
    }

    private void mark(final int p)
    {
        if (p >= 64)
        {
            high |= 1L << (p - 64);
        }
        else
        {
            low |= 1L << p;
        }
    }
}
