// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novaemu.kernel.Kernel.ROOT_PD;

import java.util.List;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.novaemu.sim.Engine;
import org.novaemu.trace.TraceRecord;

/** The NOVA kernel's trace records (NovaTrace, T10, T16, T17): each written where it happens, with its arguments. */
class KernelTraceTest
{
    private static final long SM = 100;
    private static final long DONE = 999;

    private final Engine engine = Engine.builder().tracing(true).build();
    private final Kernel kernel = new Kernel(TestPlatform.x86().platform(), engine, Costs.X86_64);

    private List<TraceRecord> of(final NovaTrace kind)
    {
        return engine.trace().records().stream().filter(r -> r.kind() == kind).toList();
    }

    /** create_sm, then a down with a deadline that times out, then a down for ever. */
    private void downWithDeadline()
    {
        kernel.start(Script.labels(u -> {
            switch ((int) u.ip())
            {
                case 0:
                    Calls.createSm(u, SM, ROOT_PD, 0);
                    u.setIp(1);
                    return Program.HYPERCALL;
                case 1:
                    Calls.down(u, SM, false, u.stc() + 50_000);
                    u.setIp(2);
                    return Program.HYPERCALL;
                case 2:
                    Calls.down(u, SM, false, 0);
                    u.setIp(DONE);
                    return Program.HYPERCALL;
                default:
                    throw new AssertionError("resumed after an endless down");
            }
        }));
        engine.runUntil(1_000_000);
    }

    @Test
    void hypercallsAreSlicesFromTheEntryToTheReturnWithNumberSelectorAndStatus()
    {
        downWithDeadline();
        final long root = kernel.rootEc().ecSerial();
        final List<TraceRecord> in = of(NovaTrace.HYPERCALL);
        final List<TraceRecord> out = of(NovaTrace.HYPERCALL_DONE);
        assertThat(in).extracting(TraceRecord::a).containsExactly((long) Hypercall.CREATE_SM.ordinal(),
            (long) Hypercall.CTRL_SM.ordinal(), (long) Hypercall.CTRL_SM.ordinal());
        assertThat(in).extracting(TraceRecord::b).containsExactly(SM, SM, SM);
        assertThat(in).extracting(TraceRecord::c).containsOnly(root);
        // create_sm succeeds; both downs block (-1): the timeout's status is written when the EC resumes.
        assertThat(out).extracting(TraceRecord::b).containsExactly(0L, -1L, -1L);
        assertThat(out.get(0).time() - in.get(0).time()).isEqualTo(Costs.X86_64.hypercall());
        assertThat(in.get(0).cpu()).isZero();
        assertThat(in.get(0).kind().label(in.get(0).a(), 0, 0)).isEqualTo("create_sm");
    }

    @Test
    void downsTimerExpiryWakeAndSwitchesAreRecorded()
    {
        downWithDeadline();
        final long root = kernel.rootEc().ecSerial();
        assertThat(of(NovaTrace.SM_DOWN)).extracting(TraceRecord::a, TraceRecord::b, TraceRecord::c)
            .containsExactly(Tuple.tuple(SM, 0L, 0L),
                Tuple.tuple(SM, 0L, 0L));
        final TraceRecord timer = of(NovaTrace.TIMER).get(0);
        assertThat(timer.a()).isEqualTo(1); // one timeout expired, none left
        assertThat(timer.b()).isZero();
        final TraceRecord wake = of(NovaTrace.WAKE).get(0);
        assertThat(wake.a()).isEqualTo(root);
        assertThat(wake.b()).isEqualTo(Status.TIMEOUT.code());
        assertThat(wake.time()).isEqualTo(timer.time());
        // Idle (0) to the root EC at the start; the root EC to idle at each block, and back after the wake.
        assertThat(of(NovaTrace.SWITCH)).extracting(TraceRecord::a, TraceRecord::b).containsExactly(
            Tuple.tuple(0L, root), Tuple.tuple(root, 0L),
            Tuple.tuple(0L, root), Tuple.tuple(root, 0L));
    }

    @Test
    void anUpRecordsItsSelectorAndTheCounterAndAnUpFromAnotherCpuSendsAnIpi()
    {
        final Ec waiter = kernel.newEc(kernel.root(), 1, true, 0, 0, Kernel.ROOT_IMAGE_SIZE + 0x1000L);
        kernel.start(Script.labels(u -> {
            if (u.ecSerial() == waiter.ecSerial())
            {
                Calls.down(u, SM, false, 0);
                u.setIp(DONE + 1);
                return Program.HYPERCALL;
            }
            switch ((int) u.ip())
            {
                case 0:
                    Calls.createSm(u, SM, ROOT_PD, 0);
                    u.setIp(1);
                    return Program.HYPERCALL;
                case 1:
                    u.charge(10_000); // the waiter on CPU 1 blocks meanwhile
                    u.setIp(2);
                    return Program.PREEMPT;
                case 2:
                    Calls.up(u, SM);
                    u.setIp(3);
                    return Program.HYPERCALL;
                default:
                    Calls.down(u, SM, false, 0);
                    u.setIp(DONE);
                    return Program.HYPERCALL;
            }
        }));
        engine.runUntil(2_000); // the SM exists before the waiter starts
        waiter.setIp(RootImage.ENTRY + 50);
        kernel.cpuKernel(1).makeReady(kernel.newSc(waiter, 1, 1, 10, 0));
        engine.runUntil(1_000_000);
        final TraceRecord up = of(NovaTrace.SM_UP).get(0);
        assertThat(up.a()).isEqualTo(SM);
        assertThat(up.c()).isZero(); // the unit went to the waiter, not the counter
        assertThat(of(NovaTrace.WAKE)).extracting(TraceRecord::a, TraceRecord::b, TraceRecord::c)
            .contains(Tuple.tuple(waiter.ecSerial(), 0L, 1L));
        // Released from CPU 0 to CPU 1: an RRQ IPI (ordinal 0) to CPU 1.
        assertThat(of(NovaTrace.IPI)).extracting(TraceRecord::cpu, TraceRecord::a, TraceRecord::b)
            .contains(Tuple.tuple(0, 1L, (long) Ipi.RRQ.ordinal()));
    }

    @Test
    void tracingOffWritesNothingAndTheSameRunGivesTheSameDigest()
    {
        downWithDeadline();
        final Engine again = Engine.builder().tracing(true).build();
        final Kernel k = new Kernel(TestPlatform.x86().platform(), again, Costs.X86_64);
        k.start(Script.labels(u -> {
            switch ((int) u.ip())
            {
                case 0:
                    Calls.createSm(u, SM, ROOT_PD, 0);
                    u.setIp(1);
                    return Program.HYPERCALL;
                case 1:
                    Calls.down(u, SM, false, u.stc() + 50_000);
                    u.setIp(2);
                    return Program.HYPERCALL;
                default:
                    Calls.down(u, SM, false, 0);
                    u.setIp(DONE);
                    return Program.HYPERCALL;
            }
        }));
        again.runUntil(1_000_000);
        assertThat(again.trace().digest()).isEqualTo(engine.trace().digest());
        final Engine off = Engine.builder().build();
        new Kernel(TestPlatform.x86().platform(), off, Costs.X86_64).start(Script.labels(u -> {
            Calls.createSm(u, SM, ROOT_PD, 0);
            u.setIp(0);
            return Program.HYPERCALL;
        }));
        off.runUntil(10_000);
        assertThat(off.trace().written()).isZero();
    }
}
