// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bench;

import org.novaemu.sim.Engine;
import org.novaemu.trace.CoreTrace;
import org.novaemu.trace.Trace;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * What a trace record costs: {@code baseline} does the same arithmetic without recording; {@code record}
 * records with tracing off or on.
 */
public class TraceBenchmark extends NanosPerOp
{
    @Param({"false", "true"})
    boolean enabled;

    private Trace trace;
    private long counter;

    /** Builds the machine this benchmark measures, once per trial. */
    @Setup
    public void setUp()
    {
        trace = Engine.builder().tracing(enabled).traceCapacity(1 << 16).build().trace();
    }

    /** @return the counter */
    @Benchmark
    public long baseline()
    {
        return counter += 3;
    }

    /** @return the counter */
    @Benchmark
    public long record()
    {
        final long c = counter += 3;
        trace.record(CoreTrace.USER, c, c >>> 1, 7);
        return c;
    }
}
