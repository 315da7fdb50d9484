// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.trace;

/**
 * One trace record, as read back from a {@link Trace}.
 *
 * @param time the simulated time in cycles
 * @param cpu the CPU that caused it, or -1 outside any CPU
 * @param kind what happened
 * @param a the first argument
 * @param b the second argument
 * @param c the third argument
 */
public record TraceRecord(long time, int cpu, TraceKind kind, long a, long b, long c)
{
    @Override
    public String toString()
    {
        return String.format("%12d cpu%-4d %-11s %#x %#x %#x", time, cpu, kind.name(), a, b, c);
    }
}
