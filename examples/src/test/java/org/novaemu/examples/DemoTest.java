// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.novaemu.x86.X86Machine;

/** The README's demo on a small machine: every interrupt arrives, on its CPU, and the run is deterministic. */
class DemoTest
{
    private static final MsiScenario.Config SMALL = new MsiScenario.Config(8, 12, 6, 20_000, 2_000_000, 7);

    @Test
    void everyRaisedInterruptReachesItsDriverThreadOnItsCpu()
    {
        final MsiScenario.Result r = MsiScenario.run(Arch.X86, SMALL, false);
        assertThat(r.failure()).isNull();
        // 12 devices, each every 15,000 to 25,000 cycles for 2,000,000 cycles: about 1,200 interrupts.
        assertThat(r.raised()).isBetween(900L, 1_700L);
        assertThat(r.delivered()).isEqualTo(r.raised());
        assertThat(r.lost()).isZero();
        assertThat(r.wrongCpu()).isZero();
        assertThat(r.spurious()).isZero();
        assertThat(r.iommuFaults()).isZero();
        assertThat(r.minPerCpu()).isPositive();
        // The kernel's path alone is a few hundred cycles; nothing waits for long on an idle machine.
        assertThat(r.latency().getMinValue()).isGreaterThanOrEqualTo(200);
        assertThat(r.latency().getValueAtPercentile(50)).isLessThan(2_000);
        assertThat(r.latency().getTotalCount()).isEqualTo(r.delivered());
        // create_sm, create_dc ...: 15 boot calls, 4 per CPU, 2 per device, 5 per vector, 1 per thread started,
        // and 4 more.
        assertThat(r.hypercalls()).isEqualTo(15 + 4 * 8 + 2 * 12 + 5 * 72 + 72 + 4);
    }

    @Test
    void devicesOnThreeSegmentsAreRemappedByThreeUnits()
    {
        final MsiScenario s =
            new MsiScenario(Arch.X86, new MsiScenario.Config(4, 9, 4, 20_000, 1_000_000, 5, 3), false);
        assertThat(s.setUp()).isTrue();
        s.machine().engine().runFor(1_000_000);
        s.stop();
        final MsiScenario.Result r = s.result();
        assertThat(r.failure()).isNull();
        assertThat(r.lost()).isZero();
        assertThat(r.wrongCpu()).isZero();
        assertThat(r.raised()).isPositive();
        for (int seg = 0; seg < 3; seg++)
        {
            assertThat(((X86Machine) s.machine()).vtd(seg).remapped()).as("unit %d", seg).isPositive();
            assertThat(((X86Machine) s.machine()).vtd(seg).walks()).as("unit %d write-backs", seg).isPositive();
        }
        assertThat(s.device(8).requesterId() >>> 16).isEqualTo(2);
    }

    @Test
    void aRunShorterThanTheSetUpStepStillRuns()
    {
        final MsiScenario.Result r =
            MsiScenario.run(Arch.X86, new MsiScenario.Config(2, 2, 2, 20_000, 1_000, 1), false);
        assertThat(r.failure()).isNull();
        assertThat(r.lost()).isZero();
    }

    @Test
    void theSameSeedGivesTheSameTraceToTheCycle()
    {
        final MsiScenario.Result a = MsiScenario.run(Arch.X86, SMALL, true);
        final MsiScenario.Result b = MsiScenario.run(Arch.X86, SMALL, true);
        assertThat(a.digest()).isNotZero().isEqualTo(b.digest());
        assertThat(a.raised()).isEqualTo(b.raised());
        assertThat(a.setupCycles()).isEqualTo(b.setupCycles());
        final MsiScenario.Result other =
            MsiScenario.run(Arch.X86, new MsiScenario.Config(8, 12, 6, 20_000, 2_000_000, 8), true);
        assertThat(other.digest()).isNotEqualTo(a.digest());
    }

    @Test
    void optionsAndLimitsNameWhatIsWrong()
    {
        assertThat(Demo.parse(new String[] {"--cpus", "4", "--devices", "3"}).config().cpus()).isEqualTo(4);
        assertThatThrownBy(() -> Demo.parse(new String[] {"--cpu", "4"})).hasMessageContaining("--cpu");
        assertThatThrownBy(() -> Demo.parse(new String[] {"--cpus"})).hasMessageContaining("--cpus needs a value");
        assertThatThrownBy(() -> Demo.parse(new String[] {"--ms", "x"})).hasMessageContaining("--ms");
        assertThatThrownBy(() -> Demo.parse(new String[] {"--cpus", "2000"}))
            .hasMessage("--cpus must be in [1, 1024], was 2000");
        assertThatThrownBy(() -> Demo.parse(new String[] {"--vectors", "0"})).hasMessageStartingWith("--vectors must");
        assertThatThrownBy(() -> Demo.parse(new String[] {"--ms", "0"})).hasMessageStartingWith("--ms must");
        assertThatThrownBy(() -> Demo.parse(new String[] {"--cpus", "-4294967264"})).hasMessageContaining("cpus");
        // 16 CPUs have 16 x 215 vector slots: 256 devices of 16 vectors do not fit.
        assertThatThrownBy(() -> Arch.X86.check(new MsiScenario.Config(16, 256, 16, 1000, 1000, 1)))
            .hasMessageContaining("at least 20 CPUs");
        // 4,096 x 16 fits 1,024 CPUs' slots but not the 65,512 MSI GSIs of a segment: two segments hold it.
        assertThatThrownBy(() -> Arch.X86.check(new MsiScenario.Config(1024, 4096, 16, 1000, 1000, 1)))
            .hasMessageContaining("65512 MSI GSIs");
        assertThat(new MsiScenario.Config(1024, 4096, 16, 1000, 1000, 1, 2).segments()).isEqualTo(2);
        assertThatThrownBy(() -> new MsiScenario.Config(1024, 4096, 32, 1000, 1000, 1, 4))
            .hasMessageContaining("exceed the demo's 65536");
        assertThatThrownBy(() -> Demo.parse(new String[] {"--segments", "17"})).hasMessageContaining("segments");
    }

    @Test
    void helpListsEveryOptionWithItsDefaultAndNoEscapeCodes()
    {
        final Captured c = Captured.run("--help");
        assertThat(c.status).isZero();
        assertThat(c.out).startsWith("Usage: demo").contains("--arch=x86|arm|both", "--cpus=N", "--devices=N",
            "--vectors=N", "--period=CYCLES", "--ms=MS", "--seed=N", "--segments=N", "--help", "--version");
        assertThat(c.out).contains("(default: 32)", "(default: 256)", "(default: 16)", "(default: 40000)",
            "(default: 10)", "(default: 2026)", "(default: both)");
        assertThat(c.out + c.err).doesNotContain("\u001b", "\r");
        assertThat(c.err).isEmpty();
    }

    @Test
    void versionNamesTheProjectVersion()
    {
        final Captured c = Captured.run("--version");
        assertThat(c.status).isZero();
        assertThat(c.out).startsWith("NOVA reference emulator demo ").doesNotContain("unknown", "${");
    }

    @Test
    void aBadOptionExitsWithTwoAndNamesIt()
    {
        final Captured unknown = Captured.run("--cpu", "4");
        assertThat(unknown.status).isEqualTo(2);
        assertThat(unknown.err).contains("--cpu").contains("--help");
        assertThat(unknown.out).isEmpty();
        final Captured range = Captured.run("--devices", "5000");
        assertThat(range.status).isEqualTo(2);
        assertThat(range.err).startsWith("demo: --devices must be in [1, 4096], was 5000");
    }

    @Test
    void aCapturedRunPrintsTheTableAndNoProgressLine()
    {
        final Captured c =
            Captured.run("--arch", "x86", "--cpus", "2", "--devices", "2", "--vectors", "2", "--ms", "1");
        assertThat(c.status).isZero();
        assertThat(c.out).startsWith("NOVA demo: 2 CPUs").containsPattern("(?m)^ +lost +0$");
        assertThat(c.err).isEmpty();
        assertThat(c.out).doesNotContain("\u001b", "\r");
    }

    @Test
    void theProgressLineWaitsAFewSecondsThenRedrawsInPlaceAndIsErased()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintWriter err = new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8));
        final long[] host = {0};
        final ProgressLine p = new ProgressLine(err, () -> host[0], "x86_64");
        host[0] = ProgressLine.FIRST_NANOS - 1;
        p.show(2_000_000, 0, 0, 2_000_000_000L);
        assertThat(bytes.size()).as("nothing before a few seconds").isZero();
        host[0] = ProgressLine.FIRST_NANOS;
        p.show(2_000_000, 0, 0, 2_000_000_000L);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("\rx86_64: setting up, 1.0 ms simulated, 3 s");
        bytes.reset();
        p.show(4_000_000, 20_000_000, 5_000, 2_000_000_000L);
        assertThat(bytes.size()).as("not again within a quarter second").isZero();
        host[0] += ProgressLine.EVERY_NANOS;
        p.show(4_000_000, 20_000_000, 5_000, 2_000_000_000L);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
            .isEqualTo("\rx86_64: 2.0 of 10.0 ms simulated, 5,000 interrupts delivered, 3 s");
        bytes.reset();
        p.clear();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).matches("\r {65}\r");
        bytes.reset();
        ProgressLine.OFF.show(1, 1, 1, 1);
        ProgressLine.OFF.clear();
        assertThat(bytes.size()).isZero();
    }

    /** The demo's exit status and what it printed. */
    private record Captured(int status, String out, String err)
    {
        static Captured run(final String... args)
        {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final int status = Demo.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), null);
            return new Captured(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }
}
