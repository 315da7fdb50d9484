// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.bus.AccessRule;
import org.novaemu.bus.Bus;
import org.novaemu.bus.RequesterId;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.sim.Engine;

/** The APIC page seen by each CPU, and the same window as the interrupt message sink for devices. */
class ApicWindowTest
{
    @Test
    void eachCpuSeesItsOwnApicAndDevicesSendMessages()
    {
        final Engine engine = Engine.builder().build();
        final Bus bus = new Bus(new PhysicalMemory(), engine.trace());
        final ApicBus apicBus = new ApicBus();
        final LocalApic[] apics = new LocalApic[2];
        final long[] seen = new long[2];
        for (int i = 0; i < 2; i++)
        {
            final int cpu = i;
            engine.addCpu(s -> {
                seen[cpu] = bus.read(MsiAddress.BASE + 0x20, 4);
                bus.write(MsiAddress.BASE + 0xf0, 4, LocalApic.SVR_ENABLE | 0xff);
                s.block();
            }, true);
            apics[i] = new LocalApic(i, i == 0, engine, apicBus, new LocalApicTest.Core());
        }
        final ApicWindow window = new ApicWindow(engine, apics, apicBus);
        bus.mapMmio("apic", MsiAddress.BASE, MsiAddress.SIZE, window, AccessRule.DWORD);
        engine.runUntil(1_000);
        assertThat(seen).containsExactly(0L, 1L << 24);
        assertThat(apics[1].enabled()).isTrue();

        final long device = RequesterId.pci(0, 1, 0, 0);
        bus.signalMessage(device, MsiAddress.compatible(1, false), MsiAddress.data(0x45, Delivery.FIXED, false));
        assertThat(apics[1].requested(0x45)).isTrue();
        assertThat(apics[0].requested(0x45)).isFalse();
        bus.signalMessage(device, MsiAddress.remappable(0x1234, false), 0x45);
        assertThat(window.dropped()).isEqualTo(1);
        assertThat(MsiAddress.index(MsiAddress.remappable(0x8001, true), 0x10)).isEqualTo(0x8011);
        assertThat(MsiAddress.index(MsiAddress.remappable(0x8001, false), 0x10)).isEqualTo(0x8001);
        // Outside a CPU's run there is no current CPU: a CPU access reads zero.
        assertThat(bus.read(MsiAddress.BASE + 0x20, 4)).isZero();
    }
}
