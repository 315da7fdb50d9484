// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;

/** The plots' datasets: which series, which points, which error bars. */
class ChartsTest
{
    private final List<JmhScore> jmh = JmhScore.parse(Fixtures.text("jmh.json"));

    @Test
    void latencyCurvesAreAtOneOverOneMinusThePercentileInNanoseconds()
    {
        final XYSeriesCollection d = Charts.latencyDataset(DemoRun.parse(Fixtures.text("demo.json")));
        assertThat(d.getSeriesCount()).isEqualTo(2);
        assertThat(List.of(d.getSeriesKey(0), d.getSeriesKey(1))).containsExactly("x86_64", "aarch64");
        // 0 % at 1, 90 % at 10, 99 % at 100; 99.99 % would be 10,000 but 1,000 samples resolve 1 in 1,000, and
        // the maximum (100 %) is that one in 1,000.
        final double[] x = {1, 10, 100, 1000, 1000};
        final double[] ns = {200, 300, 500, 900, 1000};
        for (int i = 0; i < x.length; i++)
        {
            assertThat(d.getXValue(0, i)).as("x %d", i).isCloseTo(x[i], within(1e-9));
            assertThat(d.getYValue(0, i)).as("y %d", i).isCloseTo(ns[i], within(1e-9));
        }
        assertThat(d.getItemCount(1)).isEqualTo(3);
        assertThat(d.getXValue(1, 1)).isCloseTo(2, within(1e-9));
    }

    @Test
    void percentileAxisLabels()
    {
        final Charts.PercentileFormat f = new Charts.PercentileFormat();
        assertThat(List.of(f.format(1.0), f.format(10.0), f.format(100L), f.format(1000.0), f.format(1e5)))
            .containsExactly("0%", "90%", "99%", "99.9%", "99.999%");
    }

    @Test
    void overCpusHasAPanelPerSourcesAndAnErrorBarSeriesPerArchitecture()
    {
        final Map<String, XYIntervalSeriesCollection> p = Charts.overCpus(jmh);
        assertThat(p).containsOnlyKeys("64", "max");
        assertThat(new ArrayList<>(p.keySet())).containsExactly("64", "max");
        final XYIntervalSeriesCollection max = p.get("max");
        assertThat(List.of(max.getSeriesKey(0), max.getSeriesKey(1))).containsExactly("x86_64", "aarch64");
        // Arm, 16 CPUs, max sources: 623.9 ± 1,737.001.
        assertThat(max.getItemCount(1)).isEqualTo(2);
        assertThat(max.getXValue(1, 1)).isEqualTo(16);
        assertThat(max.getYValue(1, 1)).isEqualTo(623.9);
        assertThat(max.getStartYValue(1, 1)).isCloseTo(623.9 - 1737.001, within(1e-9));
        assertThat(max.getEndYValue(1, 1)).isCloseTo(623.9 + 1737.001, within(1e-9));
        // x86, 1 CPU, 64 sources had no error (NaN): a bar of nothing.
        final XYIntervalSeriesCollection few = p.get("64");
        assertThat(few.getStartYValue(0, 0)).isEqualTo(few.getEndYValue(0, 0)).isEqualTo(217.632);
    }

    @Test
    void overSourcesDrawsMaxAtEachArchitecturesLimitAndIgnoresOtherBenchmarks()
    {
        final Map<String, XYIntervalSeriesCollection> p = Charts.overSources(jmh);
        assertThat(new ArrayList<>(p.keySet())).containsExactly("1", "16");
        final XYIntervalSeriesCollection one = p.get("1");
        assertThat(one.getSeriesCount()).isEqualTo(2);
        assertThat(List.of(one.getXValue(0, 0), one.getXValue(0, 1))).containsExactly(64.0, 65_536.0);
        assertThat(List.of(one.getXValue(1, 0), one.getXValue(1, 1))).containsExactly(64.0, 57_344.0);
        assertThat(one.getYValue(1, 1)).isEqualTo(507.307);
    }

    @Test
    void theScalingChartStacksItsPanelsWithOneLegend()
    {
        final JFreeChart c = Charts.scaling(Charts.overCpus(jmh), "CPUs", "%s sources", "ns/op", "t");
        final CombinedDomainXYPlot plot = (CombinedDomainXYPlot) c.getPlot();
        assertThat(plot.getSubplots()).hasSize(2);
        assertThat(plot.getSubplots().get(1).getRangeAxis().getLabel()).isEqualTo("max sources, ns/op");
        assertThat(plot.getLegendItems().getItemCount()).isEqualTo(2);
        // Each panel's x86 in one colour, Arm in another: the same in every panel.
        assertThat(plot.getSubplots().get(1).getRenderer().getSeriesPaint(0))
            .isEqualTo(plot.getSubplots().get(0).getRenderer().getSeriesPaint(0))
            .isNotEqualTo(plot.getSubplots().get(0).getRenderer().getSeriesPaint(1));
    }
}
