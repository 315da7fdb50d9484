// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Hypercall;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Status;
import org.novaemu.x86.X86Machine;
import org.novaemu.x86.rdt.RdtCaps;

/**
 * Quality of service on CPUs with RDT (specification 8.3 and 5.5.1, NOVA's {@code Cos}): the per-CPU QOS
 * configuration, the capacity bitmasks and MBA delays it unlocks, and the classes of service create_sc
 * accepts before and after it.
 */
class QosTest
{
    private final X86Machine m = X86Machine.builder().cpus(2).rdt(RdtCaps.SERVER).build();
    private final Kernel k = m.kernel();
    private final Ec root = k.rootEc();

    private Status ctrlHw(final Ec ec, final int op, final long desc)
    {
        ec.setParam(0, Hypercall.CTRL_HW.encode(op, desc));
        return k.hypercall(ec);
    }

    private Status createSc(final long sel, final int cos)
    {
        Calls.createSc(root, sel, Kernel.ROOT_PD, 30, 1, 1, cos);
        return k.hypercall(root);
    }

    @Test
    void theConfigurationUnlocksTheClassesAndTheirRegisters()
    {
        Calls.createEc(root, 30, Kernel.ROOT_PD, true, 0x3000_0000L, 0, 0, 0);
        assertThat(k.hypercall(root)).isEqualTo(Status.SUCCESS);
        assertThat(createSc(40, 1)).isEqualTo(Status.BAD_PAR);            // COS 0 only before it
        assertThat(ctrlHw(root, 5, 3 | 7L << 16)).isEqualTo(Status.ABORTED);
        assertThat(ctrlHw(root, 4, 2)).isEqualTo(Status.BAD_PAR);         // L2 CDP: not on this part
        assertThat(ctrlHw(root, 4, 1)).isEqualTo(Status.SUCCESS);         // L3 CDP on, locked
        assertThat(m.rdt(0).l3Cdp()).isTrue();
        assertThat(ctrlHw(root, 4, 0)).isEqualTo(Status.ABORTED);
        // COS_NUM: the most of L3 16 >> 1, L2 8 and MBA 16.
        assertThat(createSc(40, 15)).isEqualTo(Status.SUCCESS);
        assertThat(createSc(41, 16)).isEqualTo(Status.BAD_PAR);
        // L3 masks: contiguous, non-empty, within 11 bits, for registers below 16 (COS << 1 and + 1 with CDP).
        assertThat(m.rdt(0).l3Mask(3)).isEqualTo(0x7ff);                  // all ones at reset
        assertThat(ctrlHw(root, 5, 3 | 0x0f0L << 16)).isEqualTo(Status.SUCCESS);
        assertThat(m.rdt(0).l3Mask(3)).isEqualTo(0x0f0);
        assertThat(ctrlHw(root, 5, 3 | 0x505L << 16)).isEqualTo(Status.BAD_PAR); // not contiguous
        assertThat(ctrlHw(root, 5, 3 | 0x800L << 16)).isEqualTo(Status.BAD_PAR); // beyond 11 bits
        assertThat(ctrlHw(root, 5, 3)).isEqualTo(Status.BAD_PAR);               // empty
        assertThat(ctrlHw(root, 5, 16 | 1L << 16)).isEqualTo(Status.BAD_PAR);   // no register 16
        assertThat(m.rdt(0).l3Mask(3)).isEqualTo(0x0f0);                         // refused writes change nothing
        assertThat(ctrlHw(root, 6, 7 | 0x3L << 16)).isEqualTo(Status.SUCCESS);
        assertThat(ctrlHw(root, 6, 8 | 0x3L << 16)).isEqualTo(Status.BAD_PAR);   // 8 L2 registers
        assertThat(ctrlHw(root, 7, 2 | 90L << 16)).isEqualTo(Status.SUCCESS);
        assertThat(m.rdt(0).mbaDelay(2)).isEqualTo(90);
        assertThat(ctrlHw(root, 7, 2 | 91L << 16)).isEqualTo(Status.BAD_PAR);   // above the maximum
    }

    @Test
    void pqrAssocFollowsTheClassOfTheScTheCpuRunsAndIsZeroWhenItIdles()
    {
        assertThat(ctrlHw(root, 4, 0)).isEqualTo(Status.SUCCESS);
        // A second SC for the root EC, of class 5 and the root SC's priority: the two take turns.
        Calls.createSc(root, 40, Kernel.ROOT_PD, Kernel.ROOT_EC, 1, 127, 5);
        assertThat(k.hypercall(root)).isEqualTo(Status.SUCCESS);
        Calls.createSm(root, 41, Kernel.ROOT_PD, 0);
        assertThat(k.hypercall(root)).isEqualTo(Status.SUCCESS);
        final java.util.Set<Integer> seen = new java.util.TreeSet<>();
        final int[] steps = {0};
        k.start(u -> {
            seen.add(m.rdt(0).cos()); // what IA32_PQR_ASSOC holds while this SC runs
            if (++steps[0] < 100)
            {
                u.charge(100_000);
                return org.novaemu.kernel.Program.PREEMPT;
            }
            Calls.down(u, 41, false, 0); // the EC blocks, both its SCs with it: the CPU idles
            return org.novaemu.kernel.Program.HYPERCALL;
        });
        m.engine().runFor(5_000_000);
        assertThat(seen).contains(5);
        m.engine().runFor(20_000_000);
        assertThat(seen).containsExactly(0, 5);
        assertThat(steps[0]).isEqualTo(100);
        assertThat(m.rdt(0).cos()).isZero(); // the idle SC's class
    }

    @Test
    void theConfigurationIsPerCpu()
    {
        Calls.createEc(root, 30, Kernel.ROOT_PD, true, 0x3000_0000L, 0, 1, 0); // a root EC on CPU 1
        assertThat(k.hypercall(root)).isEqualTo(Status.SUCCESS);
        final Ec onCpu1 = (Ec) k.root().obj().object(30);
        assertThat(ctrlHw(root, 4, 0)).isEqualTo(Status.SUCCESS);          // CPU 0
        assertThat(ctrlHw(onCpu1, 5, 0 | 1L << 16)).isEqualTo(Status.ABORTED); // CPU 1 has none yet
        assertThat(ctrlHw(onCpu1, 4, 3)).isEqualTo(Status.BAD_PAR);
        assertThat(ctrlHw(onCpu1, 4, 0)).isEqualTo(Status.SUCCESS);
        assertThat(m.rdt(1).l3Cdp()).isFalse();
    }
}
