// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.novaemu.devices.MultiQueueDevice;
import org.novaemu.devices.PinDevice;
import org.novaemu.kernel.HipField;
import org.novaemu.pci.PciFunction;
import org.novaemu.pci.Topology;

/** The machine builder: its PCIe segment as firmware leaves it, the PC's INTx routing, its limits. */
class X86MachineTest
{
    @Test
    void firmwareHasAssignedTheBarsAndEcamReachesEveryFunction()
    {
        final MultiQueueDevice[] nics = new MultiQueueDevice[2];
        final X86Machine m = X86Machine.builder().cpus(2)
            .pcie((t, e) -> {
                final Topology.Downstream port = t.root().rootPort();
                nics[0] = port.add(new MultiQueueDevice("nic0", 16, e));
                nics[1] = port.add(new MultiQueueDevice("nic1", 16, e));
            })
            .build();
        final PciFunction nic = nics[1];
        assertThat(nic.bdf()).isEqualTo(0x0101);
        final long ecam = X86Machine.ECAM_BASE + ((long) nic.bdf() << 12);
        assertThat(m.bus().read(ecam, 4)).isEqualTo(0x0100L << 16 | MultiQueueDevice.VENDOR);
        assertThat(nics[0].barAddress(0)).isEqualTo(X86Machine.MMIO64_BASE);
        assertThat(nic.barAddress(0)).isGreaterThan(nics[0].barAddress(2));
        assertThat(m.bus().read(nic.barAddress(0) + MultiQueueDevice.Register.QUEUES.offset(), 4)).isEqualTo(16);
        assertThat(nic.busMaster()).isFalse();
        assertThat(m.segment().functions()).hasSize(4); // host bridge, root port, two devices
    }

    @Test
    void intxOfRootBusDeviceDReachesIoApicPinSixteenPlusDPlusPinMinusOneModFour()
    {
        final PinDevice[] dev = new PinDevice[1];
        final X86Machine m = X86Machine.builder()
            .pcie((t, e) -> dev[0] = t.root().rootPort().add(new PinDevice("pin")))
            .build();
        // Behind the root port (root-bus device 1), INTA# stays INTA# at the port and reaches pin 17.
        final int before = (int) m.ioapic().entry(17);
        dev[0].setIntx(true);
        assertThat(m.ioapic().inputLevel(17)).isTrue();
        assertThat(m.ioapic().inputLevel(16)).isFalse();
        dev[0].setIntx(false);
        assertThat(m.ioapic().inputLevel(17)).isFalse();
        assertThat((int) m.ioapic().entry(17)).isEqualTo(before);
    }

    @Test
    void theBuilderNamesWhatIsWrongAndTheHipWhatIsThere()
    {
        assertThatThrownBy(() -> X86Machine.builder().cpus(1025)).hasMessageContaining("cpus");
        assertThatThrownBy(() -> X86Machine.builder().kernelMemory(1L << 20)).hasMessageContaining("kernelMemory");
        assertThatThrownBy(() -> X86Machine.builder().pcie(null)).hasMessageContaining("pcie");
        final X86Machine m = X86Machine.builder().gsis(4096).kernelMemory(128L << 20).build();
        assertThat(m.kernel().hip().get(HipField.X86_GSI_NUM)).isEqualTo(4096);
        assertThat(m.kernel().platform().layout().kernelMemorySize()).isEqualTo(128L << 20);
    }
}
