// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Reading JMH's JSON result files and the demo's --json files. */
class InputsTest
{
    @Test
    void jmhResultsKeepBenchmarkParamsScoreAndError()
    {
        final List<JmhScore> s = JmhScore.parse(Fixtures.text("jmh.json"));
        assertThat(s).hasSize(9);
        assertThat(s.get(1).benchmark()).isEqualTo("org.novaemu.bench.MsiDeliveryBenchmark.deliver");
        assertThat(s.get(1).params()).containsExactly(Map.entry("arch", "x86"),
            Map.entry("cpus", "1"), Map.entry("sources", "max"));
        assertThat(s.get(1)).extracting(JmhScore::score, JmhScore::error, JmhScore::unit)
            .containsExactly(183.45, 66.723, "ns/op");
        // JMH writes "NaN" where it has no error (one iteration): no error bar.
        assertThat(s.get(0).error()).isZero();
        assertThat(s.get(8).params()).containsOnlyKeys("cpus");
    }

    @Test
    void aFileThatIsNoJmhResultIsRefusedSayingWhy()
    {
        assertThatThrownBy(() -> JmhScore.parse("{}")).hasMessageContaining("JSON array");
        final String noScore = "[{\"benchmark\": \"b\", \"primaryMetric\": {\"scoreUnit\": \"ns/op\"}}]";
        assertThatThrownBy(() -> JmhScore.parse(noScore))
            .hasMessageContaining("b: primaryMetric needs the number score");
        assertThatThrownBy(() -> JmhScore.parse("[")).hasMessageStartingWith("not JSON");
        final JmhScore other = JmhScore.parse(Fixtures.text("jmh.json")).get(8);
        assertThatThrownBy(() -> other.param("sources")).hasMessageContaining("no parameter sources");
    }

    @Test
    void demoResultsGiveEachArchitecturesCurve()
    {
        final List<DemoRun> runs = DemoRun.parse(Fixtures.text("demo.json"));
        assertThat(runs).extracting(DemoRun::arch, DemoRun::title, DemoRun::count, DemoRun::clockHz)
            .containsExactly(tuple("x86", "x86_64", 1000L, 2_000_000_000L), tuple("arm", "aarch64", 1000L,
                2_000_000_000L));
        assertThat(runs.get(0).curve()).hasSize(5).last().isEqualTo(new DemoRun.Point(100, 2000));
    }

    @Test
    void aFileNotWrittenByTheDemoIsRefused()
    {
        assertThatThrownBy(() -> DemoRun.parse("{\"format\": \"other\"}")).hasMessageContaining(DemoRun.FORMAT);
        assertThatThrownBy(() -> DemoRun.parse("{\"format\": \"" + DemoRun.FORMAT + "\", \"clockHz\": 1}"))
            .hasMessageContaining("no results");
    }
}
