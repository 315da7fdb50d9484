// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novaemu.kernel.Kernel.ROOT_OBJ;
import static org.novaemu.kernel.Kernel.ROOT_PD;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.novaemu.sim.Engine;

/**
 * The architecture-neutral halves of create_dc, assign_dev, assign_int and ctrl_hw, and interrupt
 * semaphores: capability and CPU checks here, hardware answers from the platform.
 */
class DeviceTest
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

    private Status call(final Hypercall h, final int flags, final long sel, final long p1, final long p2,
                        final long p3, final long p4)
    {
        root.setParam(0, h.encode(flags, sel));
        root.setParam(1, p1);
        root.setParam(2, p2);
        root.setParam(3, p3);
        root.setParam(4, p4);
        return kernel.hypercall(root);
    }

    private void delegate(final long from, final long to, final int pmm)
    {
        assertThat(call(Hypercall.CTRL_PD, 0, ROOT_OBJ, ROOT_OBJ, from << 12, to << 12 | pmm, 0))
            .isEqualTo(Status.SUCCESS);
    }

    private static long route(final int idx, final int cpu, final int cfg)
    {
        return (long) idx << 32 | (long) cpu << 16 | cfg;
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void createDcRecordsTheTopologyAndNeedsDcPermission(final TestPlatform p)
    {
        boot(p);
        delegate(ROOT_PD, 12, Kind.PD.perms() & ~Perm.PD_DC);
        assertThat(call(Hypercall.CREATE_DC, 0, 50, ROOT_PD, 0x0001_0208L, 0xfed9_0000L >>> 12 << 12, 0))
            .isEqualTo(Status.SUCCESS);
        final Dc dc = (Dc) space.object(50);
        assertThat(dc.dtd(0)).isEqualTo(0x0001_0208L);
        assertThat(dc.dtd(1)).isEqualTo(0xfed9_0000L);
        assertThat(space.perms(50)).isEqualTo(0x03);
        assertThat(call(Hypercall.CREATE_DC, 0, 51, 12, 0, 0, 0)).isEqualTo(Status.BAD_CAP);
        assertThat(call(Hypercall.CREATE_DC, 0, 50, ROOT_PD, 0, 0, 0)).isEqualTo(Status.BAD_CAP);
        assertThat(space.object(51)).isNull();
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void assignDevChecksCapabilitiesAndLeavesTheRestToTheIommu(final TestPlatform p)
    {
        boot(p);
        call(Hypercall.CREATE_DC, 0, 50, ROOT_PD, 0, 0, 0);
        delegate(50, 51, Perm.DC_ASSIGN_INT);
        assertThat(call(Hypercall.ASSIGN_DEV, 0, 50, Kernel.ROOT_OBJ, 0, 0, 0)).isEqualTo(Status.BAD_CAP);
        assertThat(call(Hypercall.ASSIGN_DEV, 0, 51, 60, 0, 0, 0)).isEqualTo(Status.BAD_CAP);
        if (p.supports(Kind.DMA))
        {
            call(Hypercall.CREATE_PD, Kind.DMA.op(), 60, ROOT_PD, 0, 0, 0);
            delegate(60, 61, Perm.SPACE_GRANT);
            assertThat(call(Hypercall.ASSIGN_DEV, 0, 50, 61, 0, 0, 0)).isEqualTo(Status.BAD_CAP); // no ASSIGN
            assertThat(call(Hypercall.ASSIGN_DEV, 0, 51, 60, 0, 0, 0)).isEqualTo(Status.BAD_CAP); // no ASSIGN_DEV
            // No IOMMU model: the DTD names no unit.
            assertThat(call(Hypercall.ASSIGN_DEV, 0, 50, 60, 0, 0, 0)).isEqualTo(Status.BAD_DEV);
        }
    }

    @org.junit.jupiter.api.Test
    void assignIntIsBadDevWhereThePlatformCannotRouteTheInterrupt()
    {
        // An Arm-like platform whose ISDs name interrupts but whose interrupt controller model is absent.
        final TestPlatform arm = TestPlatform.arm();
        boot(new TestPlatform(arm.abi(), arm.cpus(), arm.spaces(), 4, arm.kernelMemorySize(), arm.hooks()));
        assertThat(call(Hypercall.CREATE_SM, 1, 41, ROOT_PD, 3, 0, 0)).isEqualTo(Status.SUCCESS);
        assertThat(call(Hypercall.ASSIGN_INT, 1, 41, 0, route(0, 1, 0), 0, 0)).isEqualTo(Status.BAD_DEV);
        assertThat(((Sm) space.object(41)).routedCpu()).isEqualTo(-1);
        assertThat(root.param(1)).isZero();
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void assignIntRoutesAnInterruptSemaphoreAndReturnsTheMsiPair(final TestPlatform p)
    {
        boot(p);
        call(Hypercall.CREATE_SM, 0, 40, ROOT_PD, 0, 0, 0); // a regular semaphore
        call(Hypercall.CREATE_DC, 0, 50, ROOT_PD, 0, 0, 0);
        delegate(50, 51, Perm.DC_ASSIGN_DEV);
        assertThat(call(Hypercall.ASSIGN_INT, 1, 40, 0, route(0, 0, 0), 0, 0)).isEqualTo(Status.BAD_CAP);
        // CPU first
        assertThat(call(Hypercall.ASSIGN_INT, 1, 40, 0, route(0, p.cpus(), 0), 0, 0)).isEqualTo(Status.BAD_CPU);
        if (p.isdLimit() == 0)
        {
            return; // no interrupt hardware: no interrupt semaphore can exist
        }
        call(Hypercall.CREATE_SM, 1, 41, ROOT_PD, 3, 0, 0);
        delegate(41, 42, Perm.SM_CTRLUP | Perm.SM_CTRLDN);
        final Sm sm = (Sm) space.object(41);
        assertThat(call(Hypercall.ASSIGN_INT, 1, 42, 0, route(0, 1, 0), 0, 0)).isEqualTo(Status.BAD_CAP);
        assertThat(call(Hypercall.ASSIGN_INT, 1, 41, 51, route(0, 1, 0), 0, 0)).isEqualTo(Status.BAD_CAP);
        assertThat(call(Hypercall.ASSIGN_INT, 1, 41, 0, route(0, p.cpus(), 0), 0, 0)).isEqualTo(Status.BAD_CPU);
        assertThat(call(Hypercall.ASSIGN_INT, 1, 41, 0, route(0, 1, 8), 0, 0)).isEqualTo(Status.BAD_PAR);
        assertThat(sm.routedCpu()).isEqualTo(-1);
        // A pin: no MSI pair.
        assertThat(call(Hypercall.ASSIGN_INT, 1, 41, 0, route(5, 1, 0), 0, 0)).isEqualTo(Status.SUCCESS);
        assertThat(root.param(1)).isZero();
        assertThat(root.param(2)).isZero();
        assertThat(sm.routedCpu()).isEqualTo(1);
        // An MSI through the DC: the platform's address and data come back in the second and third registers.
        assertThat(call(Hypercall.ASSIGN_INT, 1, 41, 50, route(7, 2, 0), 0, 0)).isEqualTo(Status.SUCCESS);
        assertThat(root.param(1)).isEqualTo(0xfee0_2000L);
        assertThat(root.param(2)).isEqualTo(39);
        assertThat(sm.routedCpu()).isEqualTo(2);
        // Down on the wrong CPU: BAD_CPU; an interrupt ups it; detach clears the route.
        assertThat(call(Hypercall.CTRL_SM, 1, 41, 0, 0, 0, 0)).isEqualTo(Status.BAD_CPU);
        assertThat(kernel.events(2).interrupt(2 * TestPlatform.SLOTS + 7)).isTrue(); // its slot: CPU 2, index 7
        assertThat(sm.counter()).isEqualTo(1);
        assertThat(call(Hypercall.ASSIGN_INT, 0, 41, 0, route(7, 2, 0), 0, 0)).isEqualTo(Status.SUCCESS);
        assertThat(root.param(2)).isEqualTo(route(7, 2, 0)); // a detach leaves the registers as they were
        assertThat(call(Hypercall.ASSIGN_INT, 0, 41, 50, route(7, 2, 0), 0, 0)).isEqualTo(Status.BAD_CAP); // DC
        assertThat(sm.routedCpu()).isEqualTo(-1);
        assertThat(call(Hypercall.CTRL_SM, 1, 41, 0, 0, 0, 0)).isEqualTo(Status.SUCCESS);
        assertThat(sm.counter()).isZero();
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void ctrlHwIsForTheRootPdOnly(final TestPlatform p)
    {
        boot(p);
        assertThat(call(Hypercall.CTRL_HW, 0, 0, 0, 0, 0, 0)).isEqualTo(Status.BAD_FTR);
        assertThat(call(Hypercall.CTRL_HW, 4, 0, 0, 0, 0, 0)).isEqualTo(Status.BAD_FTR);
        for (final int op : new int[] {1, 2, 3, 8, 15})
        {
            assertThat(call(Hypercall.CTRL_HW, op, 0, 0, 0, 0, 0)).isEqualTo(Status.BAD_PAR);
        }
        // An EC of another PD gets BAD_HYP, whatever the OP.
        call(Hypercall.CREATE_PD, 0, 10, ROOT_PD, 0, 0, 0);
        call(Hypercall.CREATE_PD, Kind.OBJ.op(), 11, 10, 0, 0, 0);
        call(Hypercall.CREATE_PD, Kind.HST.op(), 12, 10, 0, 0, 0);
        if (p.supports(Kind.PIO))
        {
            call(Hypercall.CREATE_PD, Kind.PIO.op(), 13, 10, 0, 0, 0);
        }
        assertThat(call(Hypercall.CREATE_EC, 0, 20, 10, 0, 0, 0)).isEqualTo(Status.SUCCESS);
        final Ec other = (Ec) space.object(20);
        other.setParam(0, Hypercall.CTRL_HW.encode(9, 0));
        assertThat(kernel.hypercall(other)).isEqualTo(Status.BAD_HYP);
    }
}
