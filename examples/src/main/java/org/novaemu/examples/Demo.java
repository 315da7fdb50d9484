// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.HdrHistogram.Histogram;
import org.novaemu.util.Require;

/**
 * The main demo: NOVA with a driver PD receiving the MSIs of hundreds of devices through create_dc, create_sm with
 * I=1, assign_dev and assign_int, on an x86_64 machine with VT-d and on an AArch64 machine with a GICv3 ITS and an
 * SMMUv3. The same root task ({@link RootTask}: walk ECAM, a DC per device, an interrupt semaphore per MSI-X
 * vector bound across all CPUs, each MSI-X entry programmed with what assign_int returned) and the same driver run
 * on each; an {@link Arch} holds what differs (the DTD, where ECAM is, the ISD and assign_int's index). The devices
 * then raise interrupts for a while and write back by DMA when; the summary table has a column per architecture:
 * interrupts raised, delivered and lost, their latency from the device to the driver's thread, and what the set-up
 * took. For the same options both architectures raise and deliver the same interrupts; only the times differ.
 *
 * <pre>
 * options: --arch x86|arm|both (both)  --cpus N (32)  --devices N (256)  --vectors N per device (16)
 *          --period CYCLES (40000)  --ms SIMULATED_MS (10)  --seed N (2026)
 *          --segments N (1; each with its own ECAM and, on x86, its VT-d unit and GSI space)
 *          --trace FILE (none: the run's trace as Chrome trace event JSON for the Perfetto UI, a process per
 *          architecture)
 * </pre>
 */
public final class Demo
{
    private static final double[] PERCENTILES = {50, 90, 99, 99.9, 100};
    private static final String ROW = "%-28s";
    private static final String CELL = "%15s";

    /**
     * What to run.
     *
     * @param arches the architectures, in the table's order
     * @param config the machine and workload, the same on each
     * @param trace where to write the trace (Chrome trace event JSON), or null for none
     */
    record Options(List<Arch> arches, MsiScenario.Config config, Path trace)
    {
    }

    private Demo()
    {
    }

    /**
     * @param args options, see the class comment
     */
    public static void main(final String[] args)
    {
        final Options o;
        try
        {
            o = parse(args);
        }
        catch (final IllegalArgumentException e)
        {
            System.err.println("demo: " + e.getMessage());
            System.exit(2);
            return;
        }
        final MsiScenario.Config c = o.config();
        final long total = (long) c.devices() * c.vectors();
        System.out.printf(Locale.ROOT, "NOVA demo: %d CPUs at %,d MHz, %,d devices x %d MSI-X vectors = %,d "
                + "interrupt semaphores (%,d per CPU), %d PCI segment%s%n",
            c.cpus(), MsiScenario.CLOCK.hz() / 1_000_000, c.devices(), c.vectors(), total,
            (total + c.cpus() - 1) / c.cpus(), c.segments(), c.segments() == 1 ? "" : "s");
        for (final Arch a : o.arches())
        {
            System.out.printf(Locale.ROOT, "  %-8s %d %s, %s%n", a.title() + ":", c.cpus(), a.cpus(), a.summary());
        }
        System.out.printf(Locale.ROOT, "the devices run %d ms simulated, then stop and the machine drains%n%n",
            c.duration() / (MsiScenario.CLOCK.hz() / 1000));
        final List<MsiScenario.Result> results = new ArrayList<>();
        final List<Double> hostSeconds = new ArrayList<>();
        boolean ok = true;
        final TraceOutput trace;
        try
        {
            trace = TraceOutput.open(o.trace());
        }
        catch (final UncheckedIOException e)
        {
            System.err.println("demo: cannot write the trace: " + e.getCause().getMessage());
            System.exit(2);
            return;
        }
        for (final Arch a : o.arches())
        {
            final long t0 = System.nanoTime(); // host time, for the report only
            final MsiScenario.Result r = MsiScenario.run(a, c, false, trace.process(a));
            hostSeconds.add((System.nanoTime() - t0) / 1e9);
            results.add(r);
            if (r.failure() != null)
            {
                System.out.println(a.title() + ": set-up failed: " + r.failure());
                ok = false;
            }
            ok &= r.lost() == 0 && r.wrongCpu() == 0;
        }
        trace.close();
        System.out.print(table(o.arches(), results, hostSeconds));
        if (!ok)
        {
            System.exit(1);
        }
    }

    /** The summary: a row per figure, a column per architecture. */
    static String table(final List<Arch> arches, final List<MsiScenario.Result> results, final List<Double> hostSeconds)
    {
        final StringBuilder t = new StringBuilder();
        row(t, "", arches, a -> a.title());
        row(t, "set-up: hypercalls", results, r -> String.format(Locale.ROOT, "%,d", r.hypercalls()));
        row(t, "        simulated ms", results, r -> String.format(Locale.ROOT, "%.3f", ns(r.setupCycles()) / 1e6));
        row(t, "interrupts raised", results, r -> String.format(Locale.ROOT, "%,d", r.raised()));
        row(t, "           delivered", results, r -> String.format(Locale.ROOT, "%,d", r.delivered()));
        row(t, "           lost", results, r -> String.format(Locale.ROOT, "%,d", r.lost()));
        row(t, "           on a wrong CPU", results, r -> String.format(Locale.ROOT, "%,d", r.wrongCpu()));
        row(t, "           spurious", results, r -> String.format(Locale.ROOT, "%,d", r.spurious()));
        row(t, "           per CPU, fewest", results, r -> String.format(Locale.ROOT, "%,d", r.minPerCpu()));
        row(t, "           per CPU, most", results, r -> String.format(Locale.ROOT, "%,d", r.maxPerCpu()));
        row(t, "IOMMU faults", results, r -> String.format(Locale.ROOT, "%,d", r.iommuFaults()));
        for (final boolean nanos : new boolean[] {false, true})
        {
            for (final double p : PERCENTILES)
            {
                final String label = p == 100 ? "max" : "p" + (p == Math.rint(p) ? String.valueOf((int) p)
                    : String.valueOf(p));
                final String head = p != 50 ? "" : nanos ? "latency, ns" : "latency, cycles";
                row(t, String.format("%-22s%s", head, label), results, r -> {
                    final Histogram h = r.latency();
                    final long v = p == 100 ? h.getMaxValue() : h.getValueAtPercentile(p);
                    return nanos ? String.format(Locale.ROOT, "%,.1f", ns(v)) : String.format(Locale.ROOT, "%,d", v);
                });
            }
        }
        final List<Integer> columns = new ArrayList<>();
        for (int i = 0; i < hostSeconds.size(); i++)
        {
            columns.add(i);
        }
        row(t, "host: seconds", columns, i -> String.format(Locale.ROOT, "%.2f", hostSeconds.get(i)));
        row(t, "      delivered per second", columns, i -> String.format(Locale.ROOT, "%,.0f",
            results.get(i).delivered() / hostSeconds.get(i)));
        return t.toString();
    }

    private static <T> void row(final StringBuilder t, final String label, final List<T> columns,
                                final Function<T, String> cell)
    {
        t.append(String.format(ROW, label));
        for (final T c : columns)
        {
            t.append(String.format(CELL, cell.apply(c)));
        }
        t.append(System.lineSeparator());
    }

    private static double ns(final long cycles)
    {
        return cycles * 1e9 / MsiScenario.CLOCK.hz();
    }

    /** An int option: values beyond int stay out of range, so the range check names them. */
    private static int clamp(final long value)
    {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    /** Parses {@code --name value} pairs; an unknown or malformed option names itself. */
    static Options parse(final String[] args)
    {
        int cpus = 32;
        int devices = 256;
        int vectors = 16;
        long period = 40_000;
        long ms = 10;
        long seed = 2026;
        int segments = 1;
        List<Arch> arches = List.of(Arch.X86, Arch.ARM);
        Path trace = null;
        for (int i = 0; i < args.length; i++)
        {
            final String name = args[i];
            if (i + 1 == args.length)
            {
                throw new IllegalArgumentException(name + " needs a value");
            }
            if (name.equals("--arch"))
            {
                final String a = args[++i];
                arches = a.equals("both") ? List.of(Arch.X86, Arch.ARM) : List.of(Arch.of(a));
                continue;
            }
            if (name.equals("--trace"))
            {
                trace = Path.of(args[++i]);
                continue;
            }
            final long value;
            try
            {
                value = Long.parseLong(args[++i]);
            }
            catch (final NumberFormatException e)
            {
                throw new IllegalArgumentException(name + " needs a number, was " + args[i]);
            }
            switch (name)
            {
                case "--cpus" -> cpus = clamp(value);
                case "--devices" -> devices = clamp(value);
                case "--vectors" -> vectors = clamp(value);
                case "--period" -> period = value;
                case "--ms" -> ms = value;
                case "--seed" -> seed = value;
                case "--segments" -> segments = clamp(value);
                default -> throw new IllegalArgumentException("unknown option " + name
                    + " (known: --arch --cpus --devices --vectors --period --ms --seed --segments --trace)");
            }
        }
        Require.inRange("ms", ms, 1, 10_000);
        final MsiScenario.Config c = new MsiScenario.Config(cpus, devices, vectors, period,
            ms * (MsiScenario.CLOCK.hz() / 1000), seed, segments);
        for (final Arch a : arches)
        {
            try
            {
                a.check(c);
            }
            catch (final IllegalArgumentException e)
            {
                throw new IllegalArgumentException(a.title() + ": " + e.getMessage(), e);
            }
        }
        return new Options(arches, c, trace);
    }
}
