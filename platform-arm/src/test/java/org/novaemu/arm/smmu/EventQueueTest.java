// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.novaemu.arm.ArmTrace;
import org.novaemu.bus.RequesterId;
import org.novaemu.trace.TraceRecord;

/** The event queue: record format, the interrupt, overflow, and what happens when it cannot be written. */
class EventQueueTest
{
    private static final int SID = 5;
    private static final long OVFLG = 1L << 31;

    private final SmmuHarness h = new SmmuHarness();

    @BeforeEach
    void program()
    {
        h.ste(SID, SmmuHarness.stage2());
        h.enableLinear();
    }

    /** A read of an unmapped IPA: one F_TRANSLATION. */
    private void fault(final long ipa)
    {
        h.smmu.translate(RequesterId.arm(SID, 0), ipa, 4, false);
    }

    /** Traced (T21): the StreamID, the input address and the event type, with 0x100 for a write. */
    @Test
    void aFaultIsTracedWithItsStreamAddressAndEventType()
    {
        h.engine.trace().setEnabled(true);
        h.smmu.translate(RequesterId.arm(SID, 0x77), 0x1234_5678L, 4, true);
        assertThat(h.engine.trace().records()).filteredOn(x -> x.kind() == ArmTrace.SMMU_FAULT).singleElement()
            .extracting(TraceRecord::a, TraceRecord::b, TraceRecord::c)
            .containsExactly((long) SID, 0x1234_5678L, 0x100L | Event.F_TRANSLATION);
    }

    @Test
    void aRecordHoldsTheEventTheStreamTheAccessAndTheAddresses()
    {
        h.smmu.translate(RequesterId.arm(SID, 0x77), 0x1234_5678L, 4, true);
        final long at = SmmuHarness.EVENTQ;
        assertThat(h.mem.read64(at)).isEqualTo((long) SID << 32 | Event.F_TRANSLATION);
        assertThat(h.mem.read64(at + 8)).isEqualTo(1L << 39 | 2L << 40);            // S2, CLASS IN, a write
        assertThat(h.mem.read64(at + 16)).isEqualTo(0x1234_5678L);
        assertThat(h.mem.read64(at + 24)).isEqualTo(0x1234_5000L);                   // IPA[55:12]
        assertThat(h.read(SmmuRegister.EVENTQ_PROD)).isEqualTo(1);
    }

    @Test
    void theInterruptTriggersWhenTheQueueGoesFromEmptyToNonEmpty()
    {
        h.write(SmmuRegister.IRQ_CTRL, SmmuRegister.IRQ_CTRL_GERROR_IRQEN);
        h.write(SmmuRegister.EVENTQ_IRQ_CFG0, SmmuHarness.DOORBELL + 4);
        h.write(SmmuRegister.EVENTQ_IRQ_CFG1, 0xe1);
        h.write(SmmuRegister.IRQ_CTRL, SmmuRegister.IRQ_CTRL_GERROR_IRQEN | SmmuRegister.IRQ_CTRL_EVENTQ_IRQEN);
        fault(0x1000);
        fault(0x2000);
        assertThat(h.eventIrq.count).isEqualTo(1);
        assertThat(h.doorbell.count()).isEqualTo(1);
        assertThat(h.doorbell.value(0)).isEqualTo(0xe1);
        assertThat(h.doorbell.requester(0)).isEqualTo(SmmuHarness.OWN);
        h.nextEvent();
        fault(0x3000);
        assertThat(h.eventIrq.count).isEqualTo(1);                                    // not empty in between
        h.nextEvent();
        h.nextEvent();
        fault(0x4000);
        assertThat(h.eventIrq.count).isEqualTo(2);
        h.write(SmmuRegister.IRQ_CTRL, 0);
        h.nextEvent();
        fault(0x5000);
        assertThat(h.eventIrq.count).isEqualTo(2);                                    // disabled
    }

    @Test
    void aFullQueueLosesEventsAndTogglesOvflgOncePerAcknowledgedOverflow()
    {
        for (int i = 0; i < 10; i++)
        {
            fault(0x1000L * (i + 1));
        }
        assertThat(h.smmu.eventsRecorded()).isEqualTo(8);
        assertThat(h.smmu.eventsLost()).isEqualTo(2);
        final long prod = h.read(SmmuRegister.EVENTQ_PROD);
        assertThat(prod).isEqualTo(OVFLG | 8);                                       // full: wrap bit set, index 0
        for (int i = 0; i < 8; i++)
        {
            assertThat(h.nextEvent().inputAddress()).isEqualTo(0x1000L * (i + 1));  // the first eight
        }
        // Without acknowledging, a second overflow cannot be signalled.
        for (int i = 0; i < 9; i++)
        {
            fault(0x1000);
        }
        assertThat(h.read(SmmuRegister.EVENTQ_PROD) & OVFLG).isEqualTo(OVFLG);
        for (int i = 0; i < 8; i++)
        {
            h.nextEvent();
        }
        h.write(SmmuRegister.EVENTQ_CONS, h.read(SmmuRegister.EVENTQ_CONS) | OVFLG);  // acknowledged
        for (int i = 0; i < 9; i++)
        {
            fault(0x1000);
        }
        assertThat(h.read(SmmuRegister.EVENTQ_PROD) & OVFLG).isZero();               // toggled back
    }

    @Test
    void aDisabledQueueLosesEventsWithoutOverflow()
    {
        h.write(SmmuRegister.CR0, SmmuRegister.CR0_SMMUEN | SmmuRegister.CR0_CMDQEN);
        fault(0x1000);
        assertThat(h.read(SmmuRegister.EVENTQ_PROD)).isZero();
        assertThat(h.smmu.eventsLost()).isEqualTo(1);
    }

    @Test
    void aRecordWriteOutsideRamIsEventqAbtErrAndStopsDeliveryUntilAcknowledged()
    {
        h.write(SmmuRegister.CR0, SmmuRegister.CR0_SMMUEN | SmmuRegister.CR0_CMDQEN);
        h.write(SmmuRegister.EVENTQ_BASE, 0x2000_0000L | 3);
        h.write(SmmuRegister.CR0, SmmuRegister.CR0_SMMUEN | SmmuRegister.CR0_CMDQEN | SmmuRegister.CR0_EVENTQEN);
        fault(0x1000);
        final long active = h.read(SmmuRegister.GERROR) ^ h.read(SmmuRegister.GERRORN);
        assertThat(active).isEqualTo(SmmuRegister.GERROR_EVENTQ_ABT_ERR);
        assertThat(h.read(SmmuRegister.EVENTQ_PROD)).isZero();                       // a synchronous abort
        assertThat(h.gerrorIrq.count).isEqualTo(1);
        h.write(SmmuRegister.CR0, SmmuRegister.CR0_SMMUEN | SmmuRegister.CR0_CMDQEN);
        h.write(SmmuRegister.EVENTQ_BASE, SmmuHarness.EVENTQ | 3);
        h.write(SmmuRegister.CR0, SmmuRegister.CR0_SMMUEN | SmmuRegister.CR0_CMDQEN | SmmuRegister.CR0_EVENTQEN);
        fault(0x2000);
        assertThat(h.read(SmmuRegister.EVENTQ_PROD)).isZero();                       // still unwritable
        h.write(SmmuRegister.GERRORN, h.read(SmmuRegister.GERROR));
        fault(0x3000);
        assertThat(h.nextEvent().inputAddress()).isEqualTo(0x3000);
    }

    @Test
    void inconsistentIndexesAreTreatedAsAFullQueue()
    {
        h.write(SmmuRegister.EVENTQ_CONS, 5);                                         // 8 entries: 11 apart
        fault(0x1000);
        assertThat(h.read(SmmuRegister.EVENTQ_PROD)).isEqualTo(OVFLG);
        assertThat(h.smmu.eventsLost()).isEqualTo(1);
    }
}
