// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu;

/**
 * Arithmetic on the circular queues' PROD and CONS indexes (IHI 0070 G.b, 3.5.1): a queue of {@code 2^q} entries
 * has a q-bit index with its wrap bit at bit q; the queue is empty when both are equal, full when only the wrap
 * bits differ. Indexes written into an inconsistent state (more than {@code 2^q} entries apart) are reported as
 * such, for the callers' CONSTRAINED UNPREDICTABLE choice (decision A104).
 */
final class QueueIndex
{
    private QueueIndex()
    {
    }

    /**
     * @param q log2 of the queue's entries
     * @return the mask of an index with its wrap bit
     */
    static int mask(final int q)
    {
        return (2 << q) - 1;
    }

    /**
     * @param prod the producer index
     * @param cons the consumer index
     * @param q log2 of the queue's entries
     * @return the entries between them: 0 (empty) to {@code 2^q} (full), more if the indexes are inconsistent
     */
    static int entries(final int prod, final int cons, final int q)
    {
        return prod - cons & mask(q);
    }

    /**
     * @param index an index
     * @param q log2 of the queue's entries
     * @return the next index, wrapped with its wrap bit toggled at the queue's end
     */
    static int next(final int index, final int q)
    {
        return index + 1 & mask(q);
    }

    /**
     * @param base a *Q_BASE value
     * @param q log2 of the queue's entries
     * @param entrySize the entry size in bytes
     * @return the effective base: ADDR aligned to the larger of the queue's size and 32 bytes, within the output
     *         address size (3.4.3: queue addresses are truncated)
     */
    static long base(final long base, final int q, final int entrySize)
    {
        final long size = Math.max(32L, (long) entrySize << q);
        return base & SmmuRegister.Q_BASE_ADDR.mask() & (1L << SmmuAccess.OAS) - 1 & -size;
    }

    /**
     * @param base a *Q_BASE value
     * @param max IDR1's CMDQS or EVENTQS
     * @return LOG2SIZE, capped at the maximum
     */
    static int log2size(final long base, final int max)
    {
        return Math.min((int) SmmuRegister.Q_BASE_LOG2SIZE.extract(base), max);
    }
}
