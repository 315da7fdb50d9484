// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.novaemu.x86.cpu.Listing.EOI;
import static org.novaemu.x86.cpu.Listing.INIT;
import static org.novaemu.x86.cpu.Listing.LVT_TIMER;
import static org.novaemu.x86.cpu.Listing.NMI;
import static org.novaemu.x86.cpu.Listing.SELF;
import static org.novaemu.x86.cpu.Listing.STARTUP;
import static org.novaemu.x86.cpu.Listing.TIMER_DIVIDE;
import static org.novaemu.x86.cpu.Listing.TIMER_INITIAL;
import static org.novaemu.x86.cpu.Listing.ipi;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.novaemu.kernel.Costs;
import org.novaemu.x86.X86Machine;
import org.novaemu.x86.apic.Delivery;

/** Bare-metal programs on a bare machine: start-up, interrupt flag and shadows, HLT, NMI blocking, faults. */
class CoreTest
{
    private static final long RESET = Core.RESET_VECTOR;

    private static X86Machine machine(final int cpus, final Listing image)
    {
        return X86Machine.builder().cpus(cpus).bare(image).build();
    }

    @Test
    void theBspRunsFromTheResetVectorAndTheApsWaitForSipi()
    {
        final Listing image = new Listing().at(RESET, c -> c.jump(0x1000)).at(0x1000, Ring0::hlt);
        final X86Machine m = machine(2, image);
        assertThat(m.kernel()).isNull();
        assertThat(m.platform()).isNull();
        final Core bsp = m.core(0);
        assertThat(bsp.activityState()).isEqualTo(ActivityState.ACTIVE);
        assertThat(bsp.ip()).isEqualTo(0xffff_fff0L);
        assertThat(bsp.interruptFlag()).isFalse();
        assertThat(bsp.flags()).isEqualTo(0x2);
        assertThat(m.core(1).activityState()).isEqualTo(ActivityState.WAIT_FOR_SIPI);
        m.engine().runFor(10_000);
        assertThat(image.executed(0)).containsExactly(RESET, 0x1000L);
        assertThat(bsp.activityState()).isEqualTo(ActivityState.HLT);
        assertThat(bsp.ip()).isEqualTo(0x1001);
        assertThat(image.executed(1)).isEmpty();
        assertThat(m.apic(0).x2apic()).isFalse(); // nothing programmed the hardware: no kernel booted
        assertThat(m.apic(0).enabled()).isFalse();
    }

    @Test
    void anApStartsWithInitSipiSipiAtTheVectorTimes4KiBAndIgnoresTheSecondSipi()
    {
        final Listing image = new Listing()
            .at(RESET,
                c -> ipi(c, 1, INIT),
                c -> c.charge(20_000), // the MP specification's 10 ms, shortened
                c -> ipi(c, 1, STARTUP | 0x08),
                c -> c.charge(20_000),
                c -> ipi(c, 1, STARTUP | 0x08),
                Ring0::hlt)
            .at(0x8000,
                c -> c.write(0x500, 4, c.read(Listing.ID, 4) >>> 24),
                Ring0::hlt);
        final X86Machine m = machine(2, image);
        m.engine().runFor(100_000);
        assertThat(image.executed(1)).containsExactly(0x8000L, 0x8001L);
        assertThat(m.bus().read(0x500, 4)).isEqualTo(1);
        assertThat(m.core(1).activityState()).isEqualTo(ActivityState.HLT);
    }

    @Test
    void initPutsARunningApBackIntoWaitForSipiAndResetsItsState()
    {
        final Listing image = new Listing()
            .at(RESET,
                c -> ipi(c, 1, STARTUP | 0x02),
                c -> c.charge(20_000),
                c -> ipi(c, 1, INIT),
                Ring0::hlt)
            .at(0x2000, c -> c.setInterruptGate(0x40, 0x3000), Ring0::sti, c -> c.setGpr(3, 7), c -> c.jump(0x2003));
        final X86Machine m = machine(2, image);
        m.engine().runFor(10_000);
        final Core ap = m.core(1);
        assertThat(ap.activityState()).isEqualTo(ActivityState.ACTIVE); // a core starts at power-up on SIPI
        assertThat(ap.interruptFlag()).isTrue();
        assertThat(ap.gpr(3)).isEqualTo(7);
        m.engine().runFor(40_000);
        assertThat(ap.activityState()).isEqualTo(ActivityState.WAIT_FOR_SIPI);
        assertThat(ap.interruptFlag()).isFalse();
        assertThat(ap.gpr(3)).isZero();
    }

    @Test
    void anIpiWithIfClearStaysPendingUntilStiAndTheStiShadowDelaysItOneInstruction()
    {
        final Listing image = new Listing()
            .at(RESET,
                c -> c.setInterruptGate(0x40, 0x2000),
                Listing::enableApic,
                c -> ipi(c, 0, SELF | 0x40),
                c -> c.charge(50_000), // the IPI has long arrived: IRR, but IF is clear
                c -> c.charge(1),
                Ring0::sti,
                c -> c.setGpr(0, 1), // in the STI shadow: executes before the interrupt
                c -> c.setGpr(0, 2),
                Ring0::hlt)
            .at(0x2000, c -> c.setGpr(1, c.gpr(0)), c -> c.write(EOI, 4, 0), Ring0::iret);
        final X86Machine m = machine(1, image);
        m.engine().runFor(30_000);
        assertThat(m.apic(0).requested(0x40)).isTrue();
        m.engine().runFor(100_000);
        assertThat(image.executed(0)).containsSubsequence(RESET + 5, RESET + 6, 0x2000L, 0x2001L, 0x2002L,
            RESET + 7);
        assertThat(m.core(0).gpr(1)).isEqualTo(1);
        assertThat(m.apic(0).inService(0x40)).isFalse();
        assertThat(m.apic(0).requested(0x40)).isFalse();
    }

    @Test
    void hltIsWokenByTheApicTimerAndTheHandlerReturnsAfterHlt()
    {
        final List<Long> woke = new ArrayList<>();
        final Listing image = new Listing()
            .at(RESET,
                c -> c.setInterruptGate(0x30, 0x2000),
                Listing::enableApic,
                c -> c.write(TIMER_DIVIDE, 4, 0xb), // divide by 1
                c -> c.write(LVT_TIMER, 4, 0x30),   // one-shot, vector 0x30
                c -> c.setGpr(0, c.rdtsc()),
                c -> c.write(TIMER_INITIAL, 4, 100_000),
                Ring0::sti,
                Ring0::hlt,
                Ring0::hlt)
            .at(0x2000, c -> woke.add(c.rdtsc() - c.gpr(0)), c -> c.write(EOI, 4, 0), Ring0::iret);
        final X86Machine m = machine(1, image);
        m.engine().runFor(50_000);
        final Core core = m.core(0);
        assertThat(core.activityState()).isEqualTo(ActivityState.HLT);
        assertThat(woke).isEmpty();
        m.engine().runFor(100_000);
        assertThat(woke).hasSize(1);
        assertThat(woke.get(0)).isBetween(100_000L, 101_000L);
        assertThat(image.executed(0)).containsSubsequence(RESET + 7, 0x2000L, 0x2002L, RESET + 8);
        assertThat(core.activityState()).isEqualTo(ActivityState.HLT); // the second HLT
        assertThat(core.sim().isBlocked()).isTrue();
    }

    @Test
    void hltWithIfClearIsNotWokenByAMaskableInterruptButByAnNmi()
    {
        final Listing image = new Listing()
            .at(RESET,
                c -> c.setInterruptGate(0x40, 0x2000),
                c -> c.setInterruptGate(2, 0x3000),
                Listing::enableApic,
                c -> ipi(c, 0, SELF | 0x40),
                Ring0::hlt,
                Ring0::hlt)
            .at(0x3000, Ring0::iret);
        final X86Machine m = machine(1, image);
        m.engine().runFor(50_000);
        assertThat(m.core(0).activityState()).isEqualTo(ActivityState.HLT);
        assertThat(m.apic(0).requested(0x40)).isTrue();
        m.apic(0).deliver(Delivery.NMI, 0, false); // from an event: the chipset's NMI
        m.engine().runFor(50_000);
        assertThat(image.executed(0)).containsSubsequence(RESET + 4, 0x3000L, RESET + 5);
        assertThat(image.count(0, 0x2000)).isZero();
    }

    @Test
    void nmisAreBlockedUntilIretAndOnlyOneIsHeldPending()
    {
        final Listing image = new Listing()
            .at(RESET,
                c -> c.setInterruptGate(2, 0x3000),
                c -> ipi(c, 0, SELF | NMI),
                c -> c.charge(50_000),
                Ring0::hlt)
            .at(0x3000,
                c -> c.setGpr(1, c.gpr(1) + 1),
                c -> c.jump(c.gpr(1) == 1 ? 0x3002 : 0x3006),
                c -> ipi(c, 0, SELF | NMI), // two more NMIs while the first is handled
                c -> ipi(c, 0, SELF | NMI),
                c -> c.charge(50_000),
                c -> c.setGpr(2, ((Core) c).nmiPending() ? 1 : 0),
                Ring0::iret);
        final X86Machine m = machine(1, image);
        m.engine().runFor(200_000);
        final Core core = m.core(0);
        assertThat(core.gpr(2)).isEqualTo(1);  // held while blocked
        assertThat(core.gpr(1)).isEqualTo(2);  // delivered once after IRET; the third was lost
        assertThat(image.executed(0)).containsSubsequence(0x3006L, 0x3000L); // right after the first IRET
        assertThat(core.nmiBlocked()).isFalse();
        assertThat(core.depth()).isZero();
    }

    @Test
    void movSsBlocksAnNmiForOneInstructionAndStiDoesNot()
    {
        final Listing image = new Listing()
            .at(RESET,
                c -> c.setInterruptGate(2, 0x3000),
                c -> ipi(c, 0, SELF | NMI),
                c -> {
                    c.charge(50_000); // a slow MOV SS: the NMI arrives while it executes
                    c.movSs();
                },
                c -> c.setGpr(0, 1), // in the MOV SS shadow
                c -> c.setGpr(0, 2),
                c -> ipi(c, 0, SELF | NMI),
                c -> {
                    c.charge(50_000);
                    c.sti();
                },
                c -> c.setGpr(0, 3),
                Ring0::hlt)
            .at(0x3000, c -> c.setGpr(1, c.gpr(0)), c -> c.setGpr(2, c.returnIp()), Ring0::iret);
        final X86Machine m = machine(1, image);
        m.engine().runFor(40_000);
        assertThat(m.core(0).nmiPending()).isTrue();
        m.engine().runFor(200_000);
        final List<Long> ran = image.executed(0);
        assertThat(ran).containsSubsequence(RESET + 2, RESET + 3, 0x3000L, 0x3001L, 0x3002L, RESET + 4);
        assertThat(ran).containsSubsequence(RESET + 6, 0x3000L, 0x3001L, 0x3002L, RESET + 7); // STI's shadow: no
        assertThat(m.core(0).gpr(2)).isEqualTo(RESET + 7);
    }

    @Test
    void aRefusedMsrFaultsWithGpAtTheInstructionAndTheHandlerCanSkipIt()
    {
        final Listing image = new Listing()
            .at(RESET,
                c -> c.setInterruptGate(13, 0x2000),
                c -> c.setGpr(0, c.rdmsr(0x1234)),
                c -> c.setGpr(1, c.rdmsr(0x1b)),
                Ring0::hlt)
            .at(0x2000,
                c -> c.setGpr(5, c.vector() << 16 | c.errorCode() << 8 | c.returnIp() - RESET),
                c -> c.setReturnIp(c.returnIp() + 1),
                Ring0::iret);
        final X86Machine m = machine(1, image);
        m.engine().runFor(10_000);
        final Core core = m.core(0);
        assertThat(core.gpr(5)).isEqualTo(13 << 16 | 0 << 8 | 1);
        assertThat(core.gpr(0)).isZero();
        assertThat(core.gpr(1)).isEqualTo(0xfee0_0000L | 1 << 11 | 1 << 8); // IA32_APIC_BASE: EN, BSP
        assertThat(core.activityState()).isEqualTo(ActivityState.HLT);
    }

    @Test
    void aMissingGateRaisesNpThenDfAndAFaultInDfShutsDownUntilInit()
    {
        final Listing image = new Listing()
            .at(RESET, c -> c.setInterruptGate(11, 0x2000), c -> c.intN(0x41), Ring0::hlt)
            .at(0x2000,
                c -> c.setGpr(0, c.vector()),
                c -> c.setGpr(1, c.errorCode()),
                c -> c.clearGate(11),
                c -> c.intN(0x42)); // no gate, while handling: #NP, which has no gate either: #DF, none: shutdown
        final X86Machine m = machine(2, image);
        m.engine().runFor(10_000);
        final Core bsp = m.core(0);
        assertThat(bsp.gpr(0)).isEqualTo(11);
        assertThat(bsp.gpr(1)).isEqualTo(0x41 << 3 | 2); // IDT, not external
        assertThat(bsp.activityState()).isEqualTo(ActivityState.SHUTDOWN);
        m.apic(0).deliver(Delivery.NMI, 0, false);
        m.engine().runFor(10_000);
        assertThat(bsp.activityState()).isEqualTo(ActivityState.SHUTDOWN); // an NMI does not leave it
        m.apic(0).deliver(Delivery.INIT, 0, false);
        m.engine().runFor(10);
        assertThat(image.count(0, RESET)).isEqualTo(2); // the BSP restarts at the reset vector
    }

    @Test
    void anNmiEndsAShutdownOutsideAnNmiHandlerAndAnExceptionsNpIsExternal()
    {
        final Listing image = new Listing()
            .at(RESET, c -> c.setInterruptGate(2, 0x3000), c -> c.fault(13, 0)) // #GP without a gate: #NP
            .at(0x3000, c -> c.setGpr(2, 1), Ring0::hlt);                       // the NMI handler
        final X86Machine m = machine(1, image);
        m.engine().runFor(10_000);
        final Core bsp = m.core(0);
        assertThat(bsp.activityState()).isEqualTo(ActivityState.SHUTDOWN); // #GP, #NP, #DF: none has a gate
        m.apic(0).deliver(Delivery.NMI, 0, false);
        m.engine().runFor(10_000);
        assertThat(bsp.gpr(2)).isEqualTo(1); // SDM 3A 6.15: an NMI ends the shutdown into its handler
        assertThat(bsp.nmiBlocked()).isTrue();
    }

    @Test
    void theNpOfABenignExceptionHasExtSet()
    {
        final Listing image = new Listing()
            .at(RESET, c -> c.setInterruptGate(11, 0x2000), c -> c.fault(6, 0)) // #UD, benign: no gate
            .at(0x2000, c -> c.setGpr(0, c.vector()), c -> c.setGpr(1, c.errorCode()), Ring0::hlt);
        final X86Machine m = machine(1, image);
        m.engine().runFor(10_000);
        assertThat(m.core(0).gpr(0)).isEqualTo(11); // benign then contributory: the #NP itself (table 6-5)
        assertThat(m.core(0).gpr(1)).isEqualTo(6 << 3 | 2 | 1); // IDT and EXT: an earlier exception (6.13)
    }

    @Test
    void aStartupIpiOutsideWaitForSipiIsIgnoredAndAnInterruptWithItIsStillTaken()
    {
        final Listing image = new Listing()
            .at(RESET, c -> c.setInterruptGate(0x40, 0x2000), Listing::enableApic, Ring0::sti, Ring0::hlt)
            .at(0x2000, c -> c.setGpr(0, 1), c -> c.write(EOI, 4, 0), Ring0::iret);
        final X86Machine m = machine(1, image);
        m.engine().runFor(10_000);
        assertThat(m.core(0).activityState()).isEqualTo(ActivityState.HLT);
        // Both latched at once on a halted core: the start-up IPI means nothing here, the interrupt wakes it.
        m.apic(0).deliver(Delivery.STARTUP, 0x08, false);
        m.apic(0).deliver(Delivery.FIXED, 0x40, false);
        m.engine().runFor(10_000);
        assertThat(m.core(0).gpr(0)).isEqualTo(1);
        assertThat(image.count(0, 0x8000)).isZero();
    }

    @Test
    void iretWithoutAnEventFaultsAndAnUnknownInstructionIsUd()
    {
        final Listing image = new Listing()
            .at(RESET, c -> c.setInterruptGate(13, 0x2000), c -> c.setInterruptGate(6, 0x3000), Ring0::iret)
            .at(0x2000, c -> c.setGpr(0, c.returnIp()), c -> c.jump(0x4000))
            .at(0x3000, c -> c.setGpr(1, c.returnIp()), Ring0::hlt);
        final X86Machine m = machine(1, image);
        m.engine().runFor(10_000);
        assertThat(m.core(0).gpr(0)).isEqualTo(RESET + 2);
        assertThat(m.core(0).gpr(1)).isEqualTo(0x4000);
        assertThat(m.core(0).depth()).isEqualTo(2);
    }

    @Test
    void aPitInterruptReachesItsHandlerThroughTheIoApicOnGsi2AndEndsWithEoi()
    {
        final long ioregsel = X86Machine.IOAPIC_BASE;
        final long iowin = X86Machine.IOAPIC_BASE + 0x10;
        final int count = 1_193; // about 1 ms
        final Listing image = new Listing()
            .at(RESET,
                c -> c.setInterruptGate(0x50, 0x2000),
                Listing::enableApic,
                c -> c.write(ioregsel, 4, 0x10 + 2 * 2 + 1),
                c -> c.write(iowin, 4, 0), // destination APIC 0
                c -> c.write(ioregsel, 4, 0x10 + 2 * 2),
                c -> c.write(iowin, 4, 0x50), // fixed, physical, edge, active high, unmasked, vector 0x50
                c -> c.out(0x43, 1, 0x34),  // counter 0, LSB then MSB, mode 2
                c -> c.out(0x40, 1, count & 0xff),
                c -> c.out(0x40, 1, count >>> 8),
                Ring0::sti,
                Ring0::hlt,
                c -> c.jump(RESET + 10))
            .at(0x2000, c -> c.setGpr(1, c.gpr(1) + 1), c -> c.write(EOI, 4, 0), Ring0::iret);
        final X86Machine m = machine(1, image);
        m.engine().runFor(20_000_000); // 10 ms at 2 GHz
        final Core core = m.core(0);
        // The control word raises OUT 0 (mode 2 starts high) on the unmasked pin: one interrupt; then OUT 0
        // rises every 1,193 CLKs from the load, 9 times in the 11,931 CLKs of 1.193182 MHz in 10 ms.
        assertThat(core.gpr(1)).isEqualTo(10);
        assertThat(m.apic(0).inService(0x50)).isFalse();
        assertThat(core.activityState()).isEqualTo(ActivityState.HLT);
        assertThat(core.interruptFlag()).isTrue();
    }

    @Test
    void theRtcsPeriodicInterruptOnGsi8RepeatsOnlyWhileTheHandlerReadsRegisterC()
    {
        assertThat(rtcInterruptsIn10Ms(true)).isEqualTo(10); // 1,024 Hz
        assertThat(rtcInterruptsIn10Ms(false)).isEqualTo(1);  // IRQ8 stays high: no further edge
    }

    private static long rtcInterruptsIn10Ms(final boolean readC)
    {
        final long ioregsel = X86Machine.IOAPIC_BASE;
        final long iowin = X86Machine.IOAPIC_BASE + 0x10;
        final Listing image = new Listing()
            .at(RESET,
                c -> c.setInterruptGate(0x58, 0x2000),
                Listing::enableApic,
                c -> c.write(ioregsel, 4, 0x10 + 2 * 8),
                c -> c.write(iowin, 4, 0x58), // pin 8: fixed, edge, active high, unmasked, vector 0x58, APIC 0
                c -> c.out(0x70, 1, 0x0b),
                c -> c.out(0x71, 1, 0x42),    // register B: PIE, 24-hour, BCD
                Ring0::sti,
                Ring0::hlt,
                c -> c.jump(RESET + 7))
            .at(0x2000,
                c -> c.setGpr(1, c.gpr(1) + 1),
                c -> c.out(0x70, 1, 0x0c),
                c -> c.jump(readC ? 0x2003 : 0x2004),
                c -> c.setGpr(2, c.in(0x71, 1)),
                c -> c.write(EOI, 4, 0),
                Ring0::iret);
        final X86Machine m = machine(1, image);
        m.engine().runFor(20_000_000);
        return m.core(0).gpr(1);
    }

    @Test
    void anIpiFromAnotherCpuWithoutLatencyIsTakenNoEarlierThanItWasSent()
    {
        final Listing image = new Listing()
            .at(RESET,
                c -> ipi(c, 1, STARTUP | 0x01),
                c -> c.charge(30_000), // the AP runs ahead of the BSP's clock meanwhile
                c -> c.setGpr(0, c.rdtsc()),
                c -> ipi(c, 1, 0x40),
                Ring0::hlt)
            .at(0x1000, c -> c.setInterruptGate(0x40, 0x2000), Listing::enableApic, Ring0::sti,
                c -> c.charge(100), c -> c.jump(0x1003))
            .at(0x2000, c -> c.setGpr(0, c.rdtsc()), Ring0::hlt);
        final X86Machine m = X86Machine.builder().cpus(2).costs(new Costs(150, 250, 0)).bare(image).build();
        m.engine().runFor(100_000);
        final long sent = m.core(0).gpr(0);
        final long taken = m.core(1).gpr(0);
        assertThat(sent).isGreaterThan(30_000);
        assertThat(taken).isBetween(sent, sent + 1_000);
    }

    @Test
    void inX2apicModeIpisAndEoiGoThroughMsrsAndANonZeroEoiIsGp()
    {
        final Listing image = new Listing()
            .at(RESET,
                c -> c.setInterruptGate(0x60, 0x2000),
                c -> c.setInterruptGate(13, 0x3000),
                c -> c.wrmsr(0x1b, c.rdmsr(0x1b) | 1 << 10), // IA32_APIC_BASE.EXTD
                c -> c.wrmsr(0x80f, 0x1ff),                // SVR
                c -> c.wrmsr(0x83f, 0x60),                 // SELF IPI
                Ring0::sti,
                Ring0::hlt,
                Ring0::hlt)
            .at(0x2000,
                c -> c.setGpr(1, c.rdmsr(0x802)),          // the x2APIC ID
                c -> c.wrmsr(0x80b, 1),                    // #GP: EOI takes only 0
                c -> c.wrmsr(0x80b, 0),
                Ring0::iret)
            .at(0x3000, c -> c.setGpr(2, c.returnIp()), c -> c.setReturnIp(c.returnIp() + 1), Ring0::iret);
        final X86Machine m = machine(1, image);
        m.engine().runFor(100_000);
        final Core core = m.core(0);
        assertThat(m.apic(0).x2apic()).isTrue();
        assertThat(core.gpr(2)).isEqualTo(0x2001);
        assertThat(m.apic(0).inService(0x60)).isFalse();
        assertThat(image.count(0, 0x2002)).isEqualTo(1);
        assertThat(core.activityState()).isEqualTo(ActivityState.HLT);
        assertThat(image.executed(0)).endsWith(RESET + 7); // the second HLT: the interrupt ended after the first
    }

    @Test
    void theExampleInTheDocumentationRuns()
    {
        final Ring0Program image = cpu -> {
            switch ((int) cpu.ip())
            {
                case 0xffff_fff0 -> cpu.jump(0x1000);                  // the reset vector
                case 0x1000 -> cpu.setInterruptGate(0x30, 0x2000);
                case 0x1001 -> cpu.write(0xfee0_00f0L, 4, 0x1ff);      // SVR: APIC on
                case 0x1002 -> cpu.write(0xfee0_0320L, 4, 0x30);       // LVT timer: vector 0x30, one-shot
                case 0x1003 -> cpu.write(0xfee0_0380L, 4, 100_000);    // initial count
                case 0x1004 -> cpu.sti();
                case 0x1005 -> cpu.hlt();                              // the timer wakes it
                case 0x2000 -> cpu.write(0xfee0_00b0L, 4, 0);          // EOI
                case 0x2001 -> cpu.iret();
                default -> cpu.hlt();
            }
        };
        final X86Machine m = X86Machine.builder().bare(image).build();
        m.engine().runFor(1_000_000);
        assertThat(m.core(0).ip()).isEqualTo(0x1007);
        assertThat(m.core(0).instructions()).isEqualTo(10);
    }

    @Test
    void aMachineWithNovaHasNoBareCoresAndTheBuilderNamesWhatIsMissing()
    {
        final X86Machine nova = X86Machine.builder().build();
        assertThatThrownBy(() -> nova.core(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("NOVA");
        assertThat(nova.kernel()).isNotNull();
        assertThatThrownBy(() -> X86Machine.builder().bare(null)).hasMessageContaining("image");
        assertThatThrownBy(() -> X86Machine.builder().bare(c -> { }, null)).hasMessageContaining("costs");
        assertThatThrownBy(() -> new CoreCosts(0, 0, 0, 0, 0, 0, 0)).hasMessageContaining("instruction");
    }

    @Test
    void accessesChargeTheirCosts()
    {
        final CoreCosts costs = new CoreCosts(1, 10, 100, 1_000, 10_000, 100_000, 7);
        final Listing image = new Listing()
            .at(RESET, c -> c.read(0x1000, 8), c -> c.read(Listing.ID, 4), c -> c.in(0x80, 1), c -> c.rdtsc(),
                Ring0::pause, Ring0::hlt);
        final X86Machine m = X86Machine.builder().bare(image, costs).build();
        m.engine().runFor(1_000_000);
        // Six instructions, a RAM read, an APIC register read, an IN and a PAUSE; RDTSC costs only its step.
        assertThat(m.core(0).sim().time()).isEqualTo(6 + 10 + 100 + 1_000 + 7);
        assertThat(m.core(0).instructions()).isEqualTo(6);
    }
}
