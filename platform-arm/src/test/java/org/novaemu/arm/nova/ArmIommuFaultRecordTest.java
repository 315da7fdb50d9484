// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.novaemu.arm.ArmMachine;
import org.novaemu.arm.SmmuModel;
import org.novaemu.arm.gic.Intid;
import org.novaemu.arm.gic.its.ItsRegister;
import org.novaemu.arm.smmu.Event;
import org.novaemu.arm.smmu.v2.Smmuv2Register;
import org.novaemu.bus.IommuFault;
import org.novaemu.bus.IommuFault.Access;
import org.novaemu.bus.IommuFault.Reason;
import org.novaemu.bus.IommuFault.Unit;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Perm;
import org.novaemu.kernel.Sm;
import org.novaemu.kernel.Status;
import org.novaemu.pci.Header;
import org.novaemu.pci.PciFunction;
import org.novaemu.sim.Failure;
import org.novaemu.sim.StrictModeException;

/**
 * On Arm every request the SMMUv3, the SMMUv2 or the ITS refuses is a typed record in {@link
 * ArmMachine#iommuFaults()}, made before the kernel drains the event queue or clears a fault register (decision
 * U20): a DMA outside the function's DMA space, a forged MSI (an EventID the function does not own), a function
 * NOVA never assigned.
 */
class ArmIommuFaultRecordTest
{
    private static final long NOVA_HST = 30;
    private static final long DMA = 31;
    private static final long DC = 33;
    private static final long SM = 40;
    private static final long PA = ArmMachine.RAM_BASE + 0x1000_0000L;
    private static final long OUTSIDE = PA + 0x20_0000L;
    private static final long IOVA = 0x40_0000L;
    private static final long DOORBELL = ArmMachine.GITS_BASE + 0x1_0000L;
    private static final long TRANSLATER = ArmMachine.GITS_BASE + ItsRegister.TRANSLATER.offset();
    private static final int LPI = Intid.LPI + 11;
    private static final int EVENT = 1;

    private final PciFunction[] f = new PciFunction[2];

    private ArmMachine machine(final SmmuModel model)
    {
        final ArmMachine m = ArmMachine.builder().its(true).smmu(model)
            .pcie((t, e) -> {
                f[0] = t.root().rootPort().add(new PciFunction("a", 0x1b36, 1, 0xff0000, false, 0));
                f[1] = t.root().rootPort().add(new PciFunction("b", 0x1b36, 2, 0xff0000, false, 0));
            })
            .build();
        for (final PciFunction p : f)
        {
            m.bus().write(ArmMachine.ecam(0) + ((long) p.bdf() << 12) + Header.COMMAND.offset(), 2,
                Header.COMMAND_BUS_MASTER);
        }
        return m;
    }

    private static void ok(final ArmMachine m, final Consumer<Ec> setup)
    {
        final Ec root = m.kernel().rootEc();
        setup.accept(root);
        assertThat(m.kernel().hypercall(root)).isEqualTo(Status.SUCCESS);
    }

    /** Function a: a DMA space with PA at IOVA and the ITS doorbell, assigned, with EVENT on LPI. */
    private void assignA(final ArmMachine m, final long dtd0, final long dtd1, final long dtd2)
    {
        final int rw = Perm.MEM_R | Perm.MEM_W;
        ok(m, u -> Calls.ctrlPd(u, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_HST, 0, NOVA_HST, 0x3f, 0));
        ok(m, u -> Calls.createPd(u, DMA, Kind.DMA.op(), Kernel.ROOT_PD));
        ok(m, u -> Calls.ctrlPd(u, NOVA_HST, DMA, PA >>> 12, 0, IOVA >>> 12, rw, 0));
        ok(m, u -> Calls.ctrlPd(u, NOVA_HST, DMA, DOORBELL >>> 12, 0, DOORBELL >>> 12, Perm.MEM_W, 0));
        ok(m, u -> Calls.createDc(u, DC, Kernel.ROOT_PD, dtd0, dtd1, dtd2));
        ok(m, u -> Calls.assignDev(u, DC, DMA));
    }

    @Test
    void smmuV3AndItsRefusalsAreTypedAndNothingIsWrittenOrDelivered()
    {
        final ArmMachine m = machine(SmmuModel.V3);
        final int sid = m.rootComplex(0).streamId(f[0].bdf());
        final int deviceId = m.rootComplex(0).deviceId(f[0].bdf());
        assignA(m, (long) deviceId << 32 | sid, ArmMachine.SMMU_BASE, ArmMachine.GITS_BASE);
        ok(m, u -> Calls.createInterruptSm(u, SM, Kernel.ROOT_PD, LPI));
        ok(m, u -> Calls.assignInt(u, SM, DC, true, 0, EVENT, 0));

        assertThat(f[0].dmaWrite(OUTSIDE, 8, 0xbad)).isFalse();
        assertThat(f[0].dmaWrite(TRANSLATER, 4, EVENT + 1)).isTrue(); // a forged MSI: an EventID a does not own
        m.engine().runFor(100_000);

        assertThat(m.bus().memory().read64(OUTSIDE)).isZero();
        assertThat(((Sm) m.kernel().root().obj().object(SM)).counter()).isZero();
        assertThat(m.iommuFaults().all()).containsExactly(
            new IommuFault(Unit.SMMU_V3, sid, OUTSIDE, Access.WRITE, Reason.TRANSLATION, Event.F_TRANSLATION),
            new IommuFault(Unit.ITS, deviceId, EVENT + 1, Access.INTERRUPT, Reason.TRANSLATION, 0x07));
        assertThat(m.smmuDriver().eventsHandled()).as("the kernel drained the queue meanwhile").isEqualTo(1);
    }

    @Test
    void aFunctionNovaNeverAssignedIsRefusedByItsStreamTableEntry()
    {
        final ArmMachine m = machine(SmmuModel.V3);
        final int sid = m.rootComplex(0).streamId(f[1].bdf());
        assertThat(f[1].dmaRead(PA, 8)).isEqualTo(-1L);
        // Beyond the stream table NOVA sized for the functions it was given: C_BAD_STREAMID (7.3.3).
        assertThat(m.iommuFaults().all()).containsExactly(
            new IommuFault(Unit.SMMU_V3, sid, PA, Access.READ, Reason.NO_CONTEXT, Event.C_BAD_STREAMID));
    }

    @Test
    void smmuV2ContextAndGlobalFaultsAreTyped()
    {
        final ArmMachine m = machine(SmmuModel.V2);
        final int sid = m.rootComplex(0).streamId(f[0].bdf());
        final int other = m.rootComplex(0).streamId(f[1].bdf());
        assignA(m, sid, ArmMachine.SMMUV2_BASE | 5, ArmMachine.GITS_BASE | 3);
        assertThat(f[0].dmaWrite(OUTSIDE, 8, 0xbad)).isFalse();
        assertThat(f[1].dmaWrite(PA, 8, 0xbad)).isFalse(); // no group matches it: sCR0.USFCFG faults (sGFSR.USF)
        m.engine().runFor(100_000);
        assertThat(m.bus().memory().read64(OUTSIDE)).isZero();
        assertThat(m.bus().memory().read64(PA)).isZero();
        assertThat(m.iommuFaults().all()).containsExactly(
            new IommuFault(Unit.SMMU_V2, sid, OUTSIDE, Access.WRITE, Reason.TRANSLATION, Smmuv2Register.FSR_TF),
            new IommuFault(Unit.SMMU_V2, other, PA, Access.WRITE, Reason.NO_CONTEXT, Smmuv2Register.SGFSR_USF));
    }

    @Test
    void strictModeThrowsTheForgedMsiOutOfTheRun()
    {
        final ArmMachine m = machine(SmmuModel.V3);
        final int deviceId = m.rootComplex(0).deviceId(f[0].bdf());
        assignA(m, (long) deviceId << 32 | m.rootComplex(0).streamId(f[0].bdf()), ArmMachine.SMMU_BASE,
            ArmMachine.GITS_BASE);
        m.strict(true);
        f[0].dmaWrite(TRANSLATER, 4, 9); // outside a run: thrown by the next run call
        assertThatThrownBy(() -> m.engine().runFor(1_000)).isInstanceOfSatisfying(StrictModeException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.MSI_BLOCKED));
        m.engine().runFor(1_000); // reported once: the run goes on
    }
}
