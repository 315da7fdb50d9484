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

    private final Engine engine = Engine.builder().build();
    private final ApicBus bus = new ApicBus();
    private final Core core = new Core();
    private final List<Integer> eois = new ArrayList<>();
    private final LocalApic apic = new LocalApic(3, true, engine, bus, core);

    private void softwareEnable()
    {
        apic.write(0xf0, LocalApic.SVR_ENABLE | 0xff);
    }

    @Test
    void resetValuesAreArchitectural()
    {
        assertThat(apic.read(0x20)).isEqualTo(3 << 24);
        assertThat(apic.read(0x30)).isEqualTo(LocalApic.VERSION);
        assertThat(apic.read(0x80)).isZero();
        assertThat(apic.read(0xe0)).isEqualTo(-1);
        assertThat(apic.read(0xf0)).isEqualTo(0xff);
        for (final int lvt : new int[] {0x2f0, 0x320, 0x330, 0x340, 0x350, 0x360, 0x370})
        {
            assertThat(apic.read(lvt)).as("LVT %x", lvt).isEqualTo(LocalApic.LVT_MASKED);
        }
        final long[] out = new long[1];
        assertThat(apic.readMsr(ApicRegister.MSR_APIC_BASE, out)).isTrue();
        assertThat(out[0]).isEqualTo(LocalApic.DEFAULT_BASE | LocalApic.BASE_ENABLE | LocalApic.BASE_BSP);
        assertThat(ApicRegister.SELF_IPI.msr()).isEqualTo(0x83f);
        assertThat(ApicRegister.DFR.msr()).isEqualTo(-1);
    }

    @Test
    void priorityClassesDecideWhatIsDelivered()
    {
        softwareEnable();
        bus.onEoi(eois::add);
        apic.deliver(Delivery.FIXED, 0x31, false);
        apic.deliver(Delivery.FIXED, 0x51, true);
        apic.deliver(Delivery.FIXED, 0x41, false);
        assertThat(apic.pending()).isTrue();
        assertThat(apic.read(0x220)).isEqualTo(1 << 0x1 | 1 << 0x11); // IRR bits 64-95: 0x41 and 0x51
        assertThat(apic.read(0x210)).isEqualTo(1 << 0x11); // 0x31
        assertThat(apic.acknowledge()).isEqualTo(0x51);
        assertThat(apic.read(0xa0)).isEqualTo(0x50);
        assertThat(apic.acknowledge()).isEqualTo(0xff); // 0x41's class is not above 5: spurious
        apic.write(0xb0, 0);
        assertThat(eois).containsExactly(0x51); // level: broadcast
        apic.write(0x80, 0x40);
        assertThat(apic.read(0xa0)).isEqualTo(0x40);
        assertThat(apic.pending()).isFalse();
        apic.write(0x80, 0x3f);
        assertThat(apic.acknowledge()).isEqualTo(0x41);
        assertThat(apic.read(0x100 + 0x20)).isEqualTo(1 << 1); // ISR bit 0x41
        apic.write(0xb0, 0);
        assertThat(eois).containsExactly(0x51); // edge: none
        // Directed EOI: the broadcast is suppressed.
        apic.write(0xf0, LocalApic.SVR_ENABLE | LocalApic.SVR_SUPPRESS_EOI_BROADCAST | 0xff);
        apic.write(0x80, 0);
        apic.deliver(Delivery.FIXED, 0x61, true);
        assertThat(apic.acknowledge()).isEqualTo(0x61);
        apic.write(0xb0, 0);
        assertThat(eois).containsExactly(0x51);
    }

    @Test
    void illegalVectorsAndRegistersAreErrorsLatchedByAWrite()
    {
        softwareEnable();
        apic.write(0x370, 0xe0); // LVT error unmasked, vector 0xe0
        apic.deliver(Delivery.FIXED, 7, false);
        assertThat(apic.read(0x280)).isZero(); // not latched yet
        assertThat(apic.requested(0xe0)).isTrue();
        apic.write(0x280, 0);
        assertThat(apic.read(0x280)).isEqualTo(LocalApic.ESR_RECEIVE_ILLEGAL);
        assertThat(apic.read(0x3a0)).isZero(); // reserved
        apic.write(0x280, 0);
        assertThat(apic.read(0x280)).isEqualTo(LocalApic.ESR_ILLEGAL_REGISTER);
        apic.write(0x300, 0x0000_4005); // a fixed IPI with vector 5: an illegal send
        apic.write(0x280, 0);
        assertThat(apic.read(0x280)).isEqualTo(LocalApic.ESR_SEND_ILLEGAL);
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
        apic.write(0x320, 0x40); // masks stay set while software disabled
        assertThat(apic.read(0x320)).isEqualTo(LocalApic.LVT_MASKED | 0x40);
    }

    @Test
    void oneShotAndPeriodicTimersCountTheDividedClock()
    {
        softwareEnable();
        apic.write(0x3e0, 0x1); // divide by 4
        apic.write(0x320, 0x50); // one-shot, vector 0x50
        apic.write(0x380, 100);
        engine.runUntil(200);
        assertThat(apic.read(0x390)).isEqualTo(50);
        engine.runUntil(400);
        assertThat(apic.requested(0x50)).isTrue();
        assertThat(apic.read(0x390)).isZero();
        apic.acknowledge();
        apic.write(0xb0, 0);
        apic.write(0x3e0, 0xb); // divide by 1
        apic.write(0x320, LocalApic.TIMER_PERIODIC | 0x51);
        apic.write(0x380, 1000);
        int fired = 0;
        for (long t = 1000; t <= 5500; t += 500)
        {
            engine.runUntil(400 + t);
            if (apic.requested(0x51))
            {
                fired++;
                apic.acknowledge();
                apic.write(0xb0, 0);
            }
        }
        assertThat(fired).isEqualTo(5);
        assertThat(apic.read(0x390)).isBetween(1, 1000);
        // A new divide mid-period: the count goes on from where it is, at the new rate, and nothing throws.
        final int before = apic.read(0x390);
        apic.write(0x3e0, 0xa); // divide by 128
        assertThat(apic.read(0x390)).isEqualTo(before);
        engine.runUntil(engine.now() + 128L * before + 10);
        assertThat(apic.requested(0x51)).isTrue();
        // INIT keeps the APIC ID.
        apic.write(0x20, 9 << 24);
        apic.initReset();
        assertThat(apic.read(0x20)).isEqualTo(9 << 24);
        assertThat(apic.read(0x320)).isEqualTo(LocalApic.LVT_MASKED);
    }

    @Test
    void theTscDeadlineTimerFiresAtItsDeadlineAndThenReadsZero()
    {
        softwareEnable();
        apic.write(0x320, LocalApic.TIMER_TSC_DEADLINE | 0x52);
        apic.write(0x380, 5); // ignored in TSC-deadline mode
        assertThat(apic.read(0x380)).isZero();
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
        // A deadline in the past fires at once; a mode change disarms.
        apic.acknowledge();
        apic.write(0xb0, 0);
        apic.writeMsr(ApicRegister.MSR_TSC_DEADLINE, 5);
        engine.runUntil(10_001);
        assertThat(apic.requested(0x52)).isTrue();
        apic.writeMsr(ApicRegister.MSR_TSC_DEADLINE, 20_000);
        apic.write(0x320, 0x52);
        engine.runUntil(30_000);
        apic.readMsr(ApicRegister.MSR_TSC_DEADLINE, out);
        assertThat(out[0]).isZero();
    }

    @Test
    void x2apicModeFollowsItsStateMachineAndMsrRules()
    {
        final long base = LocalApic.DEFAULT_BASE | LocalApic.BASE_BSP;
        assertThat(apic.writeMsr(ApicRegister.MSR_APIC_BASE, base | LocalApic.BASE_EXTD)).isFalse(); // EN=0, EXTD=1
        assertThat(apic.writeMsr(ApicRegister.MSR_APIC_BASE, base | LocalApic.BASE_ENABLE | LocalApic.BASE_EXTD))
            .isTrue();
        assertThat(apic.x2apic()).isTrue();
        assertThat(apic.read(0x20)).isEqualTo(-1); // no MMIO in x2APIC mode
        final long[] out = new long[1];
        assertThat(apic.readMsr(0x802, out)).isTrue();
        assertThat(out[0]).isEqualTo(3);
        assertThat(apic.writeMsr(0x802, 9)).isFalse(); // the x2APIC ID is read-only
        assertThat(apic.readMsr(0x80d, out)).isTrue();
        assertThat(out[0]).isEqualTo(1 << 3); // cluster 0, bit 3
        assertThat(apic.readMsr(0x80e, out)).isFalse(); // no DFR
        assertThat(apic.writeMsr(0x80b, 1)).isFalse(); // non-zero EOI
        assertThat(apic.writeMsr(0x808, 1L << 32)).isFalse(); // reserved upper half
        assertThat(apic.writeMsr(0x80f, LocalApic.SVR_ENABLE | 0xff)).isTrue();
        assertThat(apic.writeMsr(0x83f, 0x77)).isTrue(); // SELF IPI
        assertThat(apic.requested(0x77)).isTrue();
        assertThat(apic.writeMsr(ApicRegister.MSR_APIC_BASE, base | LocalApic.BASE_ENABLE)).isFalse(); // to xAPIC
        assertThat(apic.writeMsr(ApicRegister.MSR_APIC_BASE, base)).isTrue(); // disable: state resets
        assertThat(apic.requested(0x77)).isFalse();
        assertThat(apic.writeMsr(ApicRegister.MSR_APIC_BASE, base | LocalApic.BASE_ENABLE | LocalApic.BASE_EXTD))
            .isFalse(); // disabled to x2APIC directly
        assertThat(apic.writeMsr(ApicRegister.MSR_APIC_BASE, base | LocalApic.BASE_ENABLE)).isTrue();
        assertThat(apic.read(0x20)).isEqualTo(3 << 24);
        assertThat(apic.writeMsr(ApicRegister.MSR_APIC_BASE, base | 1)).isFalse(); // reserved bit
    }
}
