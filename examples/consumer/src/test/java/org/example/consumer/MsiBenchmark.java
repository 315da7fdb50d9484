// SPDX-License-Identifier: GPL-2.0-only
package org.example.consumer;

import java.util.concurrent.TimeUnit;

import org.novaemu.testkit.Arch;
import org.novaemu.testkit.Fixtures;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 14, story 6: a JMH benchmark in a user's own project on the kit's fixture. Each operation raises the next
 * MSI-X vector of two devices (round robin) and simulates until its driver thread woke on its CPU: the host time
 * an MSI from raise to wake-up costs the emulator. The operation returns the simulated cycles, so JMH does not
 * optimise it away. Run it from the project's directory (JMH's generator runs in test-compile):
 *
 * <pre>
 * mvn test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:$(cat cp.txt) org.openjdk.jmh.Main MsiBenchmark -rf json
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MsiBenchmark
{
    /** The architecture. */
    @Param({"X86", "ARM"})
    public Arch arch;

    private Fixtures.Msi msi;

    /** A machine with four CPUs and two devices of four vectors, each vector bound to its own thread. */
    @Setup(Level.Trial)
    public void setUp()
    {
        msi = Fixtures.msi(arch, 4, 2, 4);
    }

    /** @return the simulated cycles from the raise to the thread running */
    @Benchmark
    public long raiseToWake()
    {
        return msi.fire();
    }
}
