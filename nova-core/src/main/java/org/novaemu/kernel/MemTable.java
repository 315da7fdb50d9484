// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * One table of a memory space's radix tree: 512 capabilities, and for tables above level 0 the tables
 * below them. Each table is charged a frame of kernel memory, into which a space the hardware walks writes
 * it in the hardware's format ({@link PageTableFormat}).
 */
final class MemTable
{
    /** Selector bits one level of tables resolves. */
    static final int SHIFT = 9;
    /** Entries per table. */
    static final int FANOUT = 1 << SHIFT;

    /** The capabilities, packed as {@link SpaceMem#entry} packs them; 0 is a null capability. */
    final long[] entry = new long[FANOUT];
    /** The tables below, or null in a level-0 table. */
    final MemTable[] next;
    /** The physical address of its frame of kernel memory, or -1 if it has none. */
    long frame;
    /** The entries and tables below in use: the table returns to its pool when this drops to 0. */
    int used;

    /**
     * @param inner whether tables hang below it
     * @param frame its frame, or -1
     */
    MemTable(final boolean inner, final long frame)
    {
        this.next = inner ? new MemTable[FANOUT] : null;
        this.frame = frame;
    }

    /**
     * The tables an update of a space needs below {@code n}: a dry run of {@code SpaceMem.update}.
     *
     * @param n a table at {@code level}
     * @param level its level, 0 for the tables of 4 KiB pages
     * @param sel the first selector of the block
     * @param ord the block's order
     * @param entry the capability to store, 0 to remove
     * @return the tables to allocate
     */
    static long need(final MemTable n, final int level, final long sel, final int ord, final long entry)
    {
        final int shift = SHIFT * level;
        if (ord >= shift)
        {
            return entry == 0 ? 0 : (1L << ord - shift) * subtree(level, entry);
        }
        final int i = (int) (sel >>> shift) & FANOUT - 1;
        final MemTable child = n.next[i];
        if (child != null)
        {
            return need(child, level - 1, sel, ord, entry);
        }
        if (n.entry[i] == 0 && entry == 0)
        {
            return 0;
        }
        return 1 + needBelowNew(level - 1, sel, ord, entry, n.entry[i] != 0);
    }

    /** The tables an update needs below a table it creates, which holds only leaves (a split) or nothing. */
    private static long needBelowNew(final int level, final long sel, final int ord, final long entry,
                                     final boolean split)
    {
        final int shift = SHIFT * level;
        if (ord >= shift)
        {
            return entry == 0 ? 0 : (1L << ord - shift) * subtree(level, entry);
        }
        return split || entry != 0 ? 1 + needBelowNew(level - 1, sel, ord, entry, split) : 0;
    }

    /** The tables one whole entry of a level needs to map consecutive frames from {@code entry}'s. */
    private static long subtree(final int level, final long entry)
    {
        if (level == 0 || level <= SpaceMem.LARGEST_PAGE_ORDER / SHIFT
            && (SpaceMem.frame(entry) & (1L << SHIFT * level) - 1) == 0)
        {
            return 0;
        }
        return 1 + FANOUT * subtree(level - 1, entry);
    }
}
