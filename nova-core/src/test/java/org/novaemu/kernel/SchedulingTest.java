// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.novaemu.kernel.Kernel.ROOT_PD;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.novaemu.sim.Engine;

/**
 * The per-CPU kernel loop, blocking semaphores and the scheduler, driven by programs through the
 * hypercall registers. ECs other than the root are made here directly (create_ec and create_sc are not
 * built yet); everything they do goes through hypercalls.
 */
class SchedulingTest
{
    private static final long SM = 100;
    private static final long DONE = 999;

    private final Engine engine = Engine.builder().build(); // 1 GHz: 1 ms = 1,000,000 cycles
    private final Kernel kernel = new Kernel(TestPlatform.x86().platform(), engine, Costs.X86_64);
    private final List<String> log = new ArrayList<>();

    /** A global EC in the root PD on {@code cpu}, entering the root program at {@code ip}, with a ready SC. */
    private Ec spawn(final int cpu, final int prio, final int budgetMs, final long ip)
    {
        final Ec ec = kernel.newEc(kernel.root(), cpu, true, 0, 0, Kernel.ROOT_IMAGE_SIZE + 0x1000L * cpu);
        ec.setIp(RootImage.ENTRY + ip);
        kernel.cpuKernel(cpu).makeReady(kernel.newSc(ec, cpu, prio, budgetMs, 0));
        return ec;
    }

    @Test
    void aDownWithADeadlineTimesOutWhenTheDeadlinePasses()
    {
        final long[] deadline = new long[1];
        kernel.start(Script.labels(u -> {
            switch ((int) u.ip())
            {
                case 0:
                    u.charge(500);
                    Calls.createSm(u, SM, ROOT_PD, 0);
                    u.setIp(1);
                    return Program.HYPERCALL;
                case 1:
                    log.add("create " + Calls.status(u));
                    deadline[0] = u.stc() + 50_000;
                    Calls.down(u, SM, false, deadline[0]);
                    u.setIp(2);
                    return Program.HYPERCALL;
                case 2:
                    log.add("down " + Calls.status(u) + " late " + (u.stc() - deadline[0]));
                    Calls.down(u, SM, false, 0); // wait for ever
                    u.setIp(DONE);
                    return Program.HYPERCALL;
                default:
                    throw new AssertionError("resumed after an endless down");
            }
        }));
        engine.runUntil(10_000_000);
        // Resumed at the deadline plus the switch back; the CPU then halts for good.
        assertThat(log).containsExactly("create SUCCESS", "down TIMEOUT late " + Costs.X86_64.contextSwitch());
        assertThat(kernel.simCpu(0).isBlocked()).isTrue();
        assertThat(engine.now()).isEqualTo(10_000_000);
    }

    @Test
    void aDeadlineAlreadyPastTimesOutAtOnce()
    {
        kernel.start(Script.labels(u -> {
            switch ((int) u.ip())
            {
                case 0:
                    Calls.createSm(u, SM, ROOT_PD, 0);
                    u.setIp(1);
                    return Program.HYPERCALL;
                case 1:
                    Calls.down(u, SM, false, 1); // STC 1 is long gone
                    u.setIp(2);
                    return Program.HYPERCALL;
                case 2:
                    log.add("down " + Calls.status(u) + " at " + u.stc());
                    Calls.down(u, SM, false, 0);
                    u.setIp(DONE);
                    return Program.HYPERCALL;
                default:
                    throw new AssertionError();
            }
        }));
        engine.runUntil(1_000_000);
        assertThat(log).hasSize(1);
        assertThat(log.get(0)).startsWith("down TIMEOUT at ");
        assertThat(Long.parseLong(log.get(0).substring(16))).isLessThan(2_000);
    }

    @ParameterizedTest
    @ValueSource(longs = {Long.MIN_VALUE, -1L})
    void aDeadlineAtOrAboveTwoToTheSixtyThreeIsInTheFutureNotThePast(final long deadline)
    {
        kernel.start(Script.labels(u -> {
            switch ((int) u.ip())
            {
                case 0:
                    Calls.createSm(u, SM, ROOT_PD, 0);
                    u.setIp(1);
                    return Program.HYPERCALL;
                case 1:
                    Calls.down(u, SM, false, deadline); // 2^63 and 2^64 - 1, unsigned
                    u.setIp(2);
                    return Program.HYPERCALL;
                default:
                    log.add("down " + Calls.status(u) + " at " + u.stc());
                    Calls.down(u, SM, false, 0);
                    u.setIp(DONE);
                    return Program.HYPERCALL;
            }
        }));
        engine.runUntil(10_000_000);
        assertThat(log).isEmpty(); // still waiting: it did not time out
        assertThat(kernel.simCpu(0).isBlocked()).isTrue();
    }

    /** Three waiters block in turn; two ups release the first two in FIFO order; the counter stays 0. */
    @Test
    void upHandsTheUnitToWaitersInFifoOrder()
    {
        final Program program = Script.labels(u -> {
            final int ip = (int) u.ip();
            if (ip == 0)
            {
                Calls.createSm(u, SM, ROOT_PD, 0);
                u.setIp(1);
                return Program.HYPERCALL;
            }
            if (ip == 1)
            {
                Calls.createSm(u, SM + 1, ROOT_PD, 0);
                u.setIp(2);
                return Program.HYPERCALL;
            }
            if (ip == 2)
            {
                // The root has the highest priority: it sleeps so that the waiters can run and block.
                Calls.down(u, SM + 1, false, u.stc() + 50_000);
                u.setIp(3);
                return Program.HYPERCALL;
            }
            if (ip == 3 || ip == 4)
            {
                log.add("up");
                Calls.up(u, SM);
                u.setIp(ip + 1);
                return Program.HYPERCALL;
            }
            if (ip == 5)
            {
                Calls.down(u, SM + 1, false, 0);
                u.setIp(DONE);
                return Program.HYPERCALL;
            }
            if (ip >= 100 && ip < 110)
            {
                log.add("waiter" + (ip - 100) + " down");
                Calls.down(u, SM, false, 0);
                u.setIp(ip + 10);
                return Program.HYPERCALL;
            }
            if (ip >= 110 && ip < 120)
            {
                log.add("waiter" + (ip - 110) + " " + Calls.status(u));
                Calls.down(u, 12345, false, 0); // a null capability: BAD_CAP, and on to DONE
                u.setIp(DONE);
                return Program.HYPERCALL;
            }
            // DONE: wait for ever on the root's sleep semaphore, which nobody ups.
            Calls.down(u, SM + 1, false, 0);
            u.setIp(DONE);
            return Program.HYPERCALL;
        });
        kernel.start(program);
        engine.runUntil(2_000); // the root creates the semaphores and goes to sleep
        spawn(0, 50, 10, 100);
        spawn(0, 50, 10, 101);
        spawn(0, 50, 10, 102);
        engine.runUntil(100_000);
        // The root outranks the waiters, so both ups come before either released waiter runs.
        assertThat(log).containsExactly("waiter0 down", "waiter1 down", "waiter2 down", "up", "up",
            "waiter0 SUCCESS", "waiter1 SUCCESS");
        assertThat(((Sm) kernel.root().obj().object(SM)).counter()).isZero();
    }

    /** Two equal-priority ECs that never block share their CPU in turns of one budget (1 ms). */
    @Test
    void equalPrioritiesTakeTurnsOfOneBudget()
    {
        kernel.start(Script.labels(u -> {
            if (u.ip() == 0)
            {
                Calls.createSm(u, SM, ROOT_PD, 0); // then sleep for ever on it
                u.setIp(1);
                return Program.HYPERCALL;
            }
            if (u.ip() == 1)
            {
                Calls.down(u, SM, false, 0);
                u.setIp(2);
                return Program.HYPERCALL;
            }
            if (u.ip() >= 10)
            {
                final String name = u.ip() == 10 ? "A" : "B";
                if (log.isEmpty() || !log.get(log.size() - 1).startsWith(name))
                {
                    log.add(name + "@" + u.stc() / 100_000);
                }
                u.charge(100_000);
                return Program.PREEMPT;
            }
            throw new AssertionError("ip " + u.ip());
        }));
        spawn(1, 10, 1, 10);
        spawn(1, 10, 1, 11);
        engine.runUntil(4_500_000);
        // Turns start at 0, 1, 2, 3 and 4 ms, give or take the switches (in units of 0.1 ms).
        assertThat(log).containsExactly("A@0", "B@10", "A@20", "B@30", "A@40");
    }

    /**
     * A higher-priority EC on CPU 1, released by an up on CPU 0, arrives by RRQ IPI and preempts the
     * spinning lower-priority EC at its next preemption point.
     */
    @Test
    void aRemoteReleaseArrivesAfterTheIpiAndPreempts()
    {
        final long[] upAt = new long[1];
        kernel.start(Script.labels(u -> {
            switch ((int) u.ip())
            {
                case 0:
                    Calls.createSm(u, SM, ROOT_PD, 0);
                    u.setIp(1);
                    return Program.HYPERCALL;
                case 1:
                    Calls.createSm(u, SM + 1, ROOT_PD, 0);
                    u.setIp(2);
                    return Program.HYPERCALL;
                case 2:
                    Calls.down(u, SM + 1, false, 200_000); // sleep until 0.2 ms
                    u.setIp(3);
                    return Program.HYPERCALL;
                case 3:
                    upAt[0] = u.stc();
                    Calls.up(u, SM);
                    u.setIp(4);
                    return Program.HYPERCALL;
                case 4:
                    Calls.down(u, SM + 1, false, 0);
                    u.setIp(5);
                    return Program.HYPERCALL;
                case 20: // low: spins in steps of 1,000 cycles
                    u.charge(1_000);
                    return Program.PREEMPT;
                case 30: // high: waits, then records when it got the CPU
                    Calls.down(u, SM, false, 0);
                    u.setIp(31);
                    return Program.HYPERCALL;
                case 31:
                    log.add("high " + Calls.status(u) + " " + (u.stc() - upAt[0]));
                    Calls.down(u, SM + 1, false, 0);
                    u.setIp(32);
                    return Program.HYPERCALL;
                default:
                    throw new AssertionError("ip " + u.ip());
            }
        }));
        engine.runUntil(1_000);
        spawn(1, 20, 10, 30);
        spawn(1, 10, 10, 20);
        engine.runUntil(1_000_000);
        assertThat(log).hasSize(1);
        final long delay = Long.parseLong(log.get(0).substring("high SUCCESS ".length()));
        final Costs c = Costs.X86_64;
        // The IPI latency, then at most one step of the low EC, then a switch.
        assertThat(delay).isBetween(c.ipi() + c.contextSwitch(), c.ipi() + 1_000 + c.contextSwitch() + c.hypercall());
    }

    @Test
    void misuseIsReportedByName()
    {
        assertThatThrownBy(() -> new Costs(0, 1, 1)).hasMessageContaining("hypercall");
        assertThatThrownBy(() -> new Costs(1, 0, 1)).hasMessageContaining("contextSwitch");
        kernel.start(u -> Program.PREEMPT);
        assertThatThrownBy(() -> kernel.start(u -> Program.PREEMPT))
            .hasMessageContaining("already started");
    }

    /** A waiter whose semaphore loses its last capability returns ABORTED. */
    @Test
    void aWaiterOnADyingSemaphoreIsAborted()
    {
        kernel.start(Script.labels(u -> {
            switch ((int) u.ip())
            {
                case 0:
                    Calls.createSm(u, SM, ROOT_PD, 0);
                    u.setIp(1);
                    return Program.HYPERCALL;
                case 1:
                    Calls.createSm(u, SM + 1, ROOT_PD, 0);
                    u.setIp(2);
                    return Program.HYPERCALL;
                case 2:
                    Calls.down(u, SM + 1, false, 20_000); // let the waiter block
                    u.setIp(3);
                    return Program.HYPERCALL;
                case 3:
                    Calls.ctrlPd(u, Kernel.ROOT_OBJ, Kernel.ROOT_OBJ, SM, 0, SM, 0, 0); // revoke the last capability
                    u.setIp(4);
                    return Program.HYPERCALL;
                case 4:
                    Calls.down(u, SM + 1, false, 0);
                    u.setIp(5);
                    return Program.HYPERCALL;
                case 100:
                    Calls.down(u, SM, false, 0);
                    u.setIp(101);
                    return Program.HYPERCALL;
                case 101:
                    log.add("waiter " + Calls.status(u));
                    Calls.down(u, SM + 1, false, 0);
                    u.setIp(102);
                    return Program.HYPERCALL;
                default:
                    throw new AssertionError("ip " + u.ip());
            }
        }));
        engine.runUntil(2_000);
        spawn(0, 50, 10, 100);
        engine.runUntil(1_000_000);
        assertThat(log).containsExactly("waiter ABORTED");
    }
}
