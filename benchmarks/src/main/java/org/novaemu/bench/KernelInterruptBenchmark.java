// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bench;

import java.util.concurrent.TimeUnit;

import org.novaemu.kernel.Abi;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Costs;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Hypercall;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Platform;
import org.novaemu.kernel.Program;
import org.novaemu.kernel.Sm;
import org.novaemu.kernel.User;
import org.novaemu.sim.Engine;
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
 * The kernel's interrupt-to-driver path: an interrupt signals an interrupt semaphore on which the root
 * EC, a driver loop, waits in ctrl_sm down; the CPU wakes from its halt, runs the driver for one step,
 * and the driver downs again and the CPU halts. One operation is one interrupt: the signal, and the run
 * of the engine until the CPU halts again. {@code cpus} other CPUs sit idle.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KernelInterruptBenchmark
{
    /** A platform with nothing but CPUs and bindable interrupts. */
    private record Bare(int cpus) implements Platform
    {
        @Override
        public Abi abi()
        {
            return Abi.X86_64;
        }

        @Override
        public int hostSelectorBits()
        {
            return 35;
        }

        @Override
        public boolean supports(final Kind space)
        {
            return space == Kind.OBJ || space == Kind.HST || space == Kind.PIO;
        }

        @Override
        public int hostArchEvents()
        {
            return 32;
        }

        @Override
        public int classesOfService()
        {
            return 0;
        }

        @Override
        public void saveState(final Ec from, final int mtd, final User handler)
        {
        }

        @Override
        public void loadState(final User handler, final int mtd, final Ec to)
        {
        }

        @Override
        public boolean validIsd(final long isd)
        {
            return isd < 24;
        }

        /** Every MAD is write-back with key 0: the benchmark delegates no memory. */
        @Override
        public long memoryAttributes(final long mad)
        {
            return 0;
        }

        @Override
        public long kernelPageAttributes()
        {
            return 0;
        }

        @Override
        public int faultEvent(final int access)
        {
            return 14;
        }

        @Override
        public long faultSyndrome(final int access, final boolean present)
        {
            return 0;
        }
    }

    private static final long SM = 100;

    @Param({"1", "256"})
    int cpus;

    private Engine engine;
    private Kernel kernel;
    private Sm sm;
    private long handled;

    @Setup
    public void setUp()
    {
        engine = Engine.builder().build();
        kernel = new Kernel(new Bare(cpus), engine, Costs.X86_64);
        kernel.start(u -> {
            if (u.ip() == 0)
            {
                u.setParam(0, Hypercall.CREATE_SM.encode(1, SM));
                u.setParam(1, Kernel.ROOT_PD);
                u.setParam(2, 3);
                u.setIp(1);
                return Program.HYPERCALL;
            }
            if (u.ip() == 2)
            {
                handled++;
                u.charge(200); // the driver's work per interrupt
            }
            Calls.down(u, SM, false, 0);
            u.setIp(2);
            return Program.HYPERCALL;
        });
        engine.runFor(10_000);
        sm = (Sm) kernel.root().obj().object(SM);
    }

    /** @return the number of interrupts the driver has handled */
    @Benchmark
    public long interrupt()
    {
        kernel.signal(sm);
        engine.runFor(2_000);
        return handled;
    }
}
