// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.novaemu.arm.ArmMachine;
import org.novaemu.arm.SmmuModel;
import org.novaemu.arm.smmu.Event;
import org.novaemu.arm.smmu.SmmuRegister;
import org.novaemu.bus.RequesterId;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.HipField;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Perm;
import org.novaemu.kernel.SpaceMem;
import org.novaemu.kernel.Status;
import org.novaemu.devices.DmaEngine;
import org.novaemu.pci.Header;
import org.novaemu.pci.PciFunction;

/**
 * NOVA's SMMUv3 driver on the Arm machine (specification 5.5.2 assign_dev, 7.6.1, 7.6.7.1; A150-A153): the root
 * PD creates a DMA space, delegates pages into it and assigns a PCIe function through a DC naming its StreamID
 * and the SMMU; the function's DMA then reaches exactly those pages, anything else records an SMMU event that
 * the kernel's handler reads, and every failure of assign_dev changes nothing.
 */
class SmmuV3DriverTest
{
    private static final long NOVA_HST = 30;
    private static final long DMA = 31;
    private static final long DC = 32;
    private static final long DMA2 = 33;
    private static final long PA = ArmMachine.RAM_BASE + 0x1000_0000L;
    private static final long PA2 = PA + 0x10_0000L;
    private static final long IOVA = 0x40_0000L;

    private final PciFunction[] f = new PciFunction[1];
    private final ArmMachine m = ArmMachine.builder().smmu(true)
        .pcie((t, e) -> f[0] = t.root().rootPort().add(new PciFunction("dma", 0x1b36, 1, 0xff0000, false, 0)))
        .build();
    private final Kernel kernel = m.kernel();
    private final Ec root = kernel.rootEc();

    private Status call(final Consumer<Ec> setup)
    {
        setup.accept(root);
        return kernel.hypercall(root);
    }

    private void ok(final Consumer<Ec> setup)
    {
        assertThat(call(setup)).isEqualTo(Status.SUCCESS);
    }

    private int sid()
    {
        return m.rootComplex(0).streamId(f[0].bdf());
    }

    /** The NOVA host space in the root's object space, a DMA space with PA at IOVA, and a DC for the function. */
    private void setUp()
    {
        // The function's driver lets it master the bus (PCI 7.5.1.1.3).
        m.bus().write(ArmMachine.ecam(0) + ((long) f[0].bdf() << 12) + Header.COMMAND.offset(), 2,
            Header.COMMAND_BUS_MASTER);
        ok(u -> Calls.ctrlPd(u, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_HST, 0, NOVA_HST, 0x3f, 0));
        ok(u -> Calls.createPd(u, DMA, Kind.DMA.op(), Kernel.ROOT_PD));
        ok(u -> Calls.ctrlPd(u, NOVA_HST, DMA, PA >>> 12, 0, IOVA >>> 12, Perm.MEM_R | Perm.MEM_W, 0));
        ok(u -> Calls.createDc(u, DC, Kernel.ROOT_PD, sid(), ArmMachine.SMMU_BASE, 0));
    }

    @Test
    void anAssignedDeviceReachesExactlyItsDmaSpace()
    {
        setUp();
        assertThat(f[0].dmaWrite(IOVA + 8, 8, 0x1111)).as("not assigned yet").isFalse();
        assertThat(m.smmuDriver().eventsHandled()).as("the handler runs after the interrupt").isZero();
        m.engine().runFor(1_000);
        assertThat(m.smmuDriver().eventsHandled()).isEqualTo(1);
        assertThat(m.smmuDriver().lastEvent().type()).as("no level 2 array yet").isEqualTo(Event.C_BAD_STREAMID);
        ok(u -> Calls.assignDev(u, DC, DMA));
        assertThat(f[0].dmaWrite(IOVA + 8, 8, 0xabcd)).isTrue();
        assertThat(m.bus().memory().read64(PA + 8)).isEqualTo(0xabcd);
        assertThat(f[0].dmaRead(IOVA + 8, 8)).isEqualTo(0xabcd);

        // Outside the space, even at a RAM address: aborted, nothing written, an event the kernel reads.
        final long before = m.smmuDriver().eventsHandled();
        assertThat(f[0].dmaWrite(PA2 + 8, 8, 0x2222)).isFalse();
        assertThat(f[0].dmaWrite(IOVA + 0x1008, 8, 0x2222)).isFalse();
        assertThat(m.bus().memory().read64(PA2 + 8)).isZero();
        assertThat(m.bus().memory().read64(PA + 0x1008)).isZero();
        m.engine().runFor(1_000);
        assertThat(m.smmuDriver().eventsHandled()).isEqualTo(before + 2);
        final Event e = m.smmuDriver().lastEvent();
        assertThat(e.type()).isEqualTo(Event.F_TRANSLATION);
        assertThat(e.streamId()).isEqualTo(sid());
        assertThat(e.inputAddress()).isEqualTo(IOVA + 0x1008);
        assertThat(m.smmu().read(SmmuRegister.EVENTQ_CONS.offset(), 4, RequesterId.CPU) & 0xfffff)
            .as("the queue is empty").isEqualTo(m.smmu().read(SmmuRegister.EVENTQ_PROD.offset(), 4, RequesterId.CPU)
                & 0xfffff);

        // Revocation: ctrl_pd into the DMA space invalidates the SMMU's TLB, so the cached page is gone at once.
        ok(u -> Calls.ctrlPd(u, NOVA_HST, DMA, 0, 0, IOVA >>> 12, 0, 0));
        assertThat(f[0].dmaWrite(IOVA + 8, 8, 0x3333)).isFalse();
        assertThat(m.bus().memory().read64(PA + 8)).isEqualTo(0xabcd);
        ok(u -> Calls.ctrlPd(u, NOVA_HST, DMA, PA >>> 12, 0, IOVA >>> 12, Perm.MEM_R, 0));
        assertThat(f[0].dmaRead(IOVA + 8, 8)).isEqualTo(0xabcd);
        assertThat(f[0].dmaWrite(IOVA + 8, 8, 0x4444)).as("read-only").isFalse();
    }

    @Test
    void aDmaEngineCopiesWithinItsSpaceAndNotBeyond()
    {
        final DmaCopy c = new DmaCopy(SmmuModel.V3, ArmMachine.SMMU_BASE);
        final ArmMachine mm = c.machine;
        mm.bus().memory().write64(DmaCopy.PA, 0x1122_3344_5566_7788L);
        assertThat(c.copy(DmaCopy.IOVA + 0x800)).isEqualTo(DmaEngine.DONE);
        assertThat(mm.bus().memory().read64(DmaCopy.PA + 0x800)).isEqualTo(0x1122_3344_5566_7788L);
        assertThat(mm.smmuDriver().eventsHandled()).isZero();
        // To the identity of a RAM page outside the space: the copy errs, nothing lands, the handler reads one event.
        assertThat(c.copy(DmaCopy.PA2)).isEqualTo(DmaEngine.DONE | DmaEngine.ERROR);
        assertThat(mm.bus().memory().read64(DmaCopy.PA2)).isZero();
        assertThat(mm.smmuDriver().eventsHandled()).isEqualTo(1);
        assertThat(mm.smmuDriver().lastEvent().type()).isEqualTo(Event.F_TRANSLATION);
        assertThat(mm.smmuDriver().lastEvent().inputAddress()).isEqualTo(DmaCopy.PA2);
    }

    /** The CMD_CFGI_STE commands queued from PROD {@code from} to the current PROD, each as its Leaf bit. */
    private List<Boolean> cfgiSteLeaves(final long from)
    {
        final long q = m.smmu().read(SmmuRegister.CMDQ_BASE.offset(), 8, RequesterId.CPU);
        final long base = q & 0x00ff_ffff_ffff_ffe0L;                    // Addr, bits 55:5
        final int log2 = (int) (q & 0x1f);
        final long prod = m.smmu().read(SmmuRegister.CMDQ_PROD.offset(), 4, RequesterId.CPU);
        final List<Boolean> leaves = new ArrayList<>();
        for (long i = from; (i & (2L << log2) - 1) != (prod & (2L << log2) - 1); i++)
        {
            final long at = base + 16 * (i & (1L << log2) - 1);
            if ((m.bus().memory().read64(at) & 0xff) == 0x03)           // CMD_CFGI_STE
            {
                leaves.add((m.bus().memory().read64(at + 8) & 1) != 0);
            }
        }
        return leaves;
    }

    @Test
    void aNewLevelOneDescriptorIsInvalidatedByANonLeafCfgiSte()
    {
        setUp();
        final long before = m.smmu().read(SmmuRegister.CMDQ_PROD.offset(), 4, RequesterId.CPU);
        ok(u -> Calls.assignDev(u, DC, DMA));
        assertThat(cfgiSteLeaves(before)).as("the level-1 descriptor is new: V 0 STE, then V 1")
            .containsExactly(false, true);
        final long again = m.smmu().read(SmmuRegister.CMDQ_PROD.offset(), 4, RequesterId.CPU);
        ok(u -> Calls.assignDev(u, DC, DMA));
        assertThat(cfgiSteLeaves(again)).as("the level-2 array exists: leaf invalidations only")
            .containsExactly(true, true, true);
    }

    @Test
    void reassigningDetachesTheOldSpace()
    {
        setUp();
        ok(u -> Calls.assignDev(u, DC, DMA));
        assertThat(f[0].dmaWrite(IOVA, 8, 1)).isTrue(); // the SMMU caches the STE and the translation
        ok(u -> Calls.createPd(u, DMA2, Kind.DMA.op(), Kernel.ROOT_PD));
        ok(u -> Calls.ctrlPd(u, NOVA_HST, DMA2, PA2 >>> 12, 0, IOVA >>> 12, Perm.MEM_R | Perm.MEM_W, 0));
        ok(u -> Calls.assignDev(u, DC, DMA2));
        assertThat(f[0].dmaWrite(IOVA, 8, 2)).isTrue();
        assertThat(m.bus().memory().read64(PA2)).isEqualTo(2);
        assertThat(m.bus().memory().read64(PA)).isEqualTo(1);
        ok(u -> Calls.assignDev(u, DC, DMA)); // and back
        assertThat(f[0].dmaWrite(IOVA, 8, 3)).isTrue();
        assertThat(m.bus().memory().read64(PA)).isEqualTo(3);
        assertThat(m.bus().memory().read64(PA2)).isEqualTo(2);
    }

    @Test
    void assignDevFailuresChangeNothing()
    {
        setUp();
        ok(u -> Calls.assignDev(u, DC, DMA));
        ok(u -> Calls.createPd(u, DMA2, Kind.DMA.op(), Kernel.ROOT_PD));
        ok(u -> Calls.createDc(u, 40, Kernel.ROOT_PD, sid(), ArmMachine.SMMU_BASE + 0x2_0000, 0));
        ok(u -> Calls.createDc(u, 41, Kernel.ROOT_PD, 1L << 16, ArmMachine.SMMU_BASE, 0));
        ok(u -> Calls.createDc(u, 42, Kernel.ROOT_PD, 1L << 32 | sid(), ArmMachine.SMMU_BASE, 0)); // a DID
        assertThat(call(u -> Calls.assignDev(u, DMA, DMA2))).as("not a DC").isEqualTo(Status.BAD_CAP);
        assertThat(call(u -> Calls.assignDev(u, DC, DC))).as("not a DMA space").isEqualTo(Status.BAD_CAP);
        assertThat(call(u -> Calls.assignDev(u, DC, NOVA_HST))).as("a host space").isEqualTo(Status.BAD_CAP);
        assertThat(call(u -> Calls.assignDev(u, 40, DMA2))).as("no SMMU there").isEqualTo(Status.BAD_DEV);
        assertThat(call(u -> Calls.assignDev(u, 41, DMA2))).as("SID beyond SIDSIZE").isEqualTo(Status.BAD_DEV);
        assertThat(f[0].dmaWrite(IOVA, 8, 5)).as("still the first space").isTrue();
        assertThat(m.bus().memory().read64(PA)).isEqualTo(5);
        ok(u -> Calls.assignDev(u, 42, DMA)); // the DeviceID is the ITS's, not the SMMU's
    }

    /** The S2VMID of the function's STE, read from the 2-level stream table the SMMU is given (SPLIT 6). */
    private int steVmid()
    {
        final long strtab = m.smmu().read(0x80, 8, RequesterId.CPU) & 0x000f_ffff_ffff_ffc0L; // STRTAB_BASE.ADDR
        final long l1 = m.bus().memory().read64(strtab + 8L * (sid() >>> 6));
        final long ste = (l1 & 0x000f_ffff_ffff_ffc0L) + 64L * (sid() & 63);           // L1STD.L2Ptr
        return (int) (m.bus().memory().read64(ste + 16) & 0xffff);                     // S2VMID, STE bits 143:128
    }

    @Test
    void aSpaceNoSteUsesGivesItsVmidBackThoughItLivesOn()
    {
        setUp();
        ok(u -> Calls.assignDev(u, DC, DMA));
        final int first = steVmid();
        ok(u -> Calls.createPd(u, DMA2, Kind.DMA.op(), Kernel.ROOT_PD));
        ok(u -> Calls.assignDev(u, DC, DMA2));
        assertThat(steVmid()).isNotEqualTo(first);
        ok(u -> Calls.createPd(u, 34, Kind.DMA.op(), Kernel.ROOT_PD));
        ok(u -> Calls.assignDev(u, DC, 34));
        assertThat(steVmid()).as("DMA keeps its capability but no STE: its VMID is free (A154)").isEqualTo(first);
        ok(u -> Calls.assignDev(u, DC, DMA));
        assertThat(steVmid()).as("and DMA takes a free one again").isNotEqualTo(first);
        assertThat(f[0].dmaWrite(IOVA + 8, 8, 0x55)).isTrue();
        assertThat(m.bus().memory().read64(PA + 8)).isEqualTo(0x55);
    }

    @Test
    void exhaustedStreamTablesAreMemObj()
    {
        setUp();
        // Every level 2 array of STEs (64 StreamIDs) the driver's region holds, one StreamID in each.
        final int arrays = (int) ((SmmuV3Driver.TABLES_SIZE - 0x6000) / 0x1000);
        for (int i = 0; i < arrays; i++)
        {
            final long sid = (long) i << 6 | 1;
            final long dc = 100 + i;
            ok(u -> Calls.createDc(u, dc, Kernel.ROOT_PD, sid, ArmMachine.SMMU_BASE, 0));
            ok(u -> Calls.assignDev(u, dc, DMA));
        }
        final long sid = (long) arrays << 6;
        ok(u -> Calls.createDc(u, 99, Kernel.ROOT_PD, sid, ArmMachine.SMMU_BASE, 0));
        assertThat(call(u -> Calls.assignDev(u, 99, DMA))).isEqualTo(Status.MEM_OBJ);
        assertThat(m.bus().dmaWrite(RequesterId.arm((int) sid, 0), IOVA, 8, 6)).as("not assigned").isFalse();
        assertThat(m.bus().dmaWrite(RequesterId.arm(1, 0), IOVA, 8, 7)).as("the first one is").isTrue();
        assertThat(m.bus().memory().read64(PA)).isEqualTo(7);
        ok(u -> Calls.assignDev(u, DC, DMA)); // the function's StreamID's array was allocated in the loop
        assertThat(f[0].dmaWrite(IOVA, 8, 6)).isTrue();
    }

    @Test
    void aStalledCommandQueueIsTimeout()
    {
        setUp();
        // The command queue off behind the driver's back: CMD_SYNC never completes (A152).
        m.smmu().write(SmmuRegister.CR0.offset(), 4, SmmuRegister.CR0_SMMUEN | SmmuRegister.CR0_EVENTQEN,
            RequesterId.CPU);
        assertThat(call(u -> Calls.assignDev(u, DC, DMA))).isEqualTo(Status.TIMEOUT);
    }

    @Test
    void theHipReportsTheSmmuAndDmaSpaces()
    {
        assertThat(kernel.hip().get(HipField.FEATURES) & 1).as("SMMU").isEqualTo(1);
        assertThat(kernel.hip().get(HipField.SBW_DMA)).isEqualTo(SmmuV3Driver.SELECTOR_BITS);
        ok(u -> Calls.createPd(u, DMA, Kind.DMA.op(), Kernel.ROOT_PD));
        final SpaceMem space = (SpaceMem) kernel.root().obj().object(DMA);
        assertThat(space.levels()).isEqualTo(4);
        assertThat(kernel.novaHst().lookup(ArmMachine.SMMU_TABLES >>> 12)).as("tables withheld").isZero();

        final ArmMachine plain = ArmMachine.builder().build();
        assertThat(plain.smmuDriver()).isNull();
        assertThat(plain.kernel().hip().get(HipField.FEATURES) & 1).isZero();
        assertThat(plain.kernel().hip().get(HipField.SBW_DMA)).isZero();
        final Ec r = plain.kernel().rootEc();
        Calls.createPd(r, DMA, Kind.DMA.op(), Kernel.ROOT_PD);
        assertThat(plain.kernel().hypercall(r)).isEqualTo(Status.BAD_FTR);
        assertThat(plain.kernel().novaHst().lookup(ArmMachine.SMMU_TABLES >>> 12)).isNotZero();
    }
}
