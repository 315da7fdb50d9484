// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.novaemu.bus.AccessRule;
import org.novaemu.bus.Bus;
import org.novaemu.bus.RequesterId;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.sim.Engine;

/** The APIC page seen by each CPU, and the same window as the interrupt message sink for devices. */
class ApicWindowTest
{
    private final Engine engine = Engine.builder().build();
    private final Bus bus = new Bus(new PhysicalMemory(), engine.trace());
    private final ApicBus apicBus = new ApicBus();
    private final LocalApic[] apics = new LocalApic[2];
    private final long[] seen = new long[2];
    private ApicWindow window;

    @BeforeEach
    void machine()
    {
        for (int i = 0; i < 2; i++)
        {
            final int cpu = i;
            engine.addCpu(s -> {
                seen[cpu] = bus.read(MsiMessage.BASE + ApicRegister.ID.offset(), 4);
                bus.write(MsiMessage.BASE + ApicRegister.SVR.offset(), 4, LocalApic.SVR_ENABLE | 0xff);
                s.block();
            }, true);
            apics[i] = new LocalApic(i, i == 0, engine, apicBus, new LocalApicTest.Core());
        }
        window = new ApicWindow(engine, apics, apicBus);
        bus.mapMmio("apic", MsiMessage.BASE, MsiMessage.SIZE, window, AccessRule.DWORD);
        engine.runUntil(1_000);
    }

    @Test
    void eachCpuSeesItsOwnApic()
    {
        assertThat(seen).containsExactly(0L, 1L << 24);
        assertThat(apics[1].enabled()).isTrue();
        // Outside a CPU's run there is no current CPU: a CPU access reads zero.
        assertThat(bus.read(MsiMessage.BASE + ApicRegister.ID.offset(), 4)).isZero();
    }

    @Test
    void aDeviceSendsACompatibilityMessageAndARemappableOneIsDropped()
    {
        final long device = RequesterId.pci(0, 1, 0, 0);
        final MsiMessage msi = MsiMessage.compatibility(1, false, 0x45, Delivery.FIXED, false);
        bus.signalMessage(device, msi.address(), msi.data());
        assertThat(apics[1].requested(0x45)).isTrue();
        assertThat(apics[0].requested(0x45)).isFalse();
        bus.signalMessage(device, MsiMessage.remappableAddress(0x1234, false), 0x45);
        assertThat(window.dropped()).isEqualTo(1);
    }
}
