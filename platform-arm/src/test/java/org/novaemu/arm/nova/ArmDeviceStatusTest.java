// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.novaemu.arm.ArmMachine;
import org.novaemu.arm.gic.Intid;
import org.novaemu.arm.gic.GicrRegister;
import org.novaemu.arm.gic.its.ItsCommand;
import org.novaemu.arm.gic.its.ItsRegister;
import org.novaemu.arm.smmu.SmmuRegister;
import org.novaemu.bus.RequesterId;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Perm;
import org.novaemu.kernel.RacePoint;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.Sm;
import org.novaemu.kernel.Status;
import org.novaemu.kernel.Sys.AssignInt;

/**
 * Every status of create_dc, assign_dev and assign_int on Arm (specification 5.3.6, 5.5.2, 5.5.3; K18, K27, K47,
 * K50, A142, A143, A150-A152, A180-A184, A210), in the order the kernel checks them: each case is a call for which
 * every earlier check passes, or a call that fails two checks and gets the earlier one's status. A failing call
 * changes nothing: no capability, no ITS command (GITS_CWRITER stays), no ITT, no STE, no route.
 */
class ArmDeviceStatusTest
{
    private static final long GITS = ArmMachine.GITS_BASE;
    private static final long SMMU = ArmMachine.SMMU_BASE;
    private static final long NULL = 999;
    private static final long DEST = 40;
    private static final long DC = 41;
    private static final long DC_INT = 42;
    private static final long DC_DEV = 43;
    private static final long DC_NO_GITS = 44;
    private static final long DC_FAR = 45;
    private static final long DC_STALLED = 46;
    private static final long DC_NO_SMMU = 47;
    private static final long DC_FAR_SID = 48;
    private static final long DMA = 50;
    private static final long DMA_GRANT = 51;
    private static final long CHILD = 52;
    private static final long WEAK_PD = 53;
    private static final long SM_LPI = 54;
    private static final long SM_SPI = 55;
    private static final long SM_PLAIN = 56;
    /** A selector whose capability table does not exist yet (K27: MEM_CAP). */
    private static final long FRESH = 0x3_0000;
    private static final int DID = 0x100;
    private static final int SID = 0x10;
    private static final int NEW_DID = 0x777;
    private static final int LPI = Intid.LPI + 9;
    private static final int SPI = 40;
    private static final int M = AssignInt.CFG_M;
    private static final int T = AssignInt.CFG_T;
    private static final int P = AssignInt.CFG_P;
    private static final int G = AssignInt.CFG_G;

    /** What a case needs beyond the devices every case has. */
    enum Setup
    {
        NONE, OWNER_DIES, OBJECT_MEMORY, TABLE_MEMORY, NO_ITT_PAGE, DMA_DIES, NO_STE_ARRAY, CMDQ_STALLED
    }

    private final ArmMachine m = ArmMachine.builder().cpus(2).smmu(true).build();
    private final Kernel kernel = m.kernel();
    private final Ec root = kernel.rootEc();
    private final Gits gits = m.interrupts().gits(0);

    private Status call(final Consumer<Ec> setup)
    {
        return Script.direct(kernel, setup);
    }

    private void ok(final Consumer<Ec> setup)
    {
        Script.ok(kernel, setup);
    }

    private long cwriter()
    {
        return m.bus().read(GITS + ItsRegister.CWRITER.offset(0), ItsRegister.CWRITER.width());
    }

    private Object object(final long sel)
    {
        return kernel.root().obj().object(sel);
    }

    private static long dtd0(final int sid, final int did)
    {
        return (long) did << 32 | sid;
    }

    /** Revokes {@code sels} from another CPU while the running hypercall is at {@code point} (K45, K47). */
    private void revokeAt(final RacePoint point, final long... sels)
    {
        kernel.interleavings().at(point, () -> {
            final long[] saved = new long[5];
            for (int i = 0; i < saved.length; i++)
            {
                saved[i] = root.param(i);
            }
            for (final long sel : sels)
            {
                ok(u -> Calls.ctrlPd(u, Kernel.ROOT_OBJ, Kernel.ROOT_OBJ, NULL, 0, sel, 0x3f, 0));
            }
            for (int i = 0; i < saved.length; i++)
            {
                root.setParam(i, saved[i]);
            }
        });
    }

    /**
     * The DCs and spaces every case has: a DC for the device (StreamID SID, DeviceID DID) through the SMMU and
     * the GITS, one with ASSIGN_INT only and one with ASSIGN_DEV only, DCs naming no GITS, a DeviceID beyond the
     * ITS's device table, a DeviceID whose MAPD stalled, no SMMU, a StreamID beyond SIDSIZE; a DMA space, one
     * without ASSIGN; a child PD and a PD capability without DC; an LPI's, an SPI's and a plain semaphore.
     */
    private void devices()
    {
        ok(u -> Calls.createDc(u, DC, Kernel.ROOT_PD, dtd0(SID, DID), SMMU, GITS));
        ok(u -> Calls.ctrlPd(u, Kernel.ROOT_OBJ, Kernel.ROOT_OBJ, DC, 0, DC_INT, Perm.DC_ASSIGN_INT, 0));
        ok(u -> Calls.ctrlPd(u, Kernel.ROOT_OBJ, Kernel.ROOT_OBJ, DC, 0, DC_DEV, Perm.DC_ASSIGN_DEV, 0));
        ok(u -> Calls.createDc(u, DC_NO_GITS, Kernel.ROOT_PD, dtd0(SID, DID), SMMU, GITS + 0x2_0000));
        ok(u -> Calls.createDc(u, DC_FAR, Kernel.ROOT_PD, dtd0(SID, 1 << 16), SMMU, GITS)); // 16 DevBits (A130)
        final long baser = m.bus().read(GITS + ItsRegister.BASER.offset(0), 8);
        shrinkDeviceTable(baser & ~ItsRegister.BASER_SIZE.mask());
        ok(u -> Calls.createDc(u, DC_STALLED, Kernel.ROOT_PD, dtd0(SID, 0x1000), SMMU, GITS));
        shrinkDeviceTable(baser);
        ok(u -> Calls.createDc(u, DC_NO_SMMU, Kernel.ROOT_PD, dtd0(SID, DID), SMMU + 0x2_0000, GITS));
        ok(u -> Calls.createDc(u, DC_FAR_SID, Kernel.ROOT_PD, dtd0(1 << 16, DID), SMMU, GITS));
        ok(u -> Calls.createPd(u, DMA, Kind.DMA.op(), Kernel.ROOT_PD));
        ok(u -> Calls.ctrlPd(u, Kernel.ROOT_OBJ, Kernel.ROOT_OBJ, DMA, 0, DMA_GRANT, Perm.SPACE_GRANT, 0));
        ok(u -> Calls.createPd(u, CHILD, Kind.PD.op(), Kernel.ROOT_PD));
        ok(u -> Calls.ctrlPd(u, Kernel.ROOT_OBJ, Kernel.ROOT_OBJ, CHILD, 0, WEAK_PD, Perm.PD_PD | Perm.PD_SM, 0));
        ok(u -> Calls.createInterruptSm(u, SM_LPI, Kernel.ROOT_PD, LPI));
        ok(u -> Calls.createInterruptSm(u, SM_SPI, Kernel.ROOT_PD, SPI));
        ok(u -> Calls.createSm(u, SM_PLAIN, Kernel.ROOT_PD, 0));
    }

    /**
     * Rewrites the ITS's device BASER behind the driver's back (disabled, written, enabled again): one 4 KiB page
     * of 512 DeviceIDs makes a MAPD beyond them stall (IHI 0069 5.3.10, DeviceID out of range).
     */
    private void shrinkDeviceTable(final long baser)
    {
        m.bus().write(GITS + ItsRegister.CTLR.offset(0), 4, 0);
        m.bus().write(GITS + ItsRegister.BASER.offset(0), 8, baser);
        m.bus().write(GITS + ItsRegister.CTLR.offset(0), 4, ItsRegister.CTLR_ENABLED.mask());
    }

    private void prepare(final Setup setup)
    {
        switch (setup)
        {
            case OWNER_DIES -> revokeAt(RacePoint.CREATE_DC, CHILD, WEAK_PD);
            case OBJECT_MEMORY -> kernel.allocationFaults().failObject(1);
            case TABLE_MEMORY -> kernel.allocationFaults().failCapabilityTable(1);
            case NO_ITT_PAGE ->
            {
                for (int i = 0; gits.itts() < Gits.MAX_ITTS; i++)
                {
                    final long sel = 0x1000 + i;
                    final long dtd = dtd0(0, 0x1000 + i);
                    ok(u -> Calls.createDc(u, sel, Kernel.ROOT_PD, dtd, 0, GITS));
                }
            }
            case DMA_DIES -> revokeAt(RacePoint.ASSIGN_DEV, DMA, DMA_GRANT);
            case NO_STE_ARRAY ->
            {
                // Every level 2 array of STEs the SMMU driver's region holds, as SmmuV3DriverTest fills them.
                final int arrays = (int) ((SmmuV3Driver.TABLES_SIZE - 0x6000) / 0x1000);
                for (int i = 1; i <= arrays; i++)
                {
                    final long sel = 0x1000 + i;
                    final long dtd = dtd0(i << 6, 0);
                    ok(u -> Calls.createDc(u, sel, Kernel.ROOT_PD, dtd, SMMU, 0));
                    ok(u -> Calls.assignDev(u, sel, DMA));
                }
            }
            case CMDQ_STALLED -> m.smmu().write(SmmuRegister.CR0.offset(), 4,
                SmmuRegister.CR0_SMMUEN | SmmuRegister.CR0_EVENTQEN, RequesterId.CPU);
            default ->
            {
            }
        }
    }

    // ---- create_dc ----------------------------------------------------------------------------------------

    static Stream<Arguments> createDcFailures()
    {
        return Stream.of(
            Arguments.of("an owner without DC permission", Setup.NONE, DEST, WEAK_PD, Status.BAD_CAP),
            Arguments.of("a DC as the owner", Setup.NONE, DEST, DC, Status.BAD_CAP),
            Arguments.of("the owner PD destroyed meanwhile (K45)", Setup.OWNER_DIES, DEST, CHILD, Status.ABORTED),
            Arguments.of("no kernel memory for the DC (K27)", Setup.OBJECT_MEMORY, DEST, Kernel.ROOT_PD,
                Status.MEM_OBJ),
            Arguments.of("an occupied selector", Setup.NONE, DC_INT, Kernel.ROOT_PD, Status.BAD_CAP),
            Arguments.of("no memory for the selector's table (K27)", Setup.TABLE_MEMORY, FRESH, Kernel.ROOT_PD,
                Status.MEM_CAP),
            Arguments.of("no ITT page left (A180)", Setup.NO_ITT_PAGE, DEST, Kernel.ROOT_PD, Status.MEM_OBJ),
            Arguments.of("no ITT page left, an owner without DC", Setup.NO_ITT_PAGE, DEST, WEAK_PD, Status.BAD_CAP),
            Arguments.of("no ITT page left, an occupied selector", Setup.NO_ITT_PAGE, DC_INT, Kernel.ROOT_PD,
                Status.BAD_CAP));
    }

    @ParameterizedTest(name = "{0}: {4}")
    @MethodSource("createDcFailures")
    void createDcFailsInTheKernelsOrderAndChangesNothing(final String what, final Setup setup, final long sel,
                                                         final long pd, final Status status)
    {
        devices();
        prepare(setup);
        final Object before = object(sel);
        final long commands = cwriter();
        final int itts = gits.itts();
        assertThat(call(u -> Calls.createDc(u, sel, pd, dtd0(SID, NEW_DID), SMMU, GITS))).as(what)
            .isEqualTo(status);
        assertThat(object(sel)).isSameAs(before);
        assertThat(cwriter()).as("no MAPD").isEqualTo(commands);
        assertThat(gits.itts()).isEqualTo(itts);
        assertThat(gits.find(NEW_DID)).isNull();
        if (setup == Setup.NO_ITT_PAGE && status == Status.MEM_OBJ)
        {
            assertThat(call(u -> Calls.createDc(u, sel, pd, dtd0(SID, NEW_DID), SMMU, 0)))
                .as("the kernel's memory is not what ran out").isEqualTo(Status.SUCCESS);
        }
    }

    // ---- assign_dev ---------------------------------------------------------------------------------------

    static Stream<Arguments> assignDevFailures()
    {
        return Stream.of(
            Arguments.of("not a DC", Setup.NONE, DMA, DMA, Status.BAD_CAP),
            Arguments.of("a DC without ASSIGN_DEV", Setup.NONE, DC_INT, DMA, Status.BAD_CAP),
            Arguments.of("not a DMA space", Setup.NONE, DC, DC, Status.BAD_CAP),
            Arguments.of("a DMA space without ASSIGN", Setup.NONE, DC, DMA_GRANT, Status.BAD_CAP),
            Arguments.of("a DC without ASSIGN_DEV and no SMMU", Setup.NONE, DC_INT, DMA, Status.BAD_CAP),
            Arguments.of("the DMA space destroyed meanwhile (K47)", Setup.DMA_DIES, DC, DMA, Status.ABORTED),
            Arguments.of("no SMMU at DTD word 1 (A151)", Setup.NONE, DC_NO_SMMU, DMA, Status.BAD_DEV),
            Arguments.of("a StreamID beyond SIDSIZE (A151)", Setup.NONE, DC_FAR_SID, DMA, Status.BAD_DEV),
            Arguments.of("no STE array left (A150)", Setup.NO_STE_ARRAY, DC, DMA, Status.MEM_OBJ),
            Arguments.of("no STE array left, no SMMU", Setup.NO_STE_ARRAY, DC_NO_SMMU, DMA, Status.BAD_DEV));
    }

    @ParameterizedTest(name = "{0}: {4}")
    @MethodSource("assignDevFailures")
    void assignDevFailsInTheKernelsOrderAndChangesNothing(final String what, final Setup setup, final long dc,
                                                          final long dma, final Status status)
    {
        devices();
        prepare(setup);
        final long commands = cwriter();
        assertThat(call(u -> Calls.assignDev(u, dc, dma))).as(what).isEqualTo(status);
        assertThat(m.bus().dmaWrite(RequesterId.arm(SID, DID), 0, 8, 1)).as("the device reaches no space")
            .isFalse();
        assertThat(cwriter()).as("assign_dev leaves the ITS alone").isEqualTo(commands);
    }

    @Test
    void aStalledSmmuCommandQueueIsTimeoutAfterEveryOtherCheck()
    {
        devices();
        prepare(Setup.CMDQ_STALLED); // CMDQEN cleared behind the driver's back (A152)
        assertThat(call(u -> Calls.assignDev(u, DC_NO_SMMU, DMA))).isEqualTo(Status.BAD_DEV);
        assertThat(call(u -> Calls.assignDev(u, DC, DMA))).isEqualTo(Status.TIMEOUT);
    }

    // ---- assign_int ---------------------------------------------------------------------------------------

    static Stream<Arguments> assignIntFailures()
    {
        return Stream.of(
            Arguments.of("a CPU beyond the machine, a DC without ITT", SM_LPI, DC_NO_GITS, 2, 0, M, Status.BAD_CPU),
            Arguments.of("a DC without ASSIGN_INT", SM_LPI, DC_DEV, 0, 0, M, Status.BAD_CAP),
            Arguments.of("a semaphore for the DC", SM_LPI, SM_PLAIN, 0, 0, 0, Status.BAD_CAP),
            Arguments.of("an SPI with a DC (A42)", SM_SPI, DC, 0, 0, 0, Status.BAD_CAP),
            Arguments.of("an LPI without a DC (A43)", SM_LPI, NULL, 0, 0, 0, Status.BAD_CAP),
            Arguments.of("an LPI without a DC, masked", SM_LPI, NULL, 0, 0, M, Status.BAD_CAP),
            Arguments.of("an LPI masked (M: pins only, A210)", SM_LPI, DC, 0, 0, M, Status.BAD_PAR),
            Arguments.of("an LPI level-triggered (T: pins only)", SM_LPI, DC, 0, 0, T, Status.BAD_PAR),
            Arguments.of("an LPI active low (P: pins only)", SM_LPI, DC, 0, 0, P, Status.BAD_PAR),
            Arguments.of("an LPI guest-owned and masked", SM_LPI, DC, 0, 0, G | M, Status.BAD_PAR),
            Arguments.of("a DC without ITT, level-triggered", SM_LPI, DC_NO_GITS, 0, 0, T, Status.BAD_PAR),
            Arguments.of("a DC naming no GITS (A143)", SM_LPI, DC_NO_GITS, 0, 0, 0, Status.BAD_DEV),
            Arguments.of("a DC naming no GITS, guest-owned", SM_LPI, DC_NO_GITS, 0, 0, G, Status.BAD_DEV),
            Arguments.of("a DeviceID beyond the device table (A143)", SM_LPI, DC_FAR, 0, 0, 0, Status.BAD_DEV),
            Arguments.of("a DC whose MAPD stalled (A181)", SM_LPI, DC_STALLED, 0, 0, 0, Status.BAD_DEV),
            Arguments.of("a DC without ITT, an EventID beyond", SM_LPI, DC_NO_GITS, 0, 512, 0, Status.BAD_DEV),
            Arguments.of("an EventID beyond the ITT (A143)", SM_LPI, DC, 1, 512, 0, Status.BAD_PAR),
            Arguments.of("an EventID beyond the ITT, guest-owned", SM_LPI, DC, 1, 512, G, Status.BAD_PAR));
    }

    @ParameterizedTest(name = "{0}: {6}")
    @MethodSource("assignIntFailures")
    void assignIntFailsInTheKernelsOrderAndChangesNothing(final String what, final long sm, final long dc,
                                                          final int cpu, final int idx, final int cfg,
                                                          final Status status)
    {
        devices();
        assertThat(m.interrupts().itsFailures()).as("DC_STALLED's MAPD").isEqualTo(1);
        assertThat(m.its().commandErrors()).isEqualTo(1);
        final long commands = cwriter();
        assertThat(call(u -> Calls.assignInt(u, sm, dc, true, cpu, idx, cfg))).as(what).isEqualTo(status);
        assertThat(cwriter()).as("no ITS command").isEqualTo(commands);
        assertThat(((Sm) object(SM_LPI)).routedCpu()).isEqualTo(-1);
        assertThat(root.param(1)).as("no outputs").isEqualTo(dc);
        assertThat(m.bus().memory().read8(lpiConfig())).as("the LPI stays disabled").isZero();
    }

    @Test
    void aGuestOwnedLpiIsAttachedAsAnyLpi()
    {
        devices();
        // G is valid on Arm whatever the GSI type (5.5.3 ‡), and an LPI has no active state to leave to a guest.
        assertThat(call(u -> Calls.assignInt(u, SM_LPI, DC, true, 0, 3, G))).isEqualTo(Status.SUCCESS);
        assertThat(root.param(1)).as("GITS_TRANSLATER").isEqualTo(GITS + 0x1_0040);
        assertThat(root.param(2)).as("the EventID").isEqualTo(3);
        assertThat(m.bus().memory().read8(lpiConfig())).as("enabled, priority 0").isEqualTo(3);
        final Sm sm = (Sm) object(SM_LPI);
        // Made pending at CPU 0's redistributor (the device's MSI would need its STE and DMA space first).
        m.bus().write(ArmMachine.GICR_BASE + GicrRegister.SETLPIR.offset(0), 8, LPI);
        m.engine().runFor(10_000);
        assertThat(sm.counter()).as("the LPI ups the semaphore").isEqualTo(1);
        assertThat(call(u -> Calls.down(u, SM_LPI, false, 0))).as("a host's down, nothing to deactivate")
            .isEqualTo(Status.SUCCESS);
    }

    @Test
    void aStalledMaptiIsBadDevAndADetachOfNoRouteAborts()
    {
        devices();
        // The device unmapped behind the driver's back: MAPTI stalls (A142).
        assertThat(gits.command(ItsCommand.Mapd.unmap(DID))).isTrue();
        assertThat(call(u -> Calls.assignInt(u, SM_LPI, DC, true, 1, 3, 0))).isEqualTo(Status.BAD_DEV);
        assertThat(((Sm) object(SM_LPI)).routedCpu()).isEqualTo(-1);
        assertThat(m.bus().memory().read8(lpiConfig())).as("the configuration byte restored").isZero();
        assertThat(call(u -> Calls.assignInt(u, SM_LPI, NULL, false, 0, 0, 0))).isEqualTo(Status.ABORTED);
    }

    /** @return the address of the LPI's byte in the configuration table (the first table of the LPI region) */
    private long lpiConfig()
    {
        final long propbaser = m.bus().read(ArmMachine.GICR_BASE + GicrRegister.PROPBASER.offset(0), 8);
        return (propbaser & GicrRegister.PROPBASER_PA.mask()) + LPI - Intid.LPI;
    }
}
