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

    private long reg(final int index)
    {
        bus.write(BASE, 4, index);
        return bus.read(BASE + 0x10, 4);
    }

    private void reg(final int index, final long value)
    {
        bus.write(BASE, 4, index);
        bus.write(BASE + 0x10, 4, value);
    }

    private void entry(final int pin, final long value)
    {
        reg(0x11 + 2 * pin, value >>> 32);
        reg(0x10 + 2 * pin, value & 0xffff_ffffL);
    }

    @Test
    void registersResetAsTheDatasheetSays()
    {
        assertThat(reg(0)).isEqualTo(8L << 24);
        assertThat(reg(1)).isEqualTo(0x0017_0020L);
        assertThat(reg(2)).isEqualTo(8L << 24);
        assertThat(reg(0x10 + 2 * 23)).isEqualTo(IoApic.RTE_MASKED);
        assertThat(reg(0x3f)).isZero();
        assertThat(reg(0x40)).isZero(); // past the last entry
        reg(0, 0x0f00_0000L);
        assertThat(reg(0)).isEqualTo(0x0f00_0000L);
        bus.write(BASE, 4, 0x13);
        assertThat(bus.read(BASE, 4)).isEqualTo(0x13);
        reg(0x10, 0xffff_ffffL); // read-only delivery status and Remote IRR stay 0
        assertThat(reg(0x10) & (IoApic.RTE_DELIVERY_STATUS | IoApic.RTE_REMOTE_IRR)).isZero();
    }

    @Test
    void edgeInputsSendOnRisingEdgesAndLatchWhileMasked()
    {
        entry(3, 2L << 56 | 0x30);
        lines[3].raise();
        lines[3].raise();
        assertThat(messages()).containsExactly("02000 0030 f0f8");
        lines[3].lower();
        entry(3, IoApic.RTE_MASKED | 2L << 56 | 0x30);
        lines[3].raise();
        assertThat(messages()).hasSize(1);
        entry(3, 2L << 56 | 1 << 11 | 0x30); // unmasked, logical: the latched edge goes now
        assertThat(messages()).containsExactly("02000 0030 f0f8", "02004 0030 f0f8");
    }

    @Test
    void levelInputsStayInServiceUntilTheirEoi()
    {
        // Active low, as ACPI programs PCI interrupts: the line still carries "asserted" (decision X6).
        entry(5, 1L << 56 | IoApic.RTE_LEVEL | IoApic.RTE_ACTIVE_LOW | 0x41);
        assertThat(messages()).isEmpty();
        lines[5].raise();
        assertThat(messages()).containsExactly("01000 c041 f0f8");
        assertThat(reg(0x10 + 10) & IoApic.RTE_REMOTE_IRR).isNotZero();
        bus.write(BASE + 0x40, 4, 0x41); // EOI register: the line is still asserted, so it goes again
        assertThat(messages()).hasSize(2);
        lines[5].lower();
        ioapic.eoi(0x41); // a broadcast EOI
        assertThat(reg(0x10 + 10) & IoApic.RTE_REMOTE_IRR).isZero();
        assertThat(messages()).hasSize(2);
        ioapic.eoi(0x42);
        assertThat(messages()).hasSize(2);
        // Masking while changing to edge with the line high sends nothing.
        lines[5].raise();
        assertThat(messages()).hasSize(3);
        entry(5, IoApic.RTE_MASKED | 0x41);
        assertThat(messages()).hasSize(3);
    }

    @Test
    void aRemappableEntrySendsItsInterruptIndex()
    {
        final long index = 0x8123;
        entry(9, (index & 0x7fff) << 49 | IoApic.RTE_REMAPPABLE | (index >>> 15) << 11 | IoApic.RTE_LEVEL | 0x55);
        lines[9].raise();
        final long address = (index & 0x7fff) << 5 | 1 << 4 | 1 << 2;
        assertThat(messages()).containsExactly(String.format("%05x 0055 f0f8", address));
        assertThat(ioapic.messages()).isEqualTo(1);
    }
}
