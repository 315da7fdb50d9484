// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.machine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of a machine's statistics, in the manner of gem5's {@code stats.txt} (decision U24): named counters in
 * a fixed order (simulation, then each CPU, each PCI function, each IOMMU), each with a description. {@link
 * #toText()} writes gem5's {@code name value # description} lines, {@link #toJson()} the same as JSON; both are
 * deterministic. The counters behind it are plain longs the models increment as they go; only taking the snapshot
 * allocates.
 */
public final class Stats
{
    /**
     * One counter.
     *
     * @param name its dotted name ({@code system.cpu0.switches})
     * @param value its value
     * @param description what it counts
     */
    public record Stat(String name, long value, String description)
    {
        /**
         * @param name the name
         * @param value the value
         * @param description the description
         */
        public Stat
        {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
        }
    }

    private final List<Stat> stats;

    private Stats(final List<Stat> stats)
    {
        this.stats = Collections.unmodifiableList(stats);
    }

    /** @return the counters, in dump order */
    public List<Stat> all()
    {
        return stats;
    }

    /**
     * @param name a counter's name
     * @return its value
     * @throws IllegalArgumentException if the snapshot has no counter of that name
     */
    public long get(final String name)
    {
        for (final Stat s : stats)
        {
            if (s.name().equals(name))
            {
                return s.value();
            }
        }
        throw new IllegalArgumentException("name must name a counter of this snapshot, was " + name);
    }

    /**
     * @param name a counter's name
     * @return whether the snapshot has it
     */
    public boolean has(final String name)
    {
        for (final Stat s : stats)
        {
            if (s.name().equals(name))
            {
                return true;
            }
        }
        return false;
    }

    /** @return gem5's text format: a begin line, {@code name value # description} per counter, an end line */
    public String toText()
    {
        int width = 0;
        for (final Stat s : stats)
        {
            width = Math.max(width, s.name().length());
        }
        final StringBuilder b = new StringBuilder();
        b.append("\n---------- Begin Simulation Statistics ----------\n");
        for (final Stat s : stats)
        {
            pad(b.append(s.name()), width + 2 - s.name().length());
            final String v = Long.toString(s.value());
            pad(b, 20 - v.length()).append(v).append("  # ").append(s.description()).append('\n');
        }
        return b.append("\n---------- End Simulation Statistics   ----------\n").toString();
    }

    private static StringBuilder pad(final StringBuilder b, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            b.append(' ');
        }
        return b;
    }

    /** @return the counters as a JSON object: {@code {"stats": [{"name": ..., "value": ..., "desc": ...}, ...]}} */
    public String toJson()
    {
        final StringBuilder b = new StringBuilder("{\n  \"stats\": [");
        for (int i = 0; i < stats.size(); i++)
        {
            final Stat s = stats.get(i);
            b.append(i == 0 ? "\n" : ",\n").append("    {\"name\": ");
            quote(b, s.name()).append(", \"value\": ").append(s.value()).append(", \"desc\": ");
            quote(b, s.description()).append('}');
        }
        return b.append("\n  ]\n}\n").toString();
    }

    private static StringBuilder quote(final StringBuilder b, final String s)
    {
        b.append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            switch (c)
            {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default ->
                {
                    if (c < 0x20)
                    {
                        b.append(String.format("\\u%04x", (int) c));
                    }
                    else
                    {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }

    @Override
    public String toString()
    {
        return toText();
    }

    /** Collects counters in dump order; a machine's {@link Machine#stats()} fills one. */
    public static final class Builder
    {
        private final List<Stat> stats = new ArrayList<>();

        /** Package-private: machines make them. */
        Builder()
        {
        }

        /**
         * Adds a counter.
         *
         * @param name its dotted name
         * @param value its value
         * @param description what it counts
         * @return this builder
         */
        public Builder add(final String name, final long value, final String description)
        {
            stats.add(new Stat(name, value, description));
            return this;
        }

        /** @return the snapshot */
        Stats build()
        {
            return new Stats(new ArrayList<>(stats));
        }
    }
}
