// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.novaemu.arm.ArmTrace;
import org.novaemu.kernel.Hypercall;
import org.novaemu.kernel.NovaTrace;
import org.novaemu.pci.DeviceTrace;
import org.novaemu.testkit.Json;
import org.novaemu.trace.ChromeTrace;
import org.novaemu.trace.CoreTrace;
import org.novaemu.trace.TraceFile;
import org.novaemu.trace.TraceKind;
import org.novaemu.trace.TraceRecord;
import org.novaemu.trace.TraceRole;
import org.novaemu.x86.X86Trace;

/**
 * The demo's run traced on both architectures (T13-T18): every raise is delivered, acknowledged and wakes its
 * driver thread, with the arguments that say so; the file holds it all; the digest repeats; --trace writes JSON
 * with a process per architecture, tracks per CPU and device, slices and arrows.
 */
class TraceRecordsTest
{
    private static final MsiScenario.Config SMALL = new MsiScenario.Config(2, 3, 2, 50_000, 500_000, 11);

    private static List<TraceRecord> traced(final Arch arch, final MsiScenario.Config c, final MsiScenario[] out)
        throws Exception
    {
        final StringWriter w = new StringWriter();
        final TraceFile file = new TraceFile(w);
        final MsiScenario s = new MsiScenario(arch, c, true, file);
        s.runEachFor(c.duration());
        file.flush();
        out[0] = s;
        return TraceFile.read(new StringReader(w.toString()), CoreTrace.values(), NovaTrace.values(),
            X86Trace.values(), ArmTrace.values(), DeviceTrace.values());
    }

    private static List<TraceRecord> of(final List<TraceRecord> r, final TraceKind kind)
    {
        return r.stream().filter(x -> x.kind() == kind).toList();
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void everyRaiseIsDeliveredAcknowledgedAndWakesItsThread(final Arch arch) throws Exception
    {
        final MsiScenario[] s = new MsiScenario[1];
        final List<TraceRecord> r = traced(arch, SMALL, s);
        final MsiScenario.Result result = s[0].result();
        assertThat(result.failure()).isNull();
        final Set<Long> requesters = new HashSet<>();
        for (int d = 0; d < SMALL.devices(); d++)
        {
            requesters.add(s[0].device(d).requesterId());
        }
        final TraceKind deliver = arch == Arch.X86 ? X86Trace.DELIVER : ArmTrace.DELIVER;
        final TraceKind ack = arch == Arch.X86 ? X86Trace.ACK : ArmTrace.ACK;
        final TraceKind eoi = arch == Arch.X86 ? X86Trace.EOI : ArmTrace.EOI;
        final List<TraceRecord> raises = of(r, DeviceTrace.RAISE);
        assertThat(raises).hasSize((int) result.raised());
        assertThat(raises).allSatisfy(x -> {
            assertThat(requesters).contains(x.a());
            assertThat(x.b()).isEqualTo(DeviceTrace.MSIX_MECHANISM);
            assertThat(x.c()).isBetween(0L, (long) SMALL.vectors() - 1);
        });
        // Each raise: its MSI on the bus and the delivery to a CPU at the same time; the CPU later acknowledges
        // that vector or INTID in its interrupt entry, where its driver thread's semaphore wakes the thread.
        int woken = 0;
        for (int i = 0; i < r.size(); i++)
        {
            if (r.get(i).kind() != DeviceTrace.RAISE)
            {
                continue;
            }
            final TraceRecord raise = r.get(i);
            int j = i + 1;
            while (r.get(j).kind() != deliver)
            {
                j++;
            }
            final TraceRecord d = r.get(j);
            assertThat(d.time()).isEqualTo(raise.time());
            assertThat(d.a()).isBetween(0L, (long) SMALL.cpus() - 1);
            assertThat(r.subList(i, j)).anyMatch(x -> x.kind() == CoreTrace.MSI && x.a() == raise.a());
            while (!(r.get(j).kind() == ack && r.get(j).cpu() == d.a() && r.get(j).a() == d.b()))
            {
                j++;
            }
            assertThat(r.get(j - 1).kind()).isEqualTo(NovaTrace.INTERRUPT);
            // In the entry: the EOI of that vector or INTID (x86 after the semaphore's up, Arm's priority drop
            // before it) and the wake-up of the driver thread, whose down returns SUCCESS.
            boolean eoiSeen = false;
            boolean wakeSeen = false;
            for (int k = j + 1; r.get(k).kind() != NovaTrace.INTERRUPT_DONE; k++)
            {
                eoiSeen |= r.get(k).kind() == eoi && r.get(k).a() == d.b();
                if (r.get(k).kind() == NovaTrace.WAKE && r.get(k).b() == 0)
                {
                    wakeSeen = true;
                }
            }
            assertThat(eoiSeen).isTrue();
            if (wakeSeen)
            {
                woken++;
            }
        }
        assertThat(woken).isEqualTo(raises.size());
        // Each wake-up is followed by a switch to the woken EC on its CPU, and its down deactivates (routed CPU).
        final List<TraceRecord> downs = of(r, NovaTrace.SM_DOWN).stream().filter(x -> x.b() != 0).toList();
        assertThat(downs).isNotEmpty();
        final Set<Long> isds = downs.stream().map(TraceRecord::b).collect(Collectors.toSet());
        assertThat(of(r, NovaTrace.DEACTIVATE)).allSatisfy(x -> {
            assertThat(isds).contains(x.a());
            assertThat(x.b()).isBetween(0L, (long) SMALL.cpus() - 1);
        });
        assertThat(of(r, NovaTrace.SWITCH)).isNotEmpty();
        assertThat(of(r, NovaTrace.IPI)).allSatisfy(x -> assertThat(x.a()).isBetween(0L, 1L));
        // Hypercalls: enter and return alternate on each CPU with the same number; assign_int succeeds.
        final Map<Integer, Long> open = new HashMap<>();
        for (final TraceRecord x : r)
        {
            if (x.kind() == NovaTrace.HYPERCALL)
            {
                assertThat(open.put(x.cpu(), x.a())).isNull();
            }
            else if (x.kind() == NovaTrace.HYPERCALL_DONE)
            {
                assertThat(open.remove(x.cpu())).isEqualTo(x.a());
                if (x.a() == Hypercall.ASSIGN_INT.ordinal())
                {
                    assertThat(x.b()).isZero();
                }
            }
        }
        assertThat(of(r, NovaTrace.HYPERCALL_DONE)).filteredOn(x -> x.a() == Hypercall.ASSIGN_INT.ordinal())
            .hasSize(SMALL.devices() * SMALL.vectors());
        // DMA write-backs on the devices' tracks.
        assertThat(of(r, CoreTrace.DMA_WRITE)).filteredOn(x -> requesters.contains(x.a())).isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void theSameSeedGivesTheSameDigestWithEveryRecordKind(final Arch arch)
    {
        final MsiScenario.Result a = MsiScenario.run(arch, SMALL, true);
        final MsiScenario.Result b = MsiScenario.run(arch, SMALL, true);
        assertThat(a.digest()).isNotZero().isEqualTo(b.digest());
        final MsiScenario.Result other = MsiScenario.run(arch,
            new MsiScenario.Config(2, 3, 2, 50_000, 500_000, 12), true);
        assertThat(other.digest()).isNotEqualTo(a.digest());
    }

    @SuppressWarnings("unchecked")
    @Test
    void demoTraceWritesOneJsonFileWithAProcessPerArchitecture(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("trace.json");
        final PrintStream stdout = System.out;
        final java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            Demo.main(new String[] {"--arch", "both", "--cpus", "2", "--devices", "3", "--vectors", "2", "--ms", "1",
                "--period", "50000", "--trace", file.toString()});
        }
        finally
        {
            System.setOut(stdout);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("interrupts raised");
        assertThat(Demo.parse(new String[] {"--devices", "2"}).trace()).isNull();
        assertThat(Demo.parse(new String[] {"--trace", "t.json", "--devices", "2"}).trace())
            .isEqualTo(Path.of("t.json"));
        final List<Map<String, Object>> ev = (List<Map<String, Object>>) ((Map<String, Object>) Json.parse(
            Files.readString(file))).get("traceEvents");
        final Map<Object, Object> processes = ev.stream().filter(e -> "process_name".equals(e.get("name")))
            .collect(Collectors.toMap(e -> e.get("pid"), e -> ((Map<?, ?>) e.get("args")).get("name")));
        assertThat(processes).containsOnly(Map.entry(1.0, "NOVA on x86_64"), Map.entry(2.0, "NOVA on aarch64"));
        for (final double pid : new double[] {1, 2})
        {
            final List<String> threads = ev.stream()
                .filter(e -> "thread_name".equals(e.get("name")) && e.get("pid").equals(pid))
                .map(e -> (String) ((Map<?, ?>) e.get("args")).get("name")).toList();
            assertThat(threads).contains("CPU 0", "CPU 1");
            assertThat(threads).filteredOn(t -> t.startsWith("device ")).hasSizeGreaterThanOrEqualTo(3);
            final List<Map<String, Object>> mine = ev.stream().filter(e -> pid == (Double) e.getOrDefault("pid", 0.0))
                .toList();
            // Slices open and close on the same track; every arrow that ends was started, on a CPU's track.
            final Map<Object, Integer> depth = new HashMap<>();
            for (final Map<String, Object> e : mine)
            {
                if ("B".equals(e.get("ph")))
                {
                    depth.merge(e.get("tid"), 1, Integer::sum);
                }
                else if ("E".equals(e.get("ph")))
                {
                    assertThat(depth.merge(e.get("tid"), -1, Integer::sum)).isNotNegative();
                }
            }
            assertThat(depth.values()).containsOnly(0);
            final Set<Object> started = new HashSet<>();
            final List<Map<String, Object>> ends = new ArrayList<>();
            for (final Map<String, Object> e : mine)
            {
                if ("s".equals(e.get("ph")))
                {
                    assertThat((Double) e.get("tid")).isGreaterThanOrEqualTo(ChromeTrace.DEVICE_TID);
                    started.add(e.get("id"));
                }
                else if ("f".equals(e.get("ph")))
                {
                    assertThat(started).contains(e.get("id"));
                    assertThat((Double) e.get("tid")).isBetween(1.0, 2.0);
                    ends.add(e);
                }
            }
            assertThat(ends).hasSize(started.size()).isNotEmpty();
            assertThat(mine).anyMatch(e -> "assign_int".equals(e.get("name")) && "B".equals(e.get("ph")));
        }
        // The timeline page renders from the same file: a row per track and the arrows.
        final String html = TraceTimeline.render(Files.readString(file), Double.NaN, Double.NaN);
        assertThat(html).contains("NOVA on aarch64").contains("CPU 1").contains("marker-end='url(#arrow)'");
        assertThat(TraceRole.valueOf("WAKE")).isEqualTo(NovaTrace.WAKE.role());
    }
}
