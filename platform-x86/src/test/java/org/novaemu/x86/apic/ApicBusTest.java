// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.novaemu.sim.Engine;

/** IPIs and messages between eight local APICs: destinations, shorthands, lowest priority, INIT/SIPI. */
class ApicBusTest
{
    private final Engine engine = Engine.builder().build();
    private final ApicBus bus = new ApicBus();
    private final LocalApicTest.Core[] cores = new LocalApicTest.Core[8];
    private final LocalApic[] apics = new LocalApic[8];

    @BeforeEach
    void build()
    {
        for (int i = 0; i < 8; i++)
        {
            cores[i] = new LocalApicTest.Core();
            apics[i] = new LocalApic(i, i == 0, engine, bus, cores[i]);
            apics[i].write(ApicRegister.SVR.offset(), LocalApic.SVR_ENABLE | 0xff);
        }
    }

    /** An xAPIC IPI: the ICR's high half, then its low half, which sends. */
    private void ipi(final int from, final int icrHigh, final int icrLow)
    {
        apics[from].write(ApicRegister.ICR_HIGH.offset(), icrHigh);
        apics[from].write(ApicRegister.ICR.offset(), icrLow);
    }

    private int requested(final int vector)
    {
        int mask = 0;
        for (int i = 0; i < 8; i++)
        {
            mask |= apics[i].requested(vector) ? 1 << i : 0;
        }
        return mask;
    }

    @Test
    void aPhysicalDestinationReachesTheApicWithThatIdOrNobody()
    {
        ipi(0, 5 << 24, 0x40);
        assertThat(requested(0x40)).isEqualTo(1 << 5);
        ipi(0, 9 << 24, 0x44); // nobody has ID 9
        assertThat(requested(0x44)).isZero();
    }

    @Test
    void theBroadcastIdAndTheShorthandsReachTheirGroups()
    {
        ipi(0, 0xff << 24, 0x41);
        assertThat(requested(0x41)).isEqualTo(0xff);
        ipi(2, 0, Icr.SELF << 18 | 0x42);
        assertThat(requested(0x42)).isEqualTo(1 << 2);
        ipi(2, 0, Icr.ALL_EXCLUDING_SELF << 18 | 0x43);
        assertThat(requested(0x43)).isEqualTo(0xff & ~(1 << 2));
    }

    @Test
    void aGuestChangedXapicIdIsTheDestinationFromThenOn()
    {
        apics[6].write(ApicRegister.ID.offset(), 0x30 << 24);
        ipi(0, 0x30 << 24, 0x45);
        assertThat(requested(0x45)).isEqualTo(1 << 6);
    }

    @Test
    void ipisArriveAfterTheLatencyInTheOrderSent()
    {
        apics[0].setIpiLatency(1_000);
        engine.runUntil(100);
        ipi(0, 3 << 24, 0x50);
        engine.runUntil(600);
        ipi(0, 4 << 24, 0x51);
        assertThat(requested(0x50)).isZero(); // on its way
        engine.runUntil(1_099);
        assertThat(requested(0x50)).isZero();
        engine.runUntil(1_100);
        assertThat(requested(0x50)).isEqualTo(1 << 3);
        assertThat(requested(0x51)).isZero();
        engine.runUntil(1_600);
        assertThat(requested(0x51)).isEqualTo(1 << 4);
    }

    @Test
    void manyIpisInFlightKeepTheirOrderWhenTheLatencyDrops()
    {
        apics[0].setIpiLatency(1_000);
        // Forty in flight (more than the queue's first size): all arrive on time, none overtakes another.
        for (int i = 0; i < 40; i++)
        {
            ipi(0, 7 << 24, 0x60 + i);
        }
        assertThat(requested(0x60 + 39)).isZero();
        apics[0].setIpiLatency(0); // what is on its way stays in order; the next waits behind it
        ipi(0, 7 << 24, 0x90);
        assertThat(requested(0x90)).isZero();
        engine.runUntil(999);
        assertThat(requested(0x60)).isZero();
        engine.runUntil(1_000);
        for (int i = 0; i < 40; i++)
        {
            assertThat(requested(0x60 + i)).as("IPI %d", i).isEqualTo(1 << 7);
        }
        assertThat(requested(0x90)).isEqualTo(1 << 7);
    }

    @Test
    void anIllegalVectorIsRefusedAtTheSenderLatencyOrNot()
    {
        for (final long latency : new long[] {0, 1_000})
        {
            apics[0].setIpiLatency(latency);
            ipi(0, 7 << 24, 0x05);
            // Latched only on the next ESR write.
            assertThat(apics[0].read(ApicRegister.ESR.offset()) & LocalApic.ESR_SEND_ILLEGAL).isZero();
            apics[0].write(ApicRegister.ESR.offset(), 0);
            assertThat(apics[0].read(ApicRegister.ESR.offset()) & LocalApic.ESR_SEND_ILLEGAL).as("latency %d", latency)
                .isNotZero();
            apics[0].write(ApicRegister.ESR.offset(), 0);
        }
    }

    private void flat()
    {
        for (int i = 0; i < 8; i++)
        {
            apics[i].write(ApicRegister.LDR.offset(), 1 << 24 + i); // flat: one bit each
        }
    }

    @Test
    void aFlatLogicalDestinationReachesEveryApicWithACommonBit()
    {
        flat();
        ipi(0, 0b1010_0110 << 24, 1 << 11 | 0x50);
        assertThat(requested(0x50)).isEqualTo(0b1010_0110);
    }

    @Test
    void lowestPriorityPicksTheMatchingApicWithTheLowestTaskPriority()
    {
        flat();
        // Lowest priority among 1, 2 and 5: the one with the lowest TPR.
        apics[1].write(ApicRegister.TPR.offset(), 0x30);
        apics[2].write(ApicRegister.TPR.offset(), 0x20);
        apics[5].write(ApicRegister.TPR.offset(), 0x40);
        ipi(0, 0b0010_0110 << 24, 1 << 11 | Delivery.LOWEST << 8 | 0x51);
        assertThat(requested(0x51)).isEqualTo(1 << 2);
    }

    @Test
    void aClusterDestinationNamesTheClusterAndItsMembersAndAllOnesIsEverybody()
    {
        // Cluster model: clusters 2 and 3, members by the low nibble.
        for (int i = 0; i < 8; i++)
        {
            apics[i].write(ApicRegister.DFR.offset(), 0x0fff_ffff);
            apics[i].write(ApicRegister.LDR.offset(), (i < 4 ? 0x20 : 0x30 | 0) + (1 << (i & 3)) << 24);
        }
        ipi(0, 0x25 << 24, 1 << 11 | 0x52);
        assertThat(requested(0x52)).isEqualTo(0b0101);
        ipi(0, 0x3f << 24, 1 << 11 | 0x53);
        assertThat(requested(0x53)).isEqualTo(0xf0);
        ipi(0, 0xff << 24, 1 << 11 | 0x54); // logical all ones: everybody
        assertThat(requested(0x54)).isEqualTo(0xff);
    }

    @Test
    void x2apicClustersAndNmiReachTheirTargetsOnce()
    {
        for (int i = 0; i < 8; i++)
        {
            final long base = LocalApic.DEFAULT_BASE | LocalApic.BASE_ENABLE | (i == 0 ? LocalApic.BASE_BSP : 0);
            assertThat(apics[i].writeMsr(ApicRegister.MSR_APIC_BASE, base | LocalApic.BASE_EXTD)).isTrue();
        }
        final int icr = ApicRegister.ICR.msr();
        assertThat(apics[0].writeMsr(icr, (long) (0 << 16 | 0b1001_0000) << 32 | 1 << 11 | 0x60)).isTrue();
        assertThat(requested(0x60)).isEqualTo(0b1001_0000);
        assertThat(apics[0].writeMsr(icr, 7L << 32 | Delivery.NMI << 8)).isTrue(); // physical NMI to x2APIC ID 7
        assertThat(cores[7].events).containsExactly("nmi");
        assertThat(apics[0].writeMsr(icr, -1L << 32 | Delivery.NMI << 8)).isTrue(); // broadcast NMI: once each
        assertThat(cores[7].events).containsExactly("nmi", "nmi");
        assertThat(cores[3].events).containsExactly("nmi");
    }

    @Test
    void initAndStartupIpisWakeAProcessorAndLevelDeassertDoesNothing()
    {
        ipi(0, 3 << 24, Delivery.INIT << 8 | 1 << 14);     // INIT, assert
        ipi(0, 3 << 24, Delivery.INIT << 8 | 1 << 15);     // INIT level de-assert: ignored
        ipi(0, 3 << 24, Delivery.STARTUP << 8 | 0x9a);     // start-up at 0x9a000
        ipi(0, 3 << 24, Delivery.STARTUP << 8 | 0x9a);
        assertThat(cores[3].events).containsExactly("init", "sipi 9a", "sipi 9a");
        bus.message(4, false, Delivery.FIXED, 0x70, false, false); // an MSI to APIC 4
        assertThat(requested(0x70)).isEqualTo(1 << 4);
        assertThat(bus.messages()).isEqualTo(4);
    }

    private void allX2apic()
    {
        for (int i = 0; i < 8; i++)
        {
            final long base = LocalApic.DEFAULT_BASE | LocalApic.BASE_ENABLE | (i == 0 ? LocalApic.BASE_BSP : 0);
            assertThat(apics[i].writeMsr(ApicRegister.MSR_APIC_BASE, base | LocalApic.BASE_EXTD)).isTrue();
        }
    }

    @Test
    void everyApicWithTheDestinationsIdAcceptsAPhysicalIpi()
    {
        apics[6].write(ApicRegister.ID.offset(), 5 << 24); // 5 and 6 now share xAPIC ID 5
        ipi(0, 5 << 24, 0x46);
        assertThat(requested(0x46)).isEqualTo(1 << 5 | 1 << 6);
        apics[5].write(ApicRegister.TPR.offset(), 0x40);
        ipi(0, 5 << 24, Delivery.LOWEST << 8 | 0x47);      // lowest priority: one of them, the lower TPR
        assertThat(requested(0x47)).isEqualTo(1 << 6);
        apics[6].write(ApicRegister.ID.offset(), 6 << 24); // apart again
        ipi(0, 5 << 24, 0x48);
        assertThat(requested(0x48)).isEqualTo(1 << 5);
    }

    @Test
    void anEightBitLogicalMessageReachesX2apicModeApicsInClusterZero()
    {
        allX2apic();
        // An I/O APIC entry or MSI without remapping: an 8-bit logical destination names x2APIC IDs 0 to 7.
        bus.message(0b1000_0110, true, Delivery.FIXED, 0x61, true, false);
        assertThat(requested(0x61)).isEqualTo(0b1000_0110);
        bus.message(0b0011_0000, true, Delivery.LOWEST, 0x62, false, false);
        assertThat(Integer.bitCount(requested(0x62))).isEqualTo(1);
        assertThat(requested(0x62) & 0b0011_0000).isNotZero();
        bus.message(3, false, Delivery.FIXED, 0x63, false, false); // physical: x2APIC ID 3
        assertThat(requested(0x63)).isEqualTo(1 << 3);
    }

    @Test
    void theXapicIcrShowsSendPendingWhileItsIpiIsOnItsWay()
    {
        final int pending = (int) Icr.DELIVERY_STATUS.mask();
        apics[0].setIpiLatency(1_000);
        ipi(0, 3 << 24, 0x50);
        assertThat(apics[0].read(ApicRegister.ICR.offset()) & pending).isEqualTo(pending);
        engine.runUntil(999);
        assertThat(apics[0].read(ApicRegister.ICR.offset()) & pending).isEqualTo(pending);
        engine.runUntil(1_000);
        assertThat(apics[0].read(ApicRegister.ICR.offset()) & pending).isZero();
        assertThat(apics[0].read(ApicRegister.ICR.offset()) & 0xff).isEqualTo(0x50);
        assertThat(requested(0x50)).isEqualTo(1 << 3);
        apics[0].write(ApicRegister.ICR.offset(), pending | 0x51); // the bit is read-only: this sends 0x51
        assertThat(requested(0x51)).isZero();
        engine.runUntil(2_000);
        assertThat(requested(0x51)).isEqualTo(1 << 3);
    }

    @Test
    void theX2apicIcrHasNoDeliveryStatus()
    {
        allX2apic();
        apics[0].setIpiLatency(1_000);
        assertThat(apics[0].writeMsr(ApicRegister.ICR.msr(), 3L << 32 | 0x50)).isTrue();
        final long[] out = new long[1];
        assertThat(apics[0].readMsr(ApicRegister.ICR.msr(), out)).isTrue();
        assertThat(out[0]).isEqualTo(3L << 32 | 0x50);
        engine.runUntil(1_000);
        assertThat(requested(0x50)).isEqualTo(1 << 3);
    }
}
