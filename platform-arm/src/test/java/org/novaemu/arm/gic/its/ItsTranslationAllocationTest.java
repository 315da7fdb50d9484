// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic.its;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.Allocations;

/**
 * A device's MSI through the ITS to an acknowledged LPI allocates nothing, whether the translation cache holds the
 * pair (a hit) or the ITS walks its tables (a one-entry cache that two events keep evicting from each other).
 */
class ItsTranslationAllocationTest
{
    private static long roundsOf(final ItsHarness h, final int events)
    {
        h.mapCollection(0, 0);
        h.mapCollection(1, 1);
        h.mapDevice(0x42, 6);
        for (int e = 0; e < events; e++)
        {
            h.mapEvent(0x42, e, 8192 + 64 * e, e & 1);
        }
        final int[] next = new int[1];
        final long[] taken = new long[1];
        final Runnable body = () -> {
            final int e = next[0];
            next[0] = e + 1 == events ? 0 : e + 1;
            h.msi(0x42, e);
            taken[0] += h.take(e & 1);
        };
        assertThat(Allocations.allocatedBy(body)).isLessThan(1024);
        return taken[0];
    }

    @Test
    void aCachedTranslationAllocatesNothing()
    {
        final ItsHarness h = new ItsHarness(2).enableGic().enableIts();
        assertThat(roundsOf(h, 32)).isEqualTo(expected(32));
        assertThat(h.its.cache().misses()).isEqualTo(32);
    }

    @Test
    void aTableWalkAllocatesNothing()
    {
        final ItsHarness h = new ItsHarness(2, b -> b.translationCache(1)).enableGic().enableIts();
        assertThat(roundsOf(h, 2)).isEqualTo(expected(2));
        assertThat(h.its.cache().hits()).isZero();
    }

    /** @return the INTIDs 220,000 rounds take, event e raising LPI 8192 + 64 e, the events in turn */
    private static long expected(final int events)
    {
        long sum = 0;
        for (int r = 0; r < 220_000; r++)
        {
            sum += 8192 + 64 * (r % events);
        }
        return sum;
    }
}
