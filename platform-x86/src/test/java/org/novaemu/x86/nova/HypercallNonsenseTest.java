// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Hypercall;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Status;
import org.novaemu.x86.X86Machine;

/**
 * A root task that makes nonsense hypercalls on x86: seeded random numbers, flags, selectors near the ones
 * in use and random parameter registers. Every call returns a NOVA status in the first register and
 * nothing throws out of the kernel or the platform. Calls that may block (ipc_call, ipc_reply, a down)
 * are left out, because the root EC runs them directly.
 */
class HypercallNonsenseTest
{
    private static final Hypercall[] BLOCKING = {Hypercall.IPC_CALL, Hypercall.IPC_REPLY};

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void everyNonsenseCallGetsAStatus(final long seed)
    {
        final X86Machine m = X86Machine.builder().cpus(4).gsis(128).build();
        final Kernel kernel = m.kernel();
        final Ec root = kernel.rootEc();
        final SplittableRandom r = new SplittableRandom(seed);
        final Hypercall[] all = Hypercall.values();
        final Map<Status, Integer> seen = new EnumMap<>(Status.class);
        for (int i = 0; i < 20_000; i++)
        {
            final Hypercall h = all[r.nextInt(all.length)];
            if (h == BLOCKING[0] || h == BLOCKING[1])
            {
                continue;
            }
            int flags = r.nextInt(16);
            if (h == Hypercall.CTRL_SM)
            {
                flags &= ~1; // never a down
            }
            if (h == Hypercall.CTRL_HW && flags == 0)
            {
                flags = 1; // never a sleep state or reset, which need not return (CtrlHwTest)
            }
            final long sel = r.nextInt(8) == 0 ? r.nextLong() >>> 8 : r.nextInt(64);
            root.setParam(0, h.encode(flags, sel));
            for (int p = 1; p < 5; p++)
            {
                root.setParam(p, randomParameter(r));
            }
            final Status s = kernel.hypercall(root);
            assertThat(s).as("call %d: %s", i, h).isNotNull();
            assertThat(root.param(0)).isEqualTo(s.code());
            seen.merge(s, 1, Integer::sum);
        }
        // The nonsense reached the checks behind the first ones, and some of it was even right.
        assertThat(seen.keySet()).contains(Status.SUCCESS, Status.BAD_CAP, Status.BAD_PAR, Status.BAD_CPU);
        m.engine().runFor(1_000_000);
    }

    /** Small numbers, selectors near 0, addresses and all-ones values, as a confused program writes them. */
    private static long randomParameter(final SplittableRandom r)
    {
        switch (r.nextInt(5))
        {
            case 0:
                return r.nextInt(64);
            case 1:
                return r.nextLong();
            case 2:
                return -1L;
            case 3:
                return (long) r.nextInt(1 << 20) << 12; // a page address
            default:
                return Kernel.ROOT_PD - r.nextInt(8);
        }
    }
}
