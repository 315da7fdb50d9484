// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.sim;

import java.util.Arrays;

import org.novaemu.util.Require;

/**
 * The deterministic event queue: a binary min-heap of events keyed by (time, sequence).
 *
 * <p>Events at the same time fire in the order they were armed or posted: every arm and post takes the
 * next value of a 64-bit sequence counter, and ties on time are broken by it. Nothing depends on object
 * identity, hashing or host timing, so the same calls give the same firing order on every run.
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

    /*
     * Invariants:
     *  - heap[0 .. size) hold slot numbers in heap order on (time[slot], seq[slot]);
     *    heapTime/heapSeq mirror time/seq in heap order so that sifting touches only the heap arrays.
     *  - pos[slot] is the slot's heap index, NOT_QUEUED for an idle timer, FREE for a slot on the free list.
     *  - freeHead links free slots through nextFree; posted slots are FREE again before their handler runs.
     */
    private long[] heapTime = new long[INITIAL_CAPACITY];
    private long[] heapSeq = new long[INITIAL_CAPACITY];
    private int[] heap = new int[INITIAL_CAPACITY];
    private int size;

    private EventHandler[] handler = new EventHandler[INITIAL_CAPACITY];
    private long[] arg = new long[INITIAL_CAPACITY];
    private boolean[] timer = new boolean[INITIAL_CAPACITY];
    private int[] pos = new int[INITIAL_CAPACITY];
    private int[] nextFree = new int[INITIAL_CAPACITY];
    private int slots;
    private int freeHead = -1;

    private long seq;
    private long now;
    private long fired;

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
        return size;
    }

    /** @return the time of the earliest pending event, or {@link #NEVER} */
    public long nextTime()
    {
        return size == 0 ? NEVER : heapTime[0];
    }

    /** @return the argument of the earliest pending event; only valid when {@link #size()} is not 0 */
    long nextArg()
    {
        return arg[heap[0]];
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
        final int p = pos[id];
        if (p == NOT_QUEUED)
        {
            insert(id, when);
        }
        else
        {
            final long oldTime = heapTime[p];
            heapTime[p] = when;
            heapSeq[p] = seq++;
            if (when < oldTime)
            {
                siftUp(p);
            }
            else
            {
                siftDown(p);
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
        if (size == 0 || heapTime[0] > limit)
        {
            return false;
        }
        final int slot = heap[0];
        now = heapTime[0];
        removeAt(0);
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
        return true;
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

    private void insert(final int slot, final long when)
    {
        if (size == heap.length)
        {
            growHeap();
        }
        final int i = size++;
        heap[i] = slot;
        heapTime[i] = when;
        heapSeq[i] = seq++;
        pos[slot] = i;
        siftUp(i);
    }

    private void removeAt(final int i)
    {
        final int last = --size;
        if (i != last)
        {
            final int moved = heap[last];
            move(last, i);
            siftDown(i);
            if (pos[moved] == i)
            {
                siftUp(i);
            }
        }
    }

    private void move(final int from, final int to)
    {
        final int slot = heap[from];
        heap[to] = slot;
        heapTime[to] = heapTime[from];
        heapSeq[to] = heapSeq[from];
        pos[slot] = to;
    }

    private void siftUp(int i)
    {
        final int slot = heap[i];
        final long t = heapTime[i];
        final long s = heapSeq[i];
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            final long pt = heapTime[parent];
            if (pt < t || (pt == t && heapSeq[parent] < s))
            {
                break;
            }
            move(parent, i);
            i = parent;
        }
        heap[i] = slot;
        heapTime[i] = t;
        heapSeq[i] = s;
        pos[slot] = i;
    }

    private void siftDown(int i)
    {
        final int slot = heap[i];
        final long t = heapTime[i];
        final long s = heapSeq[i];
        final int n = size;
        int child;
        while ((child = (i << 1) + 1) < n)
        {
            long ct = heapTime[child];
            long cs = heapSeq[child];
            final int right = child + 1;
            if (right < n)
            {
                final long rt = heapTime[right];
                if (rt < ct || (rt == ct && heapSeq[right] < cs))
                {
                    child = right;
                    ct = rt;
                    cs = heapSeq[right];
                }
            }
            if (t < ct || (t == ct && s < cs))
            {
                break;
            }
            move(child, i);
            i = child;
        }
        heap[i] = slot;
        heapTime[i] = t;
        heapSeq[i] = s;
        pos[slot] = i;
    }

    private void growHeap()
    {
        final int n = heap.length << 1;
        heap = Arrays.copyOf(heap, n);
        heapTime = Arrays.copyOf(heapTime, n);
        heapSeq = Arrays.copyOf(heapSeq, n);
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
