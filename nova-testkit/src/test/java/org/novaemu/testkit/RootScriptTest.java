// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.novaemu.testkit.NovaAssertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Hypercall;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Perm;
import org.novaemu.kernel.Status;

/** The root-task script on both machines: steps in order, statuses returned or checked, probes, portals. */
class RootScriptTest
{
    private static final long SM = 10;
    private static final long COPY = 11;

    @ParameterizedTest
    @EnumSource(Arch.class)
    void aCheckedCallThatFailsStopsTheScriptNamingTheCallAndStatus(final Arch arch)
    {
        final RootScript root = TestBed.of(arch, 1, 0, 1).root();
        root.call("create_sm", u -> Calls.createSm(u, SM, Kernel.ROOT_PD, 0));
        root.call("create_sm again", u -> Calls.createSm(u, SM, Kernel.ROOT_PD, 0));
        final Call never = root.attempt("never made", u -> Calls.up(u, SM));
        assertThatThrownBy(() -> root.run(1_000_000)).isInstanceOf(AssertionError.class)
            .hasMessage("root script stopped at create_sm again: BAD_CAP");
        assertThat(root.failure()).isEqualTo("create_sm again: BAD_CAP");
        assertThat(never.done()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void attemptsReturnTheirStatusAndProbesShowThatNothingChanged(final Arch arch)
    {
        final TestBed bed = TestBed.of(arch, 1, 0, 1);
        bed.interceptor();
        final RootScript root = bed.root();
        root.call("create_sm", u -> Calls.createSm(u, SM, Kernel.ROOT_PD, 3));
        final Call badSelector = root.probe("up on a null selector", u -> Calls.up(u, 0x3333));
        root.call("ctrl_pd: the semaphore with CTRLUP only",
            u -> Calls.ctrlPd(u, Kernel.ROOT_OBJ, Kernel.ROOT_OBJ, SM, 0, COPY, Perm.SM_CTRLUP, 0));
        final Call noPermission = root.probe("down without CTRLDN", u -> Calls.down(u, COPY, false, 0));
        final Call up = root.probe("up", u -> Calls.up(u, COPY));
        root.run(1_000_000);
        assertThat(badSelector).hasStatus(Status.BAD_CAP).changedNothing();
        assertThat(noPermission).hasStatus(Status.BAD_CAP).changedNothing();
        assertThat(up).succeeded();
        assertThatThrownBy(() -> assertThat(up).changedNothing()).isInstanceOf(AssertionError.class)
            .hasMessageContaining("counter=3").hasMessageContaining("counter=4");
        assertThat(bed.interceptor()).made(Hypercall.CTRL_SM, Status.BAD_CAP);
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void anIpcCallToAPortalReturnsWhatItsHandlerWroteAndItsRoundTrip(final Arch arch)
    {
        final RootScript root = TestBed.of(arch, 2, 0, 1).root();
        final Portal echo = root.portal(0, u -> u.setUtcb(0, u.utcb(0) + 1));
        root.act(u -> u.setUtcb(0, 41));
        final Call call = root.call("ipc_call", u -> Calls.call(u, echo.selector(), false, 0));
        final long[] got = new long[1];
        root.act(u -> got[0] = u.utcb(0));
        root.run(1_000_000);
        assertThat(got[0]).isEqualTo(42);
        assertThat(call.cycles()).isPositive();
        assertThat(call).succeeded().tookAtMost(call.cycles());
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void anInterruptThreadInTheRootPdWakesOnAnUpOfItsSemaphore(final Arch arch)
    {
        final TestBed bed = TestBed.of(arch, 2, 0, 1);
        final RootScript root = bed.root();
        root.call("create_sm", u -> Calls.createSm(u, SM, Kernel.ROOT_PD, 0));
        final IrqThread t = root.interruptThread(DriverPd.ROOT, 1, SM, -1, u -> u.charge(100));
        root.run(1_000_000);
        assertThat(t.started()).isTrue();
        assertThat(t.wakes()).isZero();
        assertThat(t.ec().cpu()).isEqualTo(1);
        assertThat(t.ec().pd()).isSameAs(bed.machine().kernel().root());
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void aDriverPdHasItsSpaces(final Arch arch)
    {
        final TestBed bed = TestBed.of(arch, 1, 0, 1);
        final DriverPd d = bed.root().driverPd();
        bed.root().run(1_000_000);
        final ObjectSpaceSnapshot s = ObjectSpaceSnapshot.of(bed.machine().kernel().root());
        assertThat(s.at(d.pd()).kind()).isEqualTo(Kind.PD);
        assertThat(s.at(d.obj()).kind()).isEqualTo(Kind.OBJ);
        assertThat(s.at(d.hst()).kind()).isEqualTo(Kind.HST);
        assertThat(s.at(d.dma()).kind()).isEqualTo(Kind.DMA);
        assertThat(d.pio() < 0).isEqualTo(arch == Arch.ARM);
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void stepsCannotBeAddedOnceStarted(final Arch arch)
    {
        final RootScript root = TestBed.of(arch, 1, 0, 1).root().start();
        assertThatThrownBy(() -> root.call("late", u -> Calls.up(u, SM))).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("before start()");
    }
}
