// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novaemu.kernel.Kernel.NOVA_OBJ;
import static org.novaemu.kernel.Kernel.ROOT_NOVA_OBJ;
import static org.novaemu.kernel.Kernel.ROOT_OBJ;
import static org.novaemu.kernel.Kernel.ROOT_PD;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.novaemu.sim.Engine;

/**
 * Boot state and the hypercalls built so far, on both register ABIs: every status each call can return,
 * the order of checks, and that a failing call changes nothing.
 */
class KernelTest
{
    private static final long N = SpaceObj.SELECTORS;

    private Kernel kernel;
    private Ec root;
    private SpaceObj space;

    private void boot(final TestPlatform platform)
    {
        kernel = new Kernel(platform.platform(), Engine.builder().build(), Costs.X86_64);
        root = kernel.rootEc();
        space = kernel.root().obj();
    }

    /**
     * Clears the five hypercall registers, lets {@code encode} load a hypercall through its layout in
     * {@link Sys}, makes the call, and checks that the status went to the first register and the second is
     * unchanged.
     */
    private Status call(final Consumer<User> encode)
    {
        for (int i = 0; i < Abi.PARAMETERS; i++)
        {
            root.setParam(i, 0);
        }
        encode.accept(root);
        final long p1 = root.param(1);
        final Status s = kernel.hypercall(root);
        assertThat(root.param(0)).isEqualTo(s.code());
        assertThat(root.param(1)).isEqualTo(p1);
        return s;
    }

    private Status createPd(final long sel, final int op, final long pd)
    {
        return call(u -> Sys.CreatePd.encode(u, sel, op, pd));
    }

    private Status createSm(final long sel, final boolean interrupt, final long pd, final long val)
    {
        return call(u -> Sys.CreateSm.encode(u, sel, interrupt, pd, val));
    }

    private Status ctrlPd(final long src, final long dst, final long ssb, final int ord, final long dsb, final int pmm)
    {
        return call(u -> Sys.CtrlPd.encode(u, src, dst, ssb, ord, dsb, pmm, 0));
    }

    private Status ctrlSm(final long sel, final boolean down, final boolean zero)
    {
        return call(u -> Sys.CtrlSm.encode(u, sel, down, zero, 0));
    }

    /** Every non-null slot of the root object space as "sel:kind:perms:identity". */
    private List<String> snapshot()
    {
        final List<String> out = new ArrayList<>();
        for (long sel = 0; sel < N; sel++)
        {
            final Kobject o = space.object(sel);
            if (o != null)
            {
                out.add(sel + ":" + o.kind() + ":" + space.perms(sel) + ":" + System.identityHashCode(o));
            }
        }
        return out;
    }

    // ---- Boot -------------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void rootObjectSpaceHoldsExactlyTheSpecifiedCapabilities(final TestPlatform p)
    {
        boot(p);
        assertThat(snapshot()).hasSize(5);
        assertThat(space.object(ROOT_NOVA_OBJ)).isSameAs(kernel.nova().obj());
        assertThat(space.perms(ROOT_NOVA_OBJ)).isEqualTo(Perm.SPACE_TAKE);
        assertThat(space.object(ROOT_OBJ)).isSameAs(space);
        assertThat(space.perms(ROOT_OBJ)).isEqualTo(0x03);
        assertThat(space.object(ROOT_PD)).isSameAs(kernel.root());
        assertThat(space.perms(ROOT_PD)).isEqualTo(0x3f);
        assertThat(space.object(Kernel.ROOT_EC)).isSameAs(root);
        assertThat(space.perms(Kernel.ROOT_EC)).isEqualTo(0x0d);
        assertThat(space.object(Kernel.ROOT_SC)).isSameAs(kernel.rootSc());
        assertThat(space.perms(Kernel.ROOT_SC)).isEqualTo(0x01);
        assertThat(kernel.rootSc().prio()).isEqualTo(127);
        assertThat(kernel.rootSc().budgetMs()).isEqualTo(1000);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void novaObjectSpaceHoldsTheSpecifiedCapabilities(final TestPlatform p)
    {
        boot(p);
        final SpaceObj nova = kernel.nova().obj();
        final boolean x86 = p.abi() == Abi.X86_64;
        assertThat(nova.object(Kernel.NOVA_CONSOLE_SM).kind()).isEqualTo(Kind.SM);
        assertThat(nova.perms(Kernel.NOVA_CONSOLE_SM)).isEqualTo(0x03);
        assertThat(nova.object(NOVA_OBJ)).isSameAs(nova);
        assertThat(nova.perms(NOVA_OBJ)).isEqualTo(Perm.SPACE_TAKE);
        assertThat(nova.perms(Kernel.NOVA_HST)).isEqualTo(Perm.SPACE_TAKE);
        assertThat(nova.perms(Kernel.NOVA_PIO)).isEqualTo(x86 ? Perm.SPACE_TAKE : 0);
        assertThat(nova.perms(Kernel.NOVA_MSR)).isEqualTo(x86 ? Perm.SPACE_TAKE : 0);
        assertThat(nova.object(Kernel.NOVA_ROOT_OBJ)).isSameAs(space);
        assertThat(nova.object(Kernel.NOVA_ROOT_HST)).isSameAs(kernel.root().hst());
        assertThat(nova.perms(Kernel.NOVA_ROOT_HST)).isEqualTo(0x03);
        assertThat(nova.perms(Kernel.NOVA_ROOT_PIO)).isEqualTo(x86 ? 0x07 : 0);
        for (int cpu = 0; cpu < p.cpus(); cpu++)
        {
            assertThat(nova.object(cpu).kind()).isEqualTo(Kind.SC);
            assertThat(nova.perms(cpu)).isEqualTo(Perm.SC_CTRL);
            assertThat(((Sc) nova.object(cpu)).prio()).isZero();
        }
        assertThat(nova.object(p.cpus())).isNull();
        assertThat(nova.object(N - 9)).isNull(); // K6: no root PD capability here
    }

    // ---- create_pd --------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void createPdMakesAPdWithThePermissionsOfTheOwnerCapability(final TestPlatform p)
    {
        boot(p);
        assertThat(ctrlPd(ROOT_OBJ, ROOT_OBJ, ROOT_PD, 0, 100, Perm.PD_PD | Perm.PD_SM)).isEqualTo(Status.SUCCESS);
        assertThat(createPd(200, 0, 100)).isEqualTo(Status.SUCCESS);
        assertThat(space.object(200).kind()).isEqualTo(Kind.PD);
        assertThat(space.object(200)).isNotSameAs(kernel.root());
        assertThat(space.perms(200)).isEqualTo(Perm.PD_PD | Perm.PD_SM);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void createPdMakesEmptySpacesWithAllDefinedPermissions(final TestPlatform p)
    {
        boot(p);
        assertThat(createPd(10, 0, ROOT_PD)).isEqualTo(Status.SUCCESS);
        for (int op = 1; op <= 6; op++)
        {
            final Kind kind = Kind.ofOp(op);
            final Status s = createPd(10 + op, op, 10);
            if (p.supports(kind))
            {
                assertThat(s).as("%s", kind).isEqualTo(Status.SUCCESS);
                assertThat(space.object(10 + op).kind()).isEqualTo(kind);
                assertThat(space.perms(10 + op)).isEqualTo(kind.perms());
                assertThat(((Space) space.object(10 + op)).owner()).isSameAs(space.object(10));
            }
            else
            {
                assertThat(s).as("%s", kind).isEqualTo(Status.BAD_FTR);
                assertThat(space.object(10 + op)).isNull();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void createPdReturnsEveryStatusItCanAndChangesNothingOnFailure(final TestPlatform p)
    {
        boot(p);
        createPd(10, 0, ROOT_PD);
        createPd(11, Kind.OBJ.op(), 10);
        ctrlPd(ROOT_OBJ, ROOT_OBJ, ROOT_PD, 0, 12, Perm.PD_EC); // a PD capability without PD
        final List<String> before = snapshot();
        // BAD_CAP: pd is not a PD, lacks PD, is null, or lies beyond the space; sel is taken or beyond the space.
        assertThat(createPd(20, 0, Kernel.ROOT_EC)).isEqualTo(Status.BAD_CAP);
        assertThat(createPd(20, 0, 12)).isEqualTo(Status.BAD_CAP);
        assertThat(createPd(20, 0, 13)).isEqualTo(Status.BAD_CAP);
        assertThat(createPd(20, 0, N + ROOT_PD)).isEqualTo(Status.BAD_CAP); // no aliasing (K1)
        assertThat(createPd(11, 0, ROOT_PD)).isEqualTo(Status.BAD_CAP);
        assertThat(createPd(N, 0, ROOT_PD)).isEqualTo(Status.BAD_CAP);
        // BAD_PAR: OP 7 to 15.
        for (int op = 7; op <= 15; op++)
        {
            assertThat(createPd(20, op, ROOT_PD)).isEqualTo(Status.BAD_PAR);
        }
        // ABORTED: a second object space for PD 10.
        assertThat(createPd(20, Kind.OBJ.op(), 10)).isEqualTo(Status.ABORTED);
        assertThat(createPd(20, Kind.HST.op(), ROOT_PD)).isEqualTo(Status.ABORTED); // root has its HST
        assertThat(snapshot()).isEqualTo(before);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void createPdChecksInNovasOrder(final TestPlatform p)
    {
        boot(p);
        createPd(10, 0, ROOT_PD);
        // A bad pd beats a bad OP; a bad OP beats a taken sel; ABORTED and BAD_FTR beat a taken sel.
        assertThat(createPd(ROOT_PD, 9, 77)).isEqualTo(Status.BAD_CAP);
        assertThat(createPd(ROOT_PD, 9, ROOT_PD)).isEqualTo(Status.BAD_PAR);
        assertThat(createPd(ROOT_PD, Kind.HST.op(), ROOT_PD)).isEqualTo(Status.ABORTED);
        final Kind missing = p.supports(Kind.GST) ? Kind.DMA : Kind.GST;
        assertThat(createPd(ROOT_PD, missing.op(), 10)).isEqualTo(Status.BAD_FTR);
    }

    // ---- create_sm --------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void createSmMakesRegularSemaphoresWithTheirCounter(final TestPlatform p)
    {
        boot(p);
        assertThat(createSm(30, false, ROOT_PD, 7)).isEqualTo(Status.SUCCESS);
        final Sm sm = (Sm) space.object(30);
        assertThat(sm.counter()).isEqualTo(7);
        assertThat(sm.isInterrupt()).isFalse();
        assertThat(space.perms(30)).isEqualTo(Perm.SM_CTRLUP | Perm.SM_CTRLDN);
        ctrlPd(ROOT_OBJ, ROOT_OBJ, ROOT_PD, 0, 12, Kind.PD.perms() & ~Perm.PD_SM);
        final List<String> before = snapshot();
        assertThat(createSm(31, false, 12, 0)).isEqualTo(Status.BAD_CAP);
        assertThat(createSm(30, false, ROOT_PD, 0)).isEqualTo(Status.BAD_CAP);
        assertThat(snapshot()).isEqualTo(before);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void createSmForAnInterruptNeedsDcPermissionAndAValidIsd(final TestPlatform p)
    {
        boot(p);
        ctrlPd(ROOT_OBJ, ROOT_OBJ, ROOT_PD, 0, 12, Perm.PD_SM);
        final List<String> before = snapshot();
        assertThat(createSm(40, true, 12, 0)).isEqualTo(Status.BAD_CAP);
        assertThat(createSm(40, true, ROOT_PD, 1_000)).isEqualTo(Status.BAD_PAR);
        assertThat(createSm(ROOT_PD, true, ROOT_PD, 1_000)).isEqualTo(Status.BAD_PAR); // ISD before sel
        assertThat(snapshot()).isEqualTo(before);
        final Status s = createSm(40, true, ROOT_PD, 3);
        if (p.isdLimit() > 3)
        {
            assertThat(s).isEqualTo(Status.SUCCESS);
            final Sm sm = (Sm) space.object(40);
            assertThat(sm.isInterrupt()).isTrue();
            assertThat(sm.isd()).isEqualTo(3);
            assertThat(sm.counter()).isZero();
            assertThat(space.perms(40)).isEqualTo(0x07);
        }
        else
        {
            assertThat(s).isEqualTo(Status.BAD_PAR); // no interrupt hardware: no ISD is valid
        }
    }

    // ---- ctrl_pd ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void ctrlPdCopiesABlockWithMaskedPermissionsAndNullsWhatIsLeftEmpty(final TestPlatform p)
    {
        boot(p);
        createSm(64, false, ROOT_PD, 0);
        createSm(65, false, ROOT_PD, 0);
        createSm(67, false, ROOT_PD, 0);
        createSm(70, false, ROOT_PD, 0); // destination slot to be overwritten by a null
        assertThat(ctrlPd(ROOT_OBJ, ROOT_OBJ, 64, 2, 68, Perm.SM_CTRLUP)).isEqualTo(Status.SUCCESS);
        assertThat(space.object(68)).isSameAs(space.object(64));
        assertThat(space.perms(68)).isEqualTo(Perm.SM_CTRLUP);
        assertThat(space.object(70)).isNull(); // source 66 was null: the old SM at 70 is revoked
        assertThat(space.object(71)).isSameAs(space.object(67));
        // A mask that leaves nothing makes a null capability.
        assertThat(ctrlPd(ROOT_OBJ, ROOT_OBJ, 64, 0, 72, Perm.SM_ASSIGN)).isEqualTo(Status.SUCCESS);
        assertThat(space.object(72)).isNull();
        // In place: the same range reduced, then revoked.
        assertThat(ctrlPd(ROOT_OBJ, ROOT_OBJ, 64, 1, 64, Perm.SM_CTRLDN)).isEqualTo(Status.SUCCESS);
        assertThat(space.perms(64)).isEqualTo(Perm.SM_CTRLDN);
        final Sm sm65 = (Sm) space.object(65);
        assertThat(ctrlPd(ROOT_OBJ, ROOT_OBJ, 64, 1, 64, 0)).isEqualTo(Status.SUCCESS);
        assertThat(space.object(64)).isNull();
        assertThat(space.object(65)).isNull();
        assertThat(sm65.isDead()).isFalse(); // 69 still refers to it
        assertThat(ctrlPd(ROOT_OBJ, ROOT_OBJ, 68, 2, 68, 0)).isEqualTo(Status.SUCCESS);
        assertThat(sm65.isDead()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void ctrlPdTakesFromTheNovaObjectSpace(final TestPlatform p)
    {
        boot(p);
        assertThat(ctrlPd(ROOT_NOVA_OBJ, ROOT_OBJ, Kernel.NOVA_ROOT_HST, 0, 50, 0x3f)).isEqualTo(Status.SUCCESS);
        assertThat(space.object(50)).isSameAs(kernel.root().hst());
        assertThat(space.perms(50)).isEqualTo(0x03);
        assertThat(ctrlPd(ROOT_NOVA_OBJ, ROOT_OBJ, 0, 1, 52, Perm.SC_CTRL)).isEqualTo(Status.SUCCESS);
        assertThat(space.object(52).kind()).isEqualTo(Kind.SC); // the idle SCs of CPUs 0 and 1
        assertThat(space.object(53).kind()).isEqualTo(Kind.SC);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void ctrlPdReturnsEveryStatusItCanInNovasOrderAndChangesNothing(final TestPlatform p)
    {
        boot(p);
        createPd(10, 0, ROOT_PD);
        createPd(11, Kind.OBJ.op(), 10);                                 // an OBJ space with GRANT and TAKE
        ctrlPd(ROOT_OBJ, ROOT_OBJ, 11, 0, 12, Perm.SPACE_GRANT);        // ... with GRANT only
        ctrlPd(ROOT_OBJ, ROOT_OBJ, 11, 0, 13, Perm.SPACE_TAKE);         // ... with TAKE only
        createSm(14, false, ROOT_PD, 0);
        final List<String> before = snapshot();
        // BAD_PAR: misaligned bases, checked before the capabilities.
        assertThat(ctrlPd(ROOT_OBJ, 11, 2, 2, 0, 0x3f)).isEqualTo(Status.BAD_PAR);
        assertThat(ctrlPd(ROOT_OBJ, 11, 0, 2, 6, 0x3f)).isEqualTo(Status.BAD_PAR);
        assertThat(ctrlPd(999, 998, 1, 1, 0, 0x3f)).isEqualTo(Status.BAD_PAR);
        // BAD_CAP: null, not a space, no TAKE on src, no GRANT on dst, incompatible kinds.
        assertThat(ctrlPd(999, 11, 0, 0, 0, 0x3f)).isEqualTo(Status.BAD_CAP);
        assertThat(ctrlPd(ROOT_PD, 11, 0, 0, 0, 0x3f)).isEqualTo(Status.BAD_CAP);
        assertThat(ctrlPd(12, 11, 0, 0, 0, 0x3f)).isEqualTo(Status.BAD_CAP);
        assertThat(ctrlPd(ROOT_OBJ, 13, 0, 0, 0, 0x3f)).isEqualTo(Status.BAD_CAP);
        assertThat(ctrlPd(ROOT_OBJ, 14, 0, 0, 0, 0x3f)).isEqualTo(Status.BAD_CAP);
        assertThat(ctrlPd(ROOT_OBJ, ROOT_OBJ + N, 0, 0, 0, 0x3f)).isEqualTo(Status.BAD_CAP);
        createPd(15, Kind.HST.op(), 10);
        final List<String> withHst = snapshot();
        assertThat(ctrlPd(ROOT_OBJ, 15, 0, 0, 0, 0x3f)).isEqualTo(Status.BAD_CAP);
        // BAD_PAR: ranges that do not fit in the space.
        assertThat(ctrlPd(ROOT_OBJ, 11, N, 0, 0, 0x3f)).isEqualTo(Status.BAD_PAR);
        assertThat(ctrlPd(ROOT_OBJ, 11, 0, 0, N, 0x3f)).isEqualTo(Status.BAD_PAR);
        assertThat(ctrlPd(ROOT_OBJ, 11, 0, 19, 0, 0x3f)).isEqualTo(Status.BAD_PAR);
        assertThat(ctrlPd(ROOT_OBJ, 11, 0, 31, 0, 0x3f)).isEqualTo(Status.BAD_PAR);
        assertThat(snapshot()).isEqualTo(withHst).hasSize(before.size() + 1);
        // The largest block, the whole space, works.
        assertThat(ctrlPd(ROOT_OBJ, 11, 0, 18, 0, 0x3f)).isEqualTo(Status.SUCCESS);
        assertThat(((SpaceObj) space.object(11)).object(ROOT_PD)).isSameAs(kernel.root());
    }

    // ---- ctrl_sm ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void ctrlSmCountsUpAndDownAndRefusesToOverflow(final TestPlatform p)
    {
        boot(p);
        createSm(30, false, ROOT_PD, 2);
        final Sm sm = (Sm) space.object(30);
        assertThat(ctrlSm(30, false, false)).isEqualTo(Status.SUCCESS);
        assertThat(sm.counter()).isEqualTo(3);
        assertThat(ctrlSm(30, true, false)).isEqualTo(Status.SUCCESS);
        assertThat(sm.counter()).isEqualTo(2);
        assertThat(ctrlSm(30, true, true)).isEqualTo(Status.SUCCESS);
        assertThat(sm.counter()).isZero();
        createSm(31, false, ROOT_PD, -1L);
        final Sm full = (Sm) space.object(31);
        assertThat(ctrlSm(31, false, false)).isEqualTo(Status.OVRFLOW);
        assertThat(full.counter()).isEqualTo(-1L);
        assertThat(ctrlSm(31, true, false)).isEqualTo(Status.SUCCESS);
        assertThat(full.counter()).isEqualTo(-2L);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void ctrlSmNeedsTheRightPermissionForEachDirection(final TestPlatform p)
    {
        boot(p);
        createSm(30, false, ROOT_PD, 5);
        ctrlPd(ROOT_OBJ, ROOT_OBJ, 30, 0, 31, Perm.SM_CTRLUP);
        ctrlPd(ROOT_OBJ, ROOT_OBJ, 30, 0, 32, Perm.SM_CTRLDN);
        final Sm sm = (Sm) space.object(30);
        assertThat(ctrlSm(31, true, false)).isEqualTo(Status.BAD_CAP);
        assertThat(ctrlSm(32, false, false)).isEqualTo(Status.BAD_CAP);
        assertThat(ctrlSm(ROOT_PD, false, false)).isEqualTo(Status.BAD_CAP);
        assertThat(ctrlSm(30 + N, false, false)).isEqualTo(Status.BAD_CAP);
        assertThat(sm.counter()).isEqualTo(5);
        assertThat(ctrlSm(31, false, false)).isEqualTo(Status.SUCCESS);
        assertThat(ctrlSm(32, true, false)).isEqualTo(Status.SUCCESS);
        assertThat(sm.counter()).isEqualTo(5);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void reservedFlagBitsAreIgnored(final TestPlatform p)
    {
        boot(p);
        // create_sm has only I (bit 4); bits 5 to 7 set change nothing (K3).
        assertThat(call(u -> {
            Sys.CreateSm.encode(u, 30, false, ROOT_PD, 9);
            u.setParam(0, Hypercall.CREATE_SM.encode(0b1110, 30));
        })).isEqualTo(Status.SUCCESS);
        assertThat(((Sm) space.object(30)).isInterrupt()).isFalse();
        // ctrl_sm: bits 6 and 7 ignored; up with Z set ignores Z.
        assertThat(call(u -> u.setParam(0, Hypercall.CTRL_SM.encode(0b1110, 30)))).isEqualTo(Status.SUCCESS);
        assertThat(((Sm) space.object(30)).counter()).isEqualTo(10);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void theReturnFromAHypercallSetsWhatSysretUses(final TestPlatform p)
    {
        boot(p);
        final boolean x86 = p.abi() == Abi.X86_64;
        root.setIp(0x1234);
        root.setGpr(x86 ? 1 : 9, 0x1111); // x86 RCX; AArch64 X9, beside X0 to X4
        root.setGpr(11, 0x2222);
        root.setFlags(x86 ? 0x40203 : 0x60000000L);
        assertThat(createSm(50, false, ROOT_PD, 0)).isEqualTo(Status.SUCCESS);
        if (x86)
        {
            // SYSRET: RCX = RIP, R11 = RFLAGS = 0x202 (NOVA's return path).
            assertThat(root.gpr(1)).isEqualTo(0x1234);
            assertThat(root.gpr(11)).isEqualTo(0x202);
            assertThat(root.flags()).isEqualTo(0x202);
        }
        else
        {
            // ERET restores SPSR and touches no general-purpose register.
            assertThat(root.gpr(9)).isEqualTo(0x1111);
            assertThat(root.gpr(11)).isEqualTo(0x2222);
            assertThat(root.flags()).isEqualTo(0x60000000L);
        }
    }
}
