// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Chrome trace file read back, as the Perfetto UI would show it: its processes, its tracks (threads: the engine,
 * each CPU, each device), its slices and instants by name, and its flow arrows from track to track. For tests that
 * check what {@link TestBed#writeChromeTrace} or the demo's {@code --trace} wrote before a person opens it.
 */
public final class ChromeTraceFile
{
    /**
     * A flow arrow: from the track where it starts (a device's raise) to the track where it ends (the CPU whose
     * interrupt entry woke the EC).
     *
     * @param from the start's track name
     * @param to the end's track name
     * @param start the start, microseconds
     * @param end the end, microseconds
     */
    public record Flow(String from, String to, double start, double end)
    {
    }

    private final List<Map<String, Object>> events;
    private final Map<String, String> tracks = new LinkedHashMap<>();
    private final List<String> processes = new ArrayList<>();
    private final List<Flow> flows = new ArrayList<>();

    @SuppressWarnings("unchecked")
    private ChromeTraceFile(final String json)
    {
        final Object root = Json.parse(json);
        if (!(root instanceof Map) || !(((Map<String, Object>) root).get("traceEvents") instanceof List))
        {
            throw new IllegalArgumentException("not a Chrome trace: no traceEvents array");
        }
        events = (List<Map<String, Object>>) ((Map<String, Object>) root).get("traceEvents");
        for (final Map<String, Object> e : events)
        {
            if ("M".equals(e.get("ph")) && "process_name".equals(e.get("name")))
            {
                processes.add((String) ((Map<String, Object>) e.get("args")).get("name"));
            }
            else if ("M".equals(e.get("ph")) && "thread_name".equals(e.get("name")))
            {
                tracks.put(key(e), (String) ((Map<String, Object>) e.get("args")).get("name"));
            }
        }
        final Map<String, Map<String, Object>> starts = new LinkedHashMap<>();
        for (final Map<String, Object> e : events)
        {
            final String id = e.get("pid") + "/" + e.get("id");
            if ("s".equals(e.get("ph")))
            {
                starts.put(id, e);
            }
            else if ("f".equals(e.get("ph")) && starts.containsKey(id))
            {
                final Map<String, Object> s = starts.remove(id);
                flows.add(new Flow(tracks.get(key(s)), tracks.get(key(e)), (Double) s.get("ts"), (Double) e.get("ts")));
            }
        }
    }

    /**
     * @param file a Chrome trace (JSON object form)
     * @return it, read
     * @throws UncheckedIOException if it cannot be read
     * @throws IllegalArgumentException if it is not JSON or has no {@code traceEvents}
     */
    public static ChromeTraceFile read(final Path file)
    {
        try
        {
            return new ChromeTraceFile(Files.readString(file));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(final Map<String, Object> e)
    {
        return e.get("pid") + "/" + e.get("tid");
    }

    /** @return the process names (a machine each), in order */
    public List<String> processes()
    {
        return Collections.unmodifiableList(processes);
    }

    /** @return the track names ("engine", "CPU 0", "device dev0" ...), in the order they appear */
    public List<String> tracks()
    {
        return List.copyOf(tracks.values());
    }

    /**
     * @param name an event name ("assign_int", "interrupt" ...)
     * @return how many slices (complete events or begins) and instants have that name
     */
    public long count(final String name)
    {
        long n = 0;
        for (final Map<String, Object> e : events)
        {
            final Object ph = e.get("ph");
            if (name.equals(e.get("name")) && ("X".equals(ph) || "B".equals(ph) || "i".equals(ph)))
            {
                n++;
            }
        }
        return n;
    }

    /** @return the flow arrows whose start and end are both in the file, in the order they end */
    public List<Flow> flows()
    {
        return Collections.unmodifiableList(flows);
    }

    /** @return every event, as parsed maps (numbers are doubles) */
    public List<Map<String, Object>> events()
    {
        return Collections.unmodifiableList(events);
    }
}
