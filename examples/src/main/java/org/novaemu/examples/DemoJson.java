// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import java.util.List;
import java.util.Locale;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The demo's {@code --json FILE} (decision U40): the run's options and, per architecture, what the summary table
 * shows (set-up, interrupts raised, delivered and lost, latency percentiles), the latency histogram's whole
 * percentile curve and the machine's statistics ({@link org.novaemu.machine.Machine#stats()}). Everything in it is
 * simulated, so the same options give the same file to the byte; host times stay in the table only. The report
 * module draws its latency plot from this file.
 */
final class DemoJson
{
    /** The format's name and version, the file's first field. */
    static final String FORMAT = "nova-demo-results/1";

    /** The fixed percentiles of the summary, as in the table. */
    private static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99, 100};

    /** Points per halving of the distance to 100 % on the curve, as HdrHistogram's percentile distribution. */
    private static final int TICKS_PER_HALF_DISTANCE = 5;

    private DemoJson()
    {
    }

    /**
     * @param o the options that ran
     * @param results a result per architecture of {@code o.arches()}, in that order
     * @return the JSON text, ending in a newline
     */
    static String of(final Demo.Options o, final List<MsiScenario.Result> results)
    {
        final MsiScenario.Config c = o.config();
        final StringBuilder b = new StringBuilder(1 << 16);
        b.append("{\n  \"format\": ");
        quote(b, FORMAT);
        b.append(",\n  \"clockHz\": ").append(MsiScenario.CLOCK.hz());
        b.append(",\n  \"options\": {\"cpus\": ").append(c.cpus()).append(", \"devices\": ").append(c.devices())
            .append(", \"vectors\": ").append(c.vectors()).append(", \"period\": ").append(c.period())
            .append(", \"durationCycles\": ").append(c.duration()).append(", \"seed\": ").append(c.seed())
            .append(", \"segments\": ").append(c.segments()).append("},\n  \"results\": [");
        for (int i = 0; i < results.size(); i++)
        {
            b.append(i == 0 ? "\n" : ",\n");
            result(b, o.arches().get(i), results.get(i));
        }
        return b.append("\n  ]\n}\n").toString();
    }

    private static void result(final StringBuilder b, final Arch a, final MsiScenario.Result r)
    {
        b.append("    {\n      \"arch\": ");
        quote(b, a.option()).append(", \"title\": ");
        quote(b, a.title()).append(",\n      \"setup\": {\"hypercalls\": ").append(r.hypercalls())
            .append(", \"cycles\": ").append(r.setupCycles()).append(", \"failure\": ");
        if (r.failure() == null)
        {
            b.append("null");
        }
        else
        {
            quote(b, r.failure());
        }
        b.append("},\n      \"interrupts\": {\"raised\": ").append(r.raised()).append(", \"delivered\": ")
            .append(r.delivered()).append(", \"lost\": ").append(r.lost()).append(", \"wrongCpu\": ")
            .append(r.wrongCpu()).append(", \"spurious\": ").append(r.spurious()).append(", \"minPerCpu\": ")
            .append(r.minPerCpu()).append(", \"maxPerCpu\": ").append(r.maxPerCpu()).append("},\n")
            .append("      \"iommuFaults\": ").append(r.iommuFaults()).append(",\n");
        latency(b, r.latency());
        b.append(",\n      \"stats\": ");
        // Stats.toJson() as it is, indented to sit in this object.
        b.append(r.stats().toJson().strip().replace("\n", "\n      "));
        b.append("\n    }");
    }

    /** The latency in cycles: count, min, mean, max, the summary's percentiles and the whole curve. */
    private static void latency(final StringBuilder b, final Histogram h)
    {
        final long n = h.getTotalCount();
        b.append("      \"latency\": {\"unit\": \"cycles\", \"count\": ").append(n).append(", \"min\": ")
            .append(n == 0 ? 0 : h.getMinValue()).append(", \"mean\": ")
            .append(String.format(Locale.ROOT, "%.3f", n == 0 ? 0.0 : h.getMean())).append(", \"max\": ")
            .append(h.getMaxValue()).append(",\n        \"percentiles\": [");
        for (int i = 0; i < PERCENTILES.length; i++)
        {
            final double p = PERCENTILES[i];
            b.append(i == 0 ? "" : ", ").append("{\"percentile\": ").append(number(p)).append(", \"cycles\": ")
                .append(p == 100 ? h.getMaxValue() : h.getValueAtPercentile(p)).append('}');
        }
        b.append("],\n        \"curve\": [");
        boolean first = true;
        // HdrHistogram's own percentile iteration: ever finer steps towards 100 %, the points its plots draw.
        for (final HistogramIterationValue v : h.percentiles(TICKS_PER_HALF_DISTANCE))
        {
            b.append(first ? "\n          " : ",\n          ").append("{\"percentile\": ")
                .append(number(v.getPercentileLevelIteratedTo())).append(", \"cycles\": ")
                .append(v.getValueIteratedTo()).append('}');
            first = false;
        }
        b.append("]}");
    }

    /** A percentile as JSON: the shortest decimal that reads back to it. */
    private static String number(final double p)
    {
        return p == Math.rint(p) && Math.abs(p) < 1e15 ? Long.toString((long) p) : Double.toString(p);
    }

    private static StringBuilder quote(final StringBuilder b, final String s)
    {
        b.append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c == '"' || c == '\\')
            {
                b.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            }
            else
            {
                b.append(c);
            }
        }
        return b.append('"');
    }
}
