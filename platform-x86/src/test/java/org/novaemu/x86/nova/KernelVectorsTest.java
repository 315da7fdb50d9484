// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Costs;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Program;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.Status;
import org.novaemu.kernel.User;
import org.novaemu.x86.X86Machine;
import org.novaemu.x86.apic.ApicRegister;
import org.novaemu.x86.apic.Lvt;

/**
 * The kernel's own vectors on x86: a release to another CPU is an RRQ IPI sent through the sender's ICR
 * that arrives after the IPI latency; a recall of an EC on another CPU is an RKE IPI; the timeout of a
 * down is the target CPU's local APIC timer in TSC-deadline mode.
 */
class KernelVectorsTest
{
    private static final long SM = 10;
    private static final long WORKER = 11;
    private static final long SC = 12;
    private static final long HANDLER = 13;
    private static final long EVT = 0x100;
    private static final long IDLE = 14;

    private final List<String> log = new ArrayList<>();
    private boolean recall;
    private boolean spin;

    /**
     * A root task on CPU 0 and a worker on CPU 1, started by a STARTUP portal on CPU 1, which downs SM
     * with the given deadline and logs what it got and when; the root sleeps until {@code upAt} (a down
     * with that deadline) and ups SM, unless it is 0.
     */
    private X86Machine machine(final long deadline, final long upAt)
    {
        final X86Machine m = X86Machine.builder().cpus(2).build();
        m.kernel().start(Script.labels(new Program()
        {
            @Override
            public int step(final User u)
            {
                switch ((int) u.ip())
                {
                    case 0 -> Calls.createSm(u, SM, Kernel.ROOT_PD, 0);
                    case 1 -> Calls.createSm(u, IDLE, Kernel.ROOT_PD, 0);
                    case 2 -> Calls.createEc(u, HANDLER, Kernel.ROOT_PD, false, Kernel.ROOT_IMAGE_SIZE, 0, 1, 0);
                    case 3 -> Calls.createPt(u, EVT + 32, Kernel.ROOT_PD, HANDLER, Script.ip(100));
                    case 4 -> Calls.ctrlPt(u, EVT + 32, 0, ArchState.RIP);
                    case 5 -> Calls.createEc(u, WORKER, Kernel.ROOT_PD, true, Kernel.ROOT_IMAGE_SIZE + 0x1000, EVT, 1,
                        0);
                    case 6 -> Calls.createSc(u, SC, Kernel.ROOT_PD, WORKER, 10, 50, 0);
                    case 7 -> Calls.down(u, IDLE, false, upAt == 0 ? 0 : upAt);
                    case 8 -> {
                        log.add("root " + Calls.status(u) + " at " + u.stc());
                        if (recall)
                        {
                            Calls.recall(u, WORKER, false);
                        }
                        else
                        {
                            Calls.up(u, SM);
                        }
                    }
                    case 100 -> {
                        log.add("portal rcx " + u.gpr(1) + " r11 " + Long.toHexString(u.gpr(11))); // SYSRET's view
                        u.setUtcb(ArchState.RIP_WORD, Script.ip(200));
                        Calls.reply(u, ArchState.RIP);
                        return HYPERCALL;
                    }
                    case 200 -> {
                        if (spin)
                        {
                            u.charge(1_000); // in user mode, for ever
                            return PREEMPT;
                        }
                        Calls.down(u, SM, false, deadline);
                        u.setIp(201);
                        return HYPERCALL;
                    }
                    case 201 -> {
                        log.add(Calls.status(u) + " at " + u.stc() + " on " + u.cpu());
                        Calls.down(u, IDLE, false, 0);
                        u.setIp(202);
                        return HYPERCALL;
                    }
                    default -> {
                        Calls.down(u, IDLE, false, 0); // the root parks
                        return HYPERCALL;
                    }
                }
                u.setIp(u.ip() + 1);
                return HYPERCALL;
            }
        }));
        m.engine().runUntil(upAt == 0 ? 100_000 : upAt - 1);
        return m;
    }

    @Test
    void aReleaseToAnotherCpuIsAnRrqIpiThroughTheIcr()
    {
        final X86Machine m = machine(0, 200_000);
        assertThat(log).containsExactly("portal rcx " + Script.ip(100) + " r11 202"); // the STARTUP portal's entry
        log.clear();
        assertThat(m.kernel().simCpu(1).isBlocked()).isTrue();
        // The root on CPU 0 wakes at 200,000 (its own timeout) and ups SM: the worker's SC goes to CPU 1 by IPI.
        m.engine().runUntil(300_000);
        assertThat(log).hasSize(2);
        assertThat(log.get(0)).startsWith("root TIMEOUT at ");
        final long up = Long.parseLong(log.get(0).split(" ")[3]);
        assertThat(up).isBetween(200_000L, 202_000L);
        final String[] f = log.get(1).split(" ");
        assertThat(f[0]).isEqualTo(Status.SUCCESS.name());
        assertThat(f[4]).isEqualTo("1");
        // Sent by CPU 0's ICR, taken by CPU 1 as vector 0xF7 no earlier than the IPI latency after the up.
        // (The first RRQ made the worker's new SC ready on CPU 1 at create_sc.)
        assertThat(m.platform().interrupts().taken(Vectors.VEC_RRQ)).isEqualTo(2);
        assertThat(Long.parseLong(f[2])).isGreaterThan(up + Costs.X86_64.ipi());
        assertThat(Long.parseLong(f[2])).isLessThan(up + Costs.X86_64.ipi() + 5_000);
        assertThat(m.platform().interrupts().taken(Vectors.VEC_TIMER)).isEqualTo(1); // the root's timeout on CPU 0
    }

    @Test
    void aRecallOfAnEcRunningOnAnotherCpuIsAnRkeIpi()
    {
        recall = true;
        spin = true;
        final X86Machine m = machine(0, 200_000);
        assertThat(m.platform().interrupts().taken(Vectors.VEC_RKE)).isZero();
        m.engine().runUntil(300_000);
        assertThat(m.platform().interrupts().taken(Vectors.VEC_RKE)).isEqualTo(1);
        // It entered the kernel and saw the recall; with no RECALL portal at EVT + 33 the kernel kills it.
        final org.novaemu.kernel.Ec worker = (org.novaemu.kernel.Ec) m.kernel().root().obj().object(WORKER);
        assertThat(worker.isKilled()).isTrue();
    }

    @Test
    void aRecallOfAnEcThatWaitsNeedsNoIpi()
    {
        recall = true;
        final X86Machine m = machine(0, 200_000);
        m.engine().runUntil(300_000);
        assertThat(m.platform().interrupts().taken(Vectors.VEC_RKE)).isZero();
        assertThat(log).hasSize(2); // the portal's entry and the root's wake-up; the worker still waits
        final org.novaemu.kernel.Ec worker = (org.novaemu.kernel.Ec) m.kernel().root().obj().object(WORKER);
        assertThat(worker.isRunnable()).isFalse();
    }

    @Test
    void aTimeoutIsTheLocalApicTimerOfTheWaitersCpu()
    {
        final long deadline = 500_000;
        final X86Machine m = machine(deadline, 0);
        final long[] msr = new long[1];
        m.apic(1).readMsr(ApicRegister.MSR_TSC_DEADLINE, msr);
        assertThat(msr[0]).isEqualTo(deadline); // IA32_TSC_DEADLINE holds the earliest timeout
        m.engine().runUntil(600_000);
        assertThat(log).hasSize(2);
        final String[] f = log.get(1).split(" ");
        assertThat(f[0]).isEqualTo(Status.TIMEOUT.name());
        assertThat(Long.parseLong(f[2])).isBetween(deadline, deadline + 2_000);
        assertThat(f[4]).isEqualTo("1");
        assertThat(m.platform().interrupts().taken(Vectors.VEC_TIMER)).isEqualTo(1);
        m.apic(1).readMsr(ApicRegister.MSR_TSC_DEADLINE, msr);
        assertThat(msr[0]).isZero(); // it fired
    }

    @Test
    void aMaskedApicTimerLeavesTheTimeoutToTheKernel()
    {
        final long deadline = 500_000;
        final X86Machine m = X86Machine.builder().cpus(2).build();
        m.apic(1).writeMsr(ApicRegister.LVT_TIMER.msr(), Lvt.MASK.mask() | Vectors.VEC_TIMER);
        m.kernel().start(Script.labels(new Program()
        {
            @Override
            public int step(final User u)
            {
                switch ((int) u.ip())
                {
                    case 0 -> Calls.createSm(u, SM, Kernel.ROOT_PD, 0);
                    case 1 -> Calls.down(u, SM, false, deadline);
                    case 2 -> {
                        log.add(Calls.status(u) + " at " + u.stc());
                        Calls.down(u, SM, false, 0);
                    }
                    default -> Calls.down(u, SM, false, 0);
                }
                u.setIp(u.ip() + 1);
                return HYPERCALL;
            }
        }));
        m.engine().runUntil(600_000);
        // CPU 0's timer works; only CPU 1's is masked, so the root on CPU 0 uses it.
        assertThat(log).hasSize(1);
        assertThat(log.get(0)).startsWith("TIMEOUT at ");
        assertThat(m.platform().interrupts().taken(Vectors.VEC_TIMER)).isEqualTo(1);
        // On CPU 1 the kernel keeps a deadline itself: the APIC cannot.
        assertThat(m.kernel().platform().timer().arm(1, 700_000)).isFalse();
        assertThat(m.kernel().platform().timer().arm(0, 700_000)).isTrue();
    }
}
