// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.novaemu.kernel.Kernel.ROOT_PD;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.novaemu.sim.Engine;

/**
 * The ABORTED races of chapter 5, reached through forced interleavings (docs/decisions.md K45): another CPU
 * destroys an object, binds a space or takes a slot between a hypercall's checks and their use; the
 * hypercall returns ABORTED and changes nothing (no capability, no kernel memory, no binding). ctrl_hw and
 * assign_dev, which need real hardware, are tested on x86 ({@code x86.nova.RaceTest}).
 */
class InterleavingsTest
{
    private static final long CHILD = 10;
    private static final long OTHER = 14;
    private static final long GLOBAL = 15;
    private static final long LOCAL = 16;
    private static final long SM = 17;
    private static final long SM_B = 18;
    private static final long NULL = 999;
    private static final long DEST = 40;

    private Kernel kernel;
    private Ec other;
    private SpaceObj space;
    private KernelMemory heap;
    private long freeAfterAction = -1;

    /** Boots with a child PD (its one capability at {@link #CHILD}) and a root EC on CPU 1: the other CPU. */
    private void boot(final TestPlatform p)
    {
        kernel = new Kernel(p.platform(), Engine.builder().build(), Costs.X86_64);
        space = kernel.root().obj();
        heap = kernel.heap();
        ok(u -> Calls.createPd(u, CHILD, Kind.PD.op(), ROOT_PD));
        ok(u -> Calls.createEc(u, OTHER, ROOT_PD, false, 0x3000_0000L, 0, 1, 0));
        other = (Ec) space.object(OTHER);
    }

    private void ok(final Consumer<Ec> setup)
    {
        Script.ok(kernel, setup);
    }

    private Status call(final Consumer<Ec> setup)
    {
        return Script.direct(kernel, setup);
    }

    /** The other CPU's hypercall, which must succeed. */
    private void onOtherCpu(final Consumer<Ec> setup)
    {
        setup.accept(other);
        assertThat(kernel.hypercall(other)).isEqualTo(Status.SUCCESS);
    }

    /**
     * Arms {@code point} with the other CPU revoking the capabilities at {@code sels} (each the last one of
     * its object, which dies), and notes the free kernel memory after it.
     */
    private void revokeAt(final RacePoint point, final long... sels)
    {
        kernel.interleavings().at(point, () -> {
            for (final long sel : sels)
            {
                assertThat(space.object(sel).refs()).as("refs of %d", sel).isEqualTo(1);
                assertThat(space.store(sel, null, 0)).isTrue();
            }
            freeAfterAction = heap.available();
        });
    }

    /** Arms {@code point} with a hypercall of the other CPU, noting the free kernel memory after it. */
    private void otherCpuAt(final RacePoint point, final Consumer<Ec> setup)
    {
        kernel.interleavings().at(point, () -> {
            onOtherCpu(setup);
            freeAfterAction = heap.available();
        });
    }

    /** The call was ABORTED after the action ran; it took no kernel memory and left DEST empty. */
    private void assertAbortedAndNothingChanged(final RacePoint point, final Status s)
    {
        assertThat(s).isEqualTo(Status.ABORTED);
        assertThat(kernel.interleavings().armed(point)).isFalse();
        assertThat(freeAfterAction).isNotNegative();
        assertThat(heap.available()).isEqualTo(freeAfterAction);
        assertThat(space.object(DEST)).isNull();
        freeAfterAction = -1;
    }

    // ---- create_pd --------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void createPdWhoseOwnerIsDestroyedMeanwhileIsAbortedForEveryOp(final TestPlatform p)
    {
        boot(p);
        for (final Kind kind : new Kind[] {Kind.PD, Kind.OBJ, Kind.HST})
        {
            revokeAt(RacePoint.CREATE_PD, CHILD);
            final Status s = call(u -> Calls.createPd(u, DEST, kind.op(), CHILD));
            assertAbortedAndNothingChanged(RacePoint.CREATE_PD, s);
            ok(u -> Calls.createPd(u, CHILD, Kind.PD.op(), ROOT_PD)); // a new owner for the next OP
        }
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void createPdWhoseCapabilityGoesButWhoseOwnerLivesOnSucceedsWithThePermissionsItLookedUp(final TestPlatform p)
    {
        boot(p);
        final Pd child = (Pd) space.object(CHILD);
        final int perms = space.perms(CHILD);
        assertThat(space.store(CHILD + 1, child, perms)).isTrue(); // a second capability keeps the owner alive
        kernel.interleavings().at(RacePoint.CREATE_PD, () -> assertThat(space.store(CHILD, null, 0)).isTrue());
        assertThat(call(u -> Calls.createPd(u, DEST, Kind.PD.op(), CHILD))).isEqualTo(Status.SUCCESS);
        assertThat(space.object(DEST)).isInstanceOf(Pd.class).isNotSameAs(child);
        assertThat(space.perms(DEST)).isEqualTo(perms); // as NOVA's cpd.prm(): the lookup's, not a later read
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void createPdLosesTheBindingOfASpaceToAConcurrentOne(final TestPlatform p)
    {
        boot(p);
        for (final Kind kind : new Kind[] {Kind.OBJ, Kind.HST})
        {
            final long theirs = 20 + kind.op();
            otherCpuAt(RacePoint.CREATE_PD, u -> Calls.createPd(u, theirs, kind.op(), CHILD));
            final Status s = call(u -> Calls.createPd(u, DEST, kind.op(), CHILD));
            assertAbortedAndNothingChanged(RacePoint.CREATE_PD, s);
            final Pd child = (Pd) space.object(CHILD);
            assertThat(kind == Kind.OBJ ? child.obj() : child.hst()).isSameAs(space.object(theirs));
        }
    }

    // ---- create_ec --------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void createEcWhoseSpacesAreDestroyedMeanwhileIsAborted(final TestPlatform p)
    {
        boot(p);
        ok(u -> Calls.createPd(u, 11, Kind.OBJ.op(), CHILD));
        ok(u -> Calls.createPd(u, 12, Kind.HST.op(), CHILD));
        final boolean pio = p.supports(Kind.PIO);
        if (pio)
        {
            ok(u -> Calls.createPd(u, 13, Kind.PIO.op(), CHILD));
        }
        final Pd child = (Pd) space.object(CHILD);
        // The PD holds its spaces: with their capabilities gone, they die with the PD's last capability.
        kernel.interleavings().at(RacePoint.CREATE_EC, () -> {
            for (final long sel : pio ? new long[] {11, 12, 13, CHILD} : new long[] {11, 12, CHILD})
            {
                space.store(sel, null, 0);
            }
            assertThat(child.obj().isDead()).isTrue();
            freeAfterAction = heap.available();
        });
        final Status s = call(u -> Calls.createEc(u, DEST, CHILD, true, 0x5000, 0, 0, 0));
        assertAbortedAndNothingChanged(RacePoint.CREATE_EC, s);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void aVcpuWhoseSpacesAreDestroyedMeanwhileIsAborted(final TestPlatform p)
    {
        boot(p);
        if (!p.supports(Kind.GST))
        {
            return; // no vCPUs: BAD_FTR comes first (VcpuTest)
        }
        ok(u -> Calls.createPd(u, 11, Kind.OBJ.op(), CHILD));
        ok(u -> Calls.createPd(u, 12, Kind.HST.op(), CHILD));
        kernel.interleavings().at(RacePoint.CREATE_EC, () -> {
            space.store(11, null, 0);
            space.store(12, null, 0);
            space.store(CHILD, null, 0);
            freeAfterAction = heap.available();
        });
        final Status s = call(u -> {
            u.setParam(0, Hypercall.CREATE_EC.encode(1, DEST)); // G: a vCPU
            u.setParam(1, CHILD);
            u.setParam(2, 0);
            u.setParam(3, 0);
            u.setParam(4, 0);
        });
        assertAbortedAndNothingChanged(RacePoint.CREATE_EC, s);
    }

    // ---- create_sc and create_pt ------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void createScForAnEcDestroyedMeanwhileIsAbortedAndStartsNothing(final TestPlatform p)
    {
        boot(p);
        ok(u -> Calls.createEc(u, GLOBAL, ROOT_PD, true, 0x3000_1000L, 0, 1, 0));
        final Ec ec = (Ec) space.object(GLOBAL);
        revokeAt(RacePoint.CREATE_SC, GLOBAL);
        final Status s = call(u -> Calls.createSc(u, DEST, ROOT_PD, GLOBAL, 1, 1, 0));
        assertAbortedAndNothingChanged(RacePoint.CREATE_SC, s);
        assertThat(ec.isDead()).isTrue();
        assertThat(ec.hasSc).isFalse();
        assertThat(ec.events & Ec.EVENT_STARTUP).isZero();
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void createPtForAnEcDestroyedMeanwhileIsAborted(final TestPlatform p)
    {
        boot(p);
        ok(u -> Calls.createEc(u, LOCAL, ROOT_PD, false, 0x3000_1000L, 0, 0, 0));
        revokeAt(RacePoint.CREATE_PT, LOCAL);
        final Status s = call(u -> Calls.createPt(u, DEST, ROOT_PD, LOCAL, 0x4000));
        assertAbortedAndNothingChanged(RacePoint.CREATE_PT, s);
    }

    // ---- create_sm and create_dc ------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void createSmAndCreateDcForAnOwnerDestroyedMeanwhileAreAborted(final TestPlatform p)
    {
        boot(p);
        revokeAt(RacePoint.CREATE_SM, CHILD);
        final Status sm = call(u -> Calls.createSm(u, DEST, CHILD, 5));
        assertAbortedAndNothingChanged(RacePoint.CREATE_SM, sm);
        ok(u -> Calls.createPd(u, CHILD, Kind.PD.op(), ROOT_PD));
        revokeAt(RacePoint.CREATE_DC, CHILD);
        final Status dc = call(u -> Calls.createDc(u, DEST, CHILD, 0x100, 0, 0));
        assertAbortedAndNothingChanged(RacePoint.CREATE_DC, dc);
    }

    // ---- ctrl_sm ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void aDownThatWouldBlockOnASemaphoreDestroyedMeanwhileIsAbortedAndDoesNotBlock(final TestPlatform p)
    {
        boot(p);
        ok(u -> Calls.createSm(u, SM, ROOT_PD, 0));
        revokeAt(RacePoint.CTRL_SM, SM);
        assertThat(call(u -> Calls.down(u, SM, false, 0))).isEqualTo(Status.ABORTED);
        assertThat(kernel.rootEc().state).isEqualTo(Ec.RUNNABLE);
        assertThat(kernel.interleavings().armed(RacePoint.CTRL_SM)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void anUpOrADownThatNeedsNoWaitCompletesOnASemaphoreDestroyedMeanwhile(final TestPlatform p)
    {
        // NOVA's Sm::up and the fast path of Sm::dn do not look at the semaphore's death (K45).
        boot(p);
        ok(u -> Calls.createSm(u, SM, ROOT_PD, 0));
        final Sm sm = (Sm) space.object(SM);
        revokeAt(RacePoint.CTRL_SM, SM);
        assertThat(call(u -> Calls.up(u, SM))).isEqualTo(Status.SUCCESS);
        assertThat(sm.isDead()).isTrue();
        ok(u -> Calls.createSm(u, SM_B, ROOT_PD, 1));
        revokeAt(RacePoint.CTRL_SM, SM_B);
        assertThat(call(u -> Calls.down(u, SM_B, false, 0))).isEqualTo(Status.SUCCESS);
    }

    // ---- assign_int -------------------------------------------------------------------------------------

    @Test
    void assignIntOfASemaphoreDestroyedMeanwhileIsAbortedAndTakesNoSlot()
    {
        boot(TestPlatform.x86());
        ok(u -> Calls.createInterruptSm(u, SM, ROOT_PD, 5));
        final Sm sm = (Sm) space.object(SM);
        revokeAt(RacePoint.ASSIGN_INT, SM);
        assertThat(call(u -> Calls.assignInt(u, SM, NULL, true, 0, 3, 0))).isEqualTo(Status.ABORTED);
        assertThat(kernel.routes().sm(3)).isNull();
        assertThat(sm.routedCpu()).isEqualTo(-1);
    }

    @Test
    void assignIntLosesItsSlotToAConcurrentAttach()
    {
        boot(TestPlatform.x86());
        ok(u -> Calls.createInterruptSm(u, SM, ROOT_PD, 5));
        ok(u -> Calls.createInterruptSm(u, SM_B, ROOT_PD, 6));
        otherCpuAt(RacePoint.ASSIGN_INT, u -> Calls.assignInt(u, SM_B, NULL, true, 0, 3, 0));
        assertThat(call(u -> Calls.assignInt(u, SM, NULL, true, 0, 3, 0))).isEqualTo(Status.ABORTED);
        assertThat(kernel.routes().sm(3)).isSameAs(space.object(SM_B));
        assertThat(((Sm) space.object(SM)).routedCpu()).isEqualTo(-1);
    }

    // ---- the hook itself --------------------------------------------------------------------------------

    @Test
    void anArmedPointRunsItsActionOnceAndOnlyThere()
    {
        boot(TestPlatform.x86());
        final int[] runs = new int[1];
        final Interleavings i = kernel.interleavings();
        i.at(RacePoint.CREATE_SM, () -> runs[0]++);
        ok(u -> Calls.createPt(u, DEST, ROOT_PD, OTHER, 0x4000)); // another point: not run
        assertThat(runs[0]).isZero();
        assertThat(i.armed(RacePoint.CREATE_SM)).isTrue();
        ok(u -> Calls.createSm(u, DEST + 1, ROOT_PD, 0));
        ok(u -> Calls.createSm(u, DEST + 2, ROOT_PD, 0));
        assertThat(runs[0]).isEqualTo(1);
        i.at(RacePoint.CREATE_SM, () -> runs[0]++);
        i.clear();
        ok(u -> Calls.createSm(u, DEST + 3, ROOT_PD, 0));
        assertThat(runs[0]).isEqualTo(1);
    }

    @Test
    void anActionMayReachItsOwnPointWithoutRunningAgain()
    {
        boot(TestPlatform.x86());
        otherCpuAt(RacePoint.CREATE_SM, u -> Calls.createSm(u, DEST + 1, ROOT_PD, 0));
        ok(u -> Calls.createSm(u, DEST, ROOT_PD, 0));
        assertThat(space.object(DEST)).isNotNull();
        assertThat(space.object(DEST + 1)).isNotNull();
    }

    @Test
    void misuseIsNamed()
    {
        boot(TestPlatform.x86());
        final Interleavings i = kernel.interleavings();
        assertThatThrownBy(() -> i.at(null, () -> { })).hasMessageContaining("point");
        assertThatThrownBy(() -> i.at(RacePoint.CTRL_SM, null)).hasMessageContaining("action");
        assertThatThrownBy(() -> i.armed(null)).hasMessageContaining("point");
    }
}
