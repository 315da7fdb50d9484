// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command: the fixtures in, six files out; bad options and files get an exit status and a reason. */
class ReportTest
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void headless()
    {
        System.setProperty("java.awt.headless", "true");
    }

    private int run(final String... args)
    {
        return Report.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void writesEachPlotAsPngAndSvg(@TempDir final Path dir) throws Exception
    {
        final Path plots = dir.resolve("plots");
        assertThat(run("--demo", Fixtures.copy("demo.json", dir).toString(), "--jmh",
            Fixtures.copy("jmh.json", dir).toString(), "--out", plots.toString()))
            .as(err.toString(StandardCharsets.UTF_8)).isZero();
        for (final String name : new String[] {"latency-percentiles", "msi-delivery-over-cpus",
            "msi-delivery-over-sources"})
        {
            final byte[] png = Files.readAllBytes(plots.resolve(name + ".png"));
            assertThat(png).hasSizeGreaterThan(1000).startsWith(0x89, 'P', 'N', 'G');
            final String svg = Files.readString(plots.resolve(name + ".svg"));
            assertThat(svg).startsWith("<?xml").contains("<svg", "x86_64", "aarch64").endsWith("</svg\n>\n");
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("wrote " + plots.resolve("latency-percentiles.svg"));
    }

    @Test
    void noSvgAndNoneSkipWhatIsNotWanted(@TempDir final Path dir) throws Exception
    {
        assertThat(run("--demo", "none", "--jmh", Fixtures.copy("jmh.json", dir).toString(), "--out",
            dir.toString(), "--no-svg")).isZero();
        assertThat(dir.resolve("msi-delivery-over-cpus.png")).isNotEmptyFile();
        assertThat(dir.resolve("msi-delivery-over-cpus.svg")).doesNotExist();
        assertThat(dir.resolve("latency-percentiles.png")).doesNotExist();
    }

    @Test
    void aBadOptionIsTwoAndAMissingFileIsOne(@TempDir final Path dir)
    {
        assertThat(run("--bogus")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--help lists the options");
        assertThat(run("--demo", dir.resolve("absent.json").toString(), "--out", dir.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("absent.json");
    }
}
