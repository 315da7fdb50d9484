// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Costs;
import org.novaemu.kernel.Hypercall;
import org.novaemu.testkit.Arch;
import org.novaemu.testkit.Call;
import org.novaemu.testkit.NovaMachine;
import org.novaemu.testkit.Portal;
import org.novaemu.testkit.TestBed;

/** Issue 14, story 3 with the test kit: an IPC ping-pong, and what a round trip costs. */
class IpcRoundTripExampleTest
{
    @Test
    @NovaMachine(arch = Arch.X86, cpus = 1)
    void aRoundTripCostsTwoHypercallsAndTheHandlersWorkEveryTime(final TestBed bed)
    {
        final Portal pong = bed.root().portal(0, u -> u.charge(50)); // the handler works 50 cycles, then replies
        final List<Call> pings = new ArrayList<>();
        for (int i = 0; i < 10; i++)
        {
            pings.add(bed.root().call("ping " + i, u -> Calls.call(u, pong.selector(), false, 0)));
        }
        bed.root().run(1_000_000);
        final long roundTrip = pings.get(9).cycles();
        // ipc_call and ipc_reply each enter the kernel and switch to the other EC; the handler works 50 cycles
        final Costs c = Costs.X86_64;
        assertThat(roundTrip).isEqualTo(2 * (c.hypercall() + c.contextSwitch()) + 50);
        assertThat(pings.subList(1, 10)).allSatisfy(p -> assertThat(p.cycles()).isEqualTo(roundTrip));
        assertThat(bed.interceptor().hypercalls(Hypercall.IPC_REPLY)).hasSize(10);
    }
}
