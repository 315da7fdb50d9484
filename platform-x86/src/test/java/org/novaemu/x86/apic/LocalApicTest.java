// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.novaemu.sim.Engine;

/** The local APIC's registers, priorities, EOI, errors and timer, in xAPIC and x2APIC mode. */
class LocalApicTest
{
    /** A core that records what its APIC signals. */
    static final class Core implements CpuPins
    {
        final List<String> events = new ArrayList<>();
        int pendingSignals;

        @Override
        public void interruptPending()
        {
            pendingSignals++;
        }

        @Override
        public void nmi()
        {
            events.add("nmi");
        }

        @Override
        public void smi()
        {
            events.add("smi");
        }

        @Override
        public void init()
        {
            events.add("init");
        }

        @Override
        public void startup(final int vector)
        {
            events.add("sipi " + Integer.toHexString(vector));
        }

        @Override
        public void extInt()
        {
            events.add("extint");
        }
    }

    /** A slot table 11-1 leaves reserved, between the current count and the divide configuration. */
    private static final int RESERVED = 0x3a0;

    private final Engine engine = Engine.builder().build();
    private final ApicBus bus = new ApicBus();
    private final Core core = new Core();
    private final List<Integer> eois = new ArrayList<>();
    private final LocalApic apic = new LocalApic(3, true, engine, bus, core);

    private int read(final ApicRegister r)
    {
        return apic.read(r.offset());
    }

    private void write(final ApicRegister r, final int value)
    {
        apic.write(r.offset(), value);
    }

    /** @return the MSR the register's slot has in the x2APIC range, whether or not the register exists there */
    private static int msrOf(final ApicRegister r)
    {
        return ApicRegister.MSR_X2APIC + (r.offset() >>> 4);
    }

    private void softwareEnable()
    {
        write(ApicRegister.SVR, LocalApic.SVR_ENABLE | 0xff);
    }

    private void eoi()
    {
        write(ApicRegister.EOI, 0);
    }

    /** Requests 0x31 (edge), 0x51 (level) and 0x41 (edge). */
    private void threeRequests()
    {
        softwareEnable();
        bus.onEoi(eois::add);
        apic.deliver(Delivery.FIXED, 0x31, false);
        apic.deliver(Delivery.FIXED, 0x51, true);
        apic.deliver(Delivery.FIXED, 0x41, false);
    }

    @Test
    void aCoreConnectedLaterSeesAnInterruptAlreadyPending()
    {
        softwareEnable();
        apic.deliver(Delivery.FIXED, 0x41, false);
        final Core later = new Core();
        apic.connect(later);
        assertThat(later.pendingSignals).isEqualTo(1); // INTR is a level: the new core sees it at once
        assertThat(apic.acknowledge()).isEqualTo(0x41);
    }

    @Test
    void resetValuesAreArchitectural()
    {
        assertThat(read(ApicRegister.ID)).isEqualTo(3 << 24);
        assertThat(read(ApicRegister.VERSION)).isEqualTo(LocalApic.VERSION);
        assertThat(read(ApicRegister.TPR)).isZero();
        assertThat(read(ApicRegister.DFR)).isEqualTo(-1);
        assertThat(read(ApicRegister.SVR)).isEqualTo(0xff);
        for (final Lvt lvt : Lvt.values())
        {
            assertThat(read(lvt.register())).as("LVT %s", lvt).isEqualTo(LocalApic.LVT_MASKED);
        }
        final long[] out = new long[1];
        assertThat(apic.readMsr(ApicRegister.MSR_APIC_BASE, out)).isTrue();
        assertThat(out[0]).isEqualTo(LocalApic.DEFAULT_BASE | LocalApic.BASE_ENABLE | LocalApic.BASE_BSP);
        assertThat(ApicRegister.SELF_IPI.msr()).isEqualTo(0x83f);
        assertThat(ApicRegister.DFR.msr()).isEqualTo(-1);
    }

    @Test
    void requestsAreHeldInTheIrrWordOfTheirVector()
    {
        threeRequests();
        assertThat(apic.pending()).isTrue();
        // IRR bits 64-95 (its third register) hold 0x41 and 0x51, bits 32-63 0x31.
        assertThat(apic.read(ApicRegister.IRR.offset() + 0x20)).isEqualTo(1 << 0x1 | 1 << 0x11);
        assertThat(apic.read(ApicRegister.IRR.offset() + 0x10)).isEqualTo(1 << 0x11);
    }

    @Test
    void acknowledgeTakesTheHighestClassAboveTheProcessorPriority()
    {
        threeRequests();
        assertThat(apic.acknowledge()).isEqualTo(0x51);
        assertThat(read(ApicRegister.PPR)).isEqualTo(0x50);
        assertThat(apic.acknowledge()).isEqualTo(0xff); // 0x41's class is not above 5: spurious
    }

    @Test
    void theTaskPriorityHoldsBackClassesUpToItsOwn()
    {
        threeRequests();
        apic.acknowledge(); // 0x51
        eoi();
        write(ApicRegister.TPR, 0x40);
        assertThat(read(ApicRegister.PPR)).isEqualTo(0x40);
        assertThat(apic.pending()).isFalse();
        write(ApicRegister.TPR, 0x3f);
        assertThat(apic.acknowledge()).isEqualTo(0x41);
        assertThat(apic.read(ApicRegister.ISR.offset() + 0x20)).isEqualTo(1 << 1); // ISR bit 0x41
    }

    @Test
    void theEoiOfALevelVectorIsBroadcastAndThatOfAnEdgeOneIsNot()
    {
        threeRequests();
        assertThat(apic.acknowledge()).isEqualTo(0x51);
        eoi();
        assertThat(eois).containsExactly(0x51); // level: broadcast
        write(ApicRegister.TPR, 0x3f);
        assertThat(apic.acknowledge()).isEqualTo(0x41);
        eoi();
        assertThat(eois).containsExactly(0x51); // edge: none
    }

    @Test
    void directedEoiSuppressesTheBroadcast()
    {
        bus.onEoi(eois::add);
        write(ApicRegister.SVR, LocalApic.SVR_ENABLE | LocalApic.SVR_SUPPRESS_EOI_BROADCAST | 0xff);
        apic.deliver(Delivery.FIXED, 0x61, true);
        assertThat(apic.acknowledge()).isEqualTo(0x61);
        eoi();
        assertThat(eois).isEmpty();
    }

    @Test
    void anIllegalReceivedVectorRaisesTheErrorInterruptAndIsLatchedByAnEsrWrite()
    {
        softwareEnable();
        write(ApicRegister.LVT_ERROR, 0xe0); // unmasked, vector 0xe0
        apic.deliver(Delivery.FIXED, 7, false);
        assertThat(read(ApicRegister.ESR)).isZero(); // not latched yet
        assertThat(apic.requested(0xe0)).isTrue();
        write(ApicRegister.ESR, 0);
        assertThat(read(ApicRegister.ESR)).isEqualTo(LocalApic.ESR_RECEIVE_ILLEGAL);
    }

    @Test
    void aReservedRegisterReadsZeroAndIsAnIllegalRegisterError()
    {
        softwareEnable();
        assertThat(apic.read(RESERVED)).isZero();
        write(ApicRegister.ESR, 0);
        assertThat(read(ApicRegister.ESR)).isEqualTo(LocalApic.ESR_ILLEGAL_REGISTER);
    }

    @Test
    void aFixedIpiBelowVector16IsAnIllegalSend()
    {
        softwareEnable();
        write(ApicRegister.ICR, 0x0000_4005); // fixed, asserted, vector 5
        write(ApicRegister.ESR, 0);
        assertThat(read(ApicRegister.ESR)).isEqualTo(LocalApic.ESR_SEND_ILLEGAL);
    }

    @Test
    void aSoftwareDisabledApicTakesOnlyNmiSmiInitAndStartup()
    {
        apic.deliver(Delivery.FIXED, 0x40, false);
        assertThat(apic.requested(0x40)).isFalse();
        apic.deliver(Delivery.NMI, 0, false);
        apic.deliver(Delivery.INIT, 0, false);
        apic.deliver(Delivery.STARTUP, 0x9a, false);
        assertThat(core.events).containsExactly("nmi", "init", "sipi 9a");
        write(ApicRegister.LVT_TIMER, 0x40); // masks stay set while software disabled
        assertThat(read(ApicRegister.LVT_TIMER)).isEqualTo(LocalApic.LVT_MASKED | 0x40);
    }

    @Test
    void aOneShotTimerCountsTheDividedClockDownOnce()
    {
        softwareEnable();
        write(ApicRegister.TIMER_DIVIDE, 0x1); // divide by 4
        write(ApicRegister.LVT_TIMER, 0x50); // one-shot, vector 0x50
        write(ApicRegister.TIMER_INITIAL, 100);
        engine.runUntil(200);
        assertThat(read(ApicRegister.TIMER_CURRENT)).isEqualTo(50);
        engine.runUntil(400);
        assertThat(apic.requested(0x50)).isTrue();
        assertThat(read(ApicRegister.TIMER_CURRENT)).isZero();
    }

    /** Starts a periodic timer of 1,000 cycles, vector 0x51, and runs it for 5,500 cycles, taking each interrupt. */
    private int periodicForFiveAndAHalfPeriods()
    {
        softwareEnable();
        write(ApicRegister.TIMER_DIVIDE, 0xb); // divide by 1
        write(ApicRegister.LVT_TIMER, LocalApic.TIMER_PERIODIC | 0x51);
        write(ApicRegister.TIMER_INITIAL, 1000);
        int fired = 0;
        for (long t = 1000; t <= 5500; t += 500)
        {
            engine.runUntil(t);
            if (apic.requested(0x51))
            {
                fired++;
                apic.acknowledge();
                eoi();
            }
        }
        return fired;
    }

    @Test
    void aPeriodicTimerFiresEveryPeriod()
    {
        assertThat(periodicForFiveAndAHalfPeriods()).isEqualTo(5);
        assertThat(read(ApicRegister.TIMER_CURRENT)).isBetween(1, 1000);
    }

    @Test
    void aNewDivideMidPeriodContinuesTheCountAtTheNewRate()
    {
        periodicForFiveAndAHalfPeriods();
        final int before = read(ApicRegister.TIMER_CURRENT);
        write(ApicRegister.TIMER_DIVIDE, 0xa); // divide by 128
        assertThat(read(ApicRegister.TIMER_CURRENT)).isEqualTo(before);
        engine.runUntil(engine.now() + 128L * before + 10);
        assertThat(apic.requested(0x51)).isTrue();
    }

    @Test
    void initKeepsTheApicIdAndMasksTheLvt()
    {
        softwareEnable();
        write(ApicRegister.LVT_TIMER, 0x50);
        write(ApicRegister.ID, 9 << 24);
        apic.initReset();
        assertThat(read(ApicRegister.ID)).isEqualTo(9 << 24);
        assertThat(read(ApicRegister.LVT_TIMER)).isEqualTo(LocalApic.LVT_MASKED);
    }

    @Test
    void theTscDeadlineTimerFiresAtItsDeadlineAndThenReadsZero()
    {
        softwareEnable();
        write(ApicRegister.LVT_TIMER, LocalApic.TIMER_TSC_DEADLINE | 0x52);
        write(ApicRegister.TIMER_INITIAL, 5); // ignored in TSC-deadline mode
        assertThat(read(ApicRegister.TIMER_INITIAL)).isZero();
        assertThat(apic.writeMsr(ApicRegister.MSR_TSC_DEADLINE, 10_000)).isTrue();
        final long[] out = new long[1];
        apic.readMsr(ApicRegister.MSR_TSC_DEADLINE, out);
        assertThat(out[0]).isEqualTo(10_000);
        engine.runUntil(9_999);
        assertThat(apic.requested(0x52)).isFalse();
        engine.runUntil(10_000);
        assertThat(apic.requested(0x52)).isTrue();
        apic.readMsr(ApicRegister.MSR_TSC_DEADLINE, out);
        assertThat(out[0]).isZero();
    }

    @Test
    void aDeadlineInThePastFiresAtOnce()
    {
        softwareEnable();
        write(ApicRegister.LVT_TIMER, LocalApic.TIMER_TSC_DEADLINE | 0x52);
        engine.runUntil(10_000);
        apic.writeMsr(ApicRegister.MSR_TSC_DEADLINE, 5);
        engine.runUntil(10_001);
        assertThat(apic.requested(0x52)).isTrue();
    }

    @Test
    void aTimerModeChangeDisarmsTheDeadline()
    {
        softwareEnable();
        write(ApicRegister.LVT_TIMER, LocalApic.TIMER_TSC_DEADLINE | 0x52);
        apic.writeMsr(ApicRegister.MSR_TSC_DEADLINE, 20_000);
        write(ApicRegister.LVT_TIMER, 0x52);
        engine.runUntil(30_000);
        final long[] out = new long[1];
        apic.readMsr(ApicRegister.MSR_TSC_DEADLINE, out);
        assertThat(out[0]).isZero();
        assertThat(apic.requested(0x52)).isFalse();
    }

    @Test
    void switchingBetweenOneShotAndPeriodicKeepsTheTimerCounting()
    {
        softwareEnable();
        write(ApicRegister.TIMER_DIVIDE, 0xb); // divide by 1
        write(ApicRegister.LVT_TIMER, 0x53);   // one-shot
        write(ApicRegister.TIMER_INITIAL, 1_000);
        engine.runUntil(engine.now() + 400);
        write(ApicRegister.LVT_TIMER, LocalApic.TIMER_PERIODIC | 0x53);
        assertThat(read(ApicRegister.TIMER_INITIAL)).isEqualTo(1_000); // an LVT write has no power over TMICT
        assertThat(read(ApicRegister.TIMER_CURRENT)).isBetween(590, 600);
        engine.runUntil(engine.now() + 600);
        assertThat(apic.requested(0x53)).isTrue(); // it fired where the count ran out
    }

    @Test
    void theApicBaseFollowsTheModeStateMachine()
    {
        final long base = LocalApic.DEFAULT_BASE | LocalApic.BASE_BSP;
        assertThat(apic.writeMsr(ApicRegister.MSR_APIC_BASE, base | LocalApic.BASE_EXTD)).isFalse(); // EN=0, EXTD=1
        assertThat(apic.writeMsr(ApicRegister.MSR_APIC_BASE, base | LocalApic.BASE_ENABLE | LocalApic.BASE_EXTD))
            .isTrue();
        assertThat(apic.x2apic()).isTrue();
        assertThat(read(ApicRegister.ID)).isEqualTo(-1); // no MMIO in x2APIC mode
        assertThat(apic.writeMsr(ApicRegister.SVR.msr(), LocalApic.SVR_ENABLE | 0xff)).isTrue();
        assertThat(apic.writeMsr(ApicRegister.SELF_IPI.msr(), 0x77)).isTrue();
        assertThat(apic.writeMsr(ApicRegister.MSR_APIC_BASE, base | LocalApic.BASE_ENABLE)).isFalse(); // to xAPIC
        assertThat(apic.writeMsr(ApicRegister.MSR_APIC_BASE, base)).isTrue(); // disable: state resets
        assertThat(apic.requested(0x77)).isFalse();
        assertThat(apic.writeMsr(ApicRegister.MSR_APIC_BASE, base | LocalApic.BASE_ENABLE | LocalApic.BASE_EXTD))
            .isFalse(); // disabled to x2APIC directly
        assertThat(apic.writeMsr(ApicRegister.MSR_APIC_BASE, base | LocalApic.BASE_ENABLE)).isTrue();
        assertThat(read(ApicRegister.ID)).isEqualTo(3 << 24);
        assertThat(apic.writeMsr(ApicRegister.MSR_APIC_BASE, base | 1)).isFalse(); // reserved bit
    }

    @Test
    void x2apicMsrsFollowTheirAccessRules()
    {
        final long base = LocalApic.DEFAULT_BASE | LocalApic.BASE_BSP;
        assertThat(apic.writeMsr(ApicRegister.MSR_APIC_BASE, base | LocalApic.BASE_ENABLE | LocalApic.BASE_EXTD))
            .isTrue();
        final long[] out = new long[1];
        assertThat(apic.readMsr(ApicRegister.ID.msr(), out)).isTrue();
        assertThat(out[0]).isEqualTo(3);
        assertThat(apic.writeMsr(ApicRegister.ID.msr(), 9)).isFalse(); // the x2APIC ID is read-only
        assertThat(apic.readMsr(ApicRegister.LDR.msr(), out)).isTrue();
        assertThat(out[0]).isEqualTo(1 << 3); // cluster 0, bit 3
        assertThat(apic.readMsr(msrOf(ApicRegister.DFR), out)).isFalse(); // no DFR
        assertThat(apic.writeMsr(ApicRegister.EOI.msr(), 1)).isFalse(); // non-zero EOI
        assertThat(apic.writeMsr(ApicRegister.TPR.msr(), 1L << 32)).isFalse(); // reserved upper half
        assertThat(apic.writeMsr(ApicRegister.SVR.msr(), LocalApic.SVR_ENABLE | 0xff)).isTrue();
        assertThat(apic.writeMsr(ApicRegister.SELF_IPI.msr(), 0x77)).isTrue();
        assertThat(apic.requested(0x77)).isTrue();
    }
}
