// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The plots, as JFreeChart datasets and charts: the datasets are what the tests check, the charts only draw them.
 * x86 is always blue and Arm red, in every plot and panel.
 */
final class Charts
{
    /** The benchmark whose results the scaling plots draw. */
    static final String MSI_DELIVERY = "MsiDeliveryBenchmark";

    /**
     * What {@code sources=max} means (MsiDeliveryBenchmark's {@code X86_MAX} and {@code ARM_MAX}): every MSI-X
     * entry of 32 devices on x86, every LPI of 16 INTID bits on Arm. JMH's file only says {@code max} (U42).
     */
    static final Map<String, Integer> MAX_SOURCES = Map.of("x86", 65_536, "arm", 57_344);

    private static final Map<String, String> NAMES = Map.of("x86", "x86_64", "arm", "aarch64");
    private static final Color X86 = new Color(0x1f, 0x77, 0xb4);
    private static final Color ARM = new Color(0xd6, 0x27, 0x28);

    private Charts()
    {
    }

    /**
     * The latency percentile curves, a series per architecture, as HdrHistogram plots them (U41): x is
     * {@code 1 / (1 - percentile / 100)}, drawn on a log axis labelled in percentiles, so that 90 %, 99 %, 99.9 %
     * ... are equally spaced; the 100 % point, and any point beyond what the sample count resolves, sits at the
     * count (the maximum is the one-in-count interrupt). y is nanoseconds at the modelled clock.
     *
     * @param runs the demo's runs
     * @return the dataset, series keyed by the architecture's title, in the runs' order
     */
    static XYSeriesCollection latencyDataset(final List<DemoRun> runs)
    {
        final XYSeriesCollection d = new XYSeriesCollection();
        for (final DemoRun r : runs)
        {
            final XYSeries s = new XYSeries(r.title(), false, true);
            final double cap = Math.max(1, r.count());
            for (final DemoRun.Point p : r.curve())
            {
                final double rest = 1 - p.percentile() / 100;
                s.add(rest <= 0 ? cap : Math.min(cap, 1 / rest), p.cycles() * 1e9 / r.clockHz());
            }
            d.addSeries(s);
        }
        return d;
    }

    /**
     * @param runs the demo's runs
     * @param subtitle what ran, for the title
     * @return the latency percentile chart
     */
    static JFreeChart latency(final List<DemoRun> runs, final String subtitle)
    {
        final XYSeriesCollection d = latencyDataset(runs);
        final LogAxis x = new LogAxis("percentile");
        x.setBase(10);
        x.setSmallestValue(1);
        x.setNumberFormatOverride(new PercentileFormat());
        x.setTickUnit(new NumberTickUnit(1)); // a tick per decade: 0 %, 90 %, 99 %, 99.9 % ...
        final NumberAxis y = new NumberAxis("latency, device raise to driver thread (ns)");
        final XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < d.getSeriesCount(); i++)
        {
            r.setSeriesPaint(i, paint(runs.get(i).arch()));
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        final XYPlot plot = new XYPlot(d, x, y, r);
        return chart("MSI latency by percentile" + subtitle, plot);
    }

    /**
     * The scaling over CPUs (U43): a panel per {@code sources} value, each with a series per architecture of the
     * score over {@code cpus}, the interval being JMH's score error.
     *
     * @param scores JMH results; those of other benchmarks are ignored
     * @return per {@code sources} value, in ascending order ({@code max} last), the dataset
     */
    static Map<String, XYIntervalSeriesCollection> overCpus(final List<JmhScore> scores)
    {
        return panels(scores, "sources", "cpus", s -> Double.parseDouble(s.param("cpus")));
    }

    /**
     * The scaling over sources (U43): a panel per {@code cpus} value, each with a series per architecture of the
     * score over {@code sources}, {@code max} drawn at the architecture's limit ({@link #MAX_SOURCES}).
     *
     * @param scores JMH results; those of other benchmarks are ignored
     * @return per {@code cpus} value, in ascending order, the dataset
     */
    static Map<String, XYIntervalSeriesCollection> overSources(final List<JmhScore> scores)
    {
        return panels(scores, "cpus", "sources", Charts::sources);
    }

    /**
     * @param panels {@link #overCpus} or {@link #overSources}
     * @param xLabel the x axis: what varies
     * @param panelLabel what each panel holds fixed, with %s for its value
     * @param unit the scores' unit
     * @param title the chart's title
     * @return the chart: the panels stacked over one x axis (log 2), one legend
     */
    static JFreeChart scaling(final Map<String, XYIntervalSeriesCollection> panels, final String xLabel,
                              final String panelLabel, final String unit, final String title)
    {
        final LogAxis x = new LogAxis(xLabel);
        x.setBase(2);
        x.setSmallestValue(1);
        x.setNumberFormatOverride(new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        x.setTickUnit(new NumberTickUnit(1)); // a tick per power of two
        final CombinedDomainXYPlot plot = new CombinedDomainXYPlot(x);
        plot.setGap(12);
        LegendItemCollection legend = null;
        for (final Map.Entry<String, XYIntervalSeriesCollection> e : panels.entrySet())
        {
            final XYIntervalSeriesCollection d = e.getValue();
            final XYErrorRenderer r = new XYErrorRenderer();
            r.setDrawXError(false);
            r.setDefaultLinesVisible(true);
            r.setDefaultShapesVisible(true);
            r.setCapLength(6);
            for (int i = 0; i < d.getSeriesCount(); i++)
            {
                // Set here, not drawn from the plot's supplier: each panel would take the next colours.
                final Paint p = paint(String.valueOf(d.getSeriesKey(i)));
                r.setSeriesPaint(i, p);
                r.setSeriesShape(i, new Ellipse2D.Double(-3, -3, 6, 6));
                r.setSeriesStroke(i, new BasicStroke(1.5f));
            }
            final NumberAxis y = new NumberAxis(String.format(Locale.ROOT, panelLabel, e.getKey()) + ", " + unit);
            y.setLabelFont(y.getLabelFont().deriveFont(11f));
            // From 0: a time is never negative, though a short run's error bar may reach below it.
            y.setRange(0, 1.05 * highest(d));
            final XYPlot sub = new XYPlot(d, null, y, r);
            plot.add(sub);
            if (legend == null)
            {
                legend = sub.getLegendItems();
            }
        }
        // One legend for the panels (each would add its own x86 and Arm).
        plot.setFixedLegendItems(legend == null ? new LegendItemCollection() : legend);
        return chart(title, plot);
    }

    /** @return the highest end of an error bar in the dataset (at least 1) */
    private static double highest(final XYIntervalSeriesCollection d)
    {
        double max = 1;
        for (int s = 0; s < d.getSeriesCount(); s++)
        {
            for (int i = 0; i < d.getItemCount(s); i++)
            {
                max = Math.max(max, d.getEndYValue(s, i));
            }
        }
        return max;
    }

    /** The series per architecture, a panel per value of {@code panel}, x from {@code x}, ordered numerically. */
    private static Map<String, XYIntervalSeriesCollection> panels(final List<JmhScore> scores, final String panel,
                                                                  final String xParam,
                                                                  final Function<JmhScore, Double> x)
    {
        final List<JmhScore> msi = new ArrayList<>();
        for (final JmhScore s : scores)
        {
            if (s.benchmark().contains("." + MSI_DELIVERY + "."))
            {
                msi.add(s);
            }
        }
        // Panels in ascending order of their value (max last); points in ascending order of x.
        msi.sort(Comparator.comparingDouble((JmhScore s) -> order(s.param(panel))).thenComparing(
            (JmhScore s) -> s.param("arch").equals("x86") ? 0 : 1).thenComparingDouble(x::apply));
        final Map<String, XYIntervalSeriesCollection> panels = new LinkedHashMap<>();
        final Map<String, XYIntervalSeries> series = new LinkedHashMap<>();
        for (final JmhScore s : msi)
        {
            final String key = s.param(panel);
            final XYIntervalSeriesCollection d = panels.computeIfAbsent(key, k -> new XYIntervalSeriesCollection());
            final XYIntervalSeries line = series.computeIfAbsent(key + "/" + s.param("arch"), k -> {
                final XYIntervalSeries n = new XYIntervalSeries(name(s.param("arch")), false, true);
                d.addSeries(n);
                return n;
            });
            final double at = x.apply(s);
            line.add(at, at, at, s.score(), s.score() - s.error(), s.score() + s.error());
        }
        if (panels.isEmpty())
        {
            throw new IllegalArgumentException("no " + MSI_DELIVERY + " results with " + panel + " and " + xParam);
        }
        return panels;
    }

    /** A panel's value as a number for ordering: {@code max} after every number. */
    private static double order(final String v)
    {
        return v.equals("max") ? Double.MAX_VALUE : Double.parseDouble(v);
    }

    /** A result's sources as a number, {@code max} being the architecture's limit. */
    private static double sources(final JmhScore s)
    {
        final String v = s.param("sources");
        if (!v.equals("max"))
        {
            return Double.parseDouble(v);
        }
        final Integer max = MAX_SOURCES.get(s.param("arch"));
        if (max == null)
        {
            throw new IllegalArgumentException("arch must be x86 or arm for sources=max, was " + s.param("arch"));
        }
        return max;
    }

    /** @return the name the plots give an architecture */
    static String name(final String arch)
    {
        return NAMES.getOrDefault(arch, arch);
    }

    private static Paint paint(final String arch)
    {
        return arch.equals("x86") || arch.equals(NAMES.get("x86")) ? X86
            : arch.equals("arm") || arch.equals(NAMES.get("arm")) ? ARM : Color.DARK_GRAY;
    }

    private static JFreeChart chart(final String title, final org.jfree.chart.plot.Plot plot)
    {
        final JFreeChart c = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT.deriveFont(16f), plot, true);
        c.setBackgroundPaint(Color.WHITE);
        if (plot instanceof XYPlot p)
        {
            style(p);
        }
        else if (plot instanceof CombinedDomainXYPlot p)
        {
            for (final XYPlot sub : p.getSubplots())
            {
                style(sub);
            }
        }
        return c;
    }

    private static void style(final XYPlot p)
    {
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(Color.LIGHT_GRAY);
        p.setRangeGridlinePaint(Color.LIGHT_GRAY);
        p.setDomainGridlinesVisible(true);
        p.setRangeGridlinesVisible(true);
    }

    /**
     * Labels a value {@code v = 1 / (1 - q)} of the latency plot's x axis as the percentile {@code 100 q}:
     * 1 as 0 %, 10 as 90 %, 100 as 99 %, 1,000 as 99.9 %.
     */
    static final class PercentileFormat extends NumberFormat
    {
        private static final long serialVersionUID = 1L;
        private final DecimalFormat digits =
            new DecimalFormat("0.#####", DecimalFormatSymbols.getInstance(Locale.ROOT));

        @Override
        public StringBuffer format(final double v, final StringBuffer to, final FieldPosition pos)
        {
            return to.append(digits.format(100 * (1 - 1 / v))).append('%');
        }

        @Override
        public StringBuffer format(final long v, final StringBuffer to, final FieldPosition pos)
        {
            return format((double) v, to, pos);
        }

        @Override
        public Number parse(final String source, final ParsePosition pos)
        {
            throw new UnsupportedOperationException("axis labels only");
        }
    }
}
