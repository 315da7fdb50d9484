// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.trace;

/**
 * Where a {@link Trace} streams every record it writes, besides its ring: a file ({@link TraceFile},
 * {@link ChromeTrace}) keeps a trace of any length. Called only while tracing is enabled; a sink that cannot
 * write throws {@link java.io.UncheckedIOException}.
 */
public interface TraceSink
{
    /**
     * One record, in the order they are written.
     *
     * @param time the simulated time in cycles
     * @param cpu the CPU, or -1 outside any CPU
     * @param kind what happened
     * @param a the first argument
     * @param b the second argument
     * @param c the third argument
     */
    void write(long time, int cpu, TraceKind kind, long a, long b, long c);

    /** Writes out what is buffered; the sink stays usable. */
    void flush();
}
