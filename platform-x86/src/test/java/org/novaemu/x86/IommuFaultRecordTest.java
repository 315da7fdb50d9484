// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.novaemu.bus.IommuFault;
import org.novaemu.bus.IommuFault.Access;
import org.novaemu.bus.IommuFault.Reason;
import org.novaemu.bus.IommuFault.Unit;
import org.novaemu.devices.DmaEngine;
import org.novaemu.devices.MultiQueueDevice;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Perm;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.Sm;
import org.novaemu.kernel.Status;
import org.novaemu.pci.PciFunction;
import org.novaemu.pci.Topology;
import org.novaemu.sim.Failure;
import org.novaemu.sim.StrictModeException;
import org.novaemu.x86.apic.MsiMessage;
import org.novaemu.x86.vtd.Vtd;

/**
 * Every request VT-d refuses is a typed record in {@link X86Machine#iommuFaults()}, there even after NOVA's fault
 * handler has read and cleared the unit's fault recording registers (decision U20); in strict mode the first one
 * stops the run (U23).
 */
class IommuFaultRecordTest
{
    private static final long NOVA_HST = 30;
    private static final long DMA = 31;
    private static final long DC_A = 32;
    private static final long DC_B = 33;
    private static final long SM_A = 34;
    private static final int GSI_A = 40;

    private final PciFunction[] devices = new PciFunction[2];

    private X86Machine machine(final boolean dmaEngine)
    {
        final X86Machine m = X86Machine.builder().cpus(2).pcie((t, e) -> {
            final Topology.Downstream port = t.root().rootPort();
            devices[0] = port.add(dmaEngine ? new DmaEngine("dma", e, 8) : new MultiQueueDevice("a", 4, e));
            devices[1] = port.add(new MultiQueueDevice("b", 4, e));
        }).build();
        Script.ok(m.kernel(), u -> Calls.ctrlPd(u, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_HST, 0, NOVA_HST,
            0x3f, 0));
        return m;
    }

    /** A DMA engine with a DMA space that maps IOVA 0x10_0000 only; its registers' address. */
    private long dmaEngine(final X86Machine m)
    {
        final DmaEngine dma = (DmaEngine) devices[0];
        Script.ok(m.kernel(), u -> Calls.createPd(u, DMA, Kind.DMA.op(), Kernel.ROOT_PD));
        Script.ok(m.kernel(), u -> Calls.createDc(u, DC_A, Kernel.ROOT_PD, dma.requesterId(), X86Machine.VTD_BASE, 0));
        Script.ok(m.kernel(), u -> Calls.assignDev(u, DC_A, DMA));
        Script.ok(m.kernel(), u -> Calls.ctrlPd(u, NOVA_HST, DMA, 0x8_0000, 0, 0x100, Perm.MEM_R | Perm.MEM_W, 0));
        PciDriver.enable(m, dma);
        final long regs = dma.barAddress(0);
        m.bus().write(regs + DmaEngine.Register.SOURCE.offset(), 8, 0x10_0000L);
        m.bus().write(regs + DmaEngine.Register.DESTINATION.offset(), 8, 0x20_0008L); // not mapped
        m.bus().write(regs + DmaEngine.Register.LENGTH.offset(), 4, 8);
        m.bus().write(regs + DmaEngine.Register.GO.offset(), 4, 1);
        return regs;
    }

    @Test
    void aDmaOutsideItsSpaceIsOneTypedRecordStillThereAfterTheKernelClearedTheRegisters()
    {
        final X86Machine m = machine(true);
        dmaEngine(m);
        m.engine().runFor(10_000);
        final int sid = (int) devices[0].requesterId() & 0xffff;
        assertThat(m.iommuFaults().all()).containsExactly(
            new IommuFault(Unit.VTD, sid, 0x20_0008L, Access.WRITE, Reason.TRANSLATION, Vtd.FR_WRITE));
        assertThat(m.bus().memory().read64(0x20_0008L)).isZero(); // nothing written
        assertThat(m.platform().smmu().faultsHandled()).isEqualTo(1); // NOVA's handler cleared the record
        assertThat(m.bus().read(X86Machine.VTD_BASE + 0x34, 4) & Vtd.PPF).isZero();
    }

    @Test
    void strictModeStopsTheRunAtTheFaultAndNamesIt()
    {
        final X86Machine m = machine(true);
        m.strict(true);
        dmaEngine(m);
        assertThatThrownBy(() -> m.engine().runFor(10_000)).isInstanceOfSatisfying(StrictModeException.class, e -> {
            assertThat(e.failure()).isEqualTo(Failure.DMA_FAULT);
            assertThat(e.getMessage()).contains("VTD write", "0x200008", "TRANSLATION");
        });
        final long stoppedAt = m.engine().now();
        assertThat(stoppedAt).isLessThan(10_000);
        assertThat(m.iommuFaults().all()).hasSize(1);
        // The simulation is consistent: it runs on, and NOVA's handler still takes the fault event.
        m.engine().runFor(10_000);
        assertThat(m.platform().smmu().faultsHandled()).isEqualTo(1);
    }

    @Test
    void aForgedMsiIsASourceIdRecordAndNothingIsDelivered()
    {
        final X86Machine m = machine(false);
        final MultiQueueDevice a = (MultiQueueDevice) devices[0];
        final MultiQueueDevice b = (MultiQueueDevice) devices[1];
        Script.ok(m.kernel(), u -> Calls.createDc(u, DC_A, Kernel.ROOT_PD, a.requesterId(), X86Machine.VTD_BASE, 0));
        Script.ok(m.kernel(), u -> Calls.createDc(u, DC_B, Kernel.ROOT_PD, b.requesterId(), X86Machine.VTD_BASE, 0));
        Script.ok(m.kernel(), u -> Calls.createInterruptSm(u, SM_A, Kernel.ROOT_PD, GSI_A));
        final Ec root = m.kernel().rootEc();
        Calls.assignInt(root, SM_A, DC_A, true, 1, 0, 0);
        assertThat(m.kernel().hypercall(root)).isEqualTo(Status.SUCCESS);
        final long address = root.param(1);
        final long data = root.param(2);
        PciDriver.msix(m, b, 0, address, data); // B sends A's message
        b.raise(0);
        m.engine().runFor(10_000);
        assertThat(((Sm) m.kernel().root().obj().object(SM_A)).counter()).isZero();
        assertThat(m.iommuFaults().all()).containsExactly(new IommuFault(Unit.VTD, b.requesterId() & 0xffff, address,
            Access.INTERRUPT, Reason.SOURCE_ID, Vtd.FR_IR_SOURCE));
    }

    @Test
    void interruptRemappingFaultsAreTypedByReason()
    {
        final X86Machine m = machine(false);
        final MultiQueueDevice a = (MultiQueueDevice) devices[0];
        PciDriver.enable(m, a);
        final long compatibility = MsiMessage.compatibilityAddress(0, false);
        final MsiMessage unused = MsiMessage.remappable(0, 200); // an entry NOVA never filled
        assertThat(a.dmaWrite(compatibility, 4, 0x30)).isTrue();
        assertThat(a.dmaWrite(unused.address(), 4, unused.data())).isTrue();
        m.engine().runFor(10_000);
        final int sid = (int) a.requesterId() & 0xffff;
        // The second is compressed away in the hardware's records (one pending per source); both are typed.
        assertThat(m.iommuFaults().all()).containsExactly(
            new IommuFault(Unit.VTD, sid, compatibility, Access.INTERRUPT, Reason.FORMAT, Vtd.FR_IR_COMPATIBILITY),
            new IommuFault(Unit.VTD, sid, unused.address(), Access.INTERRUPT, Reason.TRANSLATION,
                Vtd.FR_IR_NOT_PRESENT));
        assertThat(m.iommuFaults().total()).isEqualTo(2);
    }
}
