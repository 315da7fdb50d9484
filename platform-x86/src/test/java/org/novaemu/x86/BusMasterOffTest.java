// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.novaemu.devices.MultiQueueDevice;
import org.novaemu.pci.PciFunction;
import org.novaemu.sim.Failure;
import org.novaemu.sim.StrictModeException;

/**
 * A device that tries DMA with bus mastering off is dropped, as PCI says, and no longer silently: strict mode names
 * the device and the address (decision U22); once per time bus mastering is off.
 */
class BusMasterOffTest
{
    private final PciFunction[] f = new PciFunction[1];
    private final X86Machine m = X86Machine.builder()
        .pcie((t, e) -> f[0] = t.root().rootPort().add(new MultiQueueDevice("nic", 4, e))).build();

    @Test
    void strictModeNamesTheDeviceThatForgotBusMastering()
    {
        m.strict(true);
        assertThat(f[0].dmaWrite(0x10_0000L, 8, 1)).isFalse();
        assertThat(f[0].dmaWrite(0x10_0008L, 8, 1)).isFalse(); // reported once
        assertThatThrownBy(() -> m.engine().runFor(1_000)).isInstanceOfSatisfying(StrictModeException.class, e -> {
            assertThat(e.failure()).isEqualTo(Failure.BUS_MASTER_OFF);
            assertThat(e.getMessage()).contains("nic", "0x100000", "Bus Master Enable off");
        });
        m.engine().runFor(1_000);
        assertThat(m.bus().memory().read64(0x10_0000L)).isZero();
        assertThat(m.stats().get("system.pci0000.01.00.0.dmaBytes")).as("nothing left the function").isZero();

        PciDriver.enable(m, f[0]);
        assertThat(f[0].dmaWrite(0x10_0000L, 8, 1)).isFalse(); // no DMA space: VT-d refuses it
        assertThat(m.stats().get("system.pci0000.01.00.0.dmaBytes")).isEqualTo(8);
    }
}
