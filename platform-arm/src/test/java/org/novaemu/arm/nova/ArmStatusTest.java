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
import org.novaemu.arm.gic.GicdRegister;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Perm;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.Sm;
import org.novaemu.kernel.Status;

/**
 * Every status of create_sm with I=1 and of assign_int on Arm (specification 5.3.5, 5.5.3, 7.6.6), in the
 * kernel's order, and that a failing call changes nothing: no capability, no GIC register, no output register.
 * The root's hypercalls run directly on its EC.
 */
class ArmStatusTest
{
    private static final long SM_SPI = 20;
    private static final long SM_ESPI = 21;
    private static final long SM_LPI = 22;
    private static final long SM_PLAIN = 23;
    private static final long SM_WEAK = 24;
    private static final long SM_SPI_2 = 25;
    private static final long DC = 26;
    private static final long DC_WEAK = 27;
    private static final long DC_GITS = 28;
    private static final long CHILD = 29;
    private static final long WEAK_PD = 30;
    private static final long NULL = 999;
    private static final int SPI = 40;
    private static final int ESPI = 4097;
    private static final int LPI = 8200;
    /** The machine's GITS (A130), which a DTD names for an LPI (A140). */
    private static final long GITS = 0x0808_0000L;

    private final ArmMachine m = ArmMachine.builder().cpus(2).spis(64).espis(32).build();
    private final Kernel kernel = m.kernel();
    private final Ec root = kernel.rootEc();

    private Status call(final Consumer<Ec> setup)
    {
        return Script.direct(kernel, setup);
    }

    private long gicd(final GicdRegister reg, final int n)
    {
        return m.bus().read(ArmMachine.GICD_BASE + reg.offset(n), reg.width());
    }

    private Sm sm(final long sel)
    {
        return (Sm) kernel.root().obj().object(sel);
    }

    private void semaphoresAndDevices()
    {
        Script.ok(kernel, u -> Calls.createInterruptSm(u, SM_SPI, Kernel.ROOT_PD, SPI));
        Script.ok(kernel, u -> Calls.createInterruptSm(u, SM_SPI_2, Kernel.ROOT_PD, SPI));
        Script.ok(kernel, u -> Calls.createInterruptSm(u, SM_ESPI, Kernel.ROOT_PD, ESPI));
        Script.ok(kernel, u -> Calls.createInterruptSm(u, SM_LPI, Kernel.ROOT_PD, LPI));
        Script.ok(kernel, u -> Calls.createSm(u, SM_PLAIN, Kernel.ROOT_PD, 0));
        Script.ok(kernel, u -> Calls.ctrlPd(u, Kernel.ROOT_OBJ, Kernel.ROOT_OBJ, SM_SPI, 0, SM_WEAK,
            Perm.SM_CTRLUP | Perm.SM_CTRLDN, 0));
        Script.ok(kernel, u -> Calls.createDc(u, DC, Kernel.ROOT_PD, 5L << 32 | 5, 0, 0));
        Script.ok(kernel, u -> Calls.createDc(u, DC_GITS, Kernel.ROOT_PD, 5L << 32 | 5, 0, GITS));
        Script.ok(kernel, u -> Calls.ctrlPd(u, Kernel.ROOT_OBJ, Kernel.ROOT_OBJ, DC, 0, DC_WEAK, Perm.DC_ASSIGN_DEV,
            0));
        Script.ok(kernel, u -> Calls.createPd(u, CHILD, Kind.PD.op(), Kernel.ROOT_PD));
        Script.ok(kernel, u -> Calls.ctrlPd(u, Kernel.ROOT_OBJ, Kernel.ROOT_OBJ, CHILD, 0, WEAK_PD,
            Perm.PD_PD | Perm.PD_SM, 0));
    }

    @Test
    void createSmWithIBindsEachRangesFirstAndLastIntid()
    {
        final long[] isds = {32, 32 + 63, 4096, 4096 + 31, 8192, 65_535};
        for (int i = 0; i < isds.length; i++)
        {
            final long sel = 40 + i;
            final long isd = isds[i];
            assertThat(call(u -> Calls.createInterruptSm(u, sel, Kernel.ROOT_PD, isd))).as("INTID %d", isd)
                .isEqualTo(Status.SUCCESS);
            assertThat(sm(sel).isd()).isEqualTo(isd);
            assertThat(sm(sel).definedPerms()).isEqualTo(Perm.SM_CTRLUP | Perm.SM_CTRLDN | Perm.SM_ASSIGN);
        }
    }

    static Stream<Arguments> createSmWithIFailures()
    {
        return Stream.of(
            Arguments.of("an SGI", SM_SPI + 30, Kernel.ROOT_PD, 1L, Status.BAD_PAR),
            Arguments.of("the EL2 physical timer's PPI", SM_SPI + 30, Kernel.ROOT_PD, 26L, Status.BAD_PAR),
            Arguments.of("an extended PPI", SM_SPI + 30, Kernel.ROOT_PD, 1056L, Status.BAD_PAR),
            Arguments.of("the SPI at 32 + SPI_NUM", SM_SPI + 30, Kernel.ROOT_PD, 32L + 64, Status.BAD_PAR),
            Arguments.of("a special INTID", SM_SPI + 30, Kernel.ROOT_PD, 1023L, Status.BAD_PAR),
            Arguments.of("the ESPI at 4096 + ESPI_NUM", SM_SPI + 30, Kernel.ROOT_PD, 4096L + 32, Status.BAD_PAR),
            Arguments.of("a reserved INTID below the LPIs", SM_SPI + 30, Kernel.ROOT_PD, 8191L, Status.BAD_PAR),
            Arguments.of("the LPI at 8192 + LPI_NUM", SM_SPI + 30, Kernel.ROOT_PD, 65_536L, Status.BAD_PAR),
            Arguments.of("reserved ISD bit 24 (A40)", SM_SPI + 30, Kernel.ROOT_PD, 1L << 24 | SPI, Status.BAD_PAR),
            Arguments.of("reserved ISD bit 63 (A40)", SM_SPI + 30, Kernel.ROOT_PD, 1L << 63 | SPI, Status.BAD_PAR),
            Arguments.of("an owner without DC permission", SM_SPI + 30, WEAK_PD, (long) SPI, Status.BAD_CAP),
            Arguments.of("an occupied selector", SM_SPI, Kernel.ROOT_PD, (long) SPI, Status.BAD_CAP));
    }

    @ParameterizedTest(name = "{0}: {4}")
    @MethodSource("createSmWithIFailures")
    void createSmWithIFailsAndChangesNothing(final String what, final long sel, final long pd, final long isd,
                                            final Status status)
    {
        semaphoresAndDevices();
        final Object before = kernel.root().obj().object(sel);
        assertThat(call(u -> Calls.createInterruptSm(u, sel, pd, isd))).as(what).isEqualTo(status);
        assertThat(kernel.root().obj().object(sel)).isSameAs(before);
    }

    /** Each failure of assign_int, in the order the kernel checks: the CPU, the capabilities, then Arm's. */
    static Stream<Arguments> assignIntFailures()
    {
        return Stream.of(
            Arguments.of("a CPU beyond the machine", SM_SPI, NULL, true, 2, 0, 0, Status.BAD_CPU),
            Arguments.of("a CPU beyond the machine on detach", SM_SPI, NULL, false, 2, 0, 0, Status.BAD_CPU),
            Arguments.of("no semaphore", NULL, NULL, true, 0, 0, 0, Status.BAD_CAP),
            Arguments.of("a regular semaphore", SM_PLAIN, NULL, true, 0, 0, 0, Status.BAD_CAP),
            Arguments.of("a semaphore without ASSIGN", SM_WEAK, NULL, true, 0, 0, 0, Status.BAD_CAP),
            Arguments.of("a DC without ASSIGN_INT", SM_LPI, DC_WEAK, true, 0, 0, 0, Status.BAD_CAP),
            Arguments.of("a semaphore for the DC", SM_LPI, SM_PLAIN, true, 0, 0, 0, Status.BAD_CAP),
            Arguments.of("a detach naming a DC", SM_SPI, DC, false, 0, 0, 0, Status.BAD_CAP),
            Arguments.of("an SPI with a DC (A42)", SM_SPI, DC, true, 0, 0, 0, Status.BAD_CAP),
            Arguments.of("an ESPI with a DC (A42)", SM_ESPI, DC, true, 0, 0, 0, Status.BAD_CAP),
            Arguments.of("an LPI without a DC (A43)", SM_LPI, NULL, true, 0, 0, 0, Status.BAD_CAP),
            Arguments.of("an LPI whose DC names no GITS (A143)", SM_LPI, DC, true, 0, 0, 0, Status.BAD_DEV),
            Arguments.of("an LPI's EventID beyond the ITT (A143)", SM_LPI, DC_GITS, true, 1, 512, 0,
                Status.BAD_PAR),
            Arguments.of("an active-low SPI (A42)", SM_SPI, NULL, true, 0, 0, 4, Status.BAD_PAR),
            Arguments.of("an active-low ESPI (A42)", SM_ESPI, NULL, true, 1, 0, 5, Status.BAD_PAR),
            Arguments.of("a detach of a semaphore in no slot", SM_SPI, NULL, false, 0, 0, 0, Status.ABORTED));
    }

    @ParameterizedTest(name = "{0}: {7}")
    @MethodSource("assignIntFailures")
    void assignIntFailsInTheKernelsOrderAndChangesNothing(final String what, final long sm, final long dc,
                                                          final boolean attach, final int cpu, final int idx,
                                                          final int cfg, final Status status)
    {
        semaphoresAndDevices();
        final long icfgr = gicd(GicdRegister.ICFGR, SPI / 16);
        assertThat(call(u -> Calls.assignInt(u, sm, dc, attach, cpu, idx, cfg))).as(what).isEqualTo(status);
        assertThat(gicd(GicdRegister.ISENABLER, SPI / 32)).isZero();
        assertThat(gicd(GicdRegister.ISENABLERE, 0)).isZero();
        assertThat(gicd(GicdRegister.IROUTER, SPI)).isZero();
        assertThat(gicd(GicdRegister.ICFGR, SPI / 16)).isEqualTo(icfgr);
        for (final long s : new long[] {SM_SPI, SM_ESPI, SM_LPI})
        {
            assertThat(sm(s).routedCpu()).isEqualTo(-1);
        }
        assertThat(root.param(1)).as("no outputs on failure: the inputs stay").isEqualTo(dc);
        assertThat(root.param(2)).isEqualTo((long) idx << 32 | (long) cpu << 16 | cfg);
        assertThat(call(u -> Calls.assignInt(u, SM_SPI_2, NULL, true, 0, 0, 0))).as("the SPI's slot is free")
            .isEqualTo(Status.SUCCESS);
    }

    @Test
    void anSpiAttachProgramsTheDistributorAsNovasConfStdAndReturnsNoMsi()
    {
        semaphoresAndDevices();
        final long cpu1 = m.pe(1).mpidr().affinity();
        // Masked, level, guest-owned, to CPU 1; idx names no slot on Arm (A41).
        assertThat(call(u -> Calls.assignInt(u, SM_SPI, NULL, true, 1, 77, 1 | 2 | 8))).isEqualTo(Status.SUCCESS);
        assertThat(root.param(1)).isZero();
        assertThat(root.param(2)).isZero();
        assertThat(gicd(GicdRegister.IROUTER, SPI)).isEqualTo(cpu1);
        assertThat(gicd(GicdRegister.ICFGR, SPI / 16) >>> SPI % 16 * 2 & 3).isZero(); // level
        assertThat(gicd(GicdRegister.ISENABLER, SPI / 32) >>> SPI % 32 & 1).isZero(); // masked
        assertThat(sm(SM_SPI).routedCpu()).isEqualTo(1);
        // Attached again, unmasked, edge, to CPU 0, with another idx: the same slot, the new configuration.
        assertThat(call(u -> Calls.assignInt(u, SM_SPI, NULL, true, 0, 3, 0))).isEqualTo(Status.SUCCESS);
        assertThat(gicd(GicdRegister.IROUTER, SPI)).isEqualTo(m.pe(0).mpidr().affinity());
        assertThat(gicd(GicdRegister.ICFGR, SPI / 16) >>> SPI % 16 * 2 & 3).isEqualTo(2); // edge
        assertThat(gicd(GicdRegister.ISENABLER, SPI / 32) >>> SPI % 32 & 1).isEqualTo(1);
        // The global table has one slot per INTID: another semaphore of the SPI cannot attach while it is held.
        assertThat(call(u -> Calls.assignInt(u, SM_SPI_2, NULL, true, 1, 0, 0))).isEqualTo(Status.ABORTED);
    }

    @Test
    void aDownIsCheckedAgainstTheCpuTheInterruptIsRoutedToWhicheverSemaphoreRoutedIt()
    {
        semaphoresAndDevices();
        assertThat(call(u -> Calls.assignInt(u, SM_SPI, NULL, true, 1, 0, 0))).isEqualTo(Status.SUCCESS);
        m.bus().write(ArmMachine.GICD_BASE + GicdRegister.ISACTIVER.offset(SPI / 32), 4, 1L << SPI % 32);
        // SM_SPI_2 has the same ISD and is not attached: NOVA checks the INTID's route (CPU 1), and the root
        // runs on CPU 0, so BAD_CPU, and the interrupt stays active (K17).
        assertThat(call(u -> Calls.down(u, SM_SPI_2, false, 1))).isEqualTo(Status.BAD_CPU);
        assertThat(gicd(GicdRegister.ISACTIVER, SPI / 32) >>> SPI % 32 & 1).isEqualTo(1);
        assertThat(call(u -> Calls.down(u, SM_SPI, false, 1))).isEqualTo(Status.BAD_CPU);
    }

    @Test
    void anEspiAttachProgramsTheExtendedRegisters()
    {
        semaphoresAndDevices();
        final int n = ESPI - 4096;
        assertThat(call(u -> Calls.assignInt(u, SM_ESPI, NULL, true, 1, 0, 2))).isEqualTo(Status.SUCCESS);
        assertThat(gicd(GicdRegister.IROUTERE, n)).isEqualTo(m.pe(1).mpidr().affinity());
        assertThat(gicd(GicdRegister.ICFGRE, 0) >>> n * 2 & 3).isZero();
        assertThat(gicd(GicdRegister.ISENABLERE, 0) >>> n & 1).isEqualTo(1);
        assertThat(gicd(GicdRegister.IGROUPRE, 0)).isEqualTo(0xffff_ffffL); // group 1 since boot
    }

    @Test
    void aDetachNeedsTheSlotAndMasksTheInterrupt()
    {
        semaphoresAndDevices();
        Script.ok(kernel, u -> Calls.assignInt(u, SM_SPI, NULL, true, 1, 0, 0));
        assertThat(call(u -> Calls.assignInt(u, SM_SPI_2, NULL, false, 1, 0, 0))).isEqualTo(Status.ABORTED);
        assertThat(gicd(GicdRegister.ISENABLER, SPI / 32) >>> SPI % 32 & 1).isEqualTo(1);
        // The cpu and idx of a detach name no slot on Arm: the INTID's slot is the one.
        assertThat(call(u -> Calls.assignInt(u, SM_SPI, NULL, false, 0, 9, 0))).isEqualTo(Status.SUCCESS);
        assertThat(gicd(GicdRegister.ISENABLER, SPI / 32) >>> SPI % 32 & 1).isZero();
        assertThat(call(u -> Calls.assignInt(u, SM_SPI_2, NULL, true, 0, 0, 0))).isEqualTo(Status.SUCCESS);
    }

    @Test
    void aDeadSemaphoreLeavesItsSlotAndItsInterruptIsMasked()
    {
        semaphoresAndDevices();
        Script.ok(kernel, u -> Calls.assignInt(u, SM_ESPI, NULL, true, 0, 0, 0));
        assertThat(gicd(GicdRegister.ISENABLERE, 0) >>> ESPI - 4096 & 1).isEqualTo(1);
        Script.ok(kernel, u -> Calls.ctrlPd(u, Kernel.ROOT_OBJ, Kernel.ROOT_OBJ, NULL, 0, SM_ESPI, 0x1f, 0));
        assertThat(kernel.root().obj().object(SM_ESPI)).isNull();
        assertThat(gicd(GicdRegister.ISENABLERE, 0) >>> ESPI - 4096 & 1).isZero();
    }
}
