// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One architecture's run of the demo's {@code --json} file: its latency histogram's percentile curve.
 *
 * @param arch the {@code --arch} value that names it ({@code x86}, {@code arm})
 * @param title its name in the demo's table
 * @param clockHz the modelled clock, to turn cycles into nanoseconds
 * @param count the latencies recorded
 * @param curve the percentile curve, rising
 */
record DemoRun(String arch, String title, long clockHz, long count, List<Point> curve)
{
    /** The format the demo writes. */
    static final String FORMAT = "nova-demo-results/1";

    /**
     * A point of the curve.
     *
     * @param percentile 0 to 100
     * @param cycles the latency at or below which that share of the interrupts arrived
     */
    record Point(double percentile, long cycles)
    {
    }

    /**
     * @param file a file the demo's {@code --json} wrote
     * @return a run per architecture, in the file's order
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException if it is not such a file, naming what is missing
     */
    static List<DemoRun> read(final Path file) throws IOException
    {
        return parse(Files.readString(file));
    }

    /**
     * @param json the text the demo's {@code --json} wrote
     * @return a run per architecture, in the text's order
     * @throws IllegalArgumentException if it is not such a text, naming what is missing
     */
    static List<DemoRun> parse(final String json)
    {
        final JsonNode root;
        try
        {
            root = new ObjectMapper().readTree(json);
        }
        catch (final IOException e)
        {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (root == null || !FORMAT.equals(root.path("format").asText()))
        {
            throw new IllegalArgumentException("the demo's JSON must have \"format\": \"" + FORMAT + "\"");
        }
        final long hz = root.path("clockHz").asLong();
        if (hz <= 0)
        {
            throw new IllegalArgumentException("the demo's JSON needs a positive clockHz");
        }
        final List<DemoRun> runs = new ArrayList<>();
        for (final JsonNode r : root.path("results"))
        {
            final JsonNode latency = r.path("latency");
            if (!latency.path("curve").isArray())
            {
                throw new IllegalArgumentException("result " + r.path("arch").asText() + " needs latency.curve");
            }
            final List<Point> curve = new ArrayList<>();
            for (final JsonNode p : latency.path("curve"))
            {
                curve.add(new Point(p.path("percentile").asDouble(), p.path("cycles").asLong()));
            }
            runs.add(new DemoRun(r.path("arch").asText(), r.path("title").asText(), hz,
                latency.path("count").asLong(), List.copyOf(curve)));
        }
        if (runs.isEmpty())
        {
            throw new IllegalArgumentException("the demo's JSON has no results");
        }
        return List.copyOf(runs);
    }
}
