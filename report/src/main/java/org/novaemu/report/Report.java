// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYIntervalSeriesCollection;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The report command: reads the demo's {@code --json} results and a JMH JSON result file of
 * {@code MsiDeliveryBenchmark} and writes the plots as PNG and SVG (U40):
 * <ul>
 *   <li>{@code latency-percentiles}: the demo's latency percentile curves, x86 beside Arm;</li>
 *   <li>{@code msi-delivery-over-cpus}: ns per delivered MSI over CPUs, a panel per number of sources;</li>
 *   <li>{@code msi-delivery-over-sources}: the same over sources, a panel per number of CPUs.</li>
 * </ul>
 * Run it from the project's root: {@code ./mvnw -q -pl report -am -DskipTests package exec:java}, with
 * {@code -Dexec.args="--demo FILE --jmh FILE --out DIR"} to change the defaults ({@code --help} lists them).
 * Exit status: 0, 1 if a file cannot be read or written, 2 for a bad option.
 */
public final class Report
{
    private static final int WIDTH = 900;
    private static final int HEIGHT = 540;
    private static final int PANEL_HEIGHT = 260;

    /** The command line: picocli sets the fields (their initial values are the defaults). */
    @Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
        version = "NOVA emulator report", description = {"Draws the demo's latency percentiles and "
            + "MsiDeliveryBenchmark's scaling over CPUs and sources, x86 beside Arm, as PNG and SVG.", ""})
    static final class Cli
    {
        @Option(names = "--demo", paramLabel = "FILE", description = "the demo's --json output, or none "
            + "(default: ${DEFAULT-VALUE})")
        private String demo = "docs/data/demo.json";

        @Option(names = "--jmh", paramLabel = "FILE", description = "a JMH result file (-rf json) with "
            + "MsiDeliveryBenchmark's arch, cpus and sources, or none (default: ${DEFAULT-VALUE})")
        private String jmh = "docs/data/msi-delivery-jmh.json";

        @Option(names = "--out", paramLabel = "DIR", description = "where the plots go (default: ${DEFAULT-VALUE})")
        private Path out = Path.of("docs/plots");

        @Option(names = "--no-svg", description = "write PNG only")
        private boolean noSvg;
    }

    private Report()
    {
    }

    /**
     * @param args options, see {@code --help}
     */
    public static void main(final String[] args)
    {
        System.setProperty("java.awt.headless", "true");
        final int status = run(args, System.out, System.err);
        if (status != 0)
        {
            System.exit(status); // not on success: under exec:java this JVM is Maven's
        }
    }

    /**
     * Parses and draws.
     *
     * @param args the command line
     * @param out the files written, --help and --version
     * @param err errors
     * @return the exit status
     */
    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final CommandLine cl = new CommandLine(new Cli()).setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.OFF));
        try
        {
            cl.parseArgs(args);
        }
        catch (final ParameterException e)
        {
            err.println("report: " + e.getMessage());
            err.println("report: --help lists the options");
            return 2;
        }
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
        final Cli c = cl.getCommand();
        try
        {
            for (final Path file : write(c, plots(c)))
            {
                out.println("report: wrote " + file);
            }
            return 0;
        }
        catch (final IOException | IllegalArgumentException e)
        {
            err.println("report: " + e);
            return 1;
        }
    }

    /** A chart to write and its file name, without extension. */
    record Plot(String name, JFreeChart chart, int height)
    {
    }

    /** The charts the options' inputs give. */
    static List<Plot> plots(final Cli c) throws IOException
    {
        final List<Plot> plots = new ArrayList<>();
        if (!c.demo.equals("none"))
        {
            final List<DemoRun> runs = DemoRun.read(Path.of(c.demo));
            final String count = String.format(Locale.ROOT, " (%,d interrupts each)", runs.get(0).count());
            plots.add(new Plot("latency-percentiles", Charts.latency(runs, count), HEIGHT));
        }
        if (!c.jmh.equals("none"))
        {
            final List<JmhScore> scores = JmhScore.read(Path.of(c.jmh));
            final String unit = scores.isEmpty() ? "" : scores.get(0).unit();
            final Map<String, XYIntervalSeriesCollection> cpus = Charts.overCpus(scores);
            plots.add(new Plot("msi-delivery-over-cpus", Charts.scaling(cpus, "CPUs", "%s sources", unit,
                "MSI delivery over CPUs (JMH, error bars 99.9 %)"), 80 + PANEL_HEIGHT * cpus.size()));
            final Map<String, XYIntervalSeriesCollection> sources = Charts.overSources(scores);
            plots.add(new Plot("msi-delivery-over-sources", Charts.scaling(sources, "sources (max: x86 65,536, "
                + "Arm 57,344)", "%s CPUs", unit, "MSI delivery over sources (JMH, error bars 99.9 %)"),
                80 + PANEL_HEIGHT * sources.size()));
        }
        return plots;
    }

    /** Writes each plot as PNG and, unless --no-svg, SVG; returns the files. */
    private static List<Path> write(final Cli c, final List<Plot> plots) throws IOException
    {
        Files.createDirectories(c.out);
        final List<Path> files = new ArrayList<>();
        for (final Plot p : plots)
        {
            final Path png = c.out.resolve(p.name() + ".png");
            ChartFiles.png(p.chart(), png, WIDTH, p.height());
            files.add(png);
            if (!c.noSvg)
            {
                final Path svg = c.out.resolve(p.name() + ".svg");
                ChartFiles.svg(p.chart(), svg, WIDTH, p.height());
                files.add(svg);
            }
        }
        return files;
    }
}
