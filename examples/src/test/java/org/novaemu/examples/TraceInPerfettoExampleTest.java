// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novaemu.testkit.Arch;
import org.novaemu.testkit.ChromeTraceFile;
import org.novaemu.testkit.NovaMachine;
import org.novaemu.testkit.TestBed;

/**
 * Issue 14, story 5 with the test kit: record a trace of a test's machine and open it in Perfetto. The machine traces
 * from the start ({@code trace = true}); {@link TestBed#writeChromeTrace} writes the Chrome trace JSON. To look at
 * it, write it somewhere that outlives the test (say {@code Path.of("target/msi-trace.json")}), open
 * https://ui.perfetto.dev in a browser, choose "Open trace file" and pick the file (nothing is uploaded: the UI
 * reads it locally), or load it in chrome://tracing. Each CPU and each device is a track; hypercalls and interrupt
 * entries are slices; an arrow leads from each device's raise to the interrupt entry that woke its thread.
 */
class TraceInPerfettoExampleTest
{
    @Test
    @NovaMachine(arch = Arch.X86, cpus = 2, devices = 2, vectors = 2, trace = true)
    void onX86(final TestBed bed, @TempDir final Path dir)
    {
        raisesShowAsArrowsFromTheDevicesToTheCpus(bed, dir.resolve("msi-trace.json"));
    }

    @Test
    @NovaMachine(arch = Arch.ARM, cpus = 2, devices = 2, vectors = 2, trace = true)
    void onArm(final TestBed bed, @TempDir final Path dir)
    {
        raisesShowAsArrowsFromTheDevicesToTheCpus(bed, dir.resolve("msi-trace.json"));
    }

    private static void raisesShowAsArrowsFromTheDevicesToTheCpus(final TestBed bed, final Path file)
    {
        for (int d = 0; d < 2; d++)
        {
            bed.root().msix(bed.root().driverPd(), bed.device(d), 0, d, null); // device d's vector 0 to CPU d
        }
        bed.root().run(10_000_000);
        bed.device(0).raise(0);
        bed.device(1).raise(0);
        bed.runUntil(() -> bed.root().threads().stream().allMatch(t -> t.wakes() == 1), "both waking", 100_000);
        final ChromeTraceFile trace = ChromeTraceFile.read(bed.writeChromeTrace(file));
        assertThat(trace.processes()).containsExactly("NOVA on " + (bed.arch() == Arch.X86 ? "x86_64" : "aarch64"));
        assertThat(trace.tracks()).contains("CPU 0", "CPU 1", "device dev0", "device dev1");
        assertThat(trace.count("assign_int")).isEqualTo(2);
        assertThat(trace.flows()).extracting(ChromeTraceFile.Flow::from, ChromeTraceFile.Flow::to)
            .containsExactly(tuple("device dev0", "CPU 0"), tuple("device dev1", "CPU 1"));
    }
}
