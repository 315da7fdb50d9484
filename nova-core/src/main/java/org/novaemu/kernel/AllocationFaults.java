// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import org.novaemu.util.Require;

/**
 * Fault injection for tests: makes a chosen kernel-memory allocation of a hypercall fail, so that every
 * MEM_OBJ and MEM_CAP path can be reached without filling kernel memory first
 * ({@link Kernel#allocationFaults}; for the ABORTED paths of races see {@link Kernel#interleavings}).
 *
 * <p>Counting follows NOVA's order: every creating hypercall that gets past its capability checks allocates
 * its object (a failure is MEM_OBJ); one whose destination selector lies in a capability table not yet
 * allocated then allocates that table (a failure is MEM_CAP). A creating hypercall failed this way changes
 * nothing, exactly as when memory ran out.
 *
 * <p>ctrl_pd's tables count as capability tables too (docs/decisions.md K46), in the order it delegates: a
 * leaf table of the destination object space for each capability that needs one, the page tables of the
 * destination host, guest or DMA space for each block it writes. Its failure is MEM_CAP and partial, as the
 * specification defines it (5.4.1): what was delegated before the failing table stays delegated, the
 * capability or block that needed it and all after it keep their old capabilities. PIO and MSR spaces
 * allocate nothing when delegating.
 */
public final class AllocationFaults
{
    private long objectCountdown;
    private long tableCountdown;

    AllocationFaults()
    {
    }

    /**
     * Makes the {@code nth} object allocation from now fail with MEM_OBJ (1: the next).
     *
     * @param nth 1 or more; replaces an earlier request
     */
    public void failObject(final long nth)
    {
        objectCountdown = Require.positive("nth", nth);
    }

    /**
     * Makes the {@code nth} capability-table allocation from now fail with MEM_CAP (1: the next creating
     * hypercall whose selector needs a new table, or the next table ctrl_pd allocates, whichever comes first).
     *
     * @param nth 1 or more; replaces an earlier request
     */
    public void failCapabilityTable(final long nth)
    {
        tableCountdown = Require.positive("nth", nth);
    }

    /** Cancels both requests. */
    public void clear()
    {
        objectCountdown = 0;
        tableCountdown = 0;
    }

    /** @return whether this object allocation is the one to fail */
    boolean objectFails()
    {
        return objectCountdown > 0 && --objectCountdown == 0;
    }

    /** @return whether this table allocation is the one to fail */
    boolean tableFails()
    {
        return tableCountdown > 0 && --tableCountdown == 0;
    }

    /** @return whether a table allocation is to fail (callers count their tables only then) */
    boolean tablesArmed()
    {
        return tableCountdown > 0;
    }

    /**
     * Counts {@code count} table allocations made together (one block of a memory space).
     *
     * @return whether one of them is the one to fail
     */
    boolean tablesFail(final long count)
    {
        if (tableCountdown <= 0 || count <= 0)
        {
            return false;
        }
        if (tableCountdown <= count)
        {
            tableCountdown = 0;
            return true;
        }
        tableCountdown -= count;
        return false;
    }
}
