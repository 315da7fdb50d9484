// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.novaemu.testkit.Json;

/**
 * Renders a Chrome trace event file (as {@code Demo --trace} writes it) as a static HTML page with an SVG
 * timeline: a row per track (process and thread, in the order of their sort index), slices as boxes, instants
 * as ticks, flow arrows from each {@code "s"} to its {@code "f"}. It exists so that docs/ can show a real trace
 * where the Perfetto UI cannot be run (decision T19); it is not Perfetto.
 *
 * <pre>
 * usage: TraceTimeline TRACE.json OUT.html [FROM_US TO_US]   (the window shown, in microseconds)
 * </pre>
 */
public final class TraceTimeline
{
    private static final int LEFT = 190;
    private static final int WIDTH = 1400;
    private static final int ROW = 26;
    private static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#e15759", "#76b7b2",
        "#edc948", "#9c755f"};

    private TraceTimeline()
    {
    }

    /** A track: its process and thread, and its name. */
    private record Track(String name, List<double[]> slices, List<String> sliceNames, List<Double> instants)
    {
    }

    /**
     * @param args the trace file, the HTML file to write, and optionally the window in microseconds
     * @throws IOException if a file cannot be read or written
     */
    public static void main(final String[] args) throws IOException
    {
        if (args.length != 2 && args.length != 4)
        {
            System.err.println("usage: TraceTimeline TRACE.json OUT.html [FROM_US TO_US]");
            System.exit(2);
            return;
        }
        final String json = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        final double from = args.length == 4 ? Double.parseDouble(args[2]) : Double.NaN;
        final double to = args.length == 4 ? Double.parseDouble(args[3]) : Double.NaN;
        Files.writeString(Path.of(args[1]), render(json, from, to), StandardCharsets.UTF_8);
    }

    /**
     * @param json a Chrome trace event file's text
     * @param from the window's start in microseconds, or NaN for the trace's first event
     * @param to the window's end, or NaN for the last
     * @return the HTML page
     */
    @SuppressWarnings("unchecked")
    static String render(final String json, final double from, final double to)
    {
        final List<Map<String, Object>> events =
            (List<Map<String, Object>>) ((Map<String, Object>) Json.parse(json)).get("traceEvents");
        final Map<Long, String> processNames = new TreeMap<>();
        final Map<Long, Track> tracks = new TreeMap<>(); // key: pid << 32 | tid, so rows come in that order
        final Map<Long, Deque<Object[]>> open = new TreeMap<>(); // start and name of each open slice
        final Map<Long, double[]> flowStart = new TreeMap<>();
        final List<double[]> arrows = new ArrayList<>(); // x1, key1, x2, key2
        double min = Double.MAX_VALUE;
        double max = 0;
        for (final Map<String, Object> e : events)
        {
            final String ph = (String) e.get("ph");
            final long pid = ((Double) e.get("pid")).longValue();
            if ("M".equals(ph))
            {
                final String name = (String) ((Map<String, Object>) e.get("args")).get("name");
                if ("process_name".equals(e.get("name")))
                {
                    processNames.put(pid, name);
                }
                else if ("thread_name".equals(e.get("name")))
                {
                    final long key = pid << 32 | ((Double) e.get("tid")).longValue();
                    tracks.put(key, new Track(name, new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
                }
                continue;
            }
            final long key = pid << 32 | ((Double) e.get("tid")).longValue();
            final double ts = (Double) e.get("ts");
            min = Math.min(min, ts);
            max = Math.max(max, ts);
            final Track t = tracks.get(key);
            switch (ph)
            {
                case "B" -> open.computeIfAbsent(key, k -> new ArrayDeque<>()).push(new Object[] {ts, e.get("name")});
                case "E" ->
                {
                    final Deque<Object[]> d = open.get(key);
                    if (d != null && !d.isEmpty())
                    {
                        final Object[] b = d.pop(); // the slice is named at its start, as Chrome's viewer does
                        t.slices().add(new double[] {(Double) b[0], ts});
                        t.sliceNames().add((String) b[1]);
                    }
                }
                case "X" ->
                {
                    t.slices().add(new double[] {ts, ts + (Double) e.get("dur")});
                    t.sliceNames().add((String) e.get("name"));
                }
                case "i" -> t.instants().add(ts);
                case "s" -> flowStart.put(((Double) e.get("id")).longValue(), new double[] {ts, key});
                case "f" ->
                {
                    final double[] s = flowStart.get(((Double) e.get("id")).longValue());
                    if (s != null)
                    {
                        arrows.add(new double[] {s[0], s[1], ts, key});
                    }
                }
                default ->
                {
                    // other phases are not drawn
                }
            }
        }
        final double lo = Double.isNaN(from) ? min : from;
        final double hi = Double.isNaN(to) ? max : to;
        return html(processNames, tracks, arrows, lo, Math.max(hi, lo + 1e-3));
    }

    private static String html(final Map<Long, String> processNames, final Map<Long, Track> tracks,
        final List<double[]> arrows, final double lo, final double hi)
    {
        final Map<String, String> colours = new java.util.LinkedHashMap<>(); // slice name to colour, as first seen
        for (final Track t : tracks.values())
        {
            for (int i = 0; i < t.slices().size(); i++)
            {
                if (t.slices().get(i)[1] >= lo && t.slices().get(i)[0] <= hi)
                {
                    colours.putIfAbsent(t.sliceNames().get(i).split(" ")[0], PALETTE[colours.size() % PALETTE.length]);
                }
            }
        }
        final Map<Long, Integer> rowOf = new TreeMap<>();
        final StringBuilder rows = new StringBuilder();
        int row = 0;
        long lastPid = -1;
        for (final Map.Entry<Long, Track> en : tracks.entrySet())
        {
            final long pid = en.getKey() >>> 32;
            if (pid != lastPid)
            {
                lastPid = pid;
                rows.append(text(8, y(row) + 17, "font-weight:bold", processNames.getOrDefault(pid, "process " + pid)));
                row++;
            }
            rowOf.put(en.getKey(), row);
            final Track t = en.getValue();
            final int y = y(row);
            rows.append(String.format(Locale.ROOT, "<rect x='0' y='%d' width='%d' height='%d' fill='%s'/>%n", y,
                LEFT + WIDTH + 20, ROW, row % 2 == 0 ? "#f7f7f7" : "#ffffff"));
            rows.append(text(18, y + 17, "", t.name()));
            for (int i = 0; i < t.slices().size(); i++)
            {
                final double[] s = t.slices().get(i);
                if (s[1] < lo || s[0] > hi)
                {
                    continue;
                }
                final double x0 = x(Math.max(lo, s[0]), lo, hi);
                final double w = Math.max(2, x(Math.min(hi, s[1]), lo, hi) - x0);
                final String name = t.sliceNames().get(i);
                rows.append(String.format(Locale.ROOT,
                    "<rect x='%.1f' y='%d' width='%.1f' height='%d' fill='%s'><title>%s</title></rect>%n", x0, y + 3,
                    w, ROW - 6, colours.get(name.split(" ")[0]), esc(name)));
                if (w > 7 * name.length())
                {
                    rows.append(String.format(Locale.ROOT,
                        "<text x='%.1f' y='%d' font-size='11' fill='white'>%s</text>%n", x0 + 3, y + 17, esc(name)));
                }
            }
            for (final double ts : t.instants())
            {
                if (ts >= lo && ts <= hi)
                {
                    final double x = x(ts, lo, hi);
                    rows.append(String.format(Locale.ROOT,
                        "<path d='M%.1f %d l-3 6 h6 z' fill='#555'/>%n", x, y + ROW - 9));
                }
            }
            row++;
        }
        final StringBuilder flows = new StringBuilder();
        for (final double[] a : arrows)
        {
            if (a[2] < lo || a[0] > hi)
            {
                continue;
            }
            final int y1 = y(rowOf.get((long) a[1])) + ROW / 2;
            final int y2 = y(rowOf.get((long) a[3])) + ROW / 2;
            flows.append(String.format(Locale.ROOT, "<path d='M%.1f %d C%.1f %d %.1f %d %.1f %d' stroke='#d62728' "
                + "stroke-width='1.5' fill='none' marker-end='url(#arrow)'/>%n", x(a[0], lo, hi), y1,
                x(a[0], lo, hi) + 40, y1, x(a[2], lo, hi) - 40, y2, x(a[2], lo, hi), y2));
        }
        final StringBuilder legend = new StringBuilder();
        int lx = LEFT;
        for (final Map.Entry<String, String> c : colours.entrySet())
        {
            legend.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='12' height='12' fill='%s'/>", lx,
                y(row) + 8, c.getValue())).append(text(lx + 16, y(row) + 18, "font-size:12px", c.getKey()));
            lx += 36 + 8 * c.getKey().length();
        }
        row++;
        final int height = y(row) + 40;
        final StringBuilder axis = new StringBuilder();
        for (int i = 0; i <= 10; i++)
        {
            final double t = lo + (hi - lo) * i / 10;
            final double x = x(t, lo, hi);
            axis.append(String.format(Locale.ROOT,
                "<line x1='%.1f' y1='30' x2='%.1f' y2='%d' stroke='#ddd'/>%s", x, x, height - 30,
                text((int) x - 20, 24, "font-size:11px", String.format(Locale.ROOT, "%.2f us", t))));
        }
        return "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>NOVA trace</title></head>\n"
            + "<body style='margin:0;font-family:sans-serif'>\n"
            + String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
                + "font-family='sans-serif' font-size='13'>%n", LEFT + WIDTH + 20, height)
            + "<defs><marker id='arrow' viewBox='0 0 10 10' refX='9' refY='5' markerWidth='7' markerHeight='7' "
            + "orient='auto-start-reverse'><path d='M0 0 L10 5 L0 10 z' fill='#d62728'/></marker></defs>\n"
            + rows + axis + flows + legend
            + text(8, height - 12, "font-size:11px;fill:#666", "Rendered by org.novaemu.examples.TraceTimeline "
                + "from the Chrome trace event JSON of Demo --trace (not the Perfetto UI): slices are hypercalls, "
                + "interrupt entries and raises; ticks are instants; red arrows run from a device's raise to the "
                + "EC its interrupt woke.")
            + "</svg>\n</body></html>\n";
    }

    private static int y(final int row)
    {
        return 36 + row * ROW;
    }

    private static double x(final double ts, final double lo, final double hi)
    {
        return LEFT + (ts - lo) / (hi - lo) * WIDTH;
    }

    private static String text(final int x, final int y, final String style, final String s)
    {
        return String.format(Locale.ROOT, "<text x='%d' y='%d' style='%s'>%s</text>%n", x, y, style, esc(s));
    }

    private static String esc(final String s)
    {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
