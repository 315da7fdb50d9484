// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.devices.MultiQueueDevice;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.Status;
import org.novaemu.machine.Stats;
import org.novaemu.pci.PciFunction;

/**
 * The gem5-style statistics of an x86 run (decision U24): a device's MSI-X messages through interrupt remapping,
 * counted at the device, the unit's interrupt entry cache, the CPU that takes them, and the hypercalls made.
 */
class StatsTest
{
    private static final long DC = 32;
    private static final long SM = 34;
    private static final int GSI = 40;

    private final PciFunction[] f = new PciFunction[1];
    private final X86Machine m = X86Machine.builder().cpus(2)
        .pcie((t, e) -> f[0] = t.root().rootPort().add(new MultiQueueDevice("nic", 4, e))).build();

    @Test
    void messagesAreCountedAtEveryStage()
    {
        final MultiQueueDevice d = (MultiQueueDevice) f[0];
        Script.ok(m.kernel(), u -> Calls.createDc(u, DC, Kernel.ROOT_PD, d.requesterId(), X86Machine.VTD_BASE, 0));
        Script.ok(m.kernel(), u -> Calls.createInterruptSm(u, SM, Kernel.ROOT_PD, GSI));
        final Ec root = m.kernel().rootEc();
        Calls.assignInt(root, SM, DC, true, 1, 0, 0);
        assertThat(m.kernel().hypercall(root)).isEqualTo(Status.SUCCESS);
        PciDriver.msix(m, d, 0, root.param(1), root.param(2));
        final Stats before = m.stats();
        for (int i = 0; i < 3; i++)
        {
            d.raise(0);
            m.engine().runFor(10_000);
        }
        final Stats s = m.stats();
        final String nic = "system.pci0000.01.00.0.";
        assertThat(s.get(nic + "raises")).isEqualTo(3);
        assertThat(s.get(nic + "msis")).isEqualTo(3);
        assertThat(s.get("system.vtd0.iec.misses") - before.get("system.vtd0.iec.misses")).isEqualTo(1);
        assertThat(s.get("system.vtd0.iec.hits") - before.get("system.vtd0.iec.hits")).isEqualTo(2);
        assertThat(s.get("system.vtd0.remapped")).isEqualTo(3);
        assertThat(s.get("system.cpu1.interrupts")).isEqualTo(3);
        assertThat(s.get("system.cpu1.interruptEntries")).isBetween(1L, 3L);
        assertThat(s.get("system.cpu0.hypercalls.create_dc.success")).isEqualTo(1);
        assertThat(s.get("system.cpu0.hypercalls.assign_int.success")).isEqualTo(1);
        assertThat(s.get("system.cpu1.cycles.busy") + s.get("system.cpu1.cycles.idle")).isEqualTo(s.get("sim.cycles"));
        assertThat(s.get("system.cpu1.cycles.kernel")).isPositive()
            .isLessThanOrEqualTo(s.get("system.cpu1.cycles.busy"));
        assertThat(s.get("system.iommu.faults")).isZero();
    }

    @Test
    void theDumpsAreGem5TextAndJsonInAFixedOrder()
    {
        m.engine().runFor(1_000);
        final Stats s = m.stats();
        assertThat(s.all().get(0).name()).isEqualTo("sim.cycles");
        assertThat(s.toText()).startsWith("\n---------- Begin Simulation Statistics ----------\n")
            .containsPattern("(?m)^sim\\.cycles +1000  # simulated time \\(cycles\\)$")
            .containsPattern("(?m)^system\\.cpu1\\.cycles\\.idle +1000  # cycles halted with nothing ready$")
            .endsWith("---------- End Simulation Statistics   ----------\n");
        assertThat(s.toJson()).startsWith("{\n  \"stats\": [\n    {\"name\": \"sim.cycles\", \"value\": 1000, "
            + "\"desc\": \"simulated time (cycles)\"},\n").endsWith("}\n  ]\n}\n");
        assertThat(m.stats().toJson()).isEqualTo(s.toJson()); // nothing ran: the same snapshot
    }
}
