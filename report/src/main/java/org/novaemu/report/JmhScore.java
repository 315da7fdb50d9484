// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One benchmark result of a JMH JSON file ({@code -rf json}): the benchmark, its parameters, the primary metric's
 * score and JMH's error of it (half its 99.9 % confidence interval).
 *
 * @param benchmark the benchmark method's full name
 * @param params its parameters, in the file's order
 * @param score the score
 * @param error JMH's score error; 0 when JMH gives none (a single iteration gives NaN)
 * @param unit the score's unit, such as {@code ns/op}
 */
record JmhScore(String benchmark, Map<String, String> params, double score, double error, String unit)
{
    /**
     * @param name a parameter
     * @return its value
     * @throws IllegalArgumentException naming the benchmark and the parameter if it has no such parameter
     */
    String param(final String name)
    {
        final String v = params.get(name);
        if (v == null)
        {
            throw new IllegalArgumentException(benchmark + " has no parameter " + name + ", only " + params.keySet());
        }
        return v;
    }

    /**
     * @param file a JMH JSON result file
     * @return its results, in the file's order
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException if it is not a JMH result file, naming what is missing
     */
    static List<JmhScore> read(final Path file) throws IOException
    {
        return parse(Files.readString(file));
    }

    /**
     * @param json a JMH JSON result file's text: an array of results
     * @return its results, in order
     * @throws IllegalArgumentException if it is not a JMH result file, naming what is missing
     */
    static List<JmhScore> parse(final String json)
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
        if (root == null || !root.isArray())
        {
            throw new IllegalArgumentException("a JMH result file must be a JSON array of results");
        }
        final List<JmhScore> scores = new ArrayList<>();
        for (final JsonNode r : root)
        {
            final String benchmark = text(r, "benchmark");
            final Map<String, String> params = new LinkedHashMap<>();
            final JsonNode p = r.path("params");
            for (final Map.Entry<String, JsonNode> e : p.properties())
            {
                params.put(e.getKey(), e.getValue().asText());
            }
            final JsonNode m = r.path("primaryMetric");
            final double error = number(m, "scoreError", benchmark);
            scores.add(new JmhScore(benchmark, Collections.unmodifiableMap(params), number(m, "score", benchmark),
                Double.isNaN(error) ? 0 : error, text(m, "scoreUnit")));
        }
        return scores;
    }

    private static String text(final JsonNode n, final String field)
    {
        final JsonNode v = n.get(field);
        if (v == null || !v.isTextual())
        {
            throw new IllegalArgumentException("a JMH result needs the text field " + field);
        }
        return v.asText();
    }

    /** A number, or JMH's {@code "NaN"} string where it has none. */
    private static double number(final JsonNode n, final String field, final String benchmark)
    {
        final JsonNode v = n.get(field);
        if (v != null && v.isNumber())
        {
            return v.asDouble();
        }
        if (v != null && v.isTextual() && v.asText().equals("NaN"))
        {
            return Double.NaN;
        }
        throw new IllegalArgumentException(benchmark + ": primaryMetric needs the number " + field);
    }
}
