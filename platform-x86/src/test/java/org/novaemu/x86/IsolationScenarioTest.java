// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86;

import static org.assertj.core.api.Assertions.assertThat;


import org.junit.jupiter.api.Test;
import org.novaemu.devices.DmaEngine;
import org.novaemu.devices.MultiQueueDevice;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Perm;
import org.novaemu.kernel.Sm;
import org.novaemu.kernel.Status;
import org.novaemu.pci.AcsCapability;
import org.novaemu.pci.Capability;
import org.novaemu.pci.PciFunction;
import org.novaemu.pci.Topology;
import org.novaemu.x86.vtd.Vtd;

/**
 * What VT-d keeps devices from doing once NOVA has assigned them: DMA outside their DMA space, and forging
 * another device's requester ID. The root task's hypercalls run directly on its EC; the devices are driven
 * through their registers as a driver would. A device using another's interrupt is examples' ForgedMsiTest, on
 * both machines with the test kit.
 */
class IsolationScenarioTest
{
    private static final long NOVA_HST = 30;
    private static final long DMA = 31;
    private static final long DC_A = 32;
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

    @Test
    void aDeviceThatDmasOutsideItsDmaSpaceGetsAFaultRecordAndWritesNothing()
    {
        final X86Machine m = machine(true);
        final DmaEngine dma = (DmaEngine) devices[0];
        final long rid = dma.requesterId();
        Script.ok(m.kernel(), u -> Calls.createPd(u, DMA, Kind.DMA.op(), Kernel.ROOT_PD));
        Script.ok(m.kernel(), u -> Calls.createDc(u, DC_A, Kernel.ROOT_PD, rid, X86Machine.VTD_BASE, 0));
        Script.ok(m.kernel(), u -> Calls.assignDev(u, DC_A, DMA));
        // The space: IOVA 0x10_0000 is frame 0x8_0000 (read-write); nothing at IOVA 0x20_0000.
        Script.ok(m.kernel(), u -> Calls.ctrlPd(u, NOVA_HST, DMA, 0x8_0000, 0, 0x100, Perm.MEM_R | Perm.MEM_W, 0));
        m.bus().memory().write64(0x8000_0000L, 0x1122_3344_5566_7788L);
        PciDriver.enable(m, dma);
        final long regs = dma.barAddress(0);

        // Within the space: the copy from IOVA 0x10_0000 to IOVA 0x10_0800 lands in frame 0x8_0000.
        m.bus().write(regs + DmaEngine.Register.SOURCE.offset(), 8, 0x10_0000L);
        m.bus().write(regs + DmaEngine.Register.DESTINATION.offset(), 8, 0x10_0800L);
        m.bus().write(regs + DmaEngine.Register.LENGTH.offset(), 4, 8);
        m.bus().write(regs + DmaEngine.Register.GO.offset(), 4, 1);
        m.engine().runFor(10_000);
        assertThat(m.bus().read(regs + DmaEngine.Register.STATUS.offset(), 4)).isEqualTo(DmaEngine.DONE);
        assertThat(m.bus().memory().read64(0x8000_0800L)).isEqualTo(0x1122_3344_5566_7788L);
        assertThat(m.vtd().faults()).isZero();

        // Outside it: IOVA 0x20_0000 is not mapped. Identity would have hit RAM at 0x20_0000; nothing is written.
        m.bus().write(regs + DmaEngine.Register.DESTINATION.offset(), 8, 0x20_0000L);
        m.bus().write(regs + DmaEngine.Register.GO.offset(), 4, 1);
        m.engine().runFor(10_000);
        assertThat(m.bus().read(regs + DmaEngine.Register.STATUS.offset(), 4))
            .isEqualTo(DmaEngine.DONE | DmaEngine.ERROR);
        assertThat(m.bus().memory().read64(0x20_0000L)).isZero();
        assertThat(m.vtd().faults()).isEqualTo(1);
        // The fault event reached the BSP; the kernel's handler read record 0 and cleared it.
        assertThat(m.platform().smmu().faultsHandled()).isEqualTo(1);
        assertThat(m.bus().read(X86Machine.VTD_BASE + 0x34, 4) & Vtd.PPF).isZero();
        final long low = m.platform().smmu().unit(0).lastFault()[0];
        final long high = m.platform().smmu().unit(0).lastFault()[1];
        assertThat(low).isEqualTo(0x20_0000L);              // FI: the faulting page
        assertThat(high & 0xffff).isEqualTo(rid);           // SID
        assertThat(high >>> 32 & 0xff).isEqualTo(Vtd.FR_WRITE);
        assertThat(high >>> 62 & 1).isZero();               // T: a write
        assertThat(high >>> 63).isEqualTo(1);               // F
    }

    @Test
    void aFunctionAtTheUnitsOwnAddressIsTranslatedLikeAnyOther()
    {
        final X86Machine m = X86Machine.builder().build();
        final long kernelMemory = X86Machine.KERNEL_MEMORY;
        // 00:00.7 was once the unit's own requester, untranslated: now it is a device without a context entry.
        assertThat(m.bus().dmaWrite(org.novaemu.bus.RequesterId.pci(0, 0, 0, 7), kernelMemory, 8, 0x5a5a)).isFalse();
        assertThat(m.bus().memory().read64(kernelMemory)).isNotEqualTo(0x5a5a);
        assertThat(m.vtd().faults()).isEqualTo(1);
    }

    @Test
    void requestersNoUnitCoversAreBlocked()
    {
        final X86Machine m = X86Machine.builder().build();
        final long target = 0x10_0000L;
        assertThat(m.bus().dmaWrite(org.novaemu.bus.RequesterId.CPU, target, 8, 1)).isFalse();
        assertThat(m.bus().dmaWrite(org.novaemu.bus.RequesterId.pci(5, 1, 0, 0), target, 8, 2)).isFalse();
        assertThat(m.bus().memory().read64(target)).isZero();
    }

    @Test
    void aDeviceForgingItsNeighboursRequesterIdIsStoppedOnceTheRootTaskEnablesAcsSourceValidation()
    {
        final PciFunction[] ports = new PciFunction[2];
        final X86Machine m = X86Machine.builder().cpus(2).pcie((t, e) -> {
            for (int i = 0; i < 2; i++)
            {
                final Topology.Downstream port = t.root().rootPort();
                ports[i] = port.bridge();
                devices[i] = port.add(new MultiQueueDevice(i == 0 ? "a" : "hostile", 4, e));
            }
        }).build();
        final MultiQueueDevice a = (MultiQueueDevice) devices[0];
        final PciFunction hostile = devices[1];
        Script.ok(m.kernel(), u -> Calls.createDc(u, DC_A, Kernel.ROOT_PD, a.requesterId(), X86Machine.VTD_BASE, 0));
        Script.ok(m.kernel(), u -> Calls.createInterruptSm(u, SM_A, Kernel.ROOT_PD, GSI_A));
        final Ec root = m.kernel().rootEc();
        Calls.assignInt(root, SM_A, DC_A, true, 1, 0, 0);
        assertThat(m.kernel().hypercall(root)).isEqualTo(Status.SUCCESS);
        final long address = root.param(1);
        final int data = (int) root.param(2);
        PciDriver.enable(m, a);
        PciDriver.enable(m, hostile);
        final Sm sm = (Sm) m.kernel().root().obj().object(SM_A);
        final int forged = (int) a.requesterId();

        // ACS is off at reset: the forged message passes source-ID validation as A's, and A's driver wakes.
        assertThat(hostile.dmaWriteAs(forged, address, 4, data)).isTrue();
        m.engine().runFor(10_000);
        assertThat(sm.counter()).isEqualTo(1);

        // The root task turns on source validation at the hostile device's root port, through ECAM.
        final AcsCapability acs = (AcsCapability) ports[1].find(Capability.EXT_ID_ACS, true);
        m.bus().write(PciDriver.config(ports[1]) + acs.offset() + 6, 2, AcsCapability.SOURCE_VALIDATION);
        assertThat(hostile.dmaWriteAs(forged, address, 4, data)).isFalse();
        m.engine().runFor(10_000);
        assertThat(sm.counter()).isEqualTo(1);
        assertThat(acs.violations()).isEqualTo(1);
        assertThat(m.vtd().faults()).isZero(); // stopped at the port: the IOMMU never saw it
        assertThat(a.dmaWriteAs(forged, address, 4, data)).isTrue(); // A's own requester ID still works
        m.engine().runFor(10_000);
        assertThat(sm.counter()).isEqualTo(2);
    }
}
