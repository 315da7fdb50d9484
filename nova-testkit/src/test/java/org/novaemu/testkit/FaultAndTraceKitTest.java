// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.novaemu.testkit.NovaAssertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.novaemu.bus.IommuFault.Access;
import org.novaemu.bus.IommuFault.Reason;

/** The kit's IOMMU fault and delivery assertions fail naming what they saw; a bed traces only when asked. */
class FaultAndTraceKitTest
{
    @Test
    void faultAssertionsNameTheFaultsTheySaw()
    {
        final TestBed bed = TestBed.of(Arch.X86, 1, 2, 1);
        final IrqThread t = bed.root().msix(bed.root().driverPd(), bed.device(0), 0, 0, null);
        bed.root().run(10_000_000);
        assertThat(bed.machine().iommuFaults()).hasNoFaults();
        assertThat(bed.device(0).dmaRead(Arch.X86.kernelMemory(), 8)).isEqualTo(-1L);
        assertThat(bed.machine().iommuFaults()).hasFaults(1).onlyFrom(bed.device(0))
            .refused(bed.device(0), Access.READ, Reason.TRANSLATION).refused(Access.READ, Reason.TRANSLATION);
        assertThatThrownBy(() -> assertThat(bed.machine().iommuFaults()).onlyFrom(bed.device(1)))
            .hasMessageContaining("Expected faults only from [0000:01:00.1 dev1]")
            .hasMessageContaining("VTD read from source 0x");
        assertThatThrownBy(() -> assertThat(bed.machine().iommuFaults()).refused(bed.device(0), Access.WRITE,
            Reason.TRANSLATION)).hasMessageContaining("Expected a WRITE from 0000:01:00.0 dev0 refused for");
        assertThatThrownBy(() -> assertThat(bed.machine().iommuFaults()).hasNoFaults())
            .hasMessageContaining("Expected 0 IOMMU faults, but there were 1");
        assertThat(bed.interceptor()).deliveredNothingTo(t);
        bed.device(0).raise(0);
        bed.runUntil(() -> t.wakes() == 1, "the thread waking", 100_000);
        assertThatThrownBy(() -> assertThat(bed.interceptor()).deliveredNothingTo(t))
            .hasMessageContaining("Expected no interrupt to reach interrupt thread");
    }

    @Test
    void aBedWithoutTracingSaysHowToTurnItOn(@TempDir final Path dir) throws Exception
    {
        final TestBed bed = TestBed.of(Arch.ARM, 1, 0, 1);
        assertThat(bed.traced()).isFalse();
        assertThatThrownBy(() -> bed.writeChromeTrace(dir.resolve("t.json"))).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("@NovaMachine(trace = true)");
        final TestBed traced = TestBed.of(Arch.ARM, 1, 0, 1, true);
        traced.root().run(10_000_000);
        assertThat(traced.trace()).isNotEmpty();
        final ChromeTraceFile file = ChromeTraceFile.read(traced.writeChromeTrace(dir.resolve("t.json")));
        assertThat(file.processes()).containsExactly("NOVA on aarch64");
        assertThat(file.count("create_sm")).isPositive();
        assertThat(file.flows()).isEmpty();
        Files.writeString(dir.resolve("x.json"), "{\"events\":[]}");
        assertThatThrownBy(() -> ChromeTraceFile.read(dir.resolve("x.json")))
            .hasMessageContaining("no traceEvents array");
    }
}
