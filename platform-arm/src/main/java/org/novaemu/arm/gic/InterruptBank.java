// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

import java.util.Arrays;

/**
 * The state of a contiguous range of wired interrupts, as the per-INTID register arrays of a distributor or a
 * redistributor's SGI frame hold it (IHI 0069, chapter 12): group, enable, pending, active, priority and configuration,
 * one bank per range (the distributor's SPIs, its extended SPIs, a redistributor's SGIs, PPIs and extended PPIs). Bank
 * slot {@code 32 n + b} is bit {@code b} of the n-th 32-bit register of each one-bit array, byte {@code 4 n + b} of the
 * priority array and field {@code 16 n + b} of the configuration array, so the register arrays of both blocks index it
 * directly.
 *
 * <p>An interrupt is pending while its pending latch is set (a rising edge, a write to ISPENDR) or, when it is
 * level-sensitive, while its input line is high (IHI 0069, chapter 4, the interrupt life cycle); acknowledging it
 * clears the latch, and a level interrupt whose line is still high is pending again once deactivated. Slots the
 * configuration does not implement read as zero and ignore writes; so do the configuration bits of slots whose trigger
 * is fixed (SGIs). Every change of a slot's state is reported to the owner, which decides where the interrupt is
 * forwarded. Nothing here allocates.
 */
final class InterruptBank
{
    /** What the owner does when a slot's state changed. */
    @FunctionalInterface
    interface Owner
    {
        /**
         * @param slot the slot whose state changed
         */
        void changed(int slot);
    }

    /** The implemented priority bits (decision A3): five, bits 7:3. */
    static final int PRIORITY_MASK = 0xf8;

    private final int size;
    private final Owner owner;
    private final long[] implemented;
    private final long[] configurable;
    private final long[] group;
    private final long[] enabled;
    private final long[] latch;
    private final long[] level;
    private final long[] edge;
    private final long[] active;
    private final byte[] priority;

    /**
     * @param size the number of slots, a multiple of 32
     * @param owner told of every change
     */
    InterruptBank(final int size, final Owner owner)
    {
        this.size = size;
        this.owner = owner;
        final int words = size + 63 >>> 6;
        this.implemented = new long[words];
        this.configurable = new long[words];
        this.group = new long[words];
        this.enabled = new long[words];
        this.latch = new long[words];
        this.level = new long[words];
        this.edge = new long[words];
        this.active = new long[words];
        this.priority = new byte[size];
    }

    /** @return the number of slots */
    int size()
    {
        return size;
    }

    /**
     * Declares slots as implemented.
     *
     * @param from the first slot
     * @param to one past the last slot
     * @param fixedEdge whether their trigger is fixed to edge (SGIs); otherwise it is configurable
     */
    void implement(final int from, final int to, final boolean fixedEdge)
    {
        for (int s = from; s < to; s++)
        {
            set(implemented, s, true);
            set(configurable, s, !fixedEdge);
            set(edge, s, fixedEdge);
        }
    }

    /** Back to reset: group 0, disabled, nothing pending or active, priority 0, configurable slots level. */
    void reset()
    {
        Arrays.fill(group, 0);
        Arrays.fill(enabled, 0);
        Arrays.fill(latch, 0);
        Arrays.fill(active, 0);
        Arrays.fill(priority, (byte) 0);
        for (int w = 0; w < edge.length; w++)
        {
            edge[w] = implemented[w] & ~configurable[w];
        }
    }

    // ---- Per-slot state -----------------------------------------------------------------------------------

    /**
     * @param slot a slot
     * @return whether the configuration implements it
     */
    boolean implemented(final int slot)
    {
        return slot >= 0 && slot < size && test(implemented, slot);
    }

    /**
     * @param slot an implemented slot
     * @return whether it is pending, enabled and not active: a candidate for forwarding
     */
    boolean ready(final int slot)
    {
        final int w = slot >>> 6;
        final long bit = 1L << slot;
        final long pending = latch[w] | level[w] & ~edge[w];
        return (pending & enabled[w] & ~active[w] & bit) != 0;
    }

    /**
     * @param slot an implemented slot
     * @return its group, 0 or 1
     */
    int group(final int slot)
    {
        return test(group, slot) ? 1 : 0;
    }

    /**
     * @param slot an implemented slot
     * @return its priority
     */
    int priority(final int slot)
    {
        return priority[slot] & 0xff;
    }

    /**
     * @param slot an implemented slot
     * @return whether it is pending (latched, or a level input held high)
     */
    boolean pending(final int slot)
    {
        return test(latch, slot) || test(level, slot) && !test(edge, slot);
    }

    /**
     * @param slot an implemented slot
     * @return whether it is active
     */
    boolean active(final int slot)
    {
        return test(active, slot);
    }

    /**
     * @param slot an implemented slot
     * @return whether it is enabled
     */
    boolean enabled(final int slot)
    {
        return test(enabled, slot);
    }

    /**
     * @param slot an implemented slot
     * @return whether it is edge-triggered
     */
    boolean edgeTriggered(final int slot)
    {
        return test(edge, slot);
    }

    /**
     * The input line of a slot changed level: a rising edge latches an edge-triggered interrupt; a level one
     * follows the line.
     *
     * @param slot an implemented slot
     * @param high the new level
     */
    void line(final int slot, final boolean high)
    {
        if (test(level, slot) == high)
        {
            return;
        }
        set(level, slot, high);
        if (high && test(edge, slot))
        {
            set(latch, slot, true);
        }
        owner.changed(slot);
    }

    /**
     * Sets a slot's pending latch (an SGI generated for it, a rising edge from elsewhere).
     *
     * @param slot an implemented slot
     */
    void makePending(final int slot)
    {
        if (!test(latch, slot))
        {
            set(latch, slot, true);
            owner.changed(slot);
        }
    }

    /**
     * Acknowledge: the interrupt becomes active and its pending latch is cleared (a level input still high keeps
     * it pending as well).
     *
     * @param slot an implemented slot
     */
    void activate(final int slot)
    {
        set(active, slot, true);
        set(latch, slot, false);
        owner.changed(slot);
    }

    /**
     * Deactivation (EOI with EOImode 0, or DIR).
     *
     * @param slot an implemented slot
     */
    void deactivate(final int slot)
    {
        if (test(active, slot))
        {
            set(active, slot, false);
            owner.changed(slot);
        }
    }

    // ---- Register arrays ----------------------------------------------------------------------------------

    /**
     * @param n the register's index in its array: slots {@code 32 n} to {@code 32 n + 31}
     * @return IGROUPR&lt;n&gt;
     */
    int readGroup(final int n)
    {
        return word(group, n);
    }

    /**
     * @param n the register's index
     * @return ISENABLER&lt;n&gt; and ICENABLER&lt;n&gt;
     */
    int readEnabled(final int n)
    {
        return word(enabled, n);
    }

    /**
     * @param n the register's index
     * @return ISPENDR&lt;n&gt; and ICPENDR&lt;n&gt;: the latch, or the line for level-sensitive interrupts
     */
    int readPending(final int n)
    {
        if (n < 0 || 32 * n >= size)
        {
            return 0;
        }
        final int w = n >>> 1;
        final int shift = 32 * (n & 1);
        return (int) (((latch[w] | level[w] & ~edge[w]) & implemented[w]) >>> shift);
    }

    /**
     * @param n the register's index
     * @return ISACTIVER&lt;n&gt; and ICACTIVER&lt;n&gt;
     */
    int readActive(final int n)
    {
        return word(active, n);
    }

    /**
     * IGROUPR&lt;n&gt;: each bit is the group of its interrupt.
     *
     * @param n the register's index
     * @param value the value written
     */
    void writeGroup(final int n, final int value)
    {
        store(group, n, value, 0);
    }

    /**
     * ISENABLER&lt;n&gt; (set) or ICENABLER&lt;n&gt; (clear): ones change their interrupt, zeros nothing.
     *
     * @param n the register's index
     * @param value the value written
     * @param on whether to set the written ones or to clear them
     */
    void writeEnabled(final int n, final int value, final boolean on)
    {
        store(enabled, n, on ? value : ~value, on ? 1 : -1);
    }

    /**
     * ISPENDR&lt;n&gt; or ICPENDR&lt;n&gt;: sets or clears the pending latch; a clear does not lower a high
     * level input.
     *
     * @param n the register's index
     * @param value the value written
     * @param on whether to set the written ones or to clear them
     */
    void writePending(final int n, final int value, final boolean on)
    {
        store(latch, n, on ? value : ~value, on ? 1 : -1);
    }

    /**
     * ISACTIVER&lt;n&gt; or ICACTIVER&lt;n&gt;.
     *
     * @param n the register's index
     * @param value the value written
     * @param on whether to set the written ones or to clear them
     */
    void writeActive(final int n, final int value, final boolean on)
    {
        store(active, n, on ? value : ~value, on ? 1 : -1);
    }

    /**
     * @param slot a slot (a byte of IPRIORITYR)
     * @return its priority field, 0 if not implemented
     */
    int readPriority(final int slot)
    {
        return implemented(slot) ? priority[slot] & 0xff : 0;
    }

    /**
     * A byte of IPRIORITYR: the unimplemented low bits are RAZ/WI.
     *
     * @param slot a slot
     * @param value the byte written
     */
    void writePriority(final int slot, final int value)
    {
        if (!implemented(slot))
        {
            return;
        }
        final byte v = (byte) (value & PRIORITY_MASK);
        if (priority[slot] != v)
        {
            priority[slot] = v;
            owner.changed(slot);
        }
    }

    /**
     * @param n the register's index: slots {@code 16 n} to {@code 16 n + 15}
     * @return ICFGR&lt;n&gt;: bit {@code 2 i + 1} set for an edge-triggered interrupt, bit {@code 2 i} RES0
     */
    int readConfig(final int n)
    {
        int v = 0;
        for (int i = 0; i < 16; i++)
        {
            final int s = 16 * n + i;
            if (implemented(s) && test(edge, s))
            {
                v |= 2 << 2 * i;
            }
        }
        return v;
    }

    /**
     * ICFGR&lt;n&gt;: the odd bits set edge-triggered, clear level-sensitive; fixed slots ignore it.
     *
     * @param n the register's index
     * @param value the value written
     */
    void writeConfig(final int n, final int value)
    {
        for (int i = 0; i < 16; i++)
        {
            final int s = 16 * n + i;
            if (s >= 0 && s < size && test(configurable, s))
            {
                final boolean e = (value >>> 2 * i + 1 & 1) != 0;
                if (test(edge, s) != e)
                {
                    set(edge, s, e);
                    owner.changed(s);
                }
            }
        }
    }

    /** @return 32 bits of a map for register {@code n}, only implemented slots */
    private int word(final long[] map, final int n)
    {
        if (n < 0 || 32 * n >= size)
        {
            return 0;
        }
        return (int) ((map[n >>> 1] & implemented[n >>> 1]) >>> 32 * (n & 1));
    }

    /**
     * Writes 32 bits of a map at register {@code n}: all of them (mode 0), or only ones (1: set the ones of
     * {@code value}; -1: {@code value} is inverted, clear its zeros), implemented slots only; then reports
     * each slot that changed.
     */
    private void store(final long[] map, final int n, final int value, final int mode)
    {
        if (n < 0 || 32 * n >= size)
        {
            return;
        }
        final int w = n >>> 1;
        final int shift = 32 * (n & 1);
        final long mask = implemented[w] & 0xffff_ffffL << shift;
        final long v = (value & 0xffff_ffffL) << shift;
        final long old = map[w];
        final long now;
        if (mode > 0)
        {
            now = old | v & mask;
        }
        else if (mode < 0)
        {
            now = old & (v | ~mask);
        }
        else
        {
            now = old & ~mask | v & mask;
        }
        map[w] = now;
        long changed = old ^ now;
        while (changed != 0)
        {
            final int b = Long.numberOfTrailingZeros(changed);
            changed &= changed - 1;
            owner.changed(w << 6 | b);
        }
    }

    private static boolean test(final long[] map, final int slot)
    {
        return (map[slot >>> 6] & 1L << slot) != 0;
    }

    private static void set(final long[] map, final int slot, final boolean on)
    {
        if (on)
        {
            map[slot >>> 6] |= 1L << slot;
        }
        else
        {
            map[slot >>> 6] &= ~(1L << slot);
        }
    }
}
