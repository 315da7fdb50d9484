// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bench;

import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Costs;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Program;
import org.novaemu.kernel.RootImage;
import org.novaemu.kernel.KernelEvents;
import org.novaemu.sim.Engine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The kernel's interrupt-to-driver path: an interrupt signals an interrupt semaphore on which the root
 * EC, a driver loop, waits in ctrl_sm down; the CPU wakes from its halt, runs the driver for one step,
 * and the driver downs again and the CPU halts. One operation is one interrupt: the signal, and the run
 * of the engine until the CPU halts again. {@code cpus} other CPUs sit idle.
 */
public class KernelInterruptBenchmark extends NanosPerOp
{
    private static final long SM = 100;

    @Param({"1", "256"})
    int cpus;

    private Engine engine;
    private Kernel kernel;
    private KernelEvents events;
    private long handled;

    /** Builds the machine this benchmark measures, once per trial. */
    @Setup
    public void setUp()
    {
        engine = Engine.builder().build();
        kernel = new Kernel(new BarePlatform(cpus).platform(), engine, Costs.X86_64);
        kernel.start(Program.relocated(RootImage.ENTRY, u -> {
            if (u.ip() == 0)
            {
                Calls.createInterruptSm(u, SM, Kernel.ROOT_PD, 3);
                u.setIp(1);
                return Program.HYPERCALL;
            }
            if (u.ip() == 1)
            {
                Calls.assignInt(u, SM, 0, true, 0, 0, 0); // CPU 0, slot 0
                u.setIp(3);
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
        }));
        engine.runFor(10_000);
        events = kernel.events(0);
    }

    /** @return the number of interrupts the driver has handled */
    @Benchmark
    public long interrupt()
    {
        events.interrupt(0); // slot 0 of CPU 0, as the platform's interrupt entry reports it
        engine.runFor(2_000);
        return handled;
    }
}
