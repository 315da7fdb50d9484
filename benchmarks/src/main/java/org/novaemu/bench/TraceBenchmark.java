// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bench;

import java.util.concurrent.TimeUnit;

import org.novaemu.sim.Engine;
import org.novaemu.trace.CoreTrace;
import org.novaemu.trace.Trace;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a trace record costs: {@code baseline} does the same arithmetic without recording; {@code record}
 * records with tracing off or on.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TraceBenchmark
{
    @Param({"false", "true"})
    boolean enabled;

    private Trace trace;
    private long counter;

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
