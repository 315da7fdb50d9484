// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.novaemu.arm.ArmMachine;
import org.novaemu.arm.SmmuModel;
import org.novaemu.devices.MultiQueueDevice;
import org.novaemu.kernel.Status;
import org.novaemu.pci.Topology;

/** On an SMMUv2 machine the kit writes the SMMUv2 DTD (specification 7.6.7.2), a group and bank per device. */
class SmmuV2DtdTest
{
    @Test
    void twoDevicesGetTheirOwnGroupAndBankAndTheirMsisWake()
    {
        final MultiQueueDevice[] dev = new MultiQueueDevice[2];
        final ArmMachine m = ArmMachine.builder().cpus(1).its(true).spis(96).smmu(SmmuModel.V2)
            .pcie((Topology t, org.novaemu.sim.Engine e) -> {
                final Topology.Downstream port = t.root().rootPort();
                dev[0] = port.add(new MultiQueueDevice("dev0", 1, e));
                dev[1] = port.add(new MultiQueueDevice("dev1", 1, e));
            }).build();
        final long[] first = Arch.ARM.dtd(m, dev[0].bdf(), 0);
        final long[] second = Arch.ARM.dtd(m, dev[1].bdf(), 1);
        assertThat(first[1]).isEqualTo(ArmMachine.SMMUV2_BASE);
        assertThat(second[1]).isEqualTo(ArmMachine.SMMUV2_BASE | 1);
        assertThat(second[2]).isEqualTo(ArmMachine.GITS_BASE | 1);
        assertThat(first[0] >>> 16 & 0xffff).as("SIDmask").isZero();
        final RootScript root = new RootScript(m);
        final DriverPd driver = root.driverPd();
        final IrqThread a = root.msix(driver, dev[0], 0, 0, null);
        final IrqThread b = root.msix(driver, dev[1], 0, 0, null);
        root.run(50_000_000);
        assertThat(b.attach().status()).isEqualTo(Status.SUCCESS);
        dev[0].raise(0);
        dev[1].raise(0);
        Runs.until(m, () -> a.wakes() == 1 && b.wakes() == 1, "both MSIs waking their threads", 1_000_000);
        assertThatThrownBy(() -> Arch.ARM.dtd(m, dev[0].bdf(), 32)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("SMG_NUM 32").hasMessageContaining("CTX_NUM 8");
        assertThatThrownBy(() -> Arch.ARM.dtd(TestBed.of(Arch.X86, 1, 0, 1).machine(), 0, 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m must be an ArmMachine");
    }
}
