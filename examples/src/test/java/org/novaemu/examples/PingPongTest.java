// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.arm.ArmMachine;
import org.novaemu.kernel.Costs;
import org.novaemu.kernel.Status;
import org.novaemu.x86.X86Machine;

/** The architecture-neutral root task, the same code on x86 and on Arm. */
class PingPongTest
{
    @Test
    void everyCallIsAnsweredAndTheDownTimesOutAtItsDeadline()
    {
        final PingPong.Result r = PingPong.run(X86Machine.builder().cpus(2).build(), 100, 50);
        assertThat(r.failure()).isNull();
        assertThat(r.rounds()).isEqualTo(100);
        assertThat(r.wrongReplies()).isZero();
        // A round trip is two hypercalls and two switches at least (the cost table's figures).
        final Costs c = Costs.X86_64;
        assertThat(r.roundTripCycles()).isGreaterThanOrEqualTo(2 * c.hypercall());
        assertThat(r.timeout()).isEqualTo(Status.TIMEOUT);
        assertThat(r.timeoutLateCycles()).isBetween(0L, 10_000L); // woken by the timer, after the deadline
    }

    @Test
    void onArmEveryCallIsAnsweredAndTheDownTimesOutThroughTheEl2PhysicalTimer()
    {
        final ArmMachine m = ArmMachine.builder().cpus(2).build();
        final PingPong.Result r = PingPong.run(m, 100, 50);
        assertThat(r.failure()).isNull();
        assertThat(r.rounds()).isEqualTo(100);
        assertThat(r.wrongReplies()).isZero();
        assertThat(r.roundTripCycles()).isGreaterThanOrEqualTo(2 * Costs.AARCH64.hypercall());
        assertThat(r.timeout()).isEqualTo(Status.TIMEOUT);
        assertThat(r.timeoutLateCycles()).isBetween(0L, 10_000L);
        assertThat(m.interrupts().ppis(26)).as("the deadline came through the GIC").isEqualTo(1);
    }

    @Test
    void theSameMachineGivesTheSameFigures()
    {
        assertThat(PingPong.run(X86Machine.builder().build(), 50, 20))
            .isEqualTo(PingPong.run(X86Machine.builder().build(), 50, 20));
        assertThat(PingPong.run(ArmMachine.builder().build(), 50, 20))
            .isEqualTo(PingPong.run(ArmMachine.builder().build(), 50, 20));
    }
}
