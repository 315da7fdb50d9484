// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.sim;

import java.util.Arrays;

import org.novaemu.util.Require;

/**
 * The deterministic event queue: a 4-ary min-heap of events keyed by (time, sequence).
 *
 * <p>Events at the same time fire in the order they were armed or posted: every arm and post takes the
 * next sequence number, and ties on time are broken by it. Nothing depends on object identity, hashing or
 * host timing, so the same calls give the same firing order on every run.
 *
 * <p>Two kinds of event share one slot table:
 * <ul>
 *   <li>a <em>timer</em> ({@link #newTimer}) is a persistent slot, pending at most once, that a device arms,
 *       re-arms and cancels in O(log n) (the slot knows its heap position, as in
 *       {@code ScheduledThreadPoolExecutor});</li>
 *   <li>a <em>post</em> ({@link #post}) is a one-shot event whose slot returns to a free list when it fires.</li>
 * </ul>
 * Arming, posting, cancelling and firing allocate nothing once the slot table and heap have grown to the
 * steady-state number of events.
 *
 * <p>Not thread-safe: one simulation runs on one host thread.
 */
public final class EventQueue
{
    /** The time of "no event". */
    public static final long NEVER = Long.MAX_VALUE;

    private static final int NOT_QUEUED = -1;
    private static final int FREE = -2;
    private static final int INITIAL_CAPACITY = 64;
    private static final long LOW_WORD = 0xffff_ffffL;
    private static final long SLOT_MASK = 0x7fff_ffffL;
    private static final long TIMER_BIT = 0x8000_0000L;

    /*
     * Invariants:
     *  - heapTime[0 .. size) and heapTag[0 .. size) form a 4-ary min-heap on (time, tag). A tag is
     *    (sequence << 32 | timer bit << 31 | slot); sequences are unique and below seqLimit (at most 2^31), so
     *    tags are positive and compare like their sequences. When the counter reaches seqLimit, pending
     *    sequences are renumbered 0 .. size-1 in their old order, which keeps every comparison the same.
     *  - For a timer, pos[slot] is its heap index, or NOT_QUEUED; posts need no index (they are never
     *    cancelled), so moving them skips that random store. pos[slot] is FREE for a slot on the free list.
     *  - freeHead links free slots through nextFree; posted slots are FREE again before their handler runs.
     *  - While a handler runs, the fired entry still occupies the root (rootVacant): the handler's first
     *    insert replaces it with one sift down from the root instead of a removal plus an insertion, which
     *    halves the work of the common fire-then-reschedule step. Every other operation settles the
     *    vacancy first.
     * The heap is 4-ary because a sift then touches half as many levels, and the four children of a node
     * share a cache line of heapTime.
     */
    private long[] heapTime = new long[INITIAL_CAPACITY];
    private long[] heapTag = new long[INITIAL_CAPACITY];
    private int size;

    private EventHandler[] handler = new EventHandler[INITIAL_CAPACITY];
    private long[] arg = new long[INITIAL_CAPACITY];
    private boolean[] timer = new boolean[INITIAL_CAPACITY];
    private int[] pos = new int[INITIAL_CAPACITY];
    private int[] nextFree = new int[INITIAL_CAPACITY];
    private int slots;
    private int freeHead = -1;

    private final long seqLimit;
    private long[] renumberTags = new long[0];
    private int[] renumberRank = new int[0];
    private long seq;
    private boolean rootVacant;
    private long now;
    private long fired;

    /** Creates an empty queue at time 0. */
    public EventQueue()
    {
        this(1L << 31);
    }

    /** For tests: renumbers sequences once {@code seqLimit} of them have been handed out. */
    EventQueue(final long seqLimit)
    {
        this.seqLimit = seqLimit;
    }

    /** @return the time of the event firing now, or of the last one fired; 0 before the first */
    public long now()
    {
        return now;
    }

    /** @return the number of events fired so far */
    public long firedCount()
    {
        return fired;
    }

    /** @return the number of pending events */
    public int size()
    {
        return rootVacant ? size - 1 : size;
    }

    /** @return the time of the earliest pending event, or {@link #NEVER} */
    public long nextTime()
    {
        settle();
        return size == 0 ? NEVER : heapTime[0];
    }

    /** @return the argument of the earliest pending event; only valid when {@link #size()} is not 0 */
    long nextArg()
    {
        settle();
        return arg[(int) (heapTag[0] & SLOT_MASK)];
    }

    /**
     * Creates a timer: a reusable event slot that is pending at most once.
     *
     * @param handler what the timer does when it fires
     * @param arg the argument passed to the handler
     * @return the timer's id, for {@link #arm}, {@link #cancel} and {@link #deadline}
     */
    public int newTimer(final EventHandler handler, final long arg)
    {
        final int slot = allocSlot(Require.nonNull("handler", handler), arg);
        timer[slot] = true;
        pos[slot] = NOT_QUEUED;
        return slot;
    }

    /**
     * Arms a timer for {@code when}, moving it if it was already armed. A re-armed timer takes a new
     * sequence number, so it fires after the events already pending at the same time.
     *
     * @param id a timer id from {@link #newTimer}
     * @param when the firing time, not before {@link #now()}
     */
    public void arm(final int id, final long when)
    {
        checkTimer(id);
        checkTime(when);
        if (pos[id] == NOT_QUEUED)
        {
            insert(id, when);
        }
        else
        {
            settle();
            final long oldTime = heapTime[pos[id]];
            final long tag = nextTag(id);
            if (when < oldTime)
            {
                siftUp(pos[id], when, tag);
            }
            else
            {
                siftDown(pos[id], when, tag);
            }
        }
    }

    /**
     * Disarms a timer.
     *
     * @param id a timer id from {@link #newTimer}
     * @return whether the timer was armed
     */
    public boolean cancel(final int id)
    {
        checkTimer(id);
        settle();
        final int p = pos[id];
        if (p == NOT_QUEUED)
        {
            return false;
        }
        removeAt(p);
        pos[id] = NOT_QUEUED;
        return true;
    }

    /**
     * @param id a timer id from {@link #newTimer}
     * @return the time the timer is armed for, or {@link #NEVER} when it is not armed
     */
    public long deadline(final int id)
    {
        checkTimer(id);
        final int p = pos[id];
        return p == NOT_QUEUED ? NEVER : heapTime[p];
    }

    /**
     * Posts a one-shot event.
     *
     * @param when the firing time, not before {@link #now()}
     * @param handler what the event does
     * @param arg the argument passed to the handler
     */
    public void post(final long when, final EventHandler handler, final long arg)
    {
        checkTime(when);
        final int slot = allocSlot(Require.nonNull("handler", handler), arg);
        timer[slot] = false;
        insert(slot, when);
    }

    /**
     * Fires the earliest event if it is due at or before {@code limit}.
     *
     * @param limit the latest time to fire at
     * @return whether an event fired
     */
    public boolean fireNext(final long limit)
    {
        settle();
        if (size == 0 || heapTime[0] > limit)
        {
            return false;
        }
        final int slot = (int) (heapTag[0] & SLOT_MASK);
        now = heapTime[0];
        rootVacant = true;
        final EventHandler h = handler[slot];
        final long a = arg[slot];
        if (timer[slot])
        {
            pos[slot] = NOT_QUEUED;
        }
        else
        {
            freeSlot(slot);
        }
        fired++;
        h.onEvent(a);
        settle();
        return true;
    }

    /** Removes the fired entry from the root if the handler did not replace it. */
    private void settle()
    {
        if (rootVacant)
        {
            rootVacant = false;
            removeRoot();
        }
    }

    /**
     * Moves time forward without firing anything, as when every CPU sleeps until a later deadline.
     *
     * @param time the new time; ignored if earlier than {@link #now()}
     */
    void advanceTo(final long time)
    {
        if (time > now)
        {
            now = time;
        }
    }

    private void checkTime(final long when)
    {
        if (when < now)
        {
            throw new IllegalArgumentException("when must be >= now (" + now + "), was " + when);
        }
    }

    private void checkTimer(final int id)
    {
        if (id < 0 || id >= slots || !timer[id] || pos[id] == FREE)
        {
            throw new IllegalArgumentException("id is not a timer of this queue: " + id);
        }
    }

    private int allocSlot(final EventHandler h, final long a)
    {
        int slot = freeHead;
        if (slot >= 0)
        {
            freeHead = nextFree[slot];
        }
        else
        {
            if (slots == handler.length)
            {
                growSlots();
            }
            slot = slots++;
        }
        handler[slot] = h;
        arg[slot] = a;
        return slot;
    }

    private void freeSlot(final int slot)
    {
        pos[slot] = FREE;
        handler[slot] = null;
        nextFree[slot] = freeHead;
        freeHead = slot;
    }

    private long nextTag(final int slot)
    {
        if (seq >= seqLimit)
        {
            settle();
            renumber();
        }
        return (seq++ << 32) | (timer[slot] ? TIMER_BIT : 0) | slot;
    }

    /** Gives the pending events the sequences 0 .. size-1 in their current order; runs once per 2^31 events. */
    private void renumber()
    {
        if (renumberTags.length < size)
        {
            renumberTags = new long[heapTag.length];
        }
        if (renumberRank.length < slots)
        {
            renumberRank = new int[handler.length];
        }
        final long[] sorted = renumberTags;
        final int[] rank = renumberRank;
        System.arraycopy(heapTag, 0, sorted, 0, size);
        Arrays.sort(sorted, 0, size);
        for (int r = 0; r < size; r++)
        {
            rank[(int) (sorted[r] & SLOT_MASK)] = r;
        }
        for (int i = 0; i < size; i++)
        {
            final long low = heapTag[i] & LOW_WORD;
            heapTag[i] = ((long) rank[(int) (low & SLOT_MASK)] << 32) | low;
        }
        seq = size;
    }

    private void insert(final int slot, final long when)
    {
        if (size == heapTime.length && !rootVacant)
        {
            growHeap();
        }
        final long tag = nextTag(slot);
        if (rootVacant)
        {
            rootVacant = false;
            siftDown(0, when, tag);
            return;
        }
        siftUp(size++, when, tag);
    }

    /** Removes the root bottom-up: the hole sinks to a leaf along the smaller children, then the last entry
     * fills it and rises. The last entry is usually late, so this saves a comparison per level. */
    private void removeRoot()
    {
        final int last = --size;
        if (last == 0)
        {
            return;
        }
        final long lt = heapTime[last];
        final long lg = heapTag[last];
        int hole = 0;
        int child;
        while ((child = (hole << 2) + 1) < last)
        {
            final int m = minChild(child, last);
            place(hole, heapTime[m], heapTag[m]);
            hole = m;
        }
        siftUp(hole, lt, lg);
    }

    private void removeAt(final int i)
    {
        final int last = --size;
        if (i != last)
        {
            final long t = heapTime[last];
            final long g = heapTag[last];
            siftDown(i, t, g);
            if (heapTag[i] == g)
            {
                siftUp(i, t, g);
            }
        }
    }

    /** The index of the least of the up to four children starting at {@code first}, below {@code n}. */
    private int minChild(final int first, final int n)
    {
        final long[] ht = heapTime;
        final long[] hg = heapTag;
        int m = first;
        long mt = ht[first];
        final int end = Math.min(first + 4, n);
        for (int k = first + 1; k < end; k++)
        {
            final long kt = ht[k];
            if (kt < mt || (kt == mt && hg[k] < hg[m]))
            {
                m = k;
                mt = kt;
            }
        }
        return m;
    }

    private void place(final int i, final long t, final long tag)
    {
        heapTime[i] = t;
        heapTag[i] = tag;
        if ((tag & TIMER_BIT) != 0)
        {
            pos[(int) (tag & SLOT_MASK)] = i;
        }
    }

    private void siftUp(final int from, final long t, final long tag)
    {
        int i = from;
        final long[] ht = heapTime;
        final long[] hg = heapTag;
        while (i > 0)
        {
            final int parent = (i - 1) >>> 2;
            final long pt = ht[parent];
            if (pt < t || (pt == t && hg[parent] < tag))
            {
                break;
            }
            place(i, pt, hg[parent]);
            i = parent;
        }
        place(i, t, tag);
    }

    private void siftDown(final int from, final long t, final long tag)
    {
        int i = from;
        final int n = size;
        int child;
        while ((child = (i << 2) + 1) < n)
        {
            final int m = minChild(child, n);
            final long mt = heapTime[m];
            if (t < mt || (t == mt && tag < heapTag[m]))
            {
                break;
            }
            place(i, mt, heapTag[m]);
            i = m;
        }
        place(i, t, tag);
    }

    private void growHeap()
    {
        final int n = heapTime.length << 1;
        heapTime = Arrays.copyOf(heapTime, n);
        heapTag = Arrays.copyOf(heapTag, n);
    }

    private void growSlots()
    {
        final int n = handler.length << 1;
        handler = Arrays.copyOf(handler, n);
        arg = Arrays.copyOf(arg, n);
        timer = Arrays.copyOf(timer, n);
        pos = Arrays.copyOf(pos, n);
        nextFree = Arrays.copyOf(nextFree, n);
    }
}
