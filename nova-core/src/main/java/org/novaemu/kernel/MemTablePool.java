// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import java.util.Arrays;

/**
 * Tables freed by memory spaces, kept for reuse so that delegation and revocation do not allocate once the
 * pool has grown to the working set. One per kernel memory; it holds cleared tables only.
 */
final class MemTablePool
{
    private MemTable[] inner = new MemTable[16];
    private MemTable[] leaf = new MemTable[16];
    private int innerCount;
    private int leafCount;

    /**
     * @param isInner whether tables hang below it
     * @param frame its frame of kernel memory
     * @return a cleared table, from the pool if it has one
     */
    MemTable take(final boolean isInner, final long frame)
    {
        MemTable n = null;
        if (isInner && innerCount > 0)
        {
            n = inner[--innerCount];
            inner[innerCount] = null;
        }
        else if (!isInner && leafCount > 0)
        {
            n = leaf[--leafCount];
            leaf[leafCount] = null;
        }
        if (n == null)
        {
            return new MemTable(isInner, frame);
        }
        n.frame = frame;
        return n;
    }

    /**
     * Clears a table that no space uses any more and keeps it.
     *
     * @param n the table
     */
    void give(final MemTable n)
    {
        Arrays.fill(n.entry, 0);
        n.used = 0;
        if (n.next != null)
        {
            Arrays.fill(n.next, null);
            if (innerCount == inner.length)
            {
                inner = Arrays.copyOf(inner, 2 * innerCount);
            }
            inner[innerCount++] = n;
        }
        else
        {
            if (leafCount == leaf.length)
            {
                leaf = Arrays.copyOf(leaf, 2 * leafCount);
            }
            leaf[leafCount++] = n;
        }
    }
}
