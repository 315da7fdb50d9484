// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.sim;

import org.novaemu.util.Require;

/**
 * The machine's reference clock. Simulated time is a {@code long} count of cycles of this clock, starting
 * at 0 at reset; conversions to and from nanoseconds are exact (integer, truncating) and saturate at
 * {@link Long#MAX_VALUE} instead of overflowing.
 *
 * @param hz the frequency in Hz, 1 to {@link #MAX_HZ}
 */
public record Clock(long hz)
{
    /** The highest supported frequency, 9 GHz; it keeps the intermediate products in 64 bits. */
    public static final long MAX_HZ = 9_000_000_000L;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /**
     * Validates the frequency.
     *
     * @param hz the frequency in Hz, 1 to {@link #MAX_HZ}
     */
    public Clock
    {
        Require.inRange("hz", hz, 1, MAX_HZ);
    }

    /**
     * @param mhz the frequency in MHz
     * @return a clock of that frequency
     */
    public static Clock ofMhz(final long mhz)
    {
        Require.inRange("mhz", mhz, 1, MAX_HZ / 1_000_000);
        return new Clock(mhz * 1_000_000);
    }

    /**
     * @param nanos a duration in nanoseconds, not negative
     * @return the number of whole cycles in it, saturated at {@link Long#MAX_VALUE}
     */
    public long cyclesFromNanos(final long nanos)
    {
        return scale(Require.nonNegative("nanos", nanos), hz, NANOS_PER_SECOND);
    }

    /**
     * @param cycles a number of cycles, not negative
     * @return the whole nanoseconds they take, saturated at {@link Long#MAX_VALUE}
     */
    public long nanosFromCycles(final long cycles)
    {
        return scale(Require.nonNegative("cycles", cycles), NANOS_PER_SECOND, hz);
    }

    /**
     * Computes {@code value * mul / div}; one of mul and div is 10^9 and the other at most MAX_HZ, so r * mul < 2^63.
     */
    private static long scale(final long value, final long mul, final long div)
    {
        final long q = value / div;
        final long r = value % div;
        final long high = Math.multiplyHigh(q, mul);
        final long low = q * mul;
        if (high != 0 || low < 0)
        {
            return Long.MAX_VALUE;
        }
        final long rest = r * mul / div;
        final long sum = low + rest;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
