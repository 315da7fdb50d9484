// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.trace;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

import org.novaemu.util.Require;

/**
 * Writes traces in the Chrome trace event format (JSON object form, {@code {"traceEvents":[...]}}) that the
 * Perfetto UI and {@code chrome://tracing} open. Each machine is a process ({@link #process}); in it, the
 * engine (records outside any CPU), each CPU and each device is a thread, named by metadata events when first
 * used. Timestamps are microseconds of simulated time (cycles over the machine's clock), with three decimals.
 *
 * <p>Records become events by their kind's {@link TraceRole}: instants, slices from a BEGIN to an END on one
 * CPU (hypercalls, the kernel's interrupt entry), and flow arrows ({@code "s"}/{@code "f"} with ids) from a
 * device's raise to the wake-up of the EC its interrupt's semaphore released (decision T12). The output is a
 * function of the records alone: the same run gives the same bytes. Streaming: events are written as the
 * records arrive, so a trace of any length fits; {@link #close()} ends the JSON.
 */
public final class ChromeTrace implements AutoCloseable
{
    /** The thread ID of the first device's track; the others follow in the order they first appear. */
    public static final int DEVICE_TID = 100_000;

    private final Writer out;
    private boolean first = true;
    private long flows;
    private boolean closed;

    /**
     * Starts the JSON.
     *
     * @param out where it goes; buffered by the caller, closed by the caller after {@link #close()}
     */
    public ChromeTrace(final Writer out)
    {
        this.out = Require.nonNull("out", out);
        raw("{\"traceEvents\":[\n");
    }

    /**
     * Adds a machine.
     *
     * @param pid its process ID, unique in this trace
     * @param name its name (the process name shown)
     * @param hz its clock, cycles per second, 1 to 9 GHz
     * @param deviceName names a device's track by its requester ID ({@code org.novaemu.bus.RequesterId}), or null
     *        for {@link #defaultName}
     * @return the sink its trace streams to ({@link Trace#streamTo})
     */
    public TraceSink process(final int pid, final String name, final long hz, final LongFunction<String> deviceName)
    {
        Require.nonNull("name", name);
        Require.inRange("hz", hz, 1, 9_000_000_000L);
        final Process p = new Process(pid, hz, deviceName != null ? deviceName : ChromeTrace::defaultName);
        event("{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":" + pid + ",\"args\":{\"name\":" + str(name) + "}}");
        return p;
    }

    /**
     * Converts kept records to JSON: one process.
     *
     * @param records the records, in the order written
     * @param name the process name
     * @param hz the clock
     * @return the JSON text
     */
    public static String toJson(final List<TraceRecord> records, final String name, final long hz)
    {
        final StringWriter w = new StringWriter();
        try (ChromeTrace t = new ChromeTrace(w))
        {
            final TraceSink s = t.process(1, name, hz, null);
            for (final TraceRecord r : records)
            {
                s.write(r.time(), r.cpu(), r.kind(), r.a(), r.b(), r.c());
            }
        }
        return w.toString();
    }

    /** Ends the JSON; the writer is flushed, not closed. */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            raw("\n],\"displayTimeUnit\":\"ns\"}\n");
            try
            {
                out.flush();
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The default name of a device's track: a PCI requester ID (bits 63:32 clear) as {@code bb:dd.f}, prefixed
     * with its segment above 0; a platform agent's (bit 32 alone above the segment: an IOMMU's own writes) as
     * {@code IOMMU}; an Arm requester ID (DeviceID in bits 63:32) as its StreamID's {@code bb:dd.f} and the
     * DeviceID.
     *
     * @param rid the requester ID
     * @return the name
     */
    public static String defaultName(final long rid)
    {
        final int low = (int) rid;
        final long high = rid >>> 32;
        final String bdf = String.format("%02x:%02x.%x", low >>> 8 & 0xff, low >>> 3 & 0x1f, low & 7);
        final String seg = (low >>> 16) != 0 ? String.format("%04x:", low >>> 16) : "";
        if (high == 0)
        {
            return seg + bdf;
        }
        if (high == 1 && (low & 0xffff) == 0)
        {
            return "IOMMU" + (seg.isEmpty() ? "" : " " + seg.substring(0, 4));
        }
        return seg + bdf + String.format(" DeviceID %#x", high);
    }

    private void event(final String json)
    {
        raw(first ? json : ",\n" + json);
        first = false;
    }

    private void raw(final String s)
    {
        try
        {
            out.write(s);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a JSON string literal */
    static String str(final String s)
    {
        final StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char ch = s.charAt(i);
            if (ch == '"' || ch == '\\')
            {
                b.append('\\').append(ch);
            }
            else if (ch < 0x20)
            {
                b.append(String.format("\\u%04x", (int) ch));
            }
            else
            {
                b.append(ch);
            }
        }
        return b.append('"').toString();
    }

    /** One machine's tracks and the state of its slices and flows. */
    private final class Process implements TraceSink
    {
        private final int pid;
        private final long hz;
        private final LongFunction<String> deviceName;
        private final Set<Integer> named = new HashSet<>(); // looked up only, never iterated
        private final Map<Long, Integer> deviceTids = new HashMap<>(); // never iterated
        private final Map<Long, Long> delivered = new HashMap<>(); // (CPU, vector) to flow; never iterated
        private final Map<Integer, Long> acked = new HashMap<>(); // CPU to flow; never iterated
        private final Map<TraceKind, String[]> argNames = new HashMap<>(); // never iterated
        private final Map<Integer, Long> childEnd = new HashMap<>(); // CPU track to the latest end; never iterated
        private final Map<Integer, Long> lastEnd = new HashMap<>(); // CPU track to its last E; never iterated
        private final Map<Long, long[]> flowStart = new HashMap<>(); // flow to {track, time}; never iterated
        private long raise;
        private long raiseTime;

        Process(final int pid, final long hz, final LongFunction<String> deviceName)
        {
            this.pid = pid;
            this.hz = hz;
            this.deviceName = deviceName;
        }

        @Override
        public void write(final long time, final int cpu, final TraceKind kind, final long a, final long b,
            final long c)
        {
            final String ts = micros(time);
            switch (kind.role())
            {
                case HIDDEN ->
                {
                    // not shown
                }
                case INSTANT -> instant(cpuTrack(cpu), ts, kind, a, b, c);
                case BEGIN ->
                {
                    // A slice begins no earlier than the last one on its track ended (that one may have been
                    // stretched over a wake-up at its last cycle), so that slices nest (T22).
                    final int tid = cpuTrack(cpu);
                    final long begin = Math.max(thousandthsOf(time), lastEnd.getOrDefault(tid, 0L));
                    childEnd.merge(tid, begin, Math::max);
                    slice("B", tid, thousandths(begin), kind, a, b, c);
                }
                case END ->
                {
                    final Long unwoken = acked.remove(cpu);
                    if (unwoken != null)
                    {
                        flowStart.remove(unwoken); // the interrupt woke no EC: no arrow
                    }
                    final int tid = cpuTrack(cpu);
                    // A slice ends no earlier than what it encloses (a wake-up's short slice at its last cycle),
                    // so that viewers nest them; the next enclosing slice then ends no earlier than this one.
                    final long end = Math.max(thousandthsOf(time), childEnd.getOrDefault(tid, 0L));
                    childEnd.put(tid, end);
                    lastEnd.put(tid, end);
                    slice("E", tid, thousandths(end), kind, a, b, c);
                }
                case SPAN -> complete(cpuTrack(cpu), a, b, kind, a, b, c);
                case DEVICE -> instant(deviceTrack(a), ts, kind, a, b, c);
                case RAISE ->
                {
                    final int tid = deviceTrack(a);
                    complete(tid, time, time, kind, a, b, c);
                    flowStart.remove(raise); // an earlier raise that reached no CPU has no arrow
                    raise = ++flows;
                    raiseTime = time;
                    flowStart.put(raise, new long[] {tid, time}); // written with its end: no arrow to nowhere (T22)
                }
                case DELIVER ->
                {
                    instant(cpuTrack((int) a), ts, kind, a, b, c);
                    if (raise != 0 && raiseTime == time)
                    {
                        final Long older = delivered.put(a << 32 | (b & 0xffff_ffffL), raise);
                        if (older != null)
                        {
                            flowStart.remove(older); // the newer one coalesced with it: one arrow
                        }
                    }
                    else
                    {
                        flowStart.remove(raise);
                    }
                    raise = 0;
                }
                case ACK ->
                {
                    instant(cpuTrack(cpu), ts, kind, a, b, c);
                    final Long flow = delivered.remove((long) cpu << 32 | (a & 0xffff_ffffL));
                    if (flow != null)
                    {
                        final Long dropped = acked.put(cpu, flow);
                        if (dropped != null)
                        {
                            flowStart.remove(dropped);
                        }
                    }
                }
                case WAKE ->
                {
                    final int tid = cpuTrack(cpu);
                    complete(tid, time, time, kind, a, b, c);
                    final Long flow = acked.remove(cpu);
                    final long[] from = flow == null ? null : flowStart.remove(flow);
                    if (from != null)
                    {
                        event(head("interrupt", "s", (int) from[0], micros(from[1])) + ",\"cat\":\"flow\",\"id\":"
                            + flow + "}");
                        event(head("interrupt", "f", tid, ts) + ",\"cat\":\"flow\",\"bp\":\"e\",\"id\":" + flow + "}");
                    }
                }
            }
        }

        @Override
        public void flush()
        {
            try
            {
                out.flush();
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException(e);
            }
        }

        private int cpuTrack(final int cpu)
        {
            final int tid = cpu + 1; // the engine's records (CPU -1) on thread 0
            name(tid, cpu < 0 ? "engine" : "CPU " + cpu);
            return tid;
        }

        private int deviceTrack(final long rid)
        {
            final Integer known = deviceTids.get(rid);
            if (known != null)
            {
                return known;
            }
            final int tid = DEVICE_TID + deviceTids.size(); // in order of first appearance: deterministic
            deviceTids.put(rid, tid);
            name(tid, "device " + deviceName.apply(rid));
            return tid;
        }

        private void name(final int tid, final String name)
        {
            if (named.add(tid))
            {
                event("{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":" + pid + ",\"tid\":" + tid
                    + ",\"args\":{\"name\":" + str(name) + "}}");
                event("{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":" + pid + ",\"tid\":" + tid
                    + ",\"args\":{\"sort_index\":" + tid + "}}");
            }
        }

        private String head(final String name, final String ph, final int tid, final String ts)
        {
            return "{\"name\":" + str(name) + ",\"ph\":\"" + ph + "\",\"ts\":" + ts + ",\"pid\":" + pid
                + ",\"tid\":" + tid;
        }

        private void instant(final int tid, final String ts, final TraceKind kind, final long a, final long b,
            final long c)
        {
            event(head(kind.label(a, b, c), "i", tid, ts) + ",\"s\":\"t\"" + args(kind, a, b, c) + "}");
        }

        private void slice(final String ph, final int tid, final String ts, final TraceKind kind, final long a,
            final long b, final long c)
        {
            event(head(kind.label(a, b, c), ph, tid, ts) + args(kind, a, b, c) + "}");
        }

        /** A slice of known start and end; at least a thousandth of a microsecond, so that arrows can bind. */
        private void complete(final int tid, final long from, final long to, final TraceKind kind, final long a,
            final long b, final long c)
        {
            final long start = tid < DEVICE_TID ? Math.max(thousandthsOf(from), lastEnd.getOrDefault(tid, 0L))
                : thousandthsOf(from);
            final long dur = Math.max(1, thousandthsOf(to) - start);
            if (tid < DEVICE_TID)
            {
                childEnd.merge(tid, start + dur, Math::max);
            }
            event(head(kind.label(a, b, c), "X", tid, thousandths(start)) + ",\"dur\":" + thousandths(dur)
                + args(kind, a, b, c) + "}");
        }

        private String args(final TraceKind kind, final long a, final long b, final long c)
        {
            final String[] n = argNames.computeIfAbsent(kind, k -> k.argNames().split(" "));
            final StringBuilder s = new StringBuilder(",\"args\":{\"kind\":").append(str(kind.name()));
            final long[] v = {a, b, c};
            for (int i = 0; i < Math.min(3, n.length); i++)
            {
                s.append(',').append(str(n[i])).append(":\"0x").append(Long.toHexString(v[i])).append('"');
            }
            return s.append('}').toString();
        }

        /** @return cycles as microseconds with three decimals, exactly (the clock is at most 9 GHz) */
        private String micros(final long cycles)
        {
            return thousandths(thousandthsOf(cycles));
        }

        private long thousandthsOf(final long cycles)
        {
            final long c = Math.max(0, cycles);
            return c / hz * 1_000_000_000L + c % hz * 1_000_000_000L / hz;
        }

        private String thousandths(final long t)
        {
            final long f = t % 1000;
            return t / 1000 + (f < 10 ? ".00" : f < 100 ? ".0" : ".") + f;
        }
    }
}
