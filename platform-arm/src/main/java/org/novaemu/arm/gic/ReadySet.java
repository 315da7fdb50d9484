// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

import java.util.Arrays;

/**
 * The interrupts of one group that are ready for one PE (pending, enabled, not active, routed to it), ordered by
 * priority and then by slot ({@link Intid}), so that the first is the PE's highest priority pending interrupt
 * (IHI 0069, chapter 4: "the highest priority pending interrupt"; ties go to the lowest INTID, decision A4).
 *
 * <p>A three-level tournament over the slots: the members as a bitmap, the best key of each 64 slots, of each
 * 4,096 slots, and of the whole set, with a bitmap of the non-empty words of each block and one of the non-empty
 * blocks. Adding an interrupt, or raising its priority, lowers the levels above it in three compares; removing the
 * best one rescans its word (at most 64 members), the non-empty words of its block and the non-empty blocks, so
 * that the last member's removal reads no other word's or block's best (with thousands of redistributors each
 * holding an LPI or two, every line not read is a cache miss saved). Nothing scans all INTIDs, and nothing
 * allocates.
 */
final class ReadySet
{
    /** The key of an empty set: above every real key. */
    static final int NONE = Integer.MAX_VALUE;

    /** Bits of a key below its priority: the slot. */
    static final int SLOT_BITS = 17;

    private final int base;
    /**
     * Per word of 64 slots, side by side so that one cache line holds both: at 2w its members as a bitmap, at 2w + 1
     * its best key.
     */
    private final long[] words;
    private final byte[] priority;
    private final int[] blockBest;
    /** Per block, bit v: word {@code 64 b + v} has members. */
    private final long[] wordsUsed;
    /** Bit b of word b / 64: block b has members. */
    private final long[] blocksUsed;
    private int best = NONE;

    /**
     * @param base the first slot the set can hold
     * @param size how many slots from {@code base} it can hold
     */
    ReadySet(final int base, final int size)
    {
        this.base = base;
        final int words = size + 63 >>> 6;
        this.words = new long[words << 1];
        this.priority = new byte[words << 6];
        this.blockBest = new int[words + 63 >>> 6];
        this.wordsUsed = new long[blockBest.length];
        this.blocksUsed = new long[blockBest.length + 63 >>> 6];
        for (int w = 0; w < words; w++)
        {
            this.words[w << 1 | 1] = NONE;
        }
        Arrays.fill(blockBest, NONE);
    }

    /**
     * @param prio an 8-bit priority
     * @param slot a slot
     * @return the key that orders the interrupt: by priority, then by slot
     */
    static int key(final int prio, final int slot)
    {
        return prio << SLOT_BITS | slot;
    }

    /**
     * @param key a key
     * @return its priority
     */
    static int priorityOf(final int key)
    {
        return key >>> SLOT_BITS;
    }

    /**
     * @param key a key
     * @return its slot
     */
    static int slotOf(final int key)
    {
        return key & (1 << SLOT_BITS) - 1;
    }

    /** @return the key of the best member, or {@link #NONE} */
    int best()
    {
        return best;
    }

    /**
     * @param slot a slot the set can hold
     * @return whether it is a member
     */
    boolean contains(final int slot)
    {
        final int i = slot - base;
        return (words[i >>> 6 << 1] & 1L << i) != 0;
    }

    /**
     * Adds a member, or gives a member a new priority.
     *
     * @param slot a slot the set can hold
     * @param prio its priority
     */
    void add(final int slot, final int prio)
    {
        final int i = slot - base;
        final int w = i >>> 6;
        final long bit = 1L << i;
        final int key = key(prio, slot);
        final int m = w << 1;
        if ((words[m] & bit) != 0)
        {
            final int old = key(priority[i] & 0xff, slot);
            priority[i] = (byte) prio;
            if (key < old)
            {
                lower(w, key);
            }
            else if (key > old)
            {
                rescan(w, old);
            }
            return;
        }
        if (words[m] == 0)
        {
            final int b = w >>> 6;
            if (wordsUsed[b] == 0)
            {
                blocksUsed[b >>> 6] |= 1L << b;
            }
            wordsUsed[b] |= 1L << w;
        }
        words[m] |= bit;
        priority[i] = (byte) prio;
        lower(w, key);
    }

    /**
     * Removes a member; a slot that is not one is ignored.
     *
     * @param slot a slot the set can hold
     */
    void remove(final int slot)
    {
        final int i = slot - base;
        final int w = i >>> 6;
        final long bit = 1L << i;
        final int m = w << 1;
        if ((words[m] & bit) == 0)
        {
            return;
        }
        words[m] &= ~bit;
        if (words[m] == 0)
        {
            final int b = w >>> 6;
            wordsUsed[b] &= ~(1L << w);
            if (wordsUsed[b] == 0)
            {
                blocksUsed[b >>> 6] &= ~(1L << b);
            }
        }
        final int wb = (int) words[m | 1];
        if (slotOf(wb) == slot)
        {
            rescan(w, wb); // it was its word's best (a member's word has one, and keys differ by slot)
        }
    }

    /** Removes every member. */
    void clear()
    {
        for (int m = 0; m < words.length; m += 2)
        {
            words[m] = 0;
            words[m | 1] = NONE;
        }
        Arrays.fill(blockBest, NONE);
        Arrays.fill(wordsUsed, 0);
        Arrays.fill(blocksUsed, 0);
        best = NONE;
    }

    /** A key entered word {@code w}: it may be the new best of the word, its block and the set. */
    private void lower(final int w, final int key)
    {
        if (key < words[w << 1 | 1])
        {
            words[w << 1 | 1] = key;
            final int b = w >>> 6;
            if (key < blockBest[b])
            {
                blockBest[b] = key;
                if (key < best)
                {
                    best = key;
                }
            }
        }
    }

    /** Key {@code old} left word {@code w} (or got worse): rescan each level where it was the best. */
    private void rescan(final int w, final int old)
    {
        if (words[w << 1 | 1] != old)
        {
            return;
        }
        words[w << 1 | 1] = words[w << 1] == 0 ? NONE : scanWord(w);
        final int b = w >>> 6;
        if (blockBest[b] != old)
        {
            return;
        }
        int m = NONE;
        for (long used = wordsUsed[b]; used != 0; used &= used - 1)
        {
            m = Math.min(m, (int) words[(b << 6 | Long.numberOfTrailingZeros(used)) << 1 | 1]);
        }
        blockBest[b] = m;
        if (best == old)
        {
            int t = NONE;
            for (int u = 0; u < blocksUsed.length; u++)
            {
                for (long used = blocksUsed[u]; used != 0; used &= used - 1)
                {
                    t = Math.min(t, blockBest[u << 6 | Long.numberOfTrailingZeros(used)]);
                }
            }
            best = t;
        }
    }

    private int scanWord(final int w)
    {
        int m = NONE;
        long bits = words[w << 1];
        while (bits != 0)
        {
            final int i = w << 6 | Long.numberOfTrailingZeros(bits);
            bits &= bits - 1;
            m = Math.min(m, key(priority[i] & 0xff, base + i));
        }
        return m;
    }
}
