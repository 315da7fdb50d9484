// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novaemu.kernel.Kernel.ROOT_EC;
import static org.novaemu.kernel.Kernel.ROOT_OBJ;
import static org.novaemu.kernel.Kernel.ROOT_PD;
import static org.novaemu.kernel.Kernel.ROOT_SC;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.novaemu.sim.Engine;

/** create_ec, create_pt, ctrl_pt and ctrl_sc: every status each returns, in order, on both ABIs. */
class CreateEcPtTest
{
    private Kernel kernel;
    private Ec root;
    private SpaceObj space;

    private void boot(final TestPlatform p)
    {
        kernel = new Kernel(p.platform(), Engine.builder().build(), Costs.X86_64);
        root = kernel.rootEc();
        space = kernel.root().obj();
    }

    private Status hypercall()
    {
        return kernel.hypercall(root);
    }

    private Status createEc(final long sel, final long pd, final int flags, final long hva, final long evt,
                            final int cpu)
    {
        root.setParam(0, Hypercall.CREATE_EC.encode(flags, sel));
        root.setParam(1, pd);
        root.setParam(2, hva);
        root.setParam(3, evt << 16 | cpu);
        root.setParam(4, 0x7000);
        return hypercall();
    }

    private Status createPt(final long sel, final long pd, final long ec)
    {
        Calls.createPt(root, sel, pd, ec, 0x4000);
        return hypercall();
    }

    private void delegate(final long from, final long to, final int pmm)
    {
        Calls.ctrlPd(root, ROOT_OBJ, ROOT_OBJ, from, 0, to, pmm, 0);
        assertThat(hypercall()).isEqualTo(Status.SUCCESS);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void createEcMakesALocalEcWithItsStackPointerAndEventBase(final TestPlatform p)
    {
        boot(p);
        assertThat(createEc(20, ROOT_PD, 0, 0x1000, 0x40, p.cpus() - 1)).isEqualTo(Status.SUCCESS);
        final Ec ec = (Ec) space.object(20);
        assertThat(space.perms(20)).isEqualTo(0x0d);
        assertThat(ec.pd()).isSameAs(kernel.root());
        assertThat(ec.cpu()).isEqualTo(p.cpus() - 1);
        assertThat(ec.isGlobal()).isFalse();
        assertThat(ec.isRunnable()).isFalse(); // a local EC waits for calls
        assertThat(ec.gpr(p.abi().sp())).isEqualTo(0x7000);
        assertThat(ec.evt).isEqualTo(0x40);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void aUtcbOverAnExistingMappingReplacesItWithAKernelPage(final TestPlatform p)
    {
        boot(p);
        kernel.start(u -> Program.PREEMPT); // maps the root's image
        final SpaceMem hst = kernel.root().hst();
        final long page = (RootImage.DATA >>> 12) + 5; // a page of the root's own image
        assertThat(SpaceMem.perms(hst.lookup(page))).isNotZero();
        assertThat(SpaceMem.isKernel(hst.lookup(page))).isFalse();
        assertThat(createEc(20, ROOT_PD, 0, page << 12, 0, 0)).isEqualTo(Status.SUCCESS);
        final Ec ec = (Ec) space.object(20);
        final long e = hst.lookup(page);
        assertThat(SpaceMem.frame(e)).isEqualTo(ec.utcbFrame() >>> 12); // the UTCB took the page (K34)
        assertThat(SpaceMem.isKernel(e)).isTrue();
        assertThat(SpaceMem.perms(e)).isEqualTo(Perm.MEM_R | Perm.MEM_W);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void createEcReturnsEveryStatusInNovasOrder(final TestPlatform p)
    {
        boot(p);
        final long top = 1L << (p.hostSelectorBits() + 12);
        delegate(ROOT_PD, 12, Kind.PD.perms() & ~Perm.PD_EC);
        Calls.createPd(root, 13, 0, ROOT_PD);
        hypercall(); // a PD without spaces
        // BAD_PAR (UTCB outside user space) before BAD_CPU before BAD_CAP.
        assertThat(createEc(ROOT_PD, 99, 0, top, 0, 999)).isEqualTo(Status.BAD_PAR);
        assertThat(createEc(ROOT_PD, 99, 0, top - 0x1000, 0, p.cpus())).isEqualTo(Status.BAD_CPU);
        assertThat(createEc(ROOT_PD, 99, 0, top - 0x1000, 0, 0)).isEqualTo(Status.BAD_CAP);
        assertThat(createEc(20, 12, 0, 0, 0, 0)).isEqualTo(Status.BAD_CAP);
        assertThat(createEc(20, ROOT_EC, 0, 0, 0, 0)).isEqualTo(Status.BAD_CAP);
        // ABORTED: the owner has no object, host or PIO space; the taken sel is checked last.
        assertThat(createEc(ROOT_PD, 13, 0, 0, 0, 0)).isEqualTo(Status.ABORTED);
        assertThat(createEc(ROOT_PD, ROOT_PD, 0, 0, 0, 0)).isEqualTo(Status.BAD_CAP);
        // The low 12 bits of the UTCB address are not part of it.
        assertThat(createEc(20, ROOT_PD, 0, top - 1, 0, 0)).isEqualTo(Status.SUCCESS);
        if (!p.supports(Kind.GST))
        {
            assertThat(createEc(21, ROOT_PD, 1, 0, 0, 0)).isEqualTo(Status.BAD_FTR); // no vCPUs
        }
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void createPtBindsOnlyToALocalEcOfTheSamePd(final TestPlatform p)
    {
        boot(p);
        createEc(20, ROOT_PD, 0, 0, 0, 0);
        delegate(20, 22, Kind.EC.perms() & ~Perm.EC_BINDPT);
        delegate(ROOT_PD, 23, Kind.PD.perms() & ~Perm.PD_PT);
        Calls.createPd(root, 24, 0, ROOT_PD);
        hypercall();
        assertThat(createPt(30, ROOT_PD, 20)).isEqualTo(Status.SUCCESS);
        final Pt pt = (Pt) space.object(30);
        assertThat(pt.ec()).isSameAs(space.object(20));
        assertThat(pt.ip()).isEqualTo(0x4000);
        assertThat(pt.pid()).isZero();
        assertThat(pt.mtd()).isZero();
        assertThat(space.perms(30)).isEqualTo(0x07);
        assertThat(createPt(31, ROOT_PD, ROOT_EC)).isEqualTo(Status.BAD_CAP); // a global EC
        assertThat(createPt(31, ROOT_PD, 22)).isEqualTo(Status.BAD_CAP);     // no BINDPT
        assertThat(createPt(31, 23, 20)).isEqualTo(Status.BAD_CAP);          // no PT
        assertThat(createPt(31, 24, 20)).isEqualTo(Status.BAD_CAP);          // another PD
        assertThat(createPt(30, ROOT_PD, 20)).isEqualTo(Status.BAD_CAP);     // taken
        assertThat(space.object(31)).isNull();
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void ctrlPtSetsPidAndMtd(final TestPlatform p)
    {
        boot(p);
        createEc(20, ROOT_PD, 0, 0, 0, 0);
        createPt(30, ROOT_PD, 20);
        delegate(30, 31, Kind.PT.perms() & ~Perm.PT_CTRL);
        Calls.ctrlPt(root, 30, -2L, 0xdead_beef);
        assertThat(hypercall()).isEqualTo(Status.SUCCESS);
        final Pt pt = (Pt) space.object(30);
        assertThat(pt.pid()).isEqualTo(-2L);
        assertThat(pt.mtd()).isEqualTo(0xdead_beef);
        Calls.ctrlPt(root, 31, 5, 5);
        assertThat(hypercall()).isEqualTo(Status.BAD_CAP);
        Calls.ctrlPt(root, 20, 5, 5);
        assertThat(hypercall()).isEqualTo(Status.BAD_CAP);
        assertThat(pt.pid()).isEqualTo(-2L);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void ctrlScNeedsCtrlAndReturnsTicksInTheSecondRegister(final TestPlatform p)
    {
        boot(p);
        Calls.ctrlSc(root, ROOT_SC);
        assertThat(hypercall()).isEqualTo(Status.SUCCESS);
        assertThat(root.param(1)).isZero(); // nothing has run yet
        delegate(ROOT_SC, 40, 0); // a null capability
        Calls.ctrlSc(root, ROOT_PD);
        root.setParam(1, 1234);
        assertThat(hypercall()).isEqualTo(Status.BAD_CAP);
        assertThat(root.param(1)).isEqualTo(1234); // not written on failure
        Calls.ctrlSc(root, 40);
        assertThat(hypercall()).isEqualTo(Status.BAD_CAP);
    }
}
