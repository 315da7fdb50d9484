// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.vtd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.novaemu.bus.AccessRule;
import org.novaemu.bus.Bus;
import org.novaemu.bus.RequesterId;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.sim.Engine;
import org.novaemu.x86.apic.ApicBus;
import org.novaemu.x86.apic.ApicWindow;
import org.novaemu.x86.apic.CpuPins;
import org.novaemu.x86.apic.Delivery;
import org.novaemu.x86.apic.LocalApic;
import org.novaemu.x86.apic.MsiAddress;

/** VT-d interrupt remapping between devices' messages and four local APICs. */
class InterruptRemappingTest
{
    private static final long REGS = 0xfed9_0000L;
    private static final long IRT = 0x40000;
    private static final long QUEUE = 0x50000;
    private static final long DEV = RequesterId.pci(0, 1, 0, 0);
    private static final long OTHER = RequesterId.pci(0, 1, 1, 0);

    private final Engine engine = Engine.builder().build();
    private final Bus bus = new Bus(new PhysicalMemory(), engine.trace());
    private final Vtd vtd = new Vtd(0, RequesterId.pci(0, 0, 0x1f, 7), bus);
    private final ApicBus apicBus = new ApicBus();
    private final LocalApic[] apics = new LocalApic[4];
    private final PhysicalMemory mem = bus.memory();
    private int queueTail;

    @BeforeEach
    void machine()
    {
        bus.mapRam("ram", 0, 0x8000_0000L);
        bus.mapMmio("dmar", REGS, 0x1000, vtd, AccessRule.DWORD_QWORD);
        final CpuPins none = new CpuPins()
        {
        };
        for (int i = 0; i < 4; i++)
        {
            apics[i] = new LocalApic(i, i == 0, engine, apicBus, none);
            apics[i].write(0xf0, LocalApic.SVR_ENABLE | 0xff);
        }
        final ApicWindow window = new ApicWindow(engine, apics, apicBus);
        window.setRemapper(vtd);
        vtd.connect(apicBus);
        bus.mapMmio("apic", MsiAddress.BASE, MsiAddress.SIZE, window, AccessRule.DWORD);
        bus.setTranslation(vtd);
        irte(5, 2L << 40 | 0x61L << 16 | 1, 1L << 18 | 0x0100);     // APIC 2, vector 0x61, verify 01:00.0
        bus.write(REGS + 0xb8, 8, IRT | 7);                           // 256 entries, xAPIC destinations
        bus.write(REGS + 0x18, 4, Vtd.SIRTP);
        bus.write(REGS + 0x90, 8, QUEUE);
        bus.write(REGS + 0x18, 4, Vtd.QIE | Vtd.IRE);
    }

    private void irte(final int index, final long lo, final long hi)
    {
        mem.write64(IRT + 16L * index, lo);
        mem.write64(IRT + 16L * index + 8, hi);
    }

    private boolean requested(final int apic, final int vector)
    {
        return apics[apic].requested(vector);
    }

    private int lastFaultReason()
    {
        for (int i = Vtd.FAULT_RECORDS - 1; i >= 0; i--)
        {
            final long high = bus.read(REGS + Vtd.FRCD + 16 * i + 8, 8);
            if (high < 0)
            {
                return (int) (high >>> 32) & 0xff;
            }
        }
        return 0;
    }

    @Test
    void aRemappableMessageIsDeliveredAsItsEntrySays()
    {
        assertThat(bus.read(REGS + 0x1c, 4) & (Vtd.IRE | 1 << 24)).isEqualTo(Vtd.IRE | 1 << 24);
        bus.signalMessage(DEV, MsiAddress.remappable(5, false), 0);
        assertThat(requested(2, 0x61)).isTrue();
        bus.signalMessage(DEV, MsiAddress.remappable(4, true), 1); // handle 4 + sub-handle 1
        assertThat(vtd.remapped()).isEqualTo(2);
        assertThat(vtd.faults()).isZero();
    }

    @Test
    void badRequestsAreBlockedAndRecordedWithTheirIndex()
    {
        bus.signalMessage(OTHER, MsiAddress.remappable(5, false), 0);
        assertThat(lastFaultReason()).isEqualTo(Vtd.FR_IR_SOURCE);
        assertThat(bus.read(REGS + Vtd.FRCD, 8) >>> 48).isEqualTo(5);
        assertThat(requested(2, 0x61)).isFalse();
        bus.write(REGS + Vtd.FRCD + 12, 4, 1L << 31);
        bus.signalMessage(DEV, MsiAddress.remappable(300, false), 0);
        assertThat(lastFaultReason()).isEqualTo(Vtd.FR_IR_INDEX);
        bus.write(REGS + Vtd.FRCD + 16 + 12, 4, 1L << 31);
        bus.signalMessage(DEV, MsiAddress.remappable(6, false), 0);
        assertThat(lastFaultReason()).isEqualTo(Vtd.FR_IR_NOT_PRESENT);
        bus.write(REGS + Vtd.FRCD + 32 + 12, 4, 1L << 31);
        // Compatibility format is blocked until CFI is set.
        bus.signalMessage(DEV, MsiAddress.compatible(1, false), MsiAddress.data(0x71, Delivery.FIXED, false));
        assertThat(lastFaultReason()).isEqualTo(Vtd.FR_IR_COMPATIBILITY);
        assertThat(requested(1, 0x71)).isFalse();
        bus.write(REGS + 0x18, 4, Vtd.QIE | Vtd.IRE | Vtd.CFI);
        bus.signalMessage(DEV, MsiAddress.compatible(1, false), MsiAddress.data(0x71, Delivery.FIXED, false));
        assertThat(requested(1, 0x71)).isTrue();
    }

    @Test
    void cachedEntriesLastUntilAnIecInvalidationAndBusRangesVerify()
    {
        bus.signalMessage(DEV, MsiAddress.remappable(5, false), 0);
        irte(5, 3L << 40 | 0x62L << 16 | 1, 2L << 18 | 0x0102);     // APIC 3, vector 0x62, buses 1 to 2
        bus.signalMessage(DEV, MsiAddress.remappable(5, false), 0);
        assertThat(requested(3, 0x62)).isFalse(); // the cached entry is still used
        mem.write64(QUEUE, 4 | 1 << 4 | 5L << 32);                  // IEC, index 5
        bus.write(REGS + 0x88, 8, 1 << 4);
        bus.signalMessage(OTHER, MsiAddress.remappable(5, false), 0);
        assertThat(requested(3, 0x62)).isTrue();
        bus.signalMessage(RequesterId.pci(0, 3, 0, 0), MsiAddress.remappable(5, false), 0);
        assertThat(lastFaultReason()).isEqualTo(Vtd.FR_IR_SOURCE);
    }

    @Test
    void theUnitsOwnFaultEventIsNotRemappedAndSubHandlesDoNotWrap()
    {
        bus.write(REGS + 0x3c, 4, 0x66);             // fault event: vector 0x66 to APIC 0, compatibility format
        bus.write(REGS + 0x40, 4, 0xfee0_0000L);
        bus.write(REGS + 0x38, 4, 0);
        bus.signalMessage(DEV, MsiAddress.remappable(0xffff, true), 2); // index 0x10001: beyond the table
        assertThat(lastFaultReason()).isEqualTo(Vtd.FR_IR_INDEX);
        assertThat(requested(0, 0x66)).isTrue();
        assertThat(bus.read(REGS + 0x34, 4) >>> 8 & 0xff).isZero(); // FRI: the first pending record
    }

    @Test
    void badQueueTailsAndStatusAddressesStopTheQueueWithoutHarm()
    {
        mem.write64(QUEUE, 5 | 1 << 5 | 1L << 32);
        mem.write64(QUEUE + 8, 0xffff_ffff_ffff_fffcL);  // a status address beyond memory: the write is refused
        bus.write(REGS + 0x88, 8, 1 << 4);
        assertThat(bus.read(REGS + 0x80, 8)).isEqualTo(1 << 4);
        bus.write(REGS + 0x88, 8, 0x1000);                // beyond a 256-entry queue
        assertThat(bus.read(REGS + 0x34, 4) & Vtd.IQE).isNotZero();
        assertThat(bus.read(REGS + 0x80, 8)).isEqualTo(1 << 4);
    }

    @Test
    void x2apicDestinationsNeedEim()
    {
        for (int i = 0; i < 4; i++)
        {
            final long base = LocalApic.DEFAULT_BASE | LocalApic.BASE_ENABLE | (i == 0 ? LocalApic.BASE_BSP : 0);
            apics[i].writeMsr(0x1b, base | LocalApic.BASE_EXTD);
        }
        irte(7, 3L << 32 | 0x63L << 16 | 1, 0);
        bus.write(REGS + 0xb8, 8, IRT | 1 << 11 | 7);
        bus.write(REGS + 0x18, 4, Vtd.QIE | Vtd.IRE | Vtd.SIRTP);
        bus.signalMessage(DEV, MsiAddress.remappable(7, false), 0);
        assertThat(requested(3, 0x63)).isTrue();
        // Without EIM the same entry's destination bits 39:32 are reserved.
        bus.write(REGS + 0xb8, 8, IRT | 7);
        bus.write(REGS + 0x18, 4, Vtd.QIE | Vtd.IRE | Vtd.SIRTP);
        bus.signalMessage(DEV, MsiAddress.remappable(7, false), 0);
        assertThat(lastFaultReason()).isEqualTo(Vtd.FR_IR_RESERVED);
    }
}
