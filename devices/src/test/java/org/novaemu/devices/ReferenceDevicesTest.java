// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.devices;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.novaemu.bus.AccessRule;
import org.novaemu.bus.Bus;
import org.novaemu.bus.DmaTranslation;
import org.novaemu.bus.RecordingMmio;
import org.novaemu.irq.IrqLine;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.pci.Header;
import org.novaemu.pci.IntxRoute;
import org.novaemu.pci.MsixCapability;
import org.novaemu.pci.PciFunction;
import org.novaemu.pci.PciSegment;
import org.novaemu.pci.Topology;
import org.novaemu.sim.Engine;

/** The multi-queue device, the DMA engine and the pin device, driven as a driver drives them. */
class ReferenceDevicesTest
{
    private static final long ECAM = 0xb000_0000L;
    private static final long SINK = 0xfee0_0000L;

    private final Engine engine = Engine.builder().build();
    private final Bus bus = new Bus(new PhysicalMemory(), engine.trace());
    private final RecordingMmio sink = new RecordingMmio(64);
    private final IrqLine pin = new IrqLine("gsi", 16, engine.trace());
    private Topology.Downstream slot;

    @BeforeEach
    void machine()
    {
        bus.mapRam("ram", 0, 0x8000_0000L);
        bus.mapMmio("sink", SINK, 0x10_0000, sink, AccessRule.DWORD);
        final IntxRoute wire = new IntxRoute(pin);
        final PciSegment segment = new PciSegment(0, bus, ECAM, 16, (s, d, p) -> wire);
        slot = new Topology(segment).root().rootPort();
    }

    /** @return the messages so far, each as offset [63:32] and data [31:0] */
    private List<Long> messages()
    {
        final List<Long> out = new ArrayList<>();
        for (long i = 0; i < sink.count(); i++)
        {
            out.add(sink.offset(i) << 32 | sink.value(i));
        }
        return out;
    }

    private long cfgAddress(final PciFunction f, final int reg)
    {
        return ECAM + ((long) (f.bdf() & 0xffff) << 12) + reg;
    }

    /** Programs a BAR and enables memory decoding and bus mastering. */
    private void enable(final PciFunction f, final int bar, final long address)
    {
        bus.write(cfgAddress(f, 0x10 + 4 * bar), 4, address);
        bus.write(cfgAddress(f, 0x14 + 4 * bar), 4, address >>> 32);
        bus.write(cfgAddress(f, 0x04), 2, Header.COMMAND_MEMORY | Header.COMMAND_BUS_MASTER);
    }

    @Test
    void theMultiQueueDeviceRaisesEachQueuesVectorOnCommandAndAtItsRate()
    {
        final MultiQueueDevice d = slot.add(new MultiQueueDevice("mq", 64, engine));
        enable(d, 0, 0x9000_0000L);
        enable(d, 2, 0x9010_0000L);
        assertThat(bus.read(0x9000_0000L, 4)).isEqualTo(64);
        // MSI-X: vector q -> the sink at 0x1000 * q with data q; all unmasked.
        for (int q = 0; q < 64; q++)
        {
            bus.write(0x9010_0000L + 16 * q, 8, SINK + 0x1000L * q);
            bus.write(0x9010_0000L + 16 * q + 8, 4, q);
            bus.write(0x9010_0000L + 16 * q + 12, 4, 0);
        }
        bus.write(cfgAddress(d, d.msix().offset() + 2), 2, MsixCapability.ENABLE);
        bus.write(0x9000_0000L + MultiQueueDevice.Register.RAISE.offset(), 4, 5);
        assertThat(messages()).containsExactly(0x5000L << 32 | 5);
        // Every 1,000 cycles, round robin from queue 0.
        bus.write(0x9000_0000L + MultiQueueDevice.Register.PERIOD.offset(), 4, 1000);
        engine.runUntil(3_500);
        assertThat(messages()).containsExactly(0x5000L << 32 | 5, 0L, 0x1000L << 32 | 1, 0x2000L << 32 | 2);
        assertThat(d.raised()).isEqualTo(4);
        assertThat(d.sent()).isEqualTo(4);
        bus.write(0x9000_0000L + MultiQueueDevice.Register.PERIOD.offset(), 4, 0);
        engine.runUntil(10_000);
        assertThat(messages()).hasSize(4);
        // NEXT picks the queue the timer raises next, modulo the queues.
        assertThat(bus.read(0x9000_0000L + MultiQueueDevice.Register.NEXT.offset(), 4)).isEqualTo(3);
        bus.write(0x9000_0000L + MultiQueueDevice.Register.NEXT.offset(), 4, 64 + 9);
        assertThat(bus.read(0x9000_0000L + MultiQueueDevice.Register.NEXT.offset(), 4)).isEqualTo(9);
        bus.write(0x9000_0000L + MultiQueueDevice.Register.PERIOD.offset(), 4, 1000);
        engine.runUntil(11_500);
        bus.write(0x9000_0000L + MultiQueueDevice.Register.PERIOD.offset(), 4, 0);
        assertThat(messages()).hasSize(5).last().isEqualTo(0x9000L << 32 | 9);

        // Without MSI-X and MSI the device falls back to its INTx pin, acknowledged by reading RAISED.
        bus.write(cfgAddress(d, d.msix().offset() + 2), 2, 0);
        d.raise(7);
        assertThat(pin.level()).isTrue();
        assertThat(bus.read(0x9000_0000L + MultiQueueDevice.Register.RAISED.offset(), 4)).isEqualTo(6);
        assertThat(pin.level()).isFalse();
    }

    @Test
    void eachInterruptIsPrecededByAWriteBackOfItsRaiseTime()
    {
        final MultiQueueDevice d = slot.add(new MultiQueueDevice("mq", 4, engine));
        enable(d, 0, 0x9000_0000L);
        enable(d, 2, 0x9010_0000L);
        final long regs = 0x9000_0000L;
        assertThat(bus.read(regs + MultiQueueDevice.Register.WRITEBACK_LO.offset(), 4)).isZero();
        bus.write(regs + MultiQueueDevice.Register.WRITEBACK_LO.offset(), 4, 0x2000_0007L); // bits 2:0 read as 0
        bus.write(regs + MultiQueueDevice.Register.WRITEBACK_HI.offset(), 4, 0);
        assertThat(bus.read(regs + MultiQueueDevice.Register.WRITEBACK_LO.offset(), 4)).isEqualTo(0x2000_0000L);
        bus.write(0x9010_0000L + 16 * 2, 8, SINK);
        bus.write(0x9010_0000L + 16 * 2 + 12, 4, 0); // unmasked
        bus.write(cfgAddress(d, d.msix().offset() + 2), 2, MsixCapability.ENABLE);
        engine.post(1_234, arg -> bus.write(regs + MultiQueueDevice.Register.RAISE.offset(), 4, 2), 0);
        engine.runUntil(2_000);
        assertThat(bus.memory().read64(0x2000_0010L)).isEqualTo(1_234);
        assertThat(bus.memory().read64(0x2000_0008L)).isZero();
        assertThat(messages()).hasSize(1);
        // Blocked by the IOMMU: the write-back is counted as an error and the interrupt still leaves.
        bus.setTranslation((rid, address, size, write) -> address < SINK ? DmaTranslation.FAULT : address);
        d.raise(2);
        assertThat(bus.read(regs + MultiQueueDevice.Register.DMA_ERRORS.offset(), 4)).isEqualTo(1);
        assertThat(bus.memory().read64(0x2000_0010L)).isEqualTo(1_234);
        assertThat(messages()).hasSize(2);
    }

    @Test
    void theDmaEngineCopiesThroughTheTranslationAndReportsBlockedAccesses()
    {
        final DmaEngine d = slot.add(new DmaEngine("dma", engine, 8));
        enable(d, 0, 0x9000_0000L);
        bus.write(cfgAddress(d, d.capabilities().get(1).offset() + 4), 4, SINK);
        bus.write(cfgAddress(d, d.capabilities().get(1).offset() + 0xc), 2, 0x33);
        bus.write(cfgAddress(d, d.capabilities().get(1).offset() + 2), 2, 1);
        for (int i = 0; i < 8192; i++)
        {
            bus.memory().write8(0x10_0000 + i, i * 7);
        }
        bus.write(0x9000_0000L, 8, 0x10_0000L);
        bus.write(0x9000_0008L, 8, 0x20_0000L);
        bus.write(0x9000_0010L, 4, 8192);
        bus.write(0x9000_0014L, 4, 1);
        assertThat(bus.read(0x9000_0018L, 4)).isEqualTo(DmaEngine.BUSY);
        engine.runUntil(2_000);
        assertThat(bus.read(0x9000_0018L, 4)).isEqualTo(DmaEngine.DONE);
        assertThat(bus.memory().read8(0x20_0000 + 8191)).isEqualTo(8191 * 7 & 0xff);
        assertThat(messages()).containsExactly(0x33L);
        // An IOMMU that blocks the destination's second page: the first is written, the error bit is set.
        bus.setTranslation((rid, address, size, write) ->
            write && address >= 0x30_1000L && address < 0x40_0000L && rid == d.requesterId() ? DmaTranslation.FAULT
                : address);
        bus.write(0x9000_0008L, 8, 0x30_0000L);
        bus.write(0x9000_0014L, 4, 1);
        engine.runUntil(5_000);
        assertThat(bus.read(0x9000_0018L, 4)).isEqualTo(DmaEngine.DONE | DmaEngine.ERROR);
        assertThat(bus.memory().read8(0x30_0fff)).isEqualTo(4095 * 7 & 0xff);
        assertThat(bus.memory().read8(0x30_1000)).isZero();
        assertThat(messages()).hasSize(2);
    }

    @Test
    void aMessageAimedAtTheDevicesOwnRaiseRegisterRaisesNothing()
    {
        final MultiQueueDevice d = slot.add(new MultiQueueDevice("mq", 4, engine));
        enable(d, 0, 0x9000_0000L);
        enable(d, 2, 0x9010_0000L);
        bus.write(0x9010_0000L, 8, 0x9000_0000L + MultiQueueDevice.Register.RAISE.offset());
        bus.write(0x9010_0008L, 4, 0);
        bus.write(0x9010_000cL, 4, 0);
        bus.write(cfgAddress(d, d.msix().offset() + 2), 2, MsixCapability.ENABLE);
        bus.write(0x9000_0000L + MultiQueueDevice.Register.RAISE.offset(), 4, 0);
        assertThat(d.raised()).isEqualTo(1);
        assertThat(d.sent()).isEqualTo(1);
    }

    @Test
    void devicesSharingAnInputKeepItAssertedUntilTheLastLetsGo()
    {
        final PinDevice a = slot.add(new PinDevice("a"));
        final PinDevice b = slot.nextDevice().add(new PinDevice("b")); // INTA at device 1: INTB at the root
        a.assertPin();
        b.assertPin();
        b.setIntx(false);
        assertThat(pin.level()).isTrue();
        a.setIntx(false);
        assertThat(pin.level()).isFalse();
    }

    @Test
    void thePinDeviceHoldsItsLevelUntilAcknowledged()
    {
        final PinDevice d = slot.add(new PinDevice("pin"));
        bus.write(cfgAddress(d, 0x10), 4, 0x9000_0000L);
        bus.write(cfgAddress(d, 0x04), 2, Header.COMMAND_MEMORY);
        d.assertPin();
        assertThat(pin.level()).isTrue();
        assertThat(bus.read(0x9000_0000L, 4)).isEqualTo(1);
        bus.write(0x9000_0000L, 4, 0);
        assertThat(pin.level()).isFalse();
        assertThat(d.asserted()).isFalse();
    }
}
