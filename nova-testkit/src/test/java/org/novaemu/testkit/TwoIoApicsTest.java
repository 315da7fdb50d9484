// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.devices.MultiQueueDevice;
import org.novaemu.pci.Topology;
import org.novaemu.x86.X86Machine;
import org.novaemu.x86.nova.Isd;

/** x86 MSIs are GSIs from the HIP's PIN_NUM, 24 per I/O APIC (specification 8.6.7), not from one I/O APIC's 24. */
class TwoIoApicsTest
{
    @Test
    void withTwoIoApicsTheFirstMsiIsGsi48AndWakesItsThread()
    {
        final MultiQueueDevice[] dev = new MultiQueueDevice[1];
        final X86Machine m = X86Machine.builder().cpus(1).ioapics(2)
            .pcie((Topology t, org.novaemu.sim.Engine e) -> dev[0] = t.root().rootPort()
                .add(new MultiQueueDevice("dev0", 1, e))).build();
        final RootScript root = new RootScript(m);
        final IrqThread t = root.msix(root.driverPd(), dev[0], 0, 0, null);
        root.run(50_000_000);
        assertThat(t.attach().status()).isEqualTo(org.novaemu.kernel.Status.SUCCESS);
        assertThat(t.isd()).isEqualTo(new Isd(0, 48).value());
        dev[0].raise(0);
        Runs.until(m, () -> t.wakes() == 1, "the MSI waking its thread", 1_000_000);
    }
}
