// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.novaemu.arm.gic.Intid;
import org.novaemu.arm.gic.its.Its;
import org.novaemu.arm.nova.ArchState;
import org.novaemu.bus.RequesterId;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.Status;
import org.novaemu.kernel.Sys.AssignInt;

/**
 * A function's MSI through NOVA's GITS driver on the Arm machine (A140-A144): the root creates a DC naming the
 * function's DeviceID and the machine's ITS, attaches an LPI's semaphore to CPU 1 with an EventID, and the MSI
 * the call returns wakes a driver thread on CPU 1; attached again to CPU 0 (MOVI), guest-owned, it wakes the root
 * there; detached (DISCARD) the MSI reaches nothing.
 */
class ArmMsiDriverTest
{
    private static final long PARK = 10;
    private static final long SM = 11;
    private static final long HANDLER = 12;
    private static final long DRIVER = 13;
    private static final long SC = 14;
    private static final long DC = 15;
    private static final long IDLE = 17;
    private static final long EVT = 0x100;
    private static final long STARTUP = EVT + 64;
    private static final int LPI = Intid.LPI + 5;
    private static final int EVENT = 3;

    private final List<String> failed = new ArrayList<>();
    private final List<String> wakes = new ArrayList<>();
    private final long[] msi = new long[2];

    private void expect(final Status s, final Status got, final String what)
    {
        if (s != got)
        {
            failed.add(what + ": " + got);
        }
    }

    @Test
    void anLpiAttachedThroughTheGitsWakesItsCpusDriverMovesWithReattachAndStopsOnDetach()
    {
        final ArmMachine m = ArmMachine.builder().cpus(2).build();
        final long requester = m.rootComplex(0).requester(0x100);
        final long did = RequesterId.deviceId(requester);
        final long dtd0 = did << 32 | 0x100;
        final Its its = m.its();
        m.kernel().start(Script.calls(List.of(
            u -> Calls.createDc(u, DC, Kernel.ROOT_PD, dtd0, 0, ArmMachine.GITS_BASE),
            u -> Calls.createInterruptSm(u, SM, Kernel.ROOT_PD, LPI),
            u -> Calls.assignInt(u, SM, DC, true, 1, EVENT, 0),
            u -> {
                expect(Status.SUCCESS, Calls.status(u), "attach");
                msi[0] = u.param(1);
                msi[1] = u.param(2);
                Calls.createSm(u, PARK, Kernel.ROOT_PD, 0);
            },
            u -> Calls.createSm(u, IDLE, Kernel.ROOT_PD, 0),
            u -> Calls.createEc(u, HANDLER, Kernel.ROOT_PD, false, 0x1000, 0, 1, 0),
            u -> Calls.createPt(u, STARTUP, Kernel.ROOT_PD, HANDLER, Script.ip(500)),
            u -> Calls.ctrlPt(u, STARTUP, 0x51, ArchState.EL2_ELR_SPSR),
            u -> Calls.createEc(u, DRIVER, Kernel.ROOT_PD, true, 0x2000, EVT, 1, 0),
            u -> Calls.createSc(u, SC, Kernel.ROOT_PD, DRIVER, 5, 50, 0),
            u -> Calls.down(u, PARK, false, 0),
            u -> Calls.assignInt(u, SM, DC, true, 0, EVENT, AssignInt.CFG_G), // G: valid on Arm (A210)
            u -> {
                expect(Status.SUCCESS, Calls.status(u), "move");
                Calls.down(u, SM, false, 0);
            },
            u -> {
                wakes.add("root on " + u.cpu());
                Calls.assignInt(u, SM, 0, false, 0, EVENT, 0);
            },
            u -> {
                expect(Status.SUCCESS, Calls.status(u), "detach");
                Calls.down(u, IDLE, false, 0);
            }), failed)
            .at(500, u -> {
                u.setUtcb(ArchState.ELR_WORD, Script.ip(700));
                Calls.reply(u, ArchState.EL2_ELR_SPSR);
                return Script.hypercall(u, 501);
            })
            .at(700, u -> {
                Calls.down(u, SM, false, 0);
                return Script.hypercall(u, 701);
            })
            .at(701, u -> {
                wakes.add("driver on " + u.cpu());
                Calls.up(u, PARK);
                return Script.hypercall(u, 702);
            })
            .at(702, u -> {
                Calls.down(u, IDLE, false, 0);
                return Script.hypercall(u, 703);
            }));
        m.engine().runUntil(50_000);
        // assign_int's refusals (no DC, no such GITS, EventID 512, M) are examples' AssignIntStatusTest, with the kit.
        assertThat(failed).isEmpty();
        assertThat(msi[0]).as("GITS_TRANSLATER").isEqualTo(ArmMachine.GITS_BASE + 0x1_0040);
        assertThat(msi[1]).as("the EventID").isEqualTo(EVENT);
        m.engine().post(100_000, arg -> m.bus().signalMessage(requester, msi[0], (int) msi[1]), 0);
        m.engine().runUntil(200_000);
        assertThat(wakes).containsExactly("driver on 1");
        m.engine().post(300_000, arg -> m.bus().signalMessage(requester, msi[0], (int) msi[1]), 0);
        m.engine().runUntil(400_000);
        assertThat(wakes).containsExactly("driver on 1", "root on 0");
        final long translated = its.translated();
        m.engine().post(500_000, arg -> m.bus().signalMessage(requester, msi[0], (int) msi[1]), 0);
        m.engine().runUntil(600_000);
        assertThat(its.translated()).as("discarded: the MSI reaches nothing").isEqualTo(translated);
        assertThat(wakes).hasSize(2);
        assertThat(m.interrupts().itsFailures()).isZero();
        assertThat(failed).isEmpty();
    }
}
