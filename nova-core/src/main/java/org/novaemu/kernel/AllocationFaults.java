// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import org.novaemu.util.Require;

/**
 * Fault injection for tests: makes a chosen kernel-memory allocation of a creating hypercall fail, so that
 * every MEM_OBJ and MEM_CAP path can be reached without filling kernel memory first
 * ({@link Kernel#allocationFaults}).
 *
 * <p>Counting follows NOVA's order: every creating hypercall that gets past its capability checks allocates
 * its object (a failure is MEM_OBJ); one whose destination selector lies in a capability table not yet
 * allocated then allocates that table (a failure is MEM_CAP). A hypercall failed this way changes nothing,
 * exactly as when memory ran out. Only the creating hypercalls count; ctrl_pd's table allocations do not.
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
     * hypercall whose selector needs a new table).
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
}
