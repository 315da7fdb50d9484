// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.novaemu.arm.core.Listing.IRQ;
import static org.novaemu.arm.core.Listing.RESET;
import static org.novaemu.arm.core.Listing.SECONDARY;
import static org.novaemu.arm.core.Listing.SYNC;
import static org.novaemu.arm.core.Listing.VBAR;
import static org.novaemu.arm.core.Listing.enableCpu;
import static org.novaemu.arm.core.Listing.enablePrivate;
import static org.novaemu.arm.core.Listing.gicr;
import static org.novaemu.arm.core.Listing.mrs;
import static org.novaemu.arm.core.Listing.msr;
import static org.novaemu.arm.core.Listing.psci;

import org.junit.jupiter.api.Test;
import org.novaemu.arm.cpu.GenericTimer;
import org.novaemu.arm.cpu.SysReg;
import org.novaemu.arm.firmware.Psci;
import org.novaemu.arm.gic.Affinity;
import org.novaemu.arm.gic.GicrRegister;
import org.novaemu.arm.gic.IccRegister;
import org.novaemu.arm.gic.Sgi1r;
import org.novaemu.irq.IrqLine;

/**
 * Bare-metal programs at EL1 on a GICv3 board: power-on and PSCI CPU_ON, interrupts under PSTATE's masks, WFI,
 * exception entry and return (A60-A64, A66, A67).
 */
class El1CoreTest
{
    private static final long DATA = Board.RAM + 0x10_0000L;

    @Test
    void thePrimaryRunsFromItsEntryAndSecondariesStartByPsciCpuOn()
    {
        final Listing image = new Listing()
            .at(RESET,
                c -> psci(c, Psci.CPU_ON, 1, SECONDARY, 0x55), // PE 1 is MPIDR Aff0 1
                c -> c.write(DATA, 8, c.x(0)),
                c -> c.charge(10_000),
                c -> psci(c, Psci.CPU_ON, 1, SECONDARY, 0x66),
                c -> c.write(DATA + 8, 8, c.x(0)),
                c -> psci(c, Psci.CPU_ON, 0x100, SECONDARY, 0), // Aff1 1: no such PE
                c -> c.write(DATA + 16, 8, c.x(0)),
                c -> psci(c, Psci.AFFINITY_INFO, 2, 0, 0),
                c -> c.write(DATA + 24, 8, c.x(0)),
                El1::wfi)
            .at(SECONDARY,
                c -> c.setX(5, mrs(c, SysReg.MPIDR_EL1) & 0xff),
                c -> c.write(DATA + 0x100 * c.x(5), 8, c.x(0)),
                c -> c.write(DATA + 0x100 * c.x(5) + 8, 8, c.daif()),
                c -> c.write(DATA + 0x100 * c.x(5) + 16, 8, c.sp()),
                El1::wfi);
        final Board b = new Board(3, image);
        assertThat(b.core(0).affinityState()).isEqualTo(Psci.AffinityState.ON_PENDING);
        assertThat(b.core(1).state()).isEqualTo(CoreState.OFF);
        b.run(100_000);
        assertThat(image.executed(0).get(0)).isEqualTo(RESET);
        assertThat(b.bus.read(DATA, 8)).isEqualTo(Psci.SUCCESS);
        assertThat(b.bus.read(DATA + 8, 8)).isEqualTo(Psci.ALREADY_ON);
        assertThat(b.bus.read(DATA + 16, 8)).isEqualTo(Psci.INVALID_PARAMETERS);
        assertThat(b.bus.read(DATA + 24, 8)).isEqualTo(Psci.AffinityState.OFF.ordinal());
        assertThat(image.executed(1)).containsExactly(SECONDARY, SECONDARY + 4, SECONDARY + 8, SECONDARY + 12,
            SECONDARY + 16);
        assertThat(b.bus.read(DATA + 0x100, 8)).isEqualTo(0x55); // X0 is the context
        assertThat(b.bus.read(DATA + 0x108, 8)).isEqualTo(El1.PSTATE_DAIF);
        assertThat(b.bus.read(DATA + 0x110, 8)).isZero();
        assertThat(b.core(1).state()).isEqualTo(CoreState.WAITING_FOR_INTERRUPT);
        assertThat(b.core(1).pstate()).isEqualTo(El1.PSTATE_DAIF | El1.M_EL1H);
        assertThat(image.executed(2)).isEmpty();
        assertThat(b.core(2).state()).isEqualTo(CoreState.OFF);
        assertThat(b.core(2).sim().isBlocked()).isTrue();
    }

    @Test
    void aCpuOnIsPendingUntilThePeStartsAndASecondOneIsRefused()
    {
        final Listing image = new Listing().at(RESET, El1::wfi).at(SECONDARY, El1::wfi);
        final Board b = new Board(2, image);
        b.run(1_000);
        assertThat(b.psci.smc(Psci.CPU_ON_32, 0xffff_ffff_0000_0001L, SECONDARY, 0)).isEqualTo(Psci.SUCCESS);
        assertThat(b.psci.smc(Psci.AFFINITY_INFO, 1, 0, 0)).isEqualTo(Psci.AffinityState.ON_PENDING.ordinal());
        assertThat(b.psci.smc(Psci.CPU_ON, 1, SECONDARY, 0)).isEqualTo(Psci.ON_PENDING);
        assertThat(b.core(1).powerOn(0, 0)).isFalse();
        b.run(1_000);
        assertThat(b.psci.smc(Psci.AFFINITY_INFO, 1, 0, 0)).isEqualTo(Psci.AffinityState.ON.ordinal());
        assertThat(image.executed(1)).containsExactly(SECONDARY);
    }

    @Test
    void anSgiWithIMaskedStaysPendingUntilDaifClrAndIsTakenAtVbarPlus0x280()
    {
        final long daifClr = RESET + 40;
        final Listing image = new Listing()
            .at(RESET,
                c -> msr(c, El1Register.VBAR_EL1, VBAR),
                Listing::enableDistributor,
                c -> enableCpu(c, 0),
                c -> msr(c, IccRegister.CTLR_EL1, IccRegister.CTLR_EOIMODE.mask()), // EOIR drops, DIR deactivates
                c -> enablePrivate(c, 0, 1, 0x80),
                c -> msr(c, IccRegister.SGI1R_EL1, Sgi1r.to(1, Affinity.of(0, 0, 0, 0))),
                c -> c.charge(10_000), // IRQ is asserted; PSTATE.I is set since power-on
                c -> c.setX(5, mrs(c, IccRegister.HPPIR1_EL1)),
                c -> c.setX(6, c.daif()),
                c -> c.setX(7, c.pc()),
                c -> c.daifClr(El1.DAIF_IMM_I),
                c -> c.setX(8, 1), // runs after the handler
                El1::wfi)
            .at(IRQ,
                c -> c.setX(10, mrs(c, IccRegister.IAR1_EL1)),
                c -> c.setX(11, c.daif()),
                c -> c.setX(12, mrs(c, El1Register.ELR_EL1)),
                c -> c.setX(13, mrs(c, El1Register.SPSR_EL1)),
                c -> msr(c, IccRegister.EOIR1_EL1, c.x(10)),
                c -> c.setX(14, gicr(c, 0, GicrRegister.ISACTIVER, 0)),
                c -> msr(c, IccRegister.DIR_EL1, c.x(10)),
                c -> c.setX(15, gicr(c, 0, GicrRegister.ISACTIVER, 0)),
                El1::eret);
        final Board b = new Board(1, image);
        b.run(200_000);
        final El1Core pe = b.core(0);
        assertThat(pe.x(5)).isEqualTo(1);
        assertThat(pe.x(6)).isEqualTo(El1.PSTATE_DAIF);
        assertThat(pe.x(7)).isEqualTo(daifClr - 4);
        assertThat(image.executed(0)).containsSubsequence(daifClr, IRQ, IRQ + 32, daifClr + 4, daifClr + 8);
        assertThat(image.count(0, IRQ)).isEqualTo(1);
        assertThat(pe.x(10)).isEqualTo(1);
        assertThat(pe.x(11)).isEqualTo(El1.PSTATE_DAIF);
        assertThat(pe.x(12)).isEqualTo(daifClr + 4);
        assertThat(pe.x(13)).isEqualTo(El1.PSTATE_D | El1.PSTATE_A | El1.PSTATE_F | El1.M_EL1H);
        assertThat(pe.x(14) & 2).isEqualTo(2); // EOImode 1: still active after EOIR
        assertThat(pe.x(15) & 2).isZero();
        assertThat(pe.x(8)).isEqualTo(1);
        assertThat(pe.daif()).isEqualTo(El1.PSTATE_D | El1.PSTATE_A | El1.PSTATE_F);
        assertThat(pe.cpuInterface().irq()).isFalse();
        assertThat(pe.cpuInterface().read(IccRegister.RPR_EL1)).isEqualTo(0xff);
    }

    @Test
    void wfiIsWokenByTheVirtualTimersPpi27AndTheHandlerReturnsAfterIt()
    {
        final long wfi = RESET + 32;
        final Listing image = new Listing()
            .at(RESET,
                c -> msr(c, El1Register.VBAR_EL1, VBAR),
                Listing::enableDistributor,
                c -> enableCpu(c, 0),
                c -> enablePrivate(c, 0, GenericTimer.PPI_VIRTUAL, 0x80),
                c -> c.setX(1, mrs(c, SysReg.CNTVCT_EL0)),
                c -> msr(c, SysReg.CNTV_TVAL_EL0, 100_000),
                c -> msr(c, SysReg.CNTV_CTL_EL0, GenericTimer.ENABLE),
                c -> c.daifClr(El1.DAIF_IMM_I),
                El1::wfi,
                El1::wfi)
            .at(IRQ,
                c -> c.setX(10, mrs(c, IccRegister.IAR1_EL1)),
                c -> c.setX(11, mrs(c, SysReg.CNTVCT_EL0)),
                c -> msr(c, SysReg.CNTV_CTL_EL0, GenericTimer.ENABLE | GenericTimer.IMASK), // the line drops
                c -> msr(c, IccRegister.EOIR1_EL1, c.x(10)),
                El1::eret);
        final Board b = new Board(1, image);
        final El1Core pe = b.core(0);
        b.run(50_000);
        assertThat(pe.state()).isEqualTo(CoreState.WAITING_FOR_INTERRUPT);
        assertThat(pe.sim().isBlocked()).isTrue();
        assertThat(pe.pc()).isEqualTo(wfi + 4);
        final long asleep = pe.instructions();
        b.run(100_000);
        assertThat(pe.x(10)).isEqualTo(GenericTimer.PPI_VIRTUAL);
        assertThat(pe.x(11) - pe.x(1)).isBetween(100_000L, 100_200L);
        assertThat(image.executed(0)).containsSubsequence(wfi, IRQ, IRQ + 16, wfi + 4);
        assertThat(pe.instructions() - asleep).isEqualTo(6); // the handler and the second WFI, nothing while asleep
        assertThat(pe.state()).isEqualTo(CoreState.WAITING_FOR_INTERRUPT);
    }

    @Test
    void wfiEndsOnAMaskedInterruptWithoutTakingItAndDoesNotWaitWhileOneIsAsserted()
    {
        final long wfi = RESET + 24;
        final Listing image = new Listing()
            .at(RESET,
                c -> msr(c, El1Register.VBAR_EL1, VBAR),
                Listing::enableDistributor,
                c -> enableCpu(c, 0),
                c -> enablePrivate(c, 0, GenericTimer.PPI_VIRTUAL, 0x80),
                c -> msr(c, SysReg.CNTV_TVAL_EL0, 50_000),
                c -> msr(c, SysReg.CNTV_CTL_EL0, GenericTimer.ENABLE),
                El1::wfi, // PSTATE.I set: the timer's IRQ ends the wait but is not taken
                c -> c.setX(7, mrs(c, IccRegister.HPPIR1_EL1)),
                c -> c.setX(8, mrs(c, SysReg.CNTVCT_EL0)),
                El1::wfi, // IRQ still asserted: no wait at all
                c -> c.setX(9, mrs(c, SysReg.CNTVCT_EL0)),
                c -> c.branch(c.pc()))
            .at(IRQ, El1::eret);
        final Board b = new Board(1, image);
        b.run(200_000);
        final El1Core pe = b.core(0);
        assertThat(image.count(0, IRQ)).isZero();
        assertThat(pe.x(7)).isEqualTo(GenericTimer.PPI_VIRTUAL);
        assertThat(pe.x(8)).isGreaterThanOrEqualTo(50_000);
        assertThat(pe.x(9) - pe.x(8)).isLessThan(50);
        assertThat(image.executed(0)).containsSubsequence(wfi, wfi + 4, wfi + 8, wfi + 12, wfi + 16, wfi + 20);
        assertThat(pe.state()).isEqualTo(CoreState.RUNNING);
        assertThat(pe.cpuInterface().irq()).isTrue();
    }

    @Test
    void anSpiRoutedByIrouterToPe1IsTakenThereAndNotOnPe0()
    {
        final int spi = 40;
        final Listing image = Listing.spiToPe1(spi);
        final Board b = new Board(2, image);
        final IrqLine device = new IrqLine("device", spi, b.engine.trace());
        b.gic.distributor().connect(device, spi);
        b.run(100_000);
        assertThat(b.core(0).state()).isEqualTo(CoreState.WAITING_FOR_INTERRUPT);
        assertThat(b.core(1).state()).isEqualTo(CoreState.WAITING_FOR_INTERRUPT);
        device.pulse();
        b.run(50_000);
        assertThat(b.core(1).x(10)).isEqualTo(spi);
        assertThat(b.core(1).x(11)).isEqualTo(1);
        assertThat(image.count(1, IRQ)).isEqualTo(1);
        assertThat(image.count(0, IRQ)).isZero();
        assertThat(b.core(1).state()).isEqualTo(CoreState.WAITING_FOR_INTERRUPT);
    }

    @Test
    void anSgiToAnotherPeReachesItAtTheSendersTimeNotBefore()
    {
        final Listing image = new Listing()
            .at(RESET,
                c -> msr(c, El1Register.VBAR_EL1, VBAR),
                Listing::enableDistributor,
                c -> psci(c, Psci.CPU_ON, 1, SECONDARY, 0),
                c -> c.charge(30_000),
                c -> c.setX(1, mrs(c, SysReg.CNTPCT_EL0)),
                c -> msr(c, IccRegister.SGI1R_EL1, Sgi1r.to(3, Affinity.of(0, 0, 0, 1))),
                El1::wfi)
            .at(SECONDARY,
                c -> msr(c, El1Register.VBAR_EL1, VBAR),
                c -> enableCpu(c, 1),
                c -> enablePrivate(c, 1, 3, 0x80),
                c -> c.daifClr(El1.DAIF_IMM_I),
                El1::wfi,
                El1::wfi)
            .at(IRQ,
                c -> c.setX(2, mrs(c, SysReg.CNTPCT_EL0)),
                c -> c.setX(10, mrs(c, IccRegister.IAR1_EL1)),
                c -> msr(c, IccRegister.EOIR1_EL1, c.x(10)),
                El1::eret);
        final Board b = new Board(2, image);
        b.run(100_000);
        assertThat(b.core(1).x(10)).isEqualTo(3);
        assertThat(b.core(1).x(2)).isGreaterThanOrEqualTo(b.core(0).x(1) + 10); // after the sender's MSR
        assertThat(image.count(0, IRQ)).isZero();
    }

    @Test
    void undefinedInstructionsAreTakenAtVbarPlus0x200WithEc0AndReturnToThemselves()
    {
        final Listing image = new Listing()
            .at(RESET,
                c -> msr(c, El1Register.VBAR_EL1, VBAR | 0x7ff), // bits 10:0 are RES0
                c -> c.undefined(),
                c -> c.hvc(0),                                  // no EL2
                c -> mrs(c, SysReg.CNTHP_CTL_EL2),              // an EL2 register
                c -> msr(c, SysReg.CNTFRQ_EL0, 1),              // written only at EL3
                c -> mrs(c, IccRegister.EOIR1_EL1),             // write-only
                c -> msr(c, El1Register.CURRENT_EL, 0),         // read-only
                c -> mrs(c, IccRegister.SRE_EL2),
                c -> c.setX(20, 1),
                El1::wfi)
            .at(SYNC,
                c -> c.setX(10, mrs(c, El1Register.ESR_EL1)),
                c -> c.setX(11, mrs(c, El1Register.ELR_EL1)),
                c -> c.setX(12, mrs(c, El1Register.SPSR_EL1)),
                c -> c.write(DATA + 24 * c.x(21), 8, c.x(10)),
                c -> c.write(DATA + 24 * c.x(21) + 8, 8, c.x(11)),
                c -> c.write(DATA + 24 * c.x(21) + 16, 8, c.x(12)),
                c -> c.setX(21, c.x(21) + 1),
                c -> msr(c, El1Register.ELR_EL1, c.x(11) + 4),
                El1::eret);
        final Board b = new Board(1, image);
        b.run(100_000);
        final El1Core pe = b.core(0);
        assertThat(pe.register(El1Register.VBAR_EL1)).isEqualTo(VBAR);
        assertThat(pe.x(21)).isEqualTo(7);
        for (int i = 0; i < 7; i++)
        {
            assertThat(b.bus.read(DATA + 24 * i, 8)).as("ESR %d", i).isEqualTo(0x0200_0000L);
            assertThat(b.bus.read(DATA + 24 * i + 8, 8)).as("ELR %d", i).isEqualTo(RESET + 4 + 4 * i);
            assertThat(b.bus.read(DATA + 24 * i + 16, 8)).as("SPSR %d", i).isEqualTo(El1.PSTATE_DAIF | El1.M_EL1H);
        }
        assertThat(pe.x(20)).isEqualTo(1);
        assertThat(pe.state()).isEqualTo(CoreState.WAITING_FOR_INTERRUPT);
    }

    @Test
    void eretRestoresPstateFromSpsrAndAnSvcFromEl1tUsesTheSpEl0Vectors()
    {
        final long target = RESET + 0x100;
        final long spsr = 0x6000_0000L | El1.PSTATE_F | El1.M_EL1T;
        final Listing image = new Listing()
            .at(RESET,
                c -> msr(c, El1Register.VBAR_EL1, VBAR),
                c -> msr(c, El1Register.SPSR_EL1, spsr),
                c -> msr(c, El1Register.ELR_EL1, target),
                c -> c.setSp(0x1234),
                El1::eret)
            .at(target,
                c -> c.setX(1, c.daif()),
                c -> c.setX(2, mrs(c, El1Register.NZCV)),
                c -> c.setX(3, mrs(c, El1Register.SPSEL)),
                c -> c.setSp(0x5678),
                c -> c.svc(7),
                c -> c.setX(9, 1),
                El1::wfi)
            .at(VBAR,
                c -> c.setX(10, mrs(c, El1Register.ESR_EL1)),
                c -> c.setX(11, mrs(c, El1Register.ELR_EL1)),
                c -> c.setX(12, mrs(c, El1Register.SPSR_EL1)),
                c -> c.setX(13, c.sp()),
                c -> c.setX(14, mrs(c, El1Register.SP_EL0)),
                El1::eret);
        final Board b = new Board(1, image);
        b.run(100_000);
        final El1Core pe = b.core(0);
        assertThat(pe.x(1)).isEqualTo(El1.PSTATE_F);
        assertThat(pe.x(2)).isEqualTo(0x6000_0000L);
        assertThat(pe.x(3)).isZero();
        assertThat(pe.x(10)).isEqualTo(Syndrome.svc(7)).isEqualTo(0x5600_0007L);
        assertThat(pe.x(11)).isEqualTo(target + 20);
        assertThat(pe.x(12)).isEqualTo(spsr);
        assertThat(pe.x(13)).isEqualTo(0x1234);
        assertThat(pe.x(14)).isEqualTo(0x5678);
        assertThat(pe.x(9)).isEqualTo(1);
        assertThat(image.count(0, VBAR)).isEqualTo(1);
        assertThat(image.count(0, SYNC)).isZero();
        assertThat(pe.pstate()).isEqualTo(spsr);
        assertThat(pe.sp()).isEqualTo(0x5678);
    }

    @Test
    void anIllegalExceptionReturnSetsIlAndTheNextInstructionTakesEc0x0e()
    {
        final int[] modes = {0b0_0000, 0b0_1001, 0b1_0000, 0b0_0110}; // EL0t (no EL0), EL2h, AArch32, reserved
        for (final int m : modes)
        {
            final long target = RESET + 0x100;
            final Listing image = new Listing()
                .at(RESET,
                    c -> msr(c, El1Register.VBAR_EL1, VBAR),
                    c -> msr(c, El1Register.SPSR_EL1, El1.PSTATE_I | m),
                    c -> msr(c, El1Register.ELR_EL1, target),
                    El1::eret)
                .at(target, c -> c.setX(9, 1))
                .at(SYNC,
                    c -> c.setX(10, mrs(c, El1Register.ESR_EL1)),
                    c -> c.setX(11, mrs(c, El1Register.ELR_EL1)),
                    c -> c.setX(12, mrs(c, El1Register.SPSR_EL1)),
                    El1::wfi);
            final Board b = new Board(1, image);
            b.run(10_000);
            final El1Core pe = b.core(0);
            assertThat(pe.x(10)).as("M %s", m).isEqualTo(Syndrome.of(Syndrome.EC_ILLEGAL_STATE, 0));
            assertThat(pe.x(11)).isEqualTo(target);
            assertThat(pe.x(12)).isEqualTo(El1.PSTATE_IL | El1.PSTATE_I | El1.M_EL1H); // EL and SP unchanged
            assertThat(image.count(0, target)).isZero();
            assertThat(pe.pstate() & El1.PSTATE_IL).isZero();
        }
    }

    @Test
    void aPcAlignmentFaultComesBeforeTheIllegalExecutionStateException()
    {
        final Listing image = new Listing()
            .at(RESET,
                c -> msr(c, El1Register.VBAR_EL1, VBAR),
                c -> msr(c, El1Register.SPSR_EL1, 0b0_1001), // EL2h: illegal
                c -> msr(c, El1Register.ELR_EL1, RESET + 0x102),
                El1::eret)
            .at(SYNC,
                c -> c.setX(10, mrs(c, El1Register.ESR_EL1)),
                c -> c.setX(12, mrs(c, El1Register.SPSR_EL1)),
                El1::wfi);
        final Board b = new Board(1, image);
        b.run(10_000);
        final El1Core pe = b.core(0);
        assertThat(pe.x(10)).isEqualTo(Syndrome.of(Syndrome.EC_PC_ALIGNMENT, 0));
        assertThat(pe.x(12) & El1.PSTATE_IL).isNotZero();
        assertThat(pe.register(El1Register.FAR_EL1)).isEqualTo(RESET + 0x102);
    }

    @Test
    void misalignedAndUnansweredAccessesAndAMisalignedPcAreAbortsWithTheirAddressInFar()
    {
        final long resume = RESET + 20;
        final Listing image = new Listing()
            .at(RESET,
                c -> msr(c, El1Register.VBAR_EL1, VBAR),
                c -> c.read(DATA + 1, 4),
                c -> c.write(0x1000, 4, 1),
                c -> c.setX(5, c.read(DATA + 8, 8)),
                c -> c.branch(DATA + 2),
                El1::wfi)
            .at(SYNC,
                c -> c.setX(10, mrs(c, El1Register.ESR_EL1)),
                c -> c.setX(11, mrs(c, El1Register.FAR_EL1)),
                c -> c.setX(12, mrs(c, El1Register.ELR_EL1)),
                c -> c.write(DATA + 0x100 + 24 * c.x(21), 8, c.x(10)),
                c -> c.write(DATA + 0x108 + 24 * c.x(21), 8, c.x(11)),
                c -> c.write(DATA + 0x110 + 24 * c.x(21), 8, c.x(12)),
                c -> c.setX(21, c.x(21) + 1),
                c -> msr(c, El1Register.ELR_EL1, (c.x(12) & 3) != 0 ? resume : c.x(12) + 4),
                El1::eret);
        final Board b = new Board(1, image);
        b.bus.write(DATA + 8, 8, 0x1122_3344_5566_7788L);
        b.run(100_000);
        final El1Core pe = b.core(0);
        assertThat(pe.x(21)).isEqualTo(3);
        assertThat(pe.x(5)).isEqualTo(0x1122_3344_5566_7788L);
        final long[][] expected = {
            {Syndrome.dataAbort(false, Syndrome.DFSC_ALIGNMENT), DATA + 1, RESET + 4},
            {Syndrome.dataAbort(true, Syndrome.DFSC_EXTERNAL), 0x1000, RESET + 8},
            {Syndrome.of(Syndrome.EC_PC_ALIGNMENT, 0), DATA + 2, DATA + 2},
        };
        for (int i = 0; i < expected.length; i++)
        {
            assertThat(b.bus.read(DATA + 0x100 + 24 * i, 8)).as("ESR %d", i).isEqualTo(expected[i][0]);
            assertThat(b.bus.read(DATA + 0x108 + 24 * i, 8)).as("FAR %d", i).isEqualTo(expected[i][1]);
            assertThat(b.bus.read(DATA + 0x110 + 24 * i, 8)).as("ELR %d", i).isEqualTo(expected[i][2]);
        }
        assertThat(expected[0][0]).isEqualTo(0x9600_0021L);
        assertThat(expected[1][0]).isEqualTo(0x9600_0050L);
        assertThat(pe.state()).isEqualTo(CoreState.WAITING_FOR_INTERRUPT);
    }

    @Test
    void aGroup0SgiIsAnFiqTakenAtVbarPlus0x300AndFiqGoesBeforeIrq()
    {
        final Listing image = new Listing()
            .at(RESET,
                c -> msr(c, El1Register.VBAR_EL1, VBAR),
                Listing::enableDistributor,
                c -> enableCpu(c, 0),
                c -> msr(c, IccRegister.IGRPEN0_EL1, 1),
                c -> gicr(c, 0, GicrRegister.ISENABLER, 0, 1L << 2), // SGI 2 stays in group 0
                c -> msr(c, IccRegister.SGI0R_EL1, Sgi1r.to(2, Affinity.of(0, 0, 0, 0))),
                c -> c.daifClr(El1.DAIF_IMM_I | El1.DAIF_IMM_F),
                El1::wfi,
                El1::wfi)
            .at(Listing.FIQ,
                c -> c.setX(10, mrs(c, IccRegister.IAR0_EL1)),
                c -> msr(c, IccRegister.EOIR0_EL1, c.x(10)),
                El1::eret)
            .at(IRQ, El1::eret);
        final Board b = new Board(1, image);
        b.run(100_000);
        final El1Core pe = b.core(0);
        assertThat(pe.x(10)).isEqualTo(2);
        assertThat(image.count(0, Listing.FIQ)).isEqualTo(1);
        assertThat(pe.state()).isEqualTo(CoreState.WAITING_FOR_INTERRUPT);
        pe.irq(true); // both inputs at once, as only a test drives them: FIQ is taken first
        pe.fiq(true);
        b.run(1);
        assertThat(image.executed(0).get(image.executed(0).size() - 1)).isEqualTo(Listing.FIQ);
        assertThat(pe.register(El1Register.ELR_EL1)).isEqualTo(RESET + 32);
        pe.irq(false);
        pe.fiq(false);
        b.run(10_000);
        assertThat(image.count(0, Listing.FIQ)).isEqualTo(2);
        assertThat(image.count(0, IRQ)).isZero();
        assertThat(pe.x(10)).isEqualTo(1023); // nothing was pending in the GIC
    }

    @Test
    void accessesChargeTheirCosts()
    {
        final Listing image = new Listing()
            .at(RESET,
                c -> msr(c, El1Register.VBAR_EL1, VBAR),
                c -> c.setX(5, mrs(c, SysReg.CNTPCT_EL0)),
                c -> c.read(DATA, 8),
                c -> c.read(Board.GICD, 4),
                c -> mrs(c, IccRegister.PMR_EL1),
                c -> mrs(c, El1Register.DAIF),
                c -> c.setX(6, mrs(c, SysReg.CNTPCT_EL0)),
                c -> psci(c, Psci.PSCI_VERSION, 0, 0, 0),
                c -> c.setX(7, mrs(c, SysReg.CNTPCT_EL0)),
                c -> c.svc(0),
                c -> c.setX(8, mrs(c, SysReg.CNTPCT_EL0)),
                El1::wfi)
            .at(SYNC, El1::eret);
        final Board b = new Board(1, image, new CoreCosts(2, 5, 300, 17, 60, 1_000));
        b.run(100_000);
        final El1Core pe = b.core(0);
        assertThat(pe.x(6) - pe.x(5)).isEqualTo(7 + 302 + 19 + 2 + 19);
        assertThat(pe.x(7) - pe.x(6)).isEqualTo(1_002 + 19);
        assertThat(pe.x(0)).isEqualTo(Psci.V1_1);
        assertThat(pe.x(8) - pe.x(7)).isEqualTo(2 + 60 + 2 + 60 + 19); // SVC, entry, ERET, MRS
    }

    @Test
    void theCoresOwnRegistersKeepOnlyTheirFieldsAndSpEl0IsUndefinedWhileItIsTheSp()
    {
        final long probe = RESET + 4 * 14;
        final Listing image = new Listing()
            .at(RESET,
                c -> msr(c, El1Register.VBAR_EL1, VBAR),
                c -> msr(c, El1Register.SPSR_EL1, -1L),
                c -> msr(c, El1Register.ESR_EL1, -1L),
                c -> msr(c, El1Register.NZCV, -1L),
                c -> msr(c, El1Register.DAIF, 0),
                c -> c.daifSet(El1.DAIF_IMM_A | 0x10), // bits above the immediate's four are ignored
                c -> msr(c, El1Register.TPIDR_EL1, 0x77),
                c -> c.setX(1, mrs(c, El1Register.CURRENT_EL)),
                c -> c.setX(3, mrs(c, El1Register.SPSR_EL1)),
                c -> c.setX(4, mrs(c, El1Register.ESR_EL1)),
                c -> c.setX(5, mrs(c, El1Register.NZCV)),
                c -> c.setX(6, mrs(c, El1Register.DAIF)),
                c -> c.setX(31, 5), // XZR
                c -> msr(c, El1Register.SPSEL, 0),
                c -> mrs(c, El1Register.SP_EL0))
            .at(VBAR, c -> c.setX(2, mrs(c, El1Register.ELR_EL1)), El1::wfi); // from EL1t: the SP_EL0 group
        final Board b = new Board(1, image);
        b.run(10_000);
        final El1Core pe = b.core(0);
        assertThat(pe.x(1)).isEqualTo(4); // EL1 in bits 3:2
        assertThat(pe.x(3)).isEqualTo(0xf030_03dfL); // NZCV, SS, IL, DAIF, M[4:0]
        assertThat(pe.x(4)).isEqualTo(0xffff_ffffL);
        assertThat(pe.x(5)).isEqualTo(0xf000_0000L);
        assertThat(pe.x(6)).isEqualTo(El1.PSTATE_A);
        assertThat(pe.register(El1Register.TPIDR_EL1)).isEqualTo(0x77);
        assertThat(pe.x(31)).isZero();
        assertThat(pe.x(2)).isEqualTo(probe);
        assertThat(pe.register(El1Register.ESR_EL1)).isEqualTo(Syndrome.undefined());
        assertThat(pe.register(El1Register.SPSR_EL1)).isEqualTo(0xf000_0000L | El1.PSTATE_A | El1.M_EL1T);
    }

    @Test
    void misuseIsRefusedByName()
    {
        final Listing image = new Listing().at(RESET, El1::wfi);
        final Board b = new Board(2, image);
        assertThatThrownBy(() -> new El1Core(5, b.engine, b.bus, b.gic.cpuInterface(0), b.pes[0], b.psci, image,
            CoreCosts.DEFAULT)).hasMessageContaining("index");
        assertThatThrownBy(() -> new El1Core(2, b.engine, b.bus, b.gic.cpuInterface(0), b.pes[1], b.psci, image,
            CoreCosts.DEFAULT)).hasMessageContaining("cpuInterface");
        assertThatThrownBy(() -> new El1Core(2, b.engine, b.bus, b.gic.cpuInterface(1), b.pes[1], null, image,
            CoreCosts.DEFAULT)).hasMessageContaining("firmware");
        assertThatThrownBy(() -> new El1Cores(b.core(1), b.core(0))).hasMessageContaining("cores[0]");
        assertThatThrownBy(() -> new CoreCosts(0, 1, 1, 1, 1, 1)).hasMessageContaining("instruction");
        assertThat(b.engine.cpuCount()).isEqualTo(2);
        assertThat(b.core(0).powerOn(0, 0)).isFalse(); // already pending from the board
        b.run(100);
        assertThat(b.core(0).powerOn(0, 0)).isFalse(); // on
    }

    @Test
    void systemOffStopsThePeAndEndsTheRun()
    {
        final Listing image = new Listing()
            .at(RESET, c -> psci(c, Psci.SYSTEM_OFF, 0, 0, 0), c -> c.setX(9, 1));
        final Board b = new Board(1, image);
        b.run(1_000_000);
        assertThat(b.psci.power()).isEqualTo(Psci.Power.OFF);
        assertThat(b.core(0).state()).isEqualTo(CoreState.OFF);
        assertThat(b.core(0).x(9)).isZero();
        assertThat(b.engine.now()).isLessThan(10_000);
    }
}
