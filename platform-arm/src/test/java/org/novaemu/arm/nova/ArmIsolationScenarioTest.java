// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.novaemu.arm.ArmMachine;
import org.novaemu.arm.gic.GicdRegister;
import org.novaemu.arm.gic.Intid;
import org.novaemu.arm.gic.its.Its;
import org.novaemu.arm.gic.its.ItsCommand;
import org.novaemu.arm.gic.its.ItsRegister;
import org.novaemu.arm.smmu.Command;
import org.novaemu.arm.smmu.Event;
import org.novaemu.arm.smmu.SmmuRegister;
import org.novaemu.bus.RequesterId;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Perm;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.Sm;
import org.novaemu.kernel.User;
import org.novaemu.pci.Header;
import org.novaemu.pci.PciFunction;

/**
 * Isolation end to end on the Arm machine with the ITS and the SMMU, each through NOVA's API driven by a root task:
 * two PCIe functions, each assigned a DMA space (the ITS's translation frame mapped in it as the MSI doorbell, A190)
 * and an LPI through a DC naming its StreamID, DeviceID, the SMMU and the ITS. A DMA outside a function's space
 * records one SMMU event the kernel drains through its GIC entry (A191); a function writing another's EventID is
 * translated with its own DeviceID; an ITS command error is BAD_DEV and the queue recovers (A142); an SMMU command
 * error is skipped by the kernel's GERROR handler (A192); the SMMU's SPIs are not the user's (A191).
 */
class ArmIsolationScenarioTest
{
    private static final long NOVA_HST = 30;
    private static final long DMA_A = 31;
    private static final long DMA_B = 32;
    private static final long DC_A = 33;
    private static final long DC_B = 34;
    private static final long SM_A = 40;
    private static final long SM_B = 41;
    private static final long SM_A2 = 42;
    private static final long SM_X = 43;
    private static final long PARK = 50;
    private static final long IDLE = 51;
    private static final long HANDLER = 52;
    private static final long DRIVER = 53;
    private static final long SC = 54;
    private static final long EVT = 0x100;
    private static final long STARTUP = EVT + 64;
    private static final long PA_A = ArmMachine.RAM_BASE + 0x1000_0000L;
    private static final long PA_B = PA_A + 0x10_0000L;
    private static final long OUTSIDE = PA_A + 0x20_0000L;
    private static final long IOVA = 0x40_0000L;
    /** The ITS's translation frame, mapped at its own address in each DMA space: the MSI address works as is. */
    private static final long DOORBELL = ArmMachine.GITS_BASE + 0x1_0000L;
    private static final long TRANSLATER = ArmMachine.GITS_BASE + ItsRegister.TRANSLATER.offset();
    private static final int LPI_A = Intid.LPI + 11;
    private static final int LPI_B = Intid.LPI + 12;
    private static final int LPI_A2 = Intid.LPI + 13;
    private static final int EVENT_A = 1;
    private static final int EVENT_B = 2;

    private final PciFunction[] f = new PciFunction[2];
    private final ArmMachine m = ArmMachine.builder().cpus(2).its(true).smmu(true)
        .pcie((t, e) -> {
            f[0] = t.root().rootPort().add(new PciFunction("a", 0x1b36, 1, 0xff0000, false, 0));
            f[1] = t.root().rootPort().add(new PciFunction("b", 0x1b36, 2, 0xff0000, false, 0));
        })
        .build();
    private final Its its = m.its();
    private final List<String> failed = new ArrayList<>();
    private final List<String> wakes = new ArrayList<>();

    private long dtd0(final PciFunction p)
    {
        return (long) m.rootComplex(0).deviceId(p.bdf()) << 32 | m.rootComplex(0).streamId(p.bdf());
    }

    private Sm sm(final long sel)
    {
        return (Sm) m.kernel().root().obj().object(sel);
    }

    /**
     * The root's setup: the NOVA host space, a DMA space per function with its buffer at IOVA and the doorbell,
     * both DCs assigned, SM_A on LPI_A (function a's EVENT_A, CPU 0) and SM_B on LPI_B (b's EVENT_B, CPU 1), whose
     * driver thread on CPU 1 counts its wakes; the root waits until it runs.
     */
    private List<Consumer<User>> setUp()
    {
        for (final PciFunction p : f)
        {
            m.bus().write(ArmMachine.ecam(0) + ((long) p.bdf() << 12) + Header.COMMAND.offset(), 2,
                Header.COMMAND_BUS_MASTER);
        }
        final int rw = Perm.MEM_R | Perm.MEM_W;
        return new ArrayList<>(List.of(
            u -> Calls.ctrlPd(u, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_HST, 0, NOVA_HST, 0x3f, 0),
            u -> Calls.createPd(u, DMA_A, Kind.DMA.op(), Kernel.ROOT_PD),
            u -> Calls.createPd(u, DMA_B, Kind.DMA.op(), Kernel.ROOT_PD),
            u -> Calls.ctrlPd(u, NOVA_HST, DMA_A, PA_A >>> 12, 0, IOVA >>> 12, rw, 0),
            u -> Calls.ctrlPd(u, NOVA_HST, DMA_A, DOORBELL >>> 12, 0, DOORBELL >>> 12, Perm.MEM_W, 0),
            u -> Calls.ctrlPd(u, NOVA_HST, DMA_B, PA_B >>> 12, 0, IOVA >>> 12, rw, 0),
            u -> Calls.ctrlPd(u, NOVA_HST, DMA_B, DOORBELL >>> 12, 0, DOORBELL >>> 12, Perm.MEM_W, 0),
            u -> Calls.createDc(u, DC_A, Kernel.ROOT_PD, dtd0(f[0]), ArmMachine.SMMU_BASE, ArmMachine.GITS_BASE),
            u -> Calls.createDc(u, DC_B, Kernel.ROOT_PD, dtd0(f[1]), ArmMachine.SMMU_BASE, ArmMachine.GITS_BASE),
            u -> Calls.assignDev(u, DC_A, DMA_A),
            u -> Calls.assignDev(u, DC_B, DMA_B),
            u -> Calls.createInterruptSm(u, SM_A, Kernel.ROOT_PD, LPI_A),
            u -> Calls.createInterruptSm(u, SM_B, Kernel.ROOT_PD, LPI_B),
            u -> Calls.createInterruptSm(u, SM_A2, Kernel.ROOT_PD, LPI_A2),
            u -> Calls.assignInt(u, SM_A, DC_A, true, 0, EVENT_A, 0),
            u -> Calls.assignInt(u, SM_B, DC_B, true, 1, EVENT_B, 0),
            u -> Calls.createSm(u, PARK, Kernel.ROOT_PD, 0),
            u -> Calls.createSm(u, IDLE, Kernel.ROOT_PD, 0),
            u -> Calls.createEc(u, HANDLER, Kernel.ROOT_PD, false, 0x1000, 0, 1, 0),
            u -> Calls.createPt(u, STARTUP, Kernel.ROOT_PD, HANDLER, Script.ip(500)),
            u -> Calls.ctrlPt(u, STARTUP, 0x51, ArchState.EL2_ELR_SPSR),
            u -> Calls.createEc(u, DRIVER, Kernel.ROOT_PD, true, 0x2000, EVT, 1, 0),
            u -> Calls.createSc(u, SC, Kernel.ROOT_PD, DRIVER, 5, 50, 0),
            u -> Calls.down(u, PARK, false, 0)));
    }

    /** Runs the root's calls, then {@code more}, then waits for ever; b's driver thread counts its wakes. */
    private void run(final List<Consumer<User>> calls, final List<Consumer<User>> more)
    {
        calls.addAll(more);
        calls.add(u -> Calls.down(u, IDLE, false, 0));
        m.kernel().start(Script.calls(calls, failed)
            .at(500, u -> {
                u.setUtcb(ArchState.ELR_WORD, Script.ip(700));
                Calls.reply(u, ArchState.EL2_ELR_SPSR);
                return Script.hypercall(u, 501);
            })
            .at(700, u -> {
                Calls.up(u, PARK);
                return Script.hypercall(u, 701);
            })
            .at(701, u -> {
                Calls.down(u, SM_B, false, 0);
                return Script.hypercall(u, 702);
            })
            .at(702, u -> {
                wakes.add("b on " + u.cpu());
                Calls.down(u, SM_B, false, 0);
                return Script.hypercall(u, 702);
            }));
        m.engine().runUntil(2_000_000);
    }

    @Test
    void aDmaOutsideItsSpaceRecordsOneEventAndWritesNothingWhileOneInsideLands()
    {
        final boolean[] wrote = new boolean[2];
        final long[] before = new long[2];
        run(setUp(), List.of(u -> {
            before[0] = m.smmu().eventsRecorded();
            before[1] = m.smmuDriver().eventsHandled();
            wrote[0] = f[0].dmaWrite(IOVA + 0x18, 8, 0x5eed);
            wrote[1] = f[0].dmaWrite(OUTSIDE, 8, 0xbad); // an identity RAM address a does not have
            Calls.createSm(u, SM_X, Kernel.ROOT_PD, 0); // the event SPI is taken at an interrupt point
        }));
        assertThat(failed).isEmpty();
        assertThat(wrote).containsExactly(true, false);
        assertThat(m.bus().memory().read64(PA_A + 0x18)).isEqualTo(0x5eed);
        assertThat(m.bus().memory().read64(OUTSIDE)).as("nothing written").isZero();
        assertThat(m.bus().memory().read64(PA_B + 0x18)).isZero();
        assertThat(m.smmu().eventsRecorded()).as("one record").isEqualTo(before[0] + 1);
        assertThat(m.smmuDriver().eventsHandled()).as("drained by the kernel").isEqualTo(before[1] + 1);
        final Event e = m.smmuDriver().lastEvent();
        assertThat(e.type()).isEqualTo(Event.F_TRANSLATION);
        assertThat(e.streamId()).isEqualTo(m.rootComplex(0).streamId(f[0].bdf()));
        assertThat(e.inputAddress()).isEqualTo(OUTSIDE);
        assertThat(m.smmu().read(SmmuRegister.EVENTQ_CONS.offset(), 4, RequesterId.CPU) & 0xfffff)
            .as("the queue is empty").isEqualTo(m.smmu().read(SmmuRegister.EVENTQ_PROD.offset(), 4, RequesterId.CPU)
                & 0xfffff);
        assertThat(m.interrupts().spurious()).isZero();
    }

    @Test
    void aDeviceWritingAnothersEventIdIsTranslatedWithItsOwnDeviceId()
    {
        final long[] dropped = new long[4];
        final long[] translated = new long[2];
        final boolean[] reached = new boolean[4];
        run(setUp(), List.of(
            u -> {
                reached[0] = f[1].dmaWrite(TRANSLATER, 4, EVENT_B); // b's own MSI wakes its driver
                dropped[0] = its.dropped();
                translated[0] = its.translated();
                // a writes b's EventID, then one that spells b's DeviceID too: a has neither mapped.
                reached[1] = f[0].dmaWrite(TRANSLATER, 4, EVENT_B);
                reached[2] = f[0].dmaWrite(TRANSLATER, 4, m.rootComplex(0).deviceId(f[1].bdf()) << 16 | EVENT_B);
                dropped[1] = its.dropped();
                translated[1] = its.translated();
                Calls.assignInt(u, SM_A2, DC_A, true, 0, EVENT_B, 0); // now a has EVENT_B itself
            },
            u -> {
                dropped[2] = its.dropped();
                reached[3] = f[0].dmaWrite(TRANSLATER, 4, EVENT_B);
                dropped[3] = its.dropped();
                Calls.createSm(u, SM_X, Kernel.ROOT_PD, 0);
            }));
        assertThat(failed).isEmpty();
        assertThat(reached).as("every write reaches the ITS through the SMMU").containsOnly(true);
        assertThat(dropped[1] - dropped[0]).as("a's writes translate to nothing").isEqualTo(2);
        assertThat(translated[1]).isEqualTo(translated[0]);
        assertThat(dropped[3]).as("a's own EVENT_B translates").isEqualTo(dropped[2]);
        assertThat(wakes).as("b's driver woke for b's MSI only").containsExactly("b on 1");
        assertThat(sm(SM_A2).counter()).as("a's own LPI fired").isEqualTo(1);
        assertThat(sm(SM_A).counter()).isZero();
        assertThat(m.smmu().eventsRecorded()).as("the doorbell is in both spaces").isZero();
    }

    @Test
    void anItsCommandErrorIsBadDevChangesNothingAndALaterAssignIntDelivers()
    {
        final GicInterrupts gic = m.interrupts();
        final int didB = m.rootComplex(0).deviceId(f[1].bdf());
        final long[] cmderr = new long[1];
        final boolean[] stalled = new boolean[1];
        final int[] cpu = new int[1];
        final List<Consumer<User>> calls = setUp();
        final int n = calls.size();
        run(calls, List.of(
            u -> {
                // The fault injection: b's device unmapped behind the driver's back, so the MOVI of a re-attach
                // of SM_B to CPU 0 stalls the queue.
                assertThat(gic.gits(0).command(ItsCommand.Mapd.unmap(didB))).isTrue();
                Calls.assignInt(u, SM_B, DC_B, true, 0, EVENT_B, 0);
            },
            u -> {
                stalled[0] = ItsRegister.CREADR_STALLED.isSet(m.bus().read(ArmMachine.GITS_BASE
                    + ItsRegister.CREADR.offset(), 8));
                cmderr[0] = m.bus().read(ArmMachine.GITS_BASE + ItsRegister.CMDERR.offset(), 4);
                cpu[0] = u.cpu();
                Calls.down(u, SM_B, false, 0); // on CPU 0, while SM_B stays routed to CPU 1
            },
            u -> Calls.assignInt(u, SM_A2, DC_A, true, 0, 3, 0),
            u -> {
                f[0].dmaWrite(TRANSLATER, 4, 3);
                f[0].dmaWrite(TRANSLATER, 4, EVENT_A);
                Calls.createSm(u, SM_X, Kernel.ROOT_PD, 0);
            }));
        assertThat(failed).containsExactly("call " + n + " BAD_DEV", "call " + (n + 1) + " BAD_CPU");
        assertThat(cpu[0]).isZero();
        assertThat(stalled[0]).as("the queue runs again").isFalse();
        assertThat(cmderr[0]).isZero();
        assertThat(gic.itsFailures()).isEqualTo(1);
        assertThat(its.commandErrors()).isEqualTo(1);
        assertThat(sm(SM_A2).counter()).as("the later attach delivers").isEqualTo(1);
        assertThat(sm(SM_A).counter()).as("a's first LPI untouched").isEqualTo(1);
        assertThat(wakes).isEmpty();
    }

    @Test
    void theKernelTakesTheSmmuSpisAndSkipsACommandTheSmmuRefused()
    {
        // Each SPI edge-triggered, routed to CPU 0 and enabled (A191).
        for (final int i : new int[] {ArmMachine.SMMU_INTID, ArmMachine.SMMU_INTID + 3})
        {
            assertThat(m.bus().read(ArmMachine.GICD_BASE + GicdRegister.ICFGR.offset(i / 16), 4) >>> i % 16 * 2 & 2)
                .as("edge").isEqualTo(2);
            assertThat(m.bus().read(ArmMachine.GICD_BASE + GicdRegister.ISENABLER.offset(i / 32), 4) >>> i % 32 & 1)
                .as("enabled").isEqualTo(1);
            assertThat(m.bus().read(ArmMachine.GICD_BASE + GicdRegister.IROUTER.offset(i), 8)).as("CPU 0, Aff 0.0.0.0")
                .isZero();
        }
        final boolean[] accepted = new boolean[1];
        final List<Consumer<User>> calls = setUp();
        final int n = calls.size();
        run(calls, List.of(
            u -> Calls.createInterruptSm(u, SM_X, Kernel.ROOT_PD, ArmMachine.SMMU_INTID),
            u -> Calls.createInterruptSm(u, SM_X, Kernel.ROOT_PD, ArmMachine.SMMU_INTID + 3),
            u -> {
                accepted[0] = m.smmuDriver().command(new Command(0x7f, 0)); // a reserved opcode: CERROR_ILL
                Calls.createSm(u, SM_X, Kernel.ROOT_PD, 0);
            },
            u -> Calls.assignDev(u, DC_A, DMA_A),
            u -> {
                f[0].dmaWrite(IOVA, 8, 0x600d);
                Calls.createInterruptSm(u, 60, Kernel.ROOT_PD, ArmMachine.SMMU_INTID + 2); // CMD_SYNC's: not owned
            }));
        assertThat(failed).as("the SMMU's event queue and GERROR SPIs are not the user's")
            .containsExactly("call " + n + " BAD_PAR", "call " + (n + 1) + " BAD_PAR");
        assertThat(accepted[0]).isFalse();
        assertThat(m.smmuDriver().globalErrors()).isEqualTo(1);
        assertThat(m.smmuDriver().commandErrors()).isEqualTo(1);
        assertThat(m.smmuDriver().lastCommandError()).as("CERROR_ILL").isEqualTo(1);
        final long gerror = m.smmu().read(SmmuRegister.GERROR.offset(), 4, RequesterId.CPU);
        assertThat(gerror ^ m.smmu().read(SmmuRegister.GERRORN.offset(), 4, RequesterId.CPU)).as("acknowledged")
            .isZero();
        assertThat(m.smmu().read(SmmuRegister.CMDQ_CONS.offset(), 4, RequesterId.CPU) & 0xfffff)
            .as("the queue ran on").isEqualTo(m.smmu().read(SmmuRegister.CMDQ_PROD.offset(), 4, RequesterId.CPU)
                & 0xfffff);
        assertThat(m.bus().memory().read64(PA_A)).as("assign_dev after the recovery works").isEqualTo(0x600d);
    }
}
