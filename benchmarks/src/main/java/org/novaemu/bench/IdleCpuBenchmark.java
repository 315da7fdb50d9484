// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bench;

import org.novaemu.sim.Agent;
import org.novaemu.sim.Engine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The cost of idle CPUs: one busy CPU runs 100 quanta of 1,000 cycles, alone or beside {@code idle} CPUs
 * that are halted ({@code halted}: blocked with no deadline) or asleep until a deadline far beyond the run
 * ({@code sleeping}: one pending wake-up timer each). The busy agent charges each quantum in one step, so
 * the figure is the engine's own cost per quantum.
 */
public class IdleCpuBenchmark extends NanosPerOp
{
    @Param({"0", "1023"})
    int idle;

    @Param({"halted", "sleeping"})
    String state;

    private Engine engine;

    /** Builds the machine this benchmark measures, once per trial. */
    @Setup(Level.Trial)
    public void setUp()
    {
        engine = Engine.builder().quantum(1_000).build();
        // One agent class for all CPUs, as a platform has one CPU model: the call site stays monomorphic
        // whether or not the idle CPUs ever ran, so the comparison measures the engine, not the JIT.
        final Agent agent = cpu -> {
            if (cpu.index() == 0)
            {
                cpu.advance(cpu.limit() - cpu.time());
            }
            else
            {
                cpu.sleepUntil(Long.MAX_VALUE - 1);
            }
        };
        engine.addCpu(agent, true);
        final boolean sleeping = "sleeping".equals(state);
        for (int i = 0; i < idle; i++)
        {
            engine.addCpu(agent, sleeping);
        }
        engine.runFor(1); // the sleepers go to sleep
    }

    /** @return the engine's time after 100 more quanta */
    @Benchmark
    public long hundredQuanta()
    {
        engine.runFor(100_000);
        return engine.now();
    }
}
