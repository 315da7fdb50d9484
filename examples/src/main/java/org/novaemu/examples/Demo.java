// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.Console;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Function;

import org.HdrHistogram.Histogram;
import org.novaemu.util.Require;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

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
 * <p>The command line is picocli's ({@code --help} lists the options, U35); a run longer than a few seconds draws
 * a {@link ProgressLine} on the terminal (the console's writer, never a redirected stream). Exit status: 0, 1 if an
 * interrupt was lost or went to a wrong CPU or the set-up failed, 2 for a bad option.
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
     * @param trace where to write the run's trace (Chrome trace event JSON, a process per architecture), or null
     * @param json where to write the run's results as JSON ({@link DemoJson}), or null
     */
    record Options(List<Arch> arches, MsiScenario.Config config, Path trace, Path json)
    {
    }

    /** The command line: picocli sets the fields (their initial values are the defaults). */
    @Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        usageHelpWidth = 100,
        description = {"Boots NOVA on an x86_64 machine (VT-d) and an AArch64 machine (GICv3 ITS, SMMUv3), gives a "
            + "driver PD an interrupt semaphore per MSI-X vector of every device, bound across all CPUs, lets the "
            + "devices interrupt for a while and prints what arrived where and how fast, a column per "
            + "architecture.", ""})
    static final class Cli
    {
        @Option(names = "--arch", paramLabel = "x86|arm|both", description = "the architectures (default: both)")
        private String arch = "both";

        @Option(names = "--cpus", paramLabel = "N", description = "CPUs, 1 to 1,024 (default: ${DEFAULT-VALUE})")
        private int cpus = 32;

        @Option(names = "--devices", paramLabel = "N",
            description = "PCIe devices, 1 to 4,096 (default: ${DEFAULT-VALUE})")
        private int devices = 256;

        @Option(names = "--vectors", paramLabel = "N",
            description = "MSI-X vectors per device, 1 to 2,048 (default: ${DEFAULT-VALUE})")
        private int vectors = 16;

        @Option(names = "--period", paramLabel = "CYCLES",
            description = "mean cycles between one device's interrupts (default: ${DEFAULT-VALUE})")
        private long period = 40_000;

        @Option(names = "--ms", paramLabel = "MS",
            description = "simulated milliseconds each device runs, 1 to 10,000 (default: ${DEFAULT-VALUE})")
        private long ms = 10;

        @Option(names = "--seed", paramLabel = "N",
            description = "the devices' random seed (default: ${DEFAULT-VALUE})")
        private long seed = 2026;

        @Option(names = "--segments", paramLabel = "N", description = "PCI segments, each with its own ECAM and, on "
            + "x86, its VT-d unit and GSI space (default: ${DEFAULT-VALUE})")
        private int segments = 1;

        @Option(names = "--trace", paramLabel = "FILE", description = "write the run's trace as Chrome trace event "
            + "JSON, for the Perfetto UI or chrome://tracing: a process per architecture (default: none)")
        private Path trace;

        @Option(names = "--json", paramLabel = "FILE", description = "write the results as JSON, per architecture: "
            + "the table's figures, the latency's percentile curve and the machine's statistics; the same options "
            + "give the same file (default: none)")
        private Path json;

        /** @return the options, checked; an error names the option */
        Options options()
        {
            final List<Arch> arches = arch.equals("both") ? List.of(Arch.X86, Arch.ARM) : List.of(Arch.of(arch));
            Require.inRange("--ms", ms, 1, 10_000);
            final MsiScenario.Config c;
            try
            {
                c = new MsiScenario.Config(cpus, devices, vectors, period, ms * (MsiScenario.CLOCK.hz() / 1000),
                    seed, segments);
            }
            catch (final IllegalArgumentException e)
            {
                throw asOption(e);
            }
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
            return new Options(arches, c, trace, json);
        }

        /** A range error of a Config field that is an option names the option. */
        private static IllegalArgumentException asOption(final IllegalArgumentException e)
        {
            for (final String field : new String[] {"cpus", "devices", "vectors", "period", "segments"})
            {
                if (e.getMessage().startsWith(field + " "))
                {
                    return new IllegalArgumentException("--" + e.getMessage(), e);
                }
            }
            return e;
        }
    }

    /** {@code --version}: the project's version, from demo-version.properties. */
    static final class Version implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            final Properties p = new Properties();
            try (InputStream in = Demo.class.getResourceAsStream("demo-version.properties"))
            {
                if (in != null)
                {
                    p.load(in);
                }
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException(e);
            }
            return new String[] {"NOVA reference emulator demo " + p.getProperty("version", "(unknown version)"),
                "NOVA interface specification of December 2025; Java " + Runtime.version()};
        }
    }

    private Demo()
    {
    }

    /**
     * @param args options, see {@code --help}
     */
    public static void main(final String[] args)
    {
        final int status = run(args, System.out, System.err, terminal());
        if (status != 0)
        {
            System.exit(status); // not on success: under exec:java this JVM is Maven's
        }
    }

    /**
     * The terminal the progress line goes to: the console's own writer, never a redirected standard stream, so a
     * captured output holds no carriage returns (U36). On Java 22 and later a console exists even when the streams
     * are redirected, and {@code Console.isTerminal()} says whether it is one; before, it exists only then.
     *
     * @return the terminal, or null for none
     */
    private static PrintWriter terminal()
    {
        final Console console = System.console();
        if (console == null)
        {
            return null;
        }
        try
        {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console) ? console.writer() : null;
        }
        catch (final ReflectiveOperationException e)
        {
            return console.writer(); // Java 21 and before
        }
    }

    /**
     * Parses and runs.
     *
     * @param args the command line
     * @param out the table, --help and --version
     * @param err errors
     * @param terminal where the progress line goes, or null for none
     * @return the exit status
     */
    static int run(final String[] args, final PrintStream out, final PrintStream err, final PrintWriter terminal)
    {
        final CommandLine cl = commandLine();
        final Options o;
        try
        {
            cl.parseArgs(args);
            if (cl.isUsageHelpRequested())
            {
                cl.usage(out, Ansi.OFF);
                return 0;
            }
            if (cl.isVersionHelpRequested())
            {
                cl.printVersionHelp(out, Ansi.OFF);
                return 0;
            }
            o = ((Cli) cl.getCommand()).options();
        }
        catch (final ParameterException e)
        {
            err.println("demo: " + message(e));
            err.println("demo: --help lists the options");
            return 2;
        }
        catch (final IllegalArgumentException e)
        {
            err.println("demo: " + e.getMessage());
            return 2;
        }
        return demo(o, out, err, terminal) ? 0 : 1;
    }

    private static CommandLine commandLine()
    {
        return new CommandLine(new Cli()).setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.OFF));
    }

    /**
     * Parses the command line.
     *
     * @param args options, see {@code --help}
     * @return what to run
     * @throws IllegalArgumentException naming the option at fault
     */
    static Options parse(final String[] args)
    {
        final CommandLine cl = commandLine();
        try
        {
            cl.parseArgs(args);
        }
        catch (final ParameterException e)
        {
            throw new IllegalArgumentException(message(e), e);
        }
        return ((Cli) cl.getCommand()).options();
    }

    /** picocli's message, but a missing value says which option needs it as the demo always did. */
    private static String message(final ParameterException e)
    {
        if (e instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty())
        {
            final ArgSpec a = m.getMissing().get(0);
            if (a instanceof OptionSpec option)
            {
                return option.longestName() + " needs a value";
            }
        }
        return e.getMessage();
    }

    /** Runs the demo with checked options; returns whether every interrupt arrived on its CPU. */
    private static boolean demo(final Options o, final PrintStream out, final PrintStream err,
                                final PrintWriter terminal)
    {
        final MsiScenario.Config c = o.config();
        final long total = (long) c.devices() * c.vectors();
        out.printf(Locale.ROOT, "NOVA demo: %d CPUs at %,d MHz, %,d devices x %d MSI-X vectors = %,d "
                + "interrupt semaphores (%,d per CPU), %d PCI segment%s%n",
            c.cpus(), MsiScenario.CLOCK.hz() / 1_000_000, c.devices(), c.vectors(), total,
            (total + c.cpus() - 1) / c.cpus(), c.segments(), c.segments() == 1 ? "" : "s");
        for (final Arch a : o.arches())
        {
            out.printf(Locale.ROOT, "  %-8s %d %s, %s%n", a.title() + ":", c.cpus(), a.cpus(), a.summary());
        }
        out.printf(Locale.ROOT, "the devices run %d ms simulated, then stop and the machine drains%n%n",
            c.duration() / (MsiScenario.CLOCK.hz() / 1000));
        out.flush();
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
            err.println("demo: cannot write the trace: " + e.getCause().getMessage());
            return false;
        }
        for (final Arch a : o.arches())
        {
            final long t0 = System.nanoTime(); // host time, for the report only
            final ProgressLine progress = terminal != null ? new ProgressLine(terminal, System::nanoTime, a.title())
                : ProgressLine.OFF;
            final MsiScenario.Result r = MsiScenario.run(a, c, false, trace.process(a), progress);
            hostSeconds.add((System.nanoTime() - t0) / 1e9);
            results.add(r);
            if (r.failure() != null)
            {
                out.println(a.title() + ": set-up failed: " + r.failure());
                ok = false;
            }
            ok &= r.lost() == 0 && r.wrongCpu() == 0;
        }
        trace.close();
        out.print(table(o.arches(), results, hostSeconds));
        out.flush();
        if (o.json() != null)
        {
            try
            {
                Files.writeString(o.json(), DemoJson.of(o, results), StandardCharsets.UTF_8);
            }
            catch (final IOException e)
            {
                err.println("demo: cannot write the results to " + o.json() + ": " + e);
                return false;
            }
        }
        return ok;
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
}
