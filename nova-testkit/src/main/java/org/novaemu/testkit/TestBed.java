// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.novaemu.devices.MultiQueueDevice;
import org.novaemu.machine.Machine;
import org.novaemu.pci.PciFunction;
import org.novaemu.pci.Topology;
import org.novaemu.trace.ChromeTrace;
import org.novaemu.trace.TraceKind;
import org.novaemu.trace.TraceRecord;
import org.novaemu.trace.TraceSink;
import org.novaemu.util.Require;

/**
 * A booted machine of a given shape, ready for a test: {@code devices} multi-queue devices of {@code vectors}
 * MSI-X vectors each behind one root port of segment 0 and a {@link RootScript} to fill in and start (the kernel
 * waits for it). It attaches an {@link Interceptor} only when asked ({@link #interceptor()}), since one records
 * every event and would allocate on the measured path of a benchmark (docs/decisions.md U13). {@link NovaMachine}
 * hands one to a test.
 * A bed made with tracing on keeps every trace record of its machine from the first, in memory, and writes them as a
 * Chrome trace for the Perfetto UI ({@link #writeChromeTrace}; docs/decisions.md U10).
 */
public final class TestBed
{
    private final Machine machine;
    private final Arch arch;
    private final List<MultiQueueDevice> devices;
    private Interceptor interceptor;
    private final RootScript root;
    private final List<TraceRecord> trace;

    private TestBed(final Machine machine, final List<MultiQueueDevice> devices, final List<TraceRecord> trace)
    {
        this.machine = machine;
        this.trace = trace;
        this.arch = Arch.of(machine);
        this.devices = Collections.unmodifiableList(devices);
        this.root = new RootScript(machine);
    }

    /**
     * Builds the machine (x86 with VT-d; Arm with its ITS and an SMMUv3).
     *
     * @param arch the architecture
     * @param cpus CPUs, at least 1
     * @param devices multi-queue devices, 0 to 32 (one root port takes them)
     * @param vectors MSI-X vectors per device, 1 to 2,048
     * @return the test bed
     * @throws IllegalArgumentException naming a field out of range
     */
    public static TestBed of(final Arch arch, final int cpus, final int devices, final int vectors)
    {
        return of(arch, cpus, devices, vectors, false);
    }

    /**
     * Builds the machine as {@link #of(Arch, int, int, int)} does, with tracing on or off.
     *
     * @param arch the architecture
     * @param cpus CPUs, at least 1
     * @param devices multi-queue devices, 0 to 32
     * @param vectors MSI-X vectors per device, 1 to 2,048
     * @param trace whether the machine traces, every record kept for {@link #trace()} and {@link #writeChromeTrace}
     * @return the test bed
     * @throws IllegalArgumentException naming a field out of range
     */
    public static TestBed of(final Arch arch, final int cpus, final int devices, final int vectors,
                             final boolean trace)
    {
        Require.nonNull("arch", arch);
        Require.inRange("devices", devices, 0, 32);
        Require.inRange("vectors", vectors, 1, 2048);
        final List<MultiQueueDevice> made = new ArrayList<>();
        final List<TraceRecord> records = trace ? new ArrayList<>() : null;
        final Machine m = arch.builder().cpus(cpus).tracing(trace).traceTo(trace ? new Keep(records) : null)
            .pcie((Topology t, org.novaemu.sim.Engine e) -> {
                if (devices > 0)
                {
                    final Topology.Downstream port = t.root().rootPort();
                    for (int d = 0; d < devices; d++)
                    {
                        made.add(port.add(new MultiQueueDevice("dev" + d, vectors, e)));
                    }
                }
            }).build();
        return new TestBed(m, made, records);
    }

    /**
     * @param a an annotation's shape
     * @return a test bed of that shape
     */
    static TestBed of(final NovaMachine a)
    {
        return of(a.arch(), a.cpus(), a.devices(), a.vectors(), a.trace());
    }

    /** @return the machine */
    public Machine machine()
    {
        return machine;
    }

    /** @return its architecture */
    public Arch arch()
    {
        return arch;
    }

    /** @return the devices, in bus order */
    public List<MultiQueueDevice> devices()
    {
        return devices;
    }

    /**
     * @param i a device's index
     * @return it
     * @throws IndexOutOfBoundsException naming {@code i} and the bed's device count if there is no such device
     */
    public MultiQueueDevice device(final int i)
    {
        if (i < 0 || i >= devices.size())
        {
            throw new IndexOutOfBoundsException("device index i must be in [0, " + devices.size() + "), was " + i
                + " (the bed has " + devices.size() + " devices)");
        }
        return devices.get(i);
    }

    /**
     * The bed's interceptor, attached to the kernel on the first call: it records from then on, so ask for it
     * before what it is to see (a {@link NovaMachine} test gets one from the start).
     *
     * @return the interceptor
     */
    public Interceptor interceptor()
    {
        if (interceptor == null)
        {
            interceptor = Interceptor.attach(machine);
        }
        return interceptor;
    }

    /** @return the root task's script, to fill in before {@link RootScript#start()} or {@link RootScript#run} */
    public RootScript root()
    {
        return root;
    }

    /** @return the simulated time in cycles */
    public long now()
    {
        return machine.engine().now();
    }

    /**
     * Runs the machine for a number of cycles, whatever happens.
     *
     * @param cycles the cycles
     * @return this bed
     */
    public TestBed runFor(final long cycles)
    {
        machine.engine().runFor(Require.nonNegative("cycles", cycles));
        return this;
    }

    /** @return whether this bed's machine traces */
    public boolean traced()
    {
        return trace != null;
    }

    /**
     * @return every trace record of the machine so far, in the order written
     * @throws IllegalStateException if the bed was made without tracing
     */
    public List<TraceRecord> trace()
    {
        return Collections.unmodifiableList(records());
    }

    /**
     * Writes the trace so far as a Chrome trace (JSON) that the Perfetto UI (ui.perfetto.dev, Open trace file) and
     * chrome://tracing open: one process named after the architecture, a track per CPU and per device (named as the
     * bed's devices are), hypercalls and interrupt entries as slices, and a flow arrow from each device's raise to
     * the wake-up of the EC its interrupt released (docs/tracing.md).
     *
     * @param file where to write it (replaced if it exists)
     * @return the file
     * @throws IllegalStateException if the bed was made without tracing
     * @throws UncheckedIOException if it cannot be written
     */
    public Path writeChromeTrace(final Path file)
    {
        final List<TraceRecord> records = records();
        try (Writer out = Files.newBufferedWriter(Require.nonNull("file", file));
             ChromeTrace chrome = new ChromeTrace(out))
        {
            final String name = "NOVA on " + (arch == Arch.X86 ? "x86_64" : "aarch64");
            final TraceSink sink = chrome.process(1, name, machine.engine().clock().hz(), this::deviceName);
            for (final TraceRecord r : records)
            {
                sink.write(r.time(), r.cpu(), r.kind(), r.a(), r.b(), r.c());
            }
            sink.flush();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private List<TraceRecord> records()
    {
        if (trace == null)
        {
            throw new IllegalStateException("this test bed does not trace: make it with @NovaMachine(trace = true) "
                + "or TestBed.of(..., true)");
        }
        return trace;
    }

    /** A device's track: the bed's device of that requester ID by name, else the exporter's default. */
    private String deviceName(final long rid)
    {
        for (final PciFunction d : devices)
        {
            if (d.requesterId() == rid)
            {
                return d.name();
            }
        }
        return ChromeTrace.defaultName(rid);
    }

    /** Keeps every record. */
    private static final class Keep implements TraceSink
    {
        private final List<TraceRecord> records;

        Keep(final List<TraceRecord> records)
        {
            this.records = records;
        }

        @Override
        public void write(final long time, final int cpu, final TraceKind kind, final long a, final long b,
                          final long c)
        {
            records.add(new TraceRecord(time, cpu, kind, a, b, c));
        }

        @Override
        public void flush()
        {
        }
    }

    /**
     * {@link Runs#until} on this machine.
     *
     * @param condition what must come to hold
     * @param what the condition in words
     * @param budget the most cycles
     * @return the cycles run
     */
    public long runUntil(final BooleanSupplier condition, final String what, final long budget)
    {
        return Runs.until(machine, condition, what, budget);
    }

    /**
     * {@link Runs#untilIdle} on this machine.
     *
     * @param budget the most cycles
     * @return the cycles run
     */
    public long runUntilIdle(final long budget)
    {
        return Runs.untilIdle(machine, budget);
    }
}
