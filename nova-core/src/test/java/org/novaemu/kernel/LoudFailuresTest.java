// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.novaemu.kernel.Kernel.ROOT_PD;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.novaemu.sim.Engine;
import org.novaemu.sim.Failure;
import org.novaemu.sim.StrictModeException;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * What a user would otherwise debug blind is logged with its cause, and in strict mode thrown out of the run
 * (decisions U22, U23, U25): an EC killed for want of a STARTUP portal, the root task touching unmapped memory,
 * a hypercall that fails the same way over and over.
 */
class LoudFailuresTest
{
    private static final long EC = 20;
    private static final long SC = 21;
    private static final long EVT = 0x100;

    private final Engine engine = Engine.builder().build();
    private final Kernel kernel = new Kernel(TestPlatform.x86().platform(), engine, Costs.X86_64);
    private final List<String> failed = new ArrayList<>();
    private final Logger ipcLog = (Logger) LoggerFactory.getLogger(Ipc.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    LoudFailuresTest()
    {
        logged.start();
        ipcLog.addAppender(logged);
    }

    @AfterEach
    void detach()
    {
        ipcLog.detachAppender(logged);
    }

    /** The root creates a global EC without any portal and gives it an SC: its STARTUP event kills it. */
    private void startEcWithoutPortals()
    {
        final List<Consumer<User>> calls = new ArrayList<>();
        calls.add(u -> Calls.createEc(u, EC, ROOT_PD, true, 0x5000, EVT, 0, 0));
        calls.add(u -> Calls.createSc(u, SC, ROOT_PD, EC, 5, 50, 0));
        calls.add(u -> Calls.createSm(u, 22, ROOT_PD, 0));
        calls.add(u -> Calls.down(u, 22, false, 0));
        kernel.start(Script.calls(calls, failed));
    }

    @Test
    void aKilledEcIsAWarningNamingTheEventAndTheSelector()
    {
        startEcWithoutPortals();
        engine.runUntil(1_000_000);
        assertThat(failed).isEmpty();
        assertThat(((Ec) kernel.root().obj().object(EC)).isKilled()).isTrue();
        assertThat(logged.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
            assertThat(e.getFormattedMessage()).startsWith("EC_KILLED: ").contains("killed on STARTUP",
                "no portal with EVENT permission at selector 0x"
                    + Long.toHexString(EVT + kernel.platform().ec().hostArchEvents()));
        });
    }

    @Test
    void strictModeThrowsTheKillOutOfTheRunAndTheRunCanGoOn()
    {
        engine.failures().strict(true);
        startEcWithoutPortals();
        assertThatThrownBy(() -> engine.runUntil(1_000_000)).isInstanceOfSatisfying(StrictModeException.class, e -> {
            assertThat(e.failure()).isEqualTo(Failure.EC_KILLED);
            assertThat(e.getMessage()).contains("STARTUP");
            assertThat(e.time()).isPositive().isLessThan(1_000_000);
        });
        assertThat(((Ec) kernel.root().obj().object(EC)).isKilled()).isTrue();
        engine.runUntil(1_000_000); // consistent: the root goes on to its down
        assertThat(failed).isEmpty();
    }

    @Test
    void strictModeIsDeterministic()
    {
        engine.failures().strict(true);
        startEcWithoutPortals();
        final long first = catchTime(engine);
        final Engine other = Engine.builder().build();
        final Kernel again = new Kernel(TestPlatform.x86().platform(), other, Costs.X86_64);
        other.failures().strict(true);
        final List<Consumer<User>> calls = new ArrayList<>();
        calls.add(u -> Calls.createEc(u, EC, ROOT_PD, true, 0x5000, EVT, 0, 0));
        calls.add(u -> Calls.createSc(u, SC, ROOT_PD, EC, 5, 50, 0));
        calls.add(u -> Calls.createSm(u, 22, ROOT_PD, 0));
        calls.add(u -> Calls.down(u, 22, false, 0));
        again.start(Script.calls(calls, failed));
        assertThat(catchTime(other)).isEqualTo(first);
    }

    private static long catchTime(final Engine e)
    {
        try
        {
            e.runUntil(1_000_000);
        }
        catch (final StrictModeException x)
        {
            return x.time();
        }
        throw new AssertionError("no failure");
    }

    @Test
    void theRootTaskTouchingUnmappedMemoryIsNamedWithTheAddress()
    {
        engine.failures().strict(true);
        kernel.start(new Script().at(0, u -> {
            u.read(0x7fff_0000_0000L, 8);
            return Script.hypercall(u, 0);
        }));
        assertThatThrownBy(() -> engine.runUntil(1_000_000)).isInstanceOfSatisfying(StrictModeException.class, e -> {
            assertThat(e.failure()).isEqualTo(Failure.UNMAPPED_ACCESS);
            assertThat(e.getMessage()).contains("the root task's", "at address 0x7fff00000000");
        });
    }

    @Test
    void aHypercallFailingTheSameWayOverAndOverIsALoop()
    {
        engine.failures().strict(true);
        kernel.start(new Script().at(0, u -> {
            Calls.up(u, 0x999); // nothing there: BAD_CAP, for ever
            return Script.hypercall(u, 0);
        }));
        assertThatThrownBy(() -> engine.runUntil(100_000_000)).isInstanceOfSatisfying(StrictModeException.class,
            e -> {
                assertThat(e.failure()).isEqualTo(Failure.HYPERCALL_LOOP);
                assertThat(e.getMessage()).contains("CTRL_SM fail with BAD_CAP " + HypercallLoop.LIMIT + " times");
            });
        assertThat(kernel.stats(0).hypercalls(Hypercall.CTRL_SM, Status.BAD_CAP.code()))
            .isEqualTo(HypercallLoop.LIMIT);
    }

    @Test
    void failuresInterleavedWithProgressAreNoLoop()
    {
        engine.failures().strict(true);
        kernel.start(new Script()
            .at(0, u -> {
                Calls.up(u, 0x999);
                return Script.hypercall(u, 1);
            })
            .at(1, u -> {
                Calls.createSm(u, 0x998, ROOT_PD, 0); // succeeds the first time, then BAD_CAP: another status
                return Script.hypercall(u, 0);
            }));
        engine.runUntil(3_000_000);
        assertThat(kernel.stats(0).hypercalls(Hypercall.CTRL_SM, Status.BAD_CAP.code()))
            .isGreaterThan(HypercallLoop.LIMIT);
    }
}
