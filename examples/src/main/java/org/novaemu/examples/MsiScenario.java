// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import org.HdrHistogram.Histogram;
import org.novaemu.devices.MultiQueueDevice;
import org.novaemu.pci.Topology;
import org.novaemu.sim.Clock;
import org.novaemu.sim.Engine;
import org.novaemu.machine.Machine;
import org.novaemu.machine.MachineBuilder;
import org.novaemu.machine.Stats;
import org.novaemu.trace.TraceSink;
import org.novaemu.util.Require;

/**
 * The end-to-end scenario on either architecture ({@link Arch}): a machine with multi-queue devices behind PCIe
 * root ports, the {@link RootTask} setting up a driver PD and every interrupt, the {@link DriverThreads} taking
 * them; then the devices run for a while, stop, and the machine drains. The machine, the root task and the driver
 * are the same on both; only the {@link Arch} strategy differs.
 */
final class MsiScenario
{
    /** The modelled clock. */
    static final Clock CLOCK = Clock.ofMhz(2_000);

    /**
     * What to build and run.
     *
     * @param cpus CPUs, 1 to 1,024
     * @param devices multi-queue devices, 1 to 4,096
     * @param vectors MSI-X vectors (queues) per device, 1 to 2,048 (each architecture has its own limits too,
     *        {@link Arch#check})
     * @param period mean cycles between one device's interrupts (round robin over its vectors)
     * @param duration cycles the devices run once every device is started
     * @param seed the seed of the devices' periods
     * @param segments PCI segments, each with its ECAM (and on x86 its VT-d unit and GSI space); the devices are
     *        split evenly
     */
    record Config(int cpus, int devices, int vectors, long period, long duration, long seed, int segments)
    {
        /** Checks the ranges, naming the field at fault. */
        Config
        {
            Require.inRange("cpus", cpus, 1, 1024);
            Require.inRange("devices", devices, 1, 4096);
            Require.inRange("vectors", vectors, 1, 2048);
            Require.inRange("period", period, 1, 1L << 31);
            Require.inRange("duration", duration, 1, Long.MAX_VALUE / 2);
            Require.inRange("segments", segments, 1, devices);
            final long total = (long) devices * vectors;
            if (total > 1 << 16)
            {
                throw new IllegalArgumentException("devices x vectors = " + total + " interrupts exceed the demo's "
                    + "65536 (its root task gives each a semaphore, a thread and an SC in one 2^18-selector space)");
            }
        }

        /** A machine with one PCI segment. */
        Config(final int cpus, final int devices, final int vectors, final long period, final long duration,
               final long seed)
        {
            this(cpus, devices, vectors, period, duration, seed, 1);
        }
    }

    /**
     * What a run measured.
     *
     * @param setupCycles simulated cycles until every device was started
     * @param hypercalls hypercalls the root task made
     * @param raised interrupts the devices raised
     * @param delivered interrupts the driver's threads took
     * @param wrongCpu interrupts taken on another CPU than assigned
     * @param spurious vectors that found no semaphore
     * @param iommuFaults faults the IOMMUs detected (VT-d; on Arm the SMMU's events and the ITS's failures)
     * @param latency latencies in cycles from the device's raise to its thread running
     * @param minPerCpu the fewest interrupts a CPU took
     * @param maxPerCpu the most
     * @param digest the trace digest (0 without tracing)
     * @param failure why set-up stopped, or null
     * @param stats the machine's statistics at the end of the run ({@link Machine#stats()})
     */
    record Result(long setupCycles, long hypercalls, long raised, long delivered, long wrongCpu, long spurious,
                  long iommuFaults, Histogram latency, long minPerCpu, long maxPerCpu, long digest, String failure,
                  Stats stats)
    {
        /** @return interrupts raised and never delivered */
        long lost()
        {
            return raised - delivered;
        }
    }

    private final Arch arch;
    private final Config config;
    private final boolean tracing;
    private final MultiQueueDevice[] nics;
    private final Machine machine;
    private final DriverThreads driver;
    private final RootTask root;
    private final long millisecond = CLOCK.cyclesFromNanos(1_000_000);

    /**
     * Builds the machine and boots the kernel with the root task; nothing has run yet.
     *
     * @param arch the architecture
     * @param c what to build
     * @param tracing whether to record the trace digest
     * @throws IllegalArgumentException if the configuration does not fit the architecture
     */
    MsiScenario(final Arch arch, final Config c, final boolean tracing)
    {
        this(arch, c, tracing, null);
    }

    /**
     * Builds the machine and boots the kernel with the root task, streaming its trace; nothing has run yet.
     *
     * @param arch the architecture
     * @param c what to build
     * @param tracing whether to record the trace digest
     * @param sink where the trace is streamed (tracing is then on), or null
     * @throws IllegalArgumentException if the configuration does not fit the architecture
     */
    MsiScenario(final Arch arch, final Config c, final boolean tracing, final TraceSink sink)
    {
        arch.check(c);
        this.arch = arch;
        this.config = c;
        this.tracing = tracing || sink != null;
        this.nics = new MultiQueueDevice[c.devices()];
        final int vectors = c.devices() * c.vectors();
        final MachineBuilder<?, ?> b = arch.builder(c);
        b.cpus(c.cpus())
            .clock(CLOCK)
            .segments(c.segments())
            .kernelMemory(Math.min(1L << 30, (64L << 20) + vectors * 8192L))
            .tracing(this.tracing)
            .traceTo(sink);
        for (int s = 0; s < c.segments(); s++)
        {
            final int first = s * c.devices() / c.segments(); // as even as it gets, no segment empty
            final int end = (s + 1) * c.devices() / c.segments();
            b.pcie(s, (Topology t, Engine e) -> {
                // Up to 256 functions behind each root port, as many ports as the segment's devices need.
                Topology.Downstream port = null;
                for (int d = first; d < end; d++)
                {
                    if ((d - first) % 256 == 0)
                    {
                        port = t.root().rootPort();
                    }
                    nics[d] = port.add(new MultiQueueDevice("nic" + d, c.vectors(), e));
                }
            });
        }
        machine = b.build();
        driver = new DriverThreads(arch.abi(), c.cpus(), vectors);
        root = new RootTask(arch, machine, c.cpus(), c.segments(), machine.kernel().addModule(driver), c.period(),
            c.seed());
        machine.kernel().start(root);
    }

    /**
     * Runs until the root task has set everything up and the devices are started (at most 10 s simulated).
     *
     * @return whether it got there
     */
    boolean setUp()
    {
        final Engine engine = machine.engine();
        final long limit = CLOCK.cyclesFromNanos(10_000_000_000L);
        while (!root.ready() && root.failure() == null && engine.now() < limit)
        {
            engine.runFor(millisecond);
        }
        return root.ready();
    }

    /**
     * The workload ends: the host stops each device (as a driver would on shutdown), and the machine drains for 1 ms.
     */
    void stop()
    {
        for (int d = 0; d < root.devices(); d++)
        {
            machine.bus().write(root.registers(d) + MultiQueueDevice.Register.PERIOD.offset(), 4, 0);
        }
        machine.engine().runFor(millisecond);
    }

    /** @return the architecture */
    Arch arch()
    {
        return arch;
    }

    /** @return the machine */
    Machine machine()
    {
        return machine;
    }

    /**
     * @param d a device
     * @return it
     */
    MultiQueueDevice device(final int d)
    {
        return nics[d];
    }

    /** @return the driver's code and its statistics */
    DriverThreads driver()
    {
        return driver;
    }

    /** @return the STC at which every device had been started */
    long startedAt()
    {
        return root.readyAt();
    }

    /** @return what was measured so far */
    Result result()
    {
        long raised = 0;
        for (final MultiQueueDevice n : nics)
        {
            raised += n.raised();
        }
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int cpu = 0; cpu < config.cpus(); cpu++)
        {
            min = Math.min(min, driver.delivered(cpu));
            max = Math.max(max, driver.delivered(cpu));
        }
        final String failure = root.ready() || root.failure() != null ? root.failure()
            : "set-up did not finish in 10 s simulated";
        return new Result(root.readyAt(), root.hypercalls(), raised, driver.delivered(), driver.wrongCpu(),
            arch.spurious(machine), arch.iommuFaults(machine), driver.latency(), min, max,
            tracing ? machine.engine().trace().digest() : 0, failure, machine.stats());
    }

    /**
     * Builds the machine, sets up, runs the devices for the configured duration, stops them and drains.
     *
     * @param arch the architecture
     * @param c what to build and run
     * @param tracing whether to record the trace digest
     * @return what it measured
     * @throws IllegalArgumentException if the configuration does not fit the architecture
     */
    static Result run(final Arch arch, final Config c, final boolean tracing)
    {
        return run(arch, c, tracing, null, ProgressLine.OFF);
    }

    /**
     * Builds, runs each device for the configured duration, and measures, streaming the trace to a sink and
     * drawing a progress line.
     *
     * @param arch the architecture
     * @param c what to build and run
     * @param tracing whether to record the trace digest
     * @param sink where the trace is streamed (tracing is then on), or null
     * @param progress the progress line, or {@link ProgressLine#OFF}
     * @return what it measured
     * @throws IllegalArgumentException if the configuration does not fit the architecture
     */
    static Result run(final Arch arch, final Config c, final boolean tracing, final TraceSink sink,
                      final ProgressLine progress)
    {
        final MsiScenario s = new MsiScenario(arch, c, tracing, sink);
        s.runEachFor(c.duration(), progress);
        progress.clear();
        if (sink != null)
        {
            sink.flush();
        }
        return s.result();
    }

    /**
     * Sets up, then lets each device run for {@code cycles} from when the root task started it, stopping it then
     * (as a driver would on shutdown), and the machine drain for 1 ms after the last. Each device thus raises as
     * many interrupts as its period and the run's length make, whatever the kernel took between the devices'
     * starts: the same on every architecture (A201). The machine runs in steps no longer than the run (and at
     * least 1,000 cycles), so each device's stop is posted before it is due.
     *
     * @param cycles how long each device runs
     * @return whether the set-up finished
     */
    boolean runEachFor(final long cycles)
    {
        return runEachFor(cycles, ProgressLine.OFF);
    }

    /** {@link #runEachFor(long)}, drawing a progress line; the line only reads the simulation's state. */
    private boolean runEachFor(final long cycles, final ProgressLine progress)
    {
        final Engine engine = machine.engine();
        final long step = Math.max(1_000, Math.min(millisecond, cycles));
        final long limit = CLOCK.cyclesFromNanos(10_000_000_000L);
        int posted = 0;
        long end = 0;
        while (true)
        {
            for (; posted < root.started(); posted++)
            {
                final long at = Math.max(engine.now(), root.startedAt(posted) + cycles);
                final long period = root.registers(posted) + MultiQueueDevice.Register.PERIOD.offset();
                engine.post(at, arg -> machine.bus().write(period, 4, 0), 0);
                end = Math.max(end, at);
            }
            if (root.ready() || root.failure() != null || engine.now() >= limit)
            {
                break;
            }
            engine.runFor(step);
            progress.show(engine.now(), 0, 0, CLOCK.hz());
        }
        if (!root.ready())
        {
            return false;
        }
        final long until = Math.max(engine.now(), end);
        driver.onProgress(() -> progress.show(engine.now(), until, driver.delivered(), CLOCK.hz()));
        engine.runUntil(until);
        engine.runFor(millisecond);
        return true;
    }
}
