// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.machine.Stats;
import org.novaemu.pci.Header;
import org.novaemu.pci.PciFunction;

/** The Arm machine's statistics name its SMMU's and its ITS's caches (decision U24). */
class ArmStatsTest
{
    private final PciFunction[] f = new PciFunction[1];

    @Test
    void smmuAndItsCountersAreThereAndCount()
    {
        final ArmMachine m = ArmMachine.builder().cpus(2).its(true).smmu(true)
            .pcie((t, e) -> f[0] = t.root().rootPort().add(new PciFunction("a", 0x1b36, 1, 0xff0000, false, 0)))
            .build();
        m.bus().write(ArmMachine.ecam(0) + ((long) f[0].bdf() << 12) + Header.COMMAND.offset(), 2,
            Header.COMMAND_BUS_MASTER);
        assertThat(f[0].dmaWrite(ArmMachine.RAM_BASE, 8, 1)).isFalse(); // NOVA assigned it nothing
        m.engine().runFor(10_000);
        final Stats s = m.stats();
        assertThat(s.get("system.smmu.tlb.hits") + s.get("system.smmu.tlb.misses")).isZero();
        assertThat(s.has("system.smmu.ste.misses")).isTrue();
        assertThat(s.has("system.its.cache.hits")).isTrue();
        assertThat(s.has("system.vtd0.iotlb.hits")).isFalse();
        assertThat(s.get("system.iommu.faults")).isEqualTo(1);
        assertThat(s.get("system.cpu0.hypercalls")).isZero();
        assertThat(s.get("system.cpu1.cycles.idle") + s.get("system.cpu1.cycles.busy")).isEqualTo(s.get("sim.cycles"));
        assertThat(s.get("system.pci0000.01.00.0.dmaBytes")).isEqualTo(8);
    }
}
