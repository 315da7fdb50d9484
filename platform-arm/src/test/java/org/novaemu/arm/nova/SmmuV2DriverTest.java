// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.novaemu.arm.ArmMachine;
import org.novaemu.arm.SmmuModel;
import org.novaemu.Allocations;
import org.novaemu.arm.core.El1;
import org.novaemu.arm.gic.GicdRegister;
import org.novaemu.arm.smmu.v2.Smmuv2;
import org.novaemu.arm.smmu.v2.Smmuv2Register;
import org.novaemu.bus.RequesterId;
import org.novaemu.devices.DmaEngine;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.HipField;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Perm;
import org.novaemu.kernel.SpaceMem;
import org.novaemu.kernel.Status;
import org.novaemu.pci.Header;
import org.novaemu.pci.PciFunction;

/**
 * NOVA's SMMUv2 driver on the Arm machine (specification 5.4.5 assign_dev, 7.6.1, 7.6.2, 7.6.7.2; A169-A173):
 * the root PD creates a DMA space, delegates pages into it and assigns a PCIe function through a DC naming its
 * StreamID, a stream mapping group, the SMMU and a context bank; the function's DMA then reaches exactly those
 * pages, anything else is a fault the kernel's handler reads, and every failure of assign_dev changes nothing.
 * The SMMU's SPIs are the kernel's (A212): configured level at boot, routed to CPU 0, taken through the GIC
 * entry there, and no semaphore can be bound to them. A VMID is held only while a bank uses its space (A213).
 */
class SmmuV2DriverTest
{
    private static final long NOVA_HST = 30;
    private static final long DMA = 31;
    private static final long DC = 32;
    private static final long DMA2 = 33;
    private static final long PA = ArmMachine.RAM_BASE + 0x1000_0000L;
    private static final long PA2 = PA + 0x10_0000L;
    private static final long IOVA = 0x40_0000L;
    private static final int SMG = 5;
    private static final int CTX = 3;

    private final PciFunction[] f = new PciFunction[1];
    private final ArmMachine m = ArmMachine.builder().smmu(SmmuModel.V2)
        .pcie((t, e) -> f[0] = t.root().rootPort().add(new PciFunction("dma", 0x1b36, 1, 0xff0000, false, 0)))
        .build();
    private final Kernel kernel = m.kernel();
    private final Ec root = kernel.rootEc();
    private final Smmuv2 smmu = m.smmuv2();

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

    /** A DC for a StreamID and mask through group smg into bank ctx (7.6.7.2). */
    private void dc(final long sel, final long sid, final long mask, final long smg, final long ctx)
    {
        ok(u -> Calls.createDc(u, sel, Kernel.ROOT_PD, mask << 16 | sid, ArmMachine.SMMUV2_BASE | smg,
            ArmMachine.GITS_BASE | ctx));
    }

    /** The NOVA host space in the root's object space, a DMA space with PA at IOVA, and a DC for the function. */
    private void setUp()
    {
        m.bus().write(ArmMachine.ecam(0) + ((long) f[0].bdf() << 12) + Header.COMMAND.offset(), 2,
            Header.COMMAND_BUS_MASTER);
        ok(u -> Calls.ctrlPd(u, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_HST, 0, NOVA_HST, 0x3f, 0));
        ok(u -> Calls.createPd(u, DMA, Kind.DMA.op(), Kernel.ROOT_PD));
        ok(u -> Calls.ctrlPd(u, NOVA_HST, DMA, PA >>> 12, 0, IOVA >>> 12, Perm.MEM_R | Perm.MEM_W, 0));
        dc(DC, sid(), 0, SMG, CTX);
    }

    private long reg(final long offset)
    {
        return smmu.read(offset, 4, RequesterId.CPU);
    }

    /** Every 32-bit register of the frame but the TLB status registers, which a sync changes. */
    private long[] registers()
    {
        final long[] r = new long[(int) (smmu.frameSize() / 4)];
        for (int i = 0; i < r.length; i++)
        {
            final long at = 4L * i;
            final boolean status = at == Smmuv2Register.STLBGSTATUS.offset()
                || (at & 0xfff) == Smmuv2Register.TLBSTATUS.offset();
            r[i] = status ? 0 : reg(at);
        }
        return r;
    }

    @Test
    void bootTakesTheSmmuOver()
    {
        assertThat(reg(Smmuv2Register.SCR0.offset())).isEqualTo(SmmuV2Driver.SCR0);
        for (int g = 0; g < ArmMachine.SMMUV2_GROUPS; g++)
        {
            assertThat(Smmuv2Register.S2CR_TYPE.extract(reg(Smmuv2Register.S2CR.offset() + 4L * g)))
                .isEqualTo(Smmuv2Register.S2CR_FAULT);
        }
        for (int c = 0; c < ArmMachine.SMMUV2_BANKS; c++)
        {
            assertThat(Smmuv2Register.CBAR_TYPE.extract(reg(0x1000 + 4L * c))).as("invalid context").isEqualTo(2);
        }
        assertThat(kernel.hip().get(HipField.FEATURES) & 1).as("SMMU").isEqualTo(1);
        assertThat(kernel.hip().get(HipField.SBW_DMA)).isEqualTo(36);
        assertThat(kernel.hip().get(HipField.ARM_SMG_NUM)).isEqualTo(ArmMachine.SMMUV2_GROUPS);
        assertThat(kernel.hip().get(HipField.ARM_CTX_NUM)).isEqualTo(ArmMachine.SMMUV2_BANKS);
        assertThat(kernel.novaHst().lookup(ArmMachine.SMMUV2_BASE >>> 12)).as("frame withheld").isZero();
        assertThat(kernel.novaHst().lookup(ArmMachine.SMMUV2_BASE + 0xf000 >>> 12)).isZero();
        ok(u -> Calls.createPd(u, DMA, Kind.DMA.op(), Kernel.ROOT_PD));
        assertThat(((SpaceMem) kernel.root().obj().object(DMA)).levels()).isEqualTo(4);
        assertThat(m.smmu()).as("no SMMUv3").isNull();
        assertThat(m.smmuDriver()).isNull();

        final ArmMachine v3 = ArmMachine.builder().smmu(true).build();
        assertThat(v3.smmuv2()).isNull();
        assertThat(v3.smmu()).isNotNull();
        assertThat(v3.kernel().hip().get(HipField.ARM_SMG_NUM)).isZero();
    }

    private long gicd(final GicdRegister r, final int n)
    {
        return m.bus().read(ArmMachine.GICD_BASE + r.offset(n), r.width());
    }

    @Test
    void theKernelOwnsTheSmmusSpis()
    {
        for (int i = ArmMachine.SMMUV2_INTID; i <= ArmMachine.SMMUV2_INTID + ArmMachine.SMMUV2_BANKS; i++)
        {
            final int intid = i;
            assertThat(gicd(GicdRegister.ICFGR, i / 16) >>> i % 16 * 2 & 2).as("level").isZero();
            assertThat(gicd(GicdRegister.ISENABLER, i / 32) >>> i % 32 & 1).as("enabled").isEqualTo(1);
            assertThat(gicd(GicdRegister.IROUTER, i)).as("CPU 0").isZero();
            assertThat(call(u -> Calls.createInterruptSm(u, 60, Kernel.ROOT_PD, intid))).as("INTID %d", i)
                .isEqualTo(Status.BAD_PAR);
        }
        final int next = ArmMachine.SMMUV2_INTID + ArmMachine.SMMUV2_BANKS + 1;
        ok(u -> Calls.createInterruptSm(u, 60, Kernel.ROOT_PD, next));
        ok(u -> Calls.createInterruptSm(u, 61, Kernel.ROOT_PD, ArmMachine.SMMUV2_INTID - 1));
    }

    @Test
    void theFaultHandlerRunsInTheKernelsEntryAndAllocatesNothing()
    {
        setUp();
        final int global = ArmMachine.SMMUV2_INTID;
        final long taken = m.interrupts().taken();
        assertThat(f[0].dmaWrite(IOVA, 8, 1)).as("no group matches: USF").isFalse();
        assertThat(gicd(GicdRegister.ISPENDR, global / 32) >>> global % 32 & 1).as("pending at the GIC").isEqualTo(1);
        assertThat(m.gic().cpuInterface(0).irq()).as("signalled to CPU 0").isTrue();
        m.interrupts().handle(0, kernel.events(0)); // CPU 0's entry
        assertThat(m.smmuV2Driver().faultsHandled()).isEqualTo(1);
        assertThat(gicd(GicdRegister.ISPENDR, global / 32) >>> global % 32 & 1).as("status cleared").isZero();
        assertThat(gicd(GicdRegister.ISACTIVER, global / 32) >>> global % 32 & 1).as("deactivated").isZero();
        assertThat(m.interrupts().taken()).as("no semaphore's").isEqualTo(taken);
        assertThat(m.interrupts().spurious()).isZero();
        final Runnable fault = () -> {
            f[0].dmaWrite(IOVA, 8, 1);
            m.interrupts().handle(0, kernel.events(0));
        };
        // A few kilobytes at most over 200,000 faults, from the device's side: not one object a fault.
        assertThat(Allocations.allocatedBy(fault)).as("bytes").isLessThan(200_000);
        assertThat(m.smmuV2Driver().faultsHandled()).isEqualTo(1 + 220_000L);
        assertThat(m.interrupts().spurious()).isZero();
    }

    @Test
    void aVmidIsHeldOnlyWhileABankUsesItsSpace()
    {
        setUp();
        // More spaces than the 255 VMIDs, each assigned through the same bank in turn and kept alive: each takes
        // the VMID the one before gave back (A213), so none is MEM_OBJ.
        for (int i = 0; i < 300; i++)
        {
            final long sel = 0x1000 + i;
            ok(u -> Calls.createPd(u, sel, Kind.DMA.op(), Kernel.ROOT_PD));
            ok(u -> Calls.assignDev(u, DC, sel));
        }
        ok(u -> Calls.ctrlPd(u, NOVA_HST, 0x1000 + 299, PA >>> 12, 0, IOVA >>> 12, Perm.MEM_R | Perm.MEM_W, 0));
        assertThat(f[0].dmaWrite(IOVA, 8, 0x77)).isTrue();
        assertThat(m.bus().memory().read64(PA)).isEqualTo(0x77);
        ok(u -> Calls.assignDev(u, DC, DMA)); // a space back in a bank translates afresh
        assertThat(f[0].dmaWrite(IOVA + 8, 8, 0x78)).isTrue();
        assertThat(m.bus().memory().read64(PA + 8)).isEqualTo(0x78);
        assertThat(m.smmuV2Driver().faultsHandled()).isZero();
    }

    @Test
    void theMachineWiresTheSmmuv2()
    {
        assertThatThrownBy(() -> ArmMachine.builder().spis(64).smmu(SmmuModel.V2).build())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spis");
        assertThat(ArmMachine.builder().spis(96).smmu(SmmuModel.V2).build().smmuv2()).isNotNull();
        assertThat(ArmMachine.builder().smmu(SmmuModel.NONE).build().smmuv2()).isNull();
        // A bare machine: nobody clears CLIENTPD, so DMA bypasses (A162).
        final ArmMachine bare = ArmMachine.builder().smmu(SmmuModel.V2).bare(El1::wfi).build();
        assertThat(bare.smmuV2Driver()).isNull();
        assertThat(bare.bus().dmaWrite(RequesterId.arm(8, 0), PA, 8, 9)).isTrue();
        assertThat(bare.bus().memory().read64(PA)).isEqualTo(9);
    }

    @Test
    void anAssignedDeviceReachesExactlyItsDmaSpace()
    {
        setUp();
        assertThat(f[0].dmaWrite(IOVA + 8, 8, 0x1111)).as("no group matches yet").isFalse();
        assertThat(m.smmuV2Driver().faultsHandled()).as("the handler runs after the interrupt").isZero();
        assertThat(m.spi(ArmMachine.SMMUV2_INTID).level()).as("global fault SPI 78").isTrue();
        m.engine().runFor(1_000);
        assertThat(m.spi(ArmMachine.SMMUV2_INTID).level()).isFalse();
        assertThat(m.smmuV2Driver().faultsHandled()).isEqualTo(1);
        final SmmuV2Driver.Fault usf = m.smmuV2Driver().lastFault();
        assertThat(usf.context()).isEqualTo(-1);
        assertThat(usf.status()).isEqualTo(Smmuv2Register.SGFSR_USF);
        assertThat(usf.syndrome()).as("the StreamID").isEqualTo(sid());
        assertThat(reg(Smmuv2Register.SGFSR.offset())).as("cleared").isZero();

        ok(u -> Calls.assignDev(u, DC, DMA));
        assertThat(f[0].dmaWrite(IOVA + 8, 8, 0xabcd)).isTrue();
        assertThat(m.bus().memory().read64(PA + 8)).isEqualTo(0xabcd);
        assertThat(f[0].dmaRead(IOVA + 8, 8)).isEqualTo(0xabcd);

        // Outside the space, even at a RAM address: blocked, nothing written, a context fault the kernel reads.
        assertThat(f[0].dmaWrite(PA2 + 8, 8, 0x2222)).isFalse();
        assertThat(m.bus().memory().read64(PA2 + 8)).isZero();
        assertThat(m.spi(ArmMachine.SMMUV2_INTID + 1 + CTX).level()).as("the bank's SPI").isTrue();
        m.engine().runFor(1_000);
        assertThat(m.spi(ArmMachine.SMMUV2_INTID + 1 + CTX).level()).isFalse();
        assertThat(m.smmuV2Driver().faultsHandled()).isEqualTo(2);
        final SmmuV2Driver.Fault tf = m.smmuV2Driver().lastFault();
        assertThat(tf.context()).isEqualTo(CTX);
        assertThat(tf.status()).isEqualTo(Smmuv2Register.FSR_TF);
        assertThat(tf.address()).isEqualTo(PA2 + 8);
        assertThat(tf.syndrome() & Smmuv2Register.FSYNR0_WNR).isNotZero();
        assertThat(reg(0x8000 + 0x1000L * CTX + Smmuv2Register.FSR.offset())).isZero();

        // Revocation: ctrl_pd into the DMA space invalidates the VMID's TLB entries at once.
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
        final DmaCopy c = new DmaCopy(SmmuModel.V2, ArmMachine.SMMUV2_BASE);
        final ArmMachine mm = c.machine;
        mm.bus().memory().write64(DmaCopy.PA, 0x1122_3344_5566_7788L);
        assertThat(c.copy(DmaCopy.IOVA + 0x800)).isEqualTo(DmaEngine.DONE);
        assertThat(mm.bus().memory().read64(DmaCopy.PA + 0x800)).isEqualTo(0x1122_3344_5566_7788L);
        assertThat(mm.smmuV2Driver().faultsHandled()).isZero();
        // To the identity of a RAM page outside the space: the copy errs, nothing lands, the handler reads it.
        assertThat(c.copy(DmaCopy.PA2)).isEqualTo(DmaEngine.DONE | DmaEngine.ERROR);
        assertThat(mm.bus().memory().read64(DmaCopy.PA2)).isZero();
        assertThat(mm.smmuV2Driver().faultsHandled()).isEqualTo(1);
        assertThat(mm.smmuV2Driver().lastFault().context()).isZero();
        assertThat(mm.smmuV2Driver().lastFault().address()).isEqualTo(DmaCopy.PA2);
    }

    @Test
    void reassigningABankMovesEveryGroupOnIt()
    {
        setUp();
        ok(u -> Calls.assignDev(u, DC, DMA));
        final int other = 0x7f00;
        dc(40, other, 0xff, 6, CTX); // StreamIDs 0x7f00 to 0x7fff, the same bank
        ok(u -> Calls.assignDev(u, 40, DMA));
        assertThat(m.bus().dmaWrite(RequesterId.arm(0x7f42, 0), IOVA, 8, 1)).isTrue();
        assertThat(f[0].dmaWrite(IOVA + 8, 8, 2)).isTrue();
        assertThat(m.bus().memory().read64(PA)).isEqualTo(1);
        ok(u -> Calls.createPd(u, DMA2, Kind.DMA.op(), Kernel.ROOT_PD));
        ok(u -> Calls.ctrlPd(u, NOVA_HST, DMA2, PA2 >>> 12, 0, IOVA >>> 12, Perm.MEM_R | Perm.MEM_W, 0));
        ok(u -> Calls.assignDev(u, DC, DMA2));
        assertThat(f[0].dmaWrite(IOVA, 8, 3)).isTrue();
        assertThat(m.bus().dmaWrite(RequesterId.arm(0x7f42, 0), IOVA + 8, 8, 4)).as("the bank's group too").isTrue();
        assertThat(m.bus().memory().read64(PA2)).isEqualTo(3);
        assertThat(m.bus().memory().read64(PA2 + 8)).isEqualTo(4);
        assertThat(m.bus().memory().read64(PA)).isEqualTo(1);
        ok(u -> Calls.assignDev(u, DC, DMA)); // and back
        assertThat(f[0].dmaWrite(IOVA, 8, 5)).isTrue();
        assertThat(m.bus().memory().read64(PA)).isEqualTo(5);
    }

    @Test
    void assignDevFailuresChangeNothing()
    {
        setUp();
        ok(u -> Calls.assignDev(u, DC, DMA));
        ok(u -> Calls.createPd(u, DMA2, Kind.DMA.op(), Kernel.ROOT_PD));
        final int s = sid();
        dc(40, s, 0, ArmMachine.SMMUV2_GROUPS, 0); // SMG out of range
        dc(41, s, 0, 0, ArmMachine.SMMUV2_BANKS); // CTX out of range
        dc(42, s, 0, 0x100, 0); // word 1 bits 11:8
        dc(43, s, 0, 0, 0x100); // word 2 bits 11:8
        dc(44, s, 0x8000, 0, 0); // a mask bit beyond the 15 StreamID bits
        dc(45, 0x8000 | s, 0, 0, 0); // a StreamID beyond them
        ok(u -> Calls.createDc(u, 46, Kernel.ROOT_PD, s, ArmMachine.SMMU_BASE, 0)); // the SMMUv3's address
        final long[] before = registers();
        assertThat(call(u -> Calls.assignDev(u, DMA, DMA2))).as("not a DC").isEqualTo(Status.BAD_CAP);
        assertThat(call(u -> Calls.assignDev(u, DC, DC))).as("not a DMA space").isEqualTo(Status.BAD_CAP);
        assertThat(call(u -> Calls.assignDev(u, DC, NOVA_HST))).as("a host space").isEqualTo(Status.BAD_CAP);
        for (long dc = 40; dc <= 46; dc++)
        {
            final long sel = dc;
            assertThat(call(u -> Calls.assignDev(u, sel, DMA2))).as("DC %d", sel).isEqualTo(Status.BAD_DEV);
        }
        assertThat(registers()).isEqualTo(before);
        assertThat(f[0].dmaWrite(IOVA, 8, 5)).as("still the first space").isTrue();
        assertThat(m.bus().memory().read64(PA)).isEqualTo(5);
        dc(47, s, 0x7fff, 0, 0); // every unused bit zero, the widest mask: fine
        ok(u -> Calls.assignDev(u, 47, DMA));
    }

    @Test
    void aHeldSyncIsTimeoutAndChangesNothing()
    {
        setUp();
        // The TLB synchronization held behind the driver's back (A168): GSACTIVE stays 1.
        smmu.write(Smmuv2Register.SACR.offset(), 4, Smmuv2Register.SACR_SYNCHOLD, RequesterId.CPU);
        final long[] before = registers();
        assertThat(call(u -> Calls.assignDev(u, DC, DMA))).isEqualTo(Status.TIMEOUT);
        assertThat(registers()).isEqualTo(before);
        assertThat(reg(Smmuv2Register.STLBGSTATUS.offset())).isEqualTo(Smmuv2Register.TLBSTATUS_ACTIVE);
        assertThat(f[0].dmaWrite(IOVA, 8, 1)).as("not attached").isFalse();
        smmu.write(Smmuv2Register.SACR.offset(), 4, 0, RequesterId.CPU);
        ok(u -> Calls.assignDev(u, DC, DMA));
        assertThat(f[0].dmaWrite(IOVA, 8, 2)).isTrue();
        assertThat(m.bus().memory().read64(PA)).isEqualTo(2);
    }
}
