// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.novaemu.devices.DmaEngine;
import org.novaemu.devices.MultiQueueDevice;
import org.novaemu.irq.IrqLine;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.HipField;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Perm;
import org.novaemu.kernel.Sm;
import org.novaemu.kernel.Status;

/**
 * Two PCI segments, each with its VT-d unit and its own GSI space, and two I/O APICs: the same GSI number
 * on both segments names two interrupts remapped by two units; a device's DMA goes through its segment's
 * unit; the second I/O APIC's pins follow the first's in GSI numbering.
 */
class MultiSegmentTest
{
    private static final long HOST = 30;
    private static final long DMA = 31;
    private static final long DC_0 = 32;
    private static final long DC_1 = 33;
    private static final long SM_0 = 34;
    private static final long SM_1 = 35;
    private static final long SM_PIN = 36;
    private static final int GSI = 100;

    private final MultiQueueDevice[] nic = new MultiQueueDevice[2];
    private final DmaEngine[] dma = new DmaEngine[1];
    private final X86Machine m = X86Machine.builder().cpus(2).segments(2).ioapics(2).gsis(256)
        .pcie(0, (t, e) -> nic[0] = t.root().rootPort().add(new MultiQueueDevice("nic0", 2, e)))
        .pcie(1, (t, e) -> {
            nic[1] = t.root().rootPort().add(new MultiQueueDevice("nic1", 2, e));
            dma[0] = t.root().rootPort().add(new DmaEngine("dma1", e, 8));
        })
        .build();
    private final Kernel kernel = m.kernel();

    private void call(final Consumer<Ec> setup)
    {
        Script.ok(m.kernel(), setup);
    }

    private long[] assign(final long sm, final long dc, final int cpu, final int idx)
    {
        final Ec root = kernel.rootEc();
        Calls.assignInt(root, sm, dc, true, cpu, idx, 0);
        assertThat(kernel.hypercall(root)).isEqualTo(Status.SUCCESS);
        return new long[] {root.param(1), root.param(2)};
    }


    @Test
    void theSameGsiOnTwoSegmentsIsTwoInterruptsOnTwoUnits()
    {
        assertThat(kernel.hip().get(HipField.X86_PIN_NUM)).isEqualTo(48);
        assertThat(nic[1].requesterId() >>> 16).isEqualTo(1);
        assertThat(nic[1].barAddress(0)).isGreaterThanOrEqualTo(X86Machine.MMIO64_BASE + X86Machine.MMIO64_SIZE);
        call(u -> Calls.createDc(u, DC_0, Kernel.ROOT_PD, nic[0].requesterId(), X86Machine.VTD_BASE, 0));
        call(u -> Calls.createDc(u, DC_1, Kernel.ROOT_PD, nic[1].requesterId(), X86Machine.VTD_BASE + 0x1000, 0));
        call(u -> Calls.createInterruptSm(u, SM_0, Kernel.ROOT_PD, GSI));
        call(u -> Calls.createInterruptSm(u, SM_1, Kernel.ROOT_PD, 1L << 16 | GSI));
        // A DC of segment 1 cannot carry segment 0's interrupt, nor name segment 0's unit.
        final Ec root = kernel.rootEc();
        Calls.assignInt(root, SM_0, DC_1, true, 0, 1, 0);
        assertThat(kernel.hypercall(root)).isEqualTo(Status.BAD_DEV);
        // Pins belong to segment 0: GSI 5 is no ISD on segment 1.
        Calls.createInterruptSm(root, 40, Kernel.ROOT_PD, 1L << 16 | 5);
        assertThat(kernel.hypercall(root)).isEqualTo(Status.BAD_PAR);

        final long[] msi0 = assign(SM_0, DC_0, 0, 1);
        final long[] msi1 = assign(SM_1, DC_1, 1, 1);
        assertThat(msi0).containsExactly(msi1); // the same handle, in two units' tables
        PciDriver.msix(m, nic[0], 0, msi0[0], msi0[1]);
        PciDriver.msix(m, nic[1], 0, msi1[0], msi1[1]);
        final Sm sm0 = (Sm) kernel.root().obj().object(SM_0);
        final Sm sm1 = (Sm) kernel.root().obj().object(SM_1);
        nic[1].raise(0);
        m.engine().runFor(10_000);
        assertThat(sm1.counter()).isEqualTo(1);
        assertThat(sm0.counter()).isZero();
        nic[0].raise(0);
        nic[0].raise(0); // coalesced in CPU 0's IRR or taken twice: at least once
        m.engine().runFor(10_000);
        assertThat(sm0.counter()).isBetween(1L, 2L);
        assertThat(m.vtd(0).remapped()).isEqualTo(2); // both messages were remapped, whatever the IRR made of them
        assertThat(m.vtd(1).remapped()).isEqualTo(1);
        assertThat(m.vtd(0).faults() + m.vtd(1).faults()).isZero();
    }

    @Test
    void aSegmentsDmaGoesThroughItsOwnUnit()
    {
        call(u -> Calls.ctrlPd(u, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_HST, 0, HOST, 0x3f, 0));
        call(u -> Calls.createPd(u, DMA, Kind.DMA.op(), Kernel.ROOT_PD));
        call(u -> Calls.createDc(u, DC_1, Kernel.ROOT_PD, dma[0].requesterId(), X86Machine.VTD_BASE + 0x1000, 0));
        call(u -> Calls.assignDev(u, DC_1, DMA));
        call(u -> Calls.ctrlPd(u, HOST, DMA, 0x8_0000, 0, 0x100, Perm.MEM_R | Perm.MEM_W, 0));
        m.bus().memory().write64(0x8000_0000L, 42);
        PciDriver.enable(m, dma[0]);
        final long regs = dma[0].barAddress(0);
        m.bus().write(regs + DmaEngine.Register.SOURCE.offset(), 8, 0x10_0000L);
        m.bus().write(regs + DmaEngine.Register.DESTINATION.offset(), 8, 0x10_0100L);
        m.bus().write(regs + DmaEngine.Register.LENGTH.offset(), 4, 8);
        m.bus().write(regs + DmaEngine.Register.GO.offset(), 4, 1);
        m.engine().runFor(10_000);
        assertThat(m.bus().memory().read64(0x8000_0100L)).isEqualTo(42);
        assertThat(m.vtd(1).walks()).isPositive();
        assertThat(m.vtd(0).walks()).isZero();
        // Outside the space: unit 1 records the fault and the kernel's handler drains it.
        m.bus().write(regs + DmaEngine.Register.DESTINATION.offset(), 8, 0x30_0000L);
        m.bus().write(regs + DmaEngine.Register.GO.offset(), 4, 1);
        m.engine().runFor(10_000);
        assertThat(m.vtd(1).faults()).isEqualTo(1);
        assertThat(m.platform().smmu().unit(1).faultsHandled()).isEqualTo(1);
        assertThat(m.platform().smmu().unit(1).lastFault()[1] & 0xffff).isEqualTo(dma[0].requesterId() & 0xffff);
    }

    @Test
    void theSecondIoApicsPinsFollowTheFirstsInGsiNumbering()
    {
        final IrqLine line = new IrqLine("gsi27", 27, m.engine().trace());
        m.ioapic(1).connect(line, 3);
        call(u -> Calls.createInterruptSm(u, SM_PIN, Kernel.ROOT_PD, 27));
        call(u -> Calls.assignInt(u, SM_PIN, 999, true, 1, 9, 0)); // edge, active high, unmasked
        assertThat(m.ioapic(1).entry(3) & 0xff).isEqualTo(3);         // the vector field holds the pin
        assertThat(m.ioapic(1).entry(3) >>> 49 & 0x7fff).isEqualTo(27); // the IRTE index is the GSI
        m.engine().post(m.engine().now() + 100, arg -> line.pulse(), 0);
        m.engine().runFor(10_000);
        final Sm sm = (Sm) kernel.root().obj().object(SM_PIN);
        assertThat(sm.counter()).isEqualTo(1);
        assertThat(m.ioapic(1).messages()).isEqualTo(1);
        assertThat(m.ioapic(0).messages()).isZero();
    }

    @Test
    void theBuilderNamesWhatIsWrong()
    {
        assertThatThrownBy(() -> X86Machine.builder().segments(17)).hasMessageContaining("segments");
        assertThatThrownBy(() -> X86Machine.builder().ioapics(0)).hasMessageContaining("ioapics");
        assertThatThrownBy(() -> X86Machine.builder().pcie(1, (t, e) -> { }).build()).hasMessageContaining("pcie");
        assertThatThrownBy(() -> X86Machine.builder().ioapics(2).gsis(48).build()).hasMessageContaining("gsis");
    }
}
