// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
        window.attach(bus);
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

    @Test
    void aRelocatedApicPageMovesForItsCpuOnlyAndHidesTheRamBelowFromIt()
    {
        final long moved = 0x0800_0000L;
        final Engine e = Engine.builder().build();
        final Bus b = new Bus(new PhysicalMemory(), e.trace());
        b.mapRam("ram", 0, 0x1000_0000L);
        b.memory().write32(moved + ApicRegister.ID.offset(), 0xabcd);
        final LocalApic[] two = new LocalApic[2];
        final long[] got = new long[5];
        e.addCpu(s -> {
            got[0] = b.read(moved + ApicRegister.ID.offset(), 4);          // RAM: CPU 0's APIC did not move
            s.block();
        }, true);
        e.addCpu(s -> {
            assertThat(two[1].writeMsr(ApicRegister.MSR_APIC_BASE, moved | LocalApic.BASE_ENABLE)).isTrue();
            got[1] = b.read(moved + ApicRegister.ID.offset(), 4);          // its own APIC, at the new base
            got[2] = b.read(MsiMessage.BASE + ApicRegister.ID.offset(), 4); // nothing of it at the old one
            b.write(moved + ApicRegister.SVR.offset(), 4, LocalApic.SVR_ENABLE | 0xff);
            got[3] = b.read(moved + ApicRegister.SVR.offset(), 4);
            got[4] = b.read(moved + ApicRegister.ID.offset(), 8);          // not a 32-bit access: RAM's
            s.block();
        }, true);
        for (int i = 0; i < 2; i++)
        {
            two[i] = new LocalApic(i, i == 0, e, new ApicBus(), new LocalApicTest.Core());
        }
        new ApicWindow(e, two, new ApicBus()).attach(b);
        e.runUntil(1_000);
        assertThat(got).containsExactly(0xabcdL, 1L << 24, 0L, (long) (LocalApic.SVR_ENABLE | 0xff), 0xabcdL);
        assertThat(two[1].enabled()).isTrue();
        assertThat(two[1].baseAddress()).isEqualTo(moved);
        assertThat(two[0].baseAddress()).isEqualTo(LocalApic.DEFAULT_BASE);
        assertThat(b.memory().read32(moved + ApicRegister.SVR.offset())).isZero(); // the write did not reach RAM
    }
}
