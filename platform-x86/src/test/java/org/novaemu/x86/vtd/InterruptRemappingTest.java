// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.vtd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.novaemu.bus.AccessRule;
import org.novaemu.bus.Bus;
import org.novaemu.bus.RequesterId;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.sim.Engine;
import org.novaemu.trace.TraceRecord;
import org.novaemu.x86.X86Trace;
import org.novaemu.x86.apic.ApicBus;
import org.novaemu.x86.apic.ApicRegister;
import org.novaemu.x86.apic.ApicWindow;
import org.novaemu.x86.apic.CpuPins;
import org.novaemu.x86.apic.Delivery;
import org.novaemu.x86.apic.LocalApic;
import org.novaemu.x86.apic.MsiMessage;

/** VT-d interrupt remapping between devices' messages and four local APICs. */
class InterruptRemappingTest
{
    private static final long REGS = 0xfed9_0000L;
    private static final long IRT = 0x40000;
    private static final long QUEUE = 0x50000;
    private static final long DEV = RequesterId.pci(0, 1, 0, 0);
    private static final long OTHER = RequesterId.pci(0, 1, 1, 0);
    /** IRTA: the table at IRT with 256 entries (S 7), xAPIC destinations. */
    private static final long IRTA_XAPIC = IRT | 7;
    /** IRTA: the same with x2APIC destinations (EIME). */
    private static final long IRTA_X2APIC = IRT | 1 << 11 | 7;

    private final Engine engine = Engine.builder().build();
    private final Bus bus = new Bus(new PhysicalMemory(), engine.trace());
    private final Vtd vtd = new Vtd(0, RequesterId.pci(0, 0, 0x1f, 7), bus);
    private final ApicBus apicBus = new ApicBus();
    private final LocalApic[] apics = new LocalApic[4];
    private final PhysicalMemory mem = bus.memory();

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
            apics[i].write(ApicRegister.SVR.offset(), LocalApic.SVR_ENABLE | 0xff);
        }
        final ApicWindow window = new ApicWindow(engine, apics, apicBus);
        window.setRemapper(vtd);
        vtd.connect(apicBus);
        window.attach(bus);
        bus.setTranslation(vtd);
        irte(5, 2L << 40 | 0x61L << 16 | 1, 1L << 18 | 0x0100);     // APIC 2, vector 0x61, verify 01:00.0
        write(VtdRegister.IRTA, 8, IRTA_XAPIC);
        write(VtdRegister.GCMD, 4, Vtd.SIRTP);
        write(VtdRegister.IQA, 8, QUEUE);
        write(VtdRegister.GCMD, 4, Vtd.QIE | Vtd.IRE);
    }

    private void write(final VtdRegister r, final int size, final long value)
    {
        bus.write(REGS + r.offset(), size, value);
    }

    private long read(final VtdRegister r, final int size)
    {
        return bus.read(REGS + r.offset(), size);
    }

    private void irte(final int index, final long lo, final long hi)
    {
        mem.write64(IRT + 16L * index, lo);
        mem.write64(IRT + 16L * index + 8, hi);
    }

    private void message(final long requester, final int handle)
    {
        bus.signalMessage(requester, MsiMessage.remappableAddress(handle, false), 0);
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
        assertThat(read(VtdRegister.GSTS, 4) & (Vtd.IRE | VtdRegister.GSTS_IRTPS))
            .isEqualTo(Vtd.IRE | VtdRegister.GSTS_IRTPS);
        message(DEV, 5);
        assertThat(requested(2, 0x61)).isTrue();
        bus.signalMessage(DEV, MsiMessage.remappableAddress(4, true), 1); // handle 4 + sub-handle 1
        assertThat(vtd.remapped()).isEqualTo(2);
        assertThat(vtd.faults()).isZero();
    }

    /** Traced (T14): the delivery into APIC 2's IRR, and a blocked message with its source, index and reason. */
    @Test
    void deliveriesAndBlockedMessagesAreTraced()
    {
        engine.trace().setEnabled(true);
        message(DEV, 5);
        message(OTHER, 5);
        final List<TraceRecord> r = engine.trace().records();
        assertThat(r).filteredOn(x -> x.kind() == X86Trace.DELIVER).singleElement()
            .extracting(TraceRecord::a, TraceRecord::b, TraceRecord::c).containsExactly(2L, 0x61L, 0L);
        assertThat(r).filteredOn(x -> x.kind() == X86Trace.MSI_BLOCKED).singleElement()
            .extracting(TraceRecord::a, x -> x.b() >>> 48, TraceRecord::c)
            .containsExactly(OTHER, 5L, (long) Vtd.FR_IR_SOURCE);
    }

    @Test
    void aFailedSourceCheckIsBlockedAndRecordedWithTheIndex()
    {
        message(OTHER, 5);
        assertThat(lastFaultReason()).isEqualTo(Vtd.FR_IR_SOURCE);
        assertThat(bus.read(REGS + Vtd.FRCD, 8) >>> 48).isEqualTo(5);
        assertThat(requested(2, 0x61)).isFalse();
    }

    @Test
    void anIndexBeyondTheTableFaults()
    {
        message(DEV, 300);
        assertThat(lastFaultReason()).isEqualTo(Vtd.FR_IR_INDEX);
    }

    @Test
    void aNotPresentEntryFaults()
    {
        message(DEV, 6);
        assertThat(lastFaultReason()).isEqualTo(Vtd.FR_IR_NOT_PRESENT);
    }

    @Test
    void compatibilityFormatIsBlockedUntilCfiIsSet()
    {
        final MsiMessage msi = MsiMessage.compatibility(1, false, 0x71, Delivery.FIXED, false);
        bus.signalMessage(DEV, msi.address(), msi.data());
        assertThat(lastFaultReason()).isEqualTo(Vtd.FR_IR_COMPATIBILITY);
        assertThat(requested(1, 0x71)).isFalse();
        write(VtdRegister.GCMD, 4, Vtd.QIE | Vtd.IRE | Vtd.CFI);
        bus.signalMessage(DEV, msi.address(), msi.data());
        assertThat(requested(1, 0x71)).isTrue();
    }

    @Test
    void aCachedEntryLastsUntilAnIecInvalidation()
    {
        message(DEV, 5);
        irte(5, 3L << 40 | 0x62L << 16 | 1, 2L << 18 | 0x0102);     // APIC 3, vector 0x62, buses 1 to 2
        message(DEV, 5);
        assertThat(requested(3, 0x62)).isFalse(); // the cached entry is still used
        final IecInvalidation iec = IecInvalidation.entry(5);
        mem.write64(QUEUE, iec.low());
        mem.write64(QUEUE + 8, iec.high());
        write(VtdRegister.IQT, 8, 1 << 4);
        message(OTHER, 5);
        assertThat(requested(3, 0x62)).isTrue();
    }

    @Test
    void aBusRangeVerifiesTheRequestersBus()
    {
        irte(5, 3L << 40 | 0x62L << 16 | 1, 2L << 18 | 0x0102);     // APIC 3, vector 0x62, buses 1 to 2
        message(OTHER, 5);
        assertThat(requested(3, 0x62)).isTrue();
        message(RequesterId.pci(0, 3, 0, 0), 5);
        assertThat(lastFaultReason()).isEqualTo(Vtd.FR_IR_SOURCE);
    }

    @Test
    void theUnitsOwnFaultEventIsNotRemappedAndSubHandlesDoNotWrap()
    {
        write(VtdRegister.FEDATA, 4, 0x66);             // fault event: vector 0x66 to APIC 0, compatibility format
        write(VtdRegister.FEADDR, 4, 0xfee0_0000L);
        write(VtdRegister.FECTL, 4, 0);
        bus.signalMessage(DEV, MsiMessage.remappableAddress(0xffff, true), 2); // index 0x10001: beyond the table
        assertThat(lastFaultReason()).isEqualTo(Vtd.FR_IR_INDEX);
        assertThat(requested(0, 0x66)).isTrue();
        assertThat(read(VtdRegister.FSTS, 4) >>> 8 & 0xff).isZero(); // FRI: the first pending record
    }

    @Test
    void badQueueTailsAndStatusAddressesStopTheQueueWithoutHarm()
    {
        final InvalidationWait beyond = new InvalidationWait(false, true, 1, 0xffff_ffff_ffff_fffcL);
        mem.write64(QUEUE, beyond.low());
        mem.write64(QUEUE + 8, beyond.high());  // a status address beyond memory: the write is refused
        write(VtdRegister.IQT, 8, 1 << 4);
        assertThat(read(VtdRegister.IQH, 8)).isEqualTo(1 << 4);
        write(VtdRegister.IQT, 8, 0x1000);                // beyond a 256-entry queue
        assertThat(read(VtdRegister.FSTS, 4) & Vtd.IQE).isNotZero();
        assertThat(read(VtdRegister.IQH, 8)).isEqualTo(1 << 4);
    }

    @Test
    void x2apicDestinationsNeedEim()
    {
        for (int i = 0; i < 4; i++)
        {
            final long base = LocalApic.DEFAULT_BASE | LocalApic.BASE_ENABLE | (i == 0 ? LocalApic.BASE_BSP : 0);
            apics[i].writeMsr(ApicRegister.MSR_APIC_BASE, base | LocalApic.BASE_EXTD);
        }
        irte(7, 3L << 32 | 0x63L << 16 | 1, 0);
        write(VtdRegister.IRTA, 8, IRTA_X2APIC);
        write(VtdRegister.GCMD, 4, Vtd.QIE | Vtd.IRE | Vtd.SIRTP);
        message(DEV, 7);
        assertThat(requested(3, 0x63)).isTrue();
        // Without EIM the same entry's destination bits 39:32 are reserved.
        write(VtdRegister.IRTA, 8, IRTA_XAPIC);
        write(VtdRegister.GCMD, 4, Vtd.QIE | Vtd.IRE | Vtd.SIRTP);
        message(DEV, 7);
        assertThat(lastFaultReason()).isEqualTo(Vtd.FR_IR_RESERVED);
    }
}
