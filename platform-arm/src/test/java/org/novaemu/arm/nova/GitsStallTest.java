// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.novaemu.arm.ArmMachine;
import org.novaemu.arm.gic.Intid;
import org.novaemu.arm.gic.its.ItsCommand;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Script;

/**
 * A GITS command that stalls the queue (A142): the test unmaps the device behind the driver's back, so the MOVI
 * of a re-attach stalls; assign_int is BAD_DEV, the semaphore stays routed to its CPU, the stalled command is
 * replaced by SYNC and the queue runs the next command.
 */
class GitsStallTest
{
    private static final long SM = 10;
    private static final long DC = 11;
    private static final int DID = 0x100;
    private static final int LPI = Intid.LPI + 7;

    @Test
    void aStalledMoviIsBadDevChangesNothingAndTheQueueRecovers()
    {
        final ArmMachine m = ArmMachine.builder().cpus(2).build();
        final GicInterrupts gic = m.interrupts();
        final List<String> failed = new ArrayList<>();
        final int[] routed = new int[1];
        m.kernel().start(Script.calls(List.of(
            u -> Calls.createDc(u, DC, Kernel.ROOT_PD, (long) DID << 32 | DID, 0, ArmMachine.GITS_BASE),
            u -> Calls.createInterruptSm(u, SM, Kernel.ROOT_PD, LPI),
            u -> Calls.assignInt(u, SM, DC, true, 1, 2, 0),
            u -> {
                assertThat(gic.gits(0).command(ItsCommand.Mapd.unmap(DID))).isTrue();
                Calls.assignInt(u, SM, DC, true, 0, 2, 0);
            },
            u -> {
                routed[0] = u.cpu();
                Calls.down(u, SM, true, 1); // a down on CPU 0 of an LPI still routed to CPU 1
            }), failed));
        m.engine().runUntil(50_000);
        // The script records each call's status other than SUCCESS (calls counted from 0).
        assertThat(failed).hasSizeGreaterThan(1).first().isEqualTo("call 3 BAD_DEV");
        assertThat(failed.get(1)).as("the down is refused on CPU 0: the route stayed on CPU 1").endsWith("BAD_CPU");
        assertThat(gic.itsFailures()).isEqualTo(1);
        assertThat(m.its().commandErrors()).isEqualTo(1);
        assertThat(gic.gits(0).stalls()).isEqualTo(1);
        assertThat(routed[0]).isZero();
        assertThat(gic.gits(0).command(ItsCommand.Mapd.map(DID, ArmMachine.RAM_BASE + 0x10_0000, 4)))
            .as("the queue runs again").isTrue();
        assertThat(m.its().commandErrors()).isEqualTo(1);
    }
}
