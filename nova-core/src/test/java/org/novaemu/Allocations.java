// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu;

import java.lang.management.ManagementFactory;

/**
 * For tests of hot paths (shared through nova-core's test-jar): how many bytes a piece of code allocates in
 * steady state, counted by the thread's allocation counter after a warm-up that lets the JIT compile it.
 */
public final class Allocations
{
    private static final com.sun.management.ThreadMXBean MX =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocations()
    {
    }

    /**
     * @param body the code, run 20,000 times to warm up and then 200,000 times under the counter
     * @return the bytes the 200,000 runs allocated
     */
    public static long allocatedBy(final Runnable body)
    {
        for (int i = 0; i < 20_000; i++)
        {
            body.run();
        }
        final long before = MX.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 200_000; i++)
        {
            body.run();
        }
        return MX.getCurrentThreadAllocatedBytes() - before;
    }
}
