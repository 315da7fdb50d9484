// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.Strictness;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** The Chrome trace event exporter (T12): tracks, slices, flow arrows, microseconds, and the line file (T11). */
class ChromeTraceTest
{
    /** Strict JSON (no lenient syntax, nothing after the value): numbers read back as Double. */
    private static final Gson STRICT = new GsonBuilder().setStrictness(Strictness.STRICT).create();

    /** One kind per role, as a module would declare them. */
    enum Kind implements TraceKind
    {
        BEGIN(0x801, TraceRole.BEGIN),
        END(0x802, TraceRole.END),
        RAISE(0x803, TraceRole.RAISE),
        DELIVER(0x804, TraceRole.DELIVER),
        ACK(0x805, TraceRole.ACK),
        WAKE(0x806, TraceRole.WAKE),
        DEVICE(0x807, TraceRole.DEVICE),
        HIDDEN(0x808, TraceRole.HIDDEN),
        SPAN(0x809, TraceRole.SPAN),
        NOTE(0x80a, TraceRole.INSTANT);

        private final int code;
        private final TraceRole role;

        Kind(final int code, final TraceRole role)
        {
            this.code = code;
            this.role = role;
        }

        @Override
        public int code()
        {
            return code;
        }

        @Override
        public TraceRole role()
        {
            return role;
        }

        @Override
        public String label(final long a, final long b, final long c)
        {
            return this == NOTE ? "say \"hi\"" : name();
        }
    }

    private long time;
    private int cpu;
    private final Trace trace = new Trace(new TraceContext()
    {
        @Override
        public long now()
        {
            return time;
        }

        @Override
        public int currentCpu()
        {
            return cpu;
        }
    }, 64);

    private void at(final long t, final int c, final Kind k, final long a, final long b)
    {
        time = t;
        cpu = c;
        trace.record(k, a, b, 0);
    }

    /** An MSI raised, delivered to CPU 1, acknowledged and waking EC 7; then one never delivered; at 2 GHz. */
    private void run()
    {
        trace.setEnabled(true);
        at(1000, -1, Kind.RAISE, 0x108, 1);
        at(1000, -1, Kind.DELIVER, 1, 0x40);
        at(3000, 1, Kind.BEGIN, 0, 0);
        at(3000, 1, Kind.ACK, 0x40, 0);
        at(3100, 1, Kind.WAKE, 7, 0);
        at(3200, 1, Kind.END, 0, 0);
        at(4000, 0, Kind.HIDDEN, 0, 0);
        at(4000, 0, Kind.NOTE, 0, 0);
        at(4000, 0, Kind.SPAN, 2000, 3000);
        at(5000, -1, Kind.RAISE, 0x108, 2);
        at(5000, -1, Kind.DEVICE, 0x108, 0);
        at(6000, 0, Kind.DELIVER, 1, 0x40); // an IPI's, later: not the raise's
        at(6500, 1, Kind.ACK, 0x40, 0);
        at(6600, 1, Kind.BEGIN, 0, 0);
        at(6600, 1, Kind.WAKE, 8, 0);
        at(6600, 1, Kind.END, 0, 0); // ends where the wake-up's slice does: 3.300 + 0.001 us
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> events(final String json)
    {
        final Map<String, Object> file = (Map<String, Object>) STRICT.fromJson(json, Object.class);
        return (List<Map<String, Object>>) file.get("traceEvents");
    }

    private static List<Map<String, Object>> ph(final List<Map<String, Object>> events, final String ph)
    {
        return events.stream().filter(e -> ph.equals(e.get("ph"))).toList();
    }

    @Test
    void tracksSlicesAndFlowsFromTheRaiseToTheWake()
    {
        final StringWriter w = new StringWriter();
        try (ChromeTrace chrome = new ChromeTrace(w))
        {
            trace.streamTo(chrome.process(3, "machine", 2_000_000_000L, null));
            run();
        }
        final List<Map<String, Object>> ev = events(w.toString());
        // Metadata: the process and a named thread per track, CPUs at CPU + 1, devices from 100,000.
        assertThat(ph(ev, "M")).filteredOn(e -> "thread_name".equals(e.get("name")))
            .extracting(e -> ((Map<?, ?>) e.get("args")).get("name"), e -> e.get("tid"))
            .containsExactlyInAnyOrder(Tuple.tuple("device 01:01.0", 100_000.0),
                Tuple.tuple("CPU 1", 2.0), Tuple.tuple("CPU 0", 1.0));
        assertThat(ph(ev, "M")).filteredOn(e -> "process_name".equals(e.get("name")))
            .extracting(e -> ((Map<?, ?>) e.get("args")).get("name"), e -> e.get("pid"))
            .containsExactly(Tuple.tuple("machine", 3.0));
        // The slice on CPU 1, in microseconds: 3,000 cycles at 2 GHz are 1.5 us.
        assertThat(ph(ev, "B")).extracting(e -> e.get("ts"), e -> e.get("tid"))
            .containsExactly(Tuple.tuple(1.5, 2.0), Tuple.tuple(3.3, 2.0));
        assertThat(ph(ev, "E")).extracting(e -> e.get("ts")).containsExactly(1.6, 3.301);
        assertThat(ph(ev, "X")).filteredOn(e -> "SPAN".equals(e.get("name")))
            .extracting(e -> e.get("ts"), e -> e.get("dur")).containsExactly(Tuple.tuple(1.0,
                0.5));
        // Two raises; only the delivered one has an arrow, from its raise to EC 7's wake-up on CPU 1 (T22).
        final List<Map<String, Object>> starts = ph(ev, "s");
        final List<Map<String, Object>> ends = ph(ev, "f");
        assertThat(starts).hasSize(1);
        assertThat(starts.get(0)).containsEntry("ts", 0.5).containsEntry("tid", 100_000.0);
        assertThat(ends).hasSize(1);
        assertThat(ends.get(0)).containsEntry("id", starts.get(0).get("id")).containsEntry("tid", 2.0)
            .containsEntry("ts", 1.55).containsEntry("bp", "e");
        assertThat(ev).noneMatch(e -> "HIDDEN".equals(e.get("name")));
        assertThat(ev).anyMatch(e -> "say \"hi\"".equals(e.get("name")) && "i".equals(e.get("ph")));
        assertThat(ev).anyMatch(e -> "DEVICE".equals(e.get("name")) && e.get("tid").equals(100_000.0));
    }

    @Test
    void aSliceAfterOneStretchedOverAWakeUpBeginsWhereItEndedSoSlicesNest()
    {
        final StringWriter w = new StringWriter();
        try (ChromeTrace chrome = new ChromeTrace(w))
        {
            trace.streamTo(chrome.process(1, "m", 2_000_000_000L, null));
            trace.setEnabled(true);
            at(100, 0, Kind.BEGIN, 0, 0);  // an up that wakes an EC at its last cycle ...
            at(200, 0, Kind.WAKE, 7, 0);
            at(200, 0, Kind.END, 0, 0);    // ... ends after the wake-up's slice: 0.101 us
            at(200, 0, Kind.BEGIN, 0, 0);  // the next hypercall, in the same cycle
            at(300, 0, Kind.END, 0, 0);
        }
        final List<Map<String, Object>> ev = events(w.toString());
        assertThat(ph(ev, "B")).extracting(e -> e.get("ts")).containsExactly(0.05, 0.101);
        assertThat(ph(ev, "E")).extracting(e -> e.get("ts")).containsExactly(0.101, 0.15);
        assertThat(ph(ev, "s")).as("the raise-less wake-up draws no arrow").isEmpty();
    }

    @Test
    void theSameRecordsGiveTheSameBytes()
    {
        run();
        final String a = ChromeTrace.toJson(trace.records(), "m", 1_000_000_000L);
        assertThat(ChromeTrace.toJson(trace.records(), "m", 1_000_000_000L)).isEqualTo(a);
        assertThat(events(a)).isNotEmpty();
        assertThatThrownBy(() -> new ChromeTrace(new StringWriter()).process(1, "m", 0, null))
            .hasMessageContaining("hz");
    }

    @Test
    void aTraceFileHoldsEveryRecordBeyondTheRingAndReadsBack() throws Exception
    {
        final StringWriter w = new StringWriter();
        final Trace small = new Trace(new TraceContext()
        {
            @Override
            public long now()
            {
                return time;
            }

            @Override
            public int currentCpu()
            {
                return cpu;
            }
        }, 2);
        small.streamTo(new TraceFile(w));
        small.setEnabled(true);
        for (int k = 0; k < 5; k++)
        {
            time = 10 * k;
            cpu = k - 1;
            small.record(k % 2 == 0 ? CoreTrace.USER : Kind.NOTE, k, -1L, 1L << 63);
        }
        small.sink().flush();
        assertThat(w.toString()).startsWith(TraceFile.HEADER + "\n0 -1 0x80 USER 0x0 0xffffffffffffffff "
            + "0x8000000000000000\n");
        final List<TraceRecord> back =
            TraceFile.read(new StringReader(w.toString()), CoreTrace.values(), Kind.values());
        assertThat(back).hasSize(5);
        assertThat(back.subList(3, 5)).isEqualTo(small.records());
        assertThat(back.get(1)).isEqualTo(new TraceRecord(10, 0, Kind.NOTE, 1, -1L, 1L << 63));
        assertThatThrownBy(() -> TraceFile.read(new StringReader(w.toString()), CoreTrace.values()))
            .hasMessageContaining("line 3");
        assertThatThrownBy(() -> TraceFile.read(new StringReader("x\n"))).hasMessageContaining("not a trace file");
    }
}
