// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.novaemu.testkit.Json;

/** The demo's --json (U40): the table's figures, the latency curve and the statistics, the same for the same run. */
class DemoJsonTest
{
    /** Interrupts often enough that some wait for others: a curve of more than two points. */
    private static final String[] SMALL = {"--cpus", "2", "--devices", "4", "--vectors", "2", "--ms", "1",
        "--period", "3000"};

    private static String run(final Path file)
    {
        final String[] args = new String[SMALL.length + 2];
        System.arraycopy(SMALL, 0, args, 0, SMALL.length);
        args[SMALL.length] = "--json";
        args[SMALL.length + 1] = file.toString();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(Demo.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), null)).as(err.toString(StandardCharsets.UTF_8))
            .isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    @Test
    void eachArchitectureHasTheTableFiguresTheCurveAndTheStatistics(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("demo.json");
        run(file);
        final Map<String, Object> json = (Map<String, Object>) Json.parse(Files.readString(file));
        assertThat(json.get("format")).isEqualTo(DemoJson.FORMAT);
        assertThat(((Map<String, Object>) json.get("options")).get("cpus")).isEqualTo(2.0);
        final List<Map<String, Object>> results = (List<Map<String, Object>>) json.get("results");
        assertThat(results).extracting(r -> r.get("arch")).containsExactly("x86", "arm");
        for (final Map<String, Object> r : results)
        {
            final Map<String, Object> irq = (Map<String, Object>) r.get("interrupts");
            assertThat((Double) irq.get("raised")).isPositive().isEqualTo(irq.get("delivered"));
            assertThat(irq.get("lost")).isEqualTo(0.0);
            assertThat(((Map<String, Object>) r.get("setup")).get("failure")).isNull();
            final Map<String, Object> latency = (Map<String, Object>) r.get("latency");
            assertThat(latency.get("count")).isEqualTo(irq.get("delivered"));
            final List<Map<String, Object>> curve = (List<Map<String, Object>>) latency.get("curve");
            assertThat(curve).hasSizeGreaterThan(5);
            // The curve rises to 100 % and to the maximum, never falling on either axis.
            for (int i = 1; i < curve.size(); i++)
            {
                assertThat((Double) curve.get(i).get("percentile"))
                    .isGreaterThanOrEqualTo((Double) curve.get(i - 1).get("percentile"));
                assertThat((Double) curve.get(i).get("cycles"))
                    .isGreaterThanOrEqualTo((Double) curve.get(i - 1).get("cycles"));
            }
            assertThat(curve.get(curve.size() - 1).get("percentile")).isEqualTo(100.0);
            assertThat(curve.get(curve.size() - 1).get("cycles")).isEqualTo(latency.get("max"));
            final List<Map<String, Object>> stats =
                (List<Map<String, Object>>) ((Map<String, Object>) r.get("stats")).get("stats");
            assertThat(stats).extracting(s -> s.get("name")).contains("sim.cycles", "system.cpu1.interrupts");
        }
    }

    @Test
    void theSameOptionsGiveTheSameFileToTheByte(@TempDir final Path dir) throws Exception
    {
        final String table = run(dir.resolve("a.json"));
        run(dir.resolve("b.json"));
        assertThat(Files.readString(dir.resolve("a.json"))).isEqualTo(Files.readString(dir.resolve("b.json")));
        // Host seconds are in the table, never in the file.
        assertThat(table).contains("host: seconds");
        assertThat(Files.readString(dir.resolve("a.json"))).doesNotContain("\"host\":").doesNotContain("seconds");
    }
}
