// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.util;

import java.util.Arrays;

/**
 * An indexed binary min-heap of small int ids, each with a {@code long} key and a {@code long} tie-break,
 * kept in primitive arrays.
 *
 * <p>Order: an element comes before another when its key is smaller; on equal keys, when its tie is
 * smaller; on equal keys and ties, when its id is smaller. Ids are unique, so this is a total order: which
 * element is the minimum depends only on the (key, tie, id) triples present, never on the order of the
 * operations that put them there nor on the heap's internal layout. Each user gives its own meaning to
 * the tie, and so keeps its own order among equal keys: a CPU index for "lowest index first", an arrival
 * counter for "first come, first served".
 *
 * <p>Cost: the heap keeps each id's position, so {@link #remove} and {@link #update} find their element
 * without a search. {@link #add}, {@link #update}, {@link #remove} and {@link #poll} are O(log n);
 * {@link #minId}, {@link #minKey} and {@link #contains} are O(1).
 *
 * <p>Memory: ids run from 0 to {@link #capacity()} - 1. Adding a larger id, or {@link #ensureCapacity},
 * grows the arrays; nothing else allocates. Once the heap has grown to the largest id its user needs, no
 * operation allocates or boxes.
 *
 * <p>Not thread-safe.
 */
public final class IndexedMinHeap
{
    /** What {@link #minId()} and {@link #poll()} return when the heap is empty. */
    public static final int NONE = -1;

    private static final int ABSENT = -1;
    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

    /*
     * Invariants:
     *  - heapKey, heapTie and heapId [0 .. size) form a binary min-heap on (key, tie, id).
     *  - pos[id] is id's index in the heap arrays, or ABSENT.
     *  - All four arrays have the same length, the capacity. Ids present are distinct and below it, so the
     *    heap arrays can never be full when an id is added.
     * Keys and ties live in the heap arrays rather than per id, so a sift compares neighbouring slots
     * without an indirection through pos.
     */
    private long[] heapKey;
    private long[] heapTie;
    private int[] heapId;
    private int[] pos;
    private int size;

    /**
     * Creates an empty heap.
     *
     * @param capacity the number of ids to make room for at once, at least 1; ids 0 to {@code capacity - 1}
     *                 can then be added without allocation
     */
    public IndexedMinHeap(final int capacity)
    {
        final int n = (int) Require.inRange("capacity", capacity, 1, MAX_CAPACITY);
        heapKey = new long[n];
        heapTie = new long[n];
        heapId = new int[n];
        pos = new int[n];
        Arrays.fill(pos, ABSENT);
    }

    /** @return the number of elements in the heap */
    public int size()
    {
        return size;
    }

    /** @return whether the heap has no element */
    public boolean isEmpty()
    {
        return size == 0;
    }

    /** @return the number of ids the heap has room for: ids below it can be added without allocation */
    public int capacity()
    {
        return pos.length;
    }

    /**
     * Makes room for ids 0 to {@code ids - 1}, so that adding them later does not allocate.
     *
     * @param ids the number of ids, at least 0
     */
    public void ensureCapacity(final int ids)
    {
        Require.inRange("ids", ids, 0, MAX_CAPACITY);
        if (ids > pos.length)
        {
            grow(ids);
        }
    }

    /**
     * @param id any int
     * @return whether {@code id} is in the heap; false for a negative id or one beyond the capacity
     */
    public boolean contains(final int id)
    {
        final int[] pos = this.pos;
        return id >= 0 && id < pos.length && pos[id] != ABSENT;
    }

    /** @return the id of the least element, or {@link #NONE} when the heap is empty */
    public int minId()
    {
        return size == 0 ? NONE : heapId[0];
    }

    /**
     * @return the key of the least element, or {@link Long#MAX_VALUE} when the heap is empty (a caller that
     *         stores that key itself tells the two cases apart with {@link #isEmpty()})
     */
    public long minKey()
    {
        return size == 0 ? Long.MAX_VALUE : heapKey[0];
    }

    /**
     * @param id an id in the heap
     * @return its key
     * @throws IllegalArgumentException if {@code id} is not in the heap
     */
    public long key(final int id)
    {
        return heapKey[indexOf(id)];
    }

    /**
     * Adds an element. Allocates only when {@code id} is not below {@link #capacity()}.
     *
     * @param id the element's id, 0 to {@code Integer.MAX_VALUE - 9}, not already in the heap
     * @param key its key
     * @param tie its tie-break among equal keys
     * @throws IllegalArgumentException if {@code id} is out of that range or already in the heap
     */
    public void add(final int id, final long key, final long tie)
    {
        if (id >= pos.length || id < 0)
        {
            Require.inRange("id", id, 0, MAX_CAPACITY - 1);
            grow(id + 1);
        }
        if (pos[id] != ABSENT)
        {
            throw new IllegalArgumentException("id " + id + " is already in the heap");
        }
        siftUp(size++, key, tie, id);
    }

    /**
     * Gives an element a new key and tie, and moves it to its place: re-keying, in O(log n), with the
     * same outcome as a removal followed by an addition.
     *
     * @param id an id in the heap
     * @param key its new key
     * @param tie its new tie-break among equal keys
     * @throws IllegalArgumentException if {@code id} is not in the heap
     */
    public void update(final int id, final long key, final long tie)
    {
        final int i = indexOf(id);
        if (before(key, tie, id, heapKey[i], heapTie[i], id))
        {
            siftUp(i, key, tie, id);
        }
        else
        {
            siftDown(i, key, tie, id);
        }
    }

    /**
     * Removes an element if it is in the heap.
     *
     * @param id any int
     * @return whether it was in the heap
     */
    public boolean remove(final int id)
    {
        if (!contains(id))
        {
            return false;
        }
        removeAt(pos[id]);
        return true;
    }

    /**
     * Removes the least element.
     *
     * @return its id, or {@link #NONE} when the heap is empty
     */
    public int poll()
    {
        if (size == 0)
        {
            return NONE;
        }
        final int id = heapId[0];
        removeAt(0);
        return id;
    }

    private int indexOf(final int id)
    {
        if (!contains(id))
        {
            throw new IllegalArgumentException("id " + id + " is not in the heap");
        }
        return pos[id];
    }

    /** Fills slot {@code i} with the last element and restores the order in whichever direction it broke. */
    private void removeAt(final int i)
    {
        pos[heapId[i]] = ABSENT;
        final int last = --size;
        if (i == last)
        {
            return;
        }
        final long key = heapKey[last];
        final long tie = heapTie[last];
        final int id = heapId[last];
        // The last element came from another subtree: it may belong above slot i as well as below it.
        final int parent = (i - 1) >>> 1;
        if (i > 0 && before(key, tie, id, heapKey[parent], heapTie[parent], heapId[parent]))
        {
            siftUp(i, key, tie, id);
        }
        else
        {
            siftDown(i, key, tie, id);
        }
    }

    private static boolean before(final long keyA, final long tieA, final int idA,
                                  final long keyB, final long tieB, final int idB)
    {
        return keyA < keyB || keyA == keyB && (tieA < tieB || tieA == tieB && idA < idB);
    }

    /** Moves a hole at {@code start} up until (key, tie, id) fits there, then fills it. */
    private void siftUp(final int start, final long key, final long tie, final int id)
    {
        final long[] heapKey = this.heapKey;
        final long[] heapTie = this.heapTie;
        final int[] heapId = this.heapId;
        final int[] pos = this.pos;
        int i = start;
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            final int parentId = heapId[parent];
            if (!before(key, tie, id, heapKey[parent], heapTie[parent], parentId))
            {
                break;
            }
            heapKey[i] = heapKey[parent];
            heapTie[i] = heapTie[parent];
            heapId[i] = parentId;
            pos[parentId] = i;
            i = parent;
        }
        heapKey[i] = key;
        heapTie[i] = tie;
        heapId[i] = id;
        pos[id] = i;
    }

    /** Moves a hole at {@code start} down until (key, tie, id) fits there, then fills it. */
    private void siftDown(final int start, final long key, final long tie, final int id)
    {
        final long[] heapKey = this.heapKey;
        final long[] heapTie = this.heapTie;
        final int[] heapId = this.heapId;
        final int[] pos = this.pos;
        final int n = size;
        int i = start;
        int child;
        while ((child = (i << 1) + 1) < n)
        {
            final int right = child + 1;
            if (right < n && before(heapKey[right], heapTie[right], heapId[right],
                heapKey[child], heapTie[child], heapId[child]))
            {
                child = right;
            }
            final int childId = heapId[child];
            if (!before(heapKey[child], heapTie[child], childId, key, tie, id))
            {
                break;
            }
            heapKey[i] = heapKey[child];
            heapTie[i] = heapTie[child];
            heapId[i] = childId;
            pos[childId] = i;
            i = child;
        }
        heapKey[i] = key;
        heapTie[i] = tie;
        heapId[i] = id;
        pos[id] = i;
    }

    private void grow(final int ids)
    {
        final int n = (int) Math.max(ids, Math.min(MAX_CAPACITY, 2L * pos.length));
        final int old = pos.length;
        heapKey = Arrays.copyOf(heapKey, n);
        heapTie = Arrays.copyOf(heapTie, n);
        heapId = Arrays.copyOf(heapId, n);
        pos = Arrays.copyOf(pos, n);
        Arrays.fill(pos, old, n, ABSENT);
    }
}
