// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.ioapic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.novaemu.bus.AccessRule;
import org.novaemu.bus.Bus;
import org.novaemu.bus.RecordingMmio;
import org.novaemu.bus.RequesterId;
import org.novaemu.irq.IrqLine;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.sim.Engine;
import org.novaemu.x86.apic.Delivery;

/** The I/O APIC through its registers: entries, edge and level inputs, Remote IRR, EOI, formats. */
class IoApicTest
{
    private static final long BASE = 0xfec0_0000L;
    private static final long SOURCE = RequesterId.pci(0, 0xf0, 0x1f, 0);

    private final Engine engine = Engine.builder().build();
    private final Bus bus = new Bus(new PhysicalMemory(), engine.trace());
    private final RecordingMmio sink = new RecordingMmio(16);
    private final IoApic ioapic = new IoApic(8, 24, SOURCE, bus);
    private final IrqLine[] lines = new IrqLine[24];

    @BeforeEach
    void wire()
    {
        bus.mapMmio("ioapic", BASE, 0x1000, ioapic, AccessRule.DWORD);
        bus.mapMmio("msi", 0xfee0_0000L, 0x10_0000, sink, AccessRule.DWORD);
        for (int p = 0; p < 24; p++)
        {
            lines[p] = new IrqLine("gsi" + p, p, engine.trace());
            ioapic.connect(lines[p], p);
        }
    }

    /** @return the messages so far as "offset data requester" */
    private List<String> messages()
    {
        final List<String> out = new ArrayList<>();
        for (long i = 0; i < sink.count(); i++)
        {
            out.add(String.format("%05x %04x %04x", sink.offset(i), sink.value(i), sink.requester(i)));
        }
        return out;
    }

    /** @return the indirect register at {@code index}, through IOREGSEL and IOWIN */
    private long reg(final int index)
    {
        bus.write(BASE + IoApicRegister.IOREGSEL.address(), 4, index);
        return bus.read(BASE + IoApicRegister.IOWIN.address(), 4);
    }

    private void reg(final int index, final long value)
    {
        bus.write(BASE + IoApicRegister.IOREGSEL.address(), 4, index);
        bus.write(BASE + IoApicRegister.IOWIN.address(), 4, value);
    }

    /** Writes a redirection entry as a driver does: the high half, then the low half. */
    private void entry(final int pin, final long value)
    {
        reg(IoApicRegister.redirectionHigh(pin), value >>> 32);
        reg(IoApicRegister.redirectionLow(pin), value & 0xffff_ffffL);
    }

    @Test
    void registersResetAsTheDatasheetSays()
    {
        assertThat(reg(IoApicRegister.ID.address())).isEqualTo(8L << 24);
        assertThat(reg(IoApicRegister.VER.address())).isEqualTo(0x0017_0020L); // 24 entries, version 0x20
        assertThat(reg(IoApicRegister.ARB.address())).isEqualTo(8L << 24);
        assertThat(reg(IoApicRegister.redirectionLow(23))).isEqualTo(IoApic.RTE_MASKED);
        assertThat(reg(0x3f)).isZero(); // below REDTBL: reserved
        assertThat(reg(IoApicRegister.redirectionLow(24))).isZero(); // past the last entry
    }

    @Test
    void theIdIsWritableAndIoregselReadsBack()
    {
        reg(IoApicRegister.ID.address(), 0x0f00_0000L);
        assertThat(reg(IoApicRegister.ID.address())).isEqualTo(0x0f00_0000L);
        bus.write(BASE + IoApicRegister.IOREGSEL.address(), 4, 0x13);
        assertThat(bus.read(BASE + IoApicRegister.IOREGSEL.address(), 4)).isEqualTo(0x13);
    }

    @Test
    void deliveryStatusAndRemoteIrrAreReadOnly()
    {
        reg(IoApicRegister.redirectionLow(0), 0xffff_ffffL);
        assertThat(reg(IoApicRegister.redirectionLow(0)) & (IoApic.RTE_DELIVERY_STATUS | IoApic.RTE_REMOTE_IRR))
            .isZero();
    }

    @Test
    void edgeInputsSendOnRisingEdges()
    {
        entry(3, RedirectionEntry.compatibility(2, false, Delivery.FIXED, 0x30, false, false, false));
        lines[3].raise();
        lines[3].raise();
        assertThat(messages()).containsExactly("02000 0030 f0f8");
        lines[3].lower();
        lines[3].raise();
        assertThat(messages()).containsExactly("02000 0030 f0f8", "02000 0030 f0f8");
    }

    @Test
    void anEdgeWhileMaskedIsLostAndTheUnmaskSendsNothing()
    {
        // 82093AA: a masked input ignores its edges; KVM and QEMU do the same (decision X6).
        entry(3, RedirectionEntry.compatibility(2, false, Delivery.FIXED, 0x30, true, false, false));
        lines[3].raise();
        lines[3].lower();
        entry(3, RedirectionEntry.compatibility(2, true, Delivery.FIXED, 0x30, false, false, false));
        assertThat(messages()).isEmpty();
        lines[3].raise(); // the next edge after the unmask goes, logical now
        assertThat(messages()).containsExactly("02004 0030 f0f8");
    }

    @Test
    void levelInputsStayInServiceUntilTheirEoi()
    {
        // Active low, as ACPI programs PCI interrupts: the line still carries "asserted" (decision X6).
        entry(5, RedirectionEntry.compatibility(1, false, Delivery.FIXED, 0x41, false, true, true));
        assertThat(messages()).isEmpty();
        lines[5].raise();
        assertThat(messages()).containsExactly("01000 c041 f0f8");
        assertThat(reg(IoApicRegister.redirectionLow(5)) & IoApic.RTE_REMOTE_IRR).isNotZero();
        // The EOI register: the line is still asserted, so it goes again.
        bus.write(BASE + IoApicRegister.EOI.address(), 4, 0x41);
        assertThat(messages()).hasSize(2);
        lines[5].lower();
        ioapic.eoi(0x41); // a broadcast EOI
        assertThat(reg(IoApicRegister.redirectionLow(5)) & IoApic.RTE_REMOTE_IRR).isZero();
        assertThat(messages()).hasSize(2);
        ioapic.eoi(0x42);
        assertThat(messages()).hasSize(2);
    }

    @Test
    void maskingALevelEntryWhileChangingItToEdgeSendsNothing()
    {
        entry(5, RedirectionEntry.compatibility(1, false, Delivery.FIXED, 0x41, false, true, true));
        lines[5].raise();
        assertThat(messages()).hasSize(1);
        entry(5, IoApic.RTE_MASKED | 0x41);
        assertThat(messages()).hasSize(1);
    }

    @Test
    void aRemappableEntrySendsItsInterruptIndex()
    {
        final int index = 0x8123;
        entry(9, RedirectionEntry.remappable(index, false, true, false, 0x55));
        lines[9].raise();
        // Handle bits 14:0 in address bits 19:5, bit 15 in bit 2, the format in bit 4; the vector as data.
        final long address = (index & 0x7fff) << 5 | 1 << 4 | 1 << 2;
        assertThat(messages()).containsExactly(String.format("%05x 0055 f0f8", address));
        assertThat(ioapic.messages()).isEqualTo(1);
    }
}
