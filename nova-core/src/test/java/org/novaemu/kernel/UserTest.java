// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.novaemu.sim.Engine;

/** What user code can tell of the EC it runs in without knowing where it was started. */
class UserTest
{
    private static final long SM = 40;
    private static final long PARKED = 9;

    /** The code every EC runs: note who it is, then wait for good. */
    private static int same(final User u, final List<String> seen)
    {
        seen.add(u.ecSerial() + "@" + Long.toHexString(u.utcbAddress()));
        Calls.down(u, SM, false, 0);
        u.setIp(PARKED);
        return Program.HYPERCALL;
    }

    @Test
    void ecsOfOnePdRunningOneProgramTellThemselvesApart()
    {
        final Engine engine = Engine.builder().build();
        final Kernel kernel = new Kernel(TestPlatform.x86().platform(), engine, Costs.X86_64);
        final List<String> seen = new ArrayList<>();
        kernel.start(Script.labels(u -> {
            switch ((int) u.ip())
            {
                case 0:
                    Calls.createSm(u, SM, Kernel.ROOT_PD, 0);
                    u.setIp(1);
                    return Program.HYPERCALL;
                case 1:
                    for (int i = 1; i <= 2; i++)
                    {
                        final Ec ec = kernel.newEc(kernel.root(), 0, true, 0, 0, Kernel.ROOT_IMAGE_SIZE + 0x1000L * i);
                        ec.setIp(RootImage.ENTRY + 2);
                        kernel.cpuKernel(0).makeReady(kernel.newSc(ec, 0, 1, 1, 0));
                    }
                    u.setIp(2); // the root EC and both new ones run the same code from here on
                    return same(u, seen);
                case 2:
                    return same(u, seen);
                default:
                    throw new AssertionError("the semaphore is never up'ed");
            }
        }));
        engine.runUntil(1_000_000);
        final long utcb1 = Kernel.ROOT_IMAGE_SIZE + 0x1000L;
        assertThat(seen).containsExactly("1@" + Long.toHexString(kernel.rootEc().utcbAddress()),
            "2@" + Long.toHexString(utcb1), "3@" + Long.toHexString(utcb1 + 0x1000));
        assertThat(kernel.rootEc().ecSerial()).isEqualTo(1);
    }
}
