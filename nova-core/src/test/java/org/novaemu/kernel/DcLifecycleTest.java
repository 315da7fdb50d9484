// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novaemu.kernel.Kernel.ROOT_OBJ;
import static org.novaemu.kernel.Kernel.ROOT_PD;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.novaemu.sim.Engine;

/**
 * The platform's half of a DC's life (K50): create_dc hands the new DC to {@link Interrupts#createDc} only once
 * every kernel check has passed, a MEM_OBJ from it leaves no DC behind, and the DC's death reaches
 * {@link Interrupts#destroyDc} once, when its last capability goes. Without a hook (x86, the test platforms)
 * nothing else changes.
 */
class DcLifecycleTest
{
    private final List<String> log = new ArrayList<>();
    private Status answer = Status.SUCCESS;
    private Kernel kernel;
    private Ec root;

    /** The test platform's interrupts, with the DC hooks logged and create_dc's answer chosen by the test. */
    private final class Hooked implements Interrupts
    {
        private final Interrupts inner;

        Hooked(final Interrupts inner)
        {
            this.inner = inner;
        }

        @Override
        public Status createDc(final Dc dc)
        {
            log.add("create " + Long.toHexString(dc.dtd(0)) + " " + answer);
            if (answer == Status.SUCCESS)
            {
                dc.platformState("state " + Long.toHexString(dc.dtd(0)));
            }
            return answer;
        }

        @Override
        public void destroyDc(final Dc dc)
        {
            log.add("destroy " + dc.platformState());
        }

        @Override
        public boolean validIsd(final long isd)
        {
            return inner.validIsd(isd);
        }

        @Override
        public int route(final long isd)
        {
            return inner.route(isd);
        }

        @Override
        public int slots()
        {
            return inner.slots();
        }

        @Override
        public Status check(final boolean attach, final Sm sm, final Dc dc, final int cpu, final int idx,
                            final int cfg)
        {
            return inner.check(attach, sm, dc, cpu, idx, cfg);
        }

        @Override
        public int slot(final Sm sm, final int cpu, final int idx)
        {
            return inner.slot(sm, cpu, idx);
        }

        @Override
        public Status program(final Sm sm, final Dc dc, final int cpu, final int idx, final int cfg,
                              final long[] msi)
        {
            log.add("program " + (dc == null ? null : dc.platformState()));
            return inner.program(sm, dc, cpu, idx, cfg, msi);
        }

        @Override
        public void unprogram(final Sm sm)
        {
            inner.unprogram(sm);
        }

        @Override
        public void deactivate(final Sm sm)
        {
            inner.deactivate(sm);
        }

        @Override
        public void handle(final int cpu, final KernelEvents events)
        {
            inner.handle(cpu, events);
        }

        @Override
        public boolean sendIpi(final int cpu, final Ipi kind)
        {
            return inner.sendIpi(cpu, kind);
        }
    }

    private void boot()
    {
        boot(TestPlatform.arm().platform());
    }

    private void boot(final Platform p)
    {
        kernel = new Kernel(new Platform(p.abi(), p.layout(), p.ec(), p.vcpus(), new Hooked(p.interrupts()),
            p.timer(), p.iommu(), p.hip(), p.attributes(), p.control(), p.ports()), Engine.builder().build(),
            Costs.X86_64);
        root = kernel.rootEc();
    }

    private Status call(final java.util.function.Consumer<User> setup)
    {
        setup.accept(root);
        return kernel.hypercall(root);
    }

    @Test
    void thePlatformSeesTheDcLastAndItsMemObjLeavesNothing()
    {
        boot();
        final long free = kernel.heap().available();
        assertThat(call(u -> Calls.createDc(u, 50, ROOT_OBJ, 1, 0, 0))).as("not a PD").isEqualTo(Status.BAD_CAP);
        kernel.allocationFaults().failObject(1);
        assertThat(call(u -> Calls.createDc(u, 50, ROOT_PD, 2, 0, 0))).isEqualTo(Status.MEM_OBJ);
        kernel.allocationFaults().failCapabilityTable(1);
        assertThat(call(u -> Calls.createDc(u, 0x3000, ROOT_PD, 3, 0, 0))).isEqualTo(Status.MEM_CAP);
        assertThat(log).as("the kernel's own failures come first and never reach the platform").isEmpty();
        answer = Status.MEM_OBJ;
        assertThat(call(u -> Calls.createDc(u, 50, ROOT_PD, 4, 0, 0))).isEqualTo(Status.MEM_OBJ);
        assertThat(kernel.root().obj().object(50)).isNull();
        assertThat(kernel.heap().available()).isEqualTo(free);
        answer = Status.SUCCESS;
        assertThat(call(u -> Calls.createDc(u, 50, ROOT_PD, 5, 0, 0))).isEqualTo(Status.SUCCESS);
        assertThat(((Dc) kernel.root().obj().object(50)).platformState()).isEqualTo("state 5");
        assertThat(call(u -> Calls.createDc(u, 50, ROOT_PD, 6, 0, 0))).as("occupied").isEqualTo(Status.BAD_CAP);
        assertThat(log).containsExactly("create 4 MEM_OBJ", "create 5 SUCCESS");
    }

    @Test
    void theDcsDeathReachesThePlatformOnceWhenItsLastCapabilityGoes()
    {
        boot();
        assertThat(call(u -> Calls.createDc(u, 50, ROOT_PD, 7, 0, 0))).isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.ctrlPd(u, ROOT_OBJ, ROOT_OBJ, 50, 0, 51, 0x3, 0))).isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.ctrlPd(u, ROOT_OBJ, ROOT_OBJ, 60, 0, 50, 0x3, 0))).isEqualTo(Status.SUCCESS);
        assertThat(log).containsExactly("create 7 SUCCESS");
        assertThat(call(u -> Calls.ctrlPd(u, ROOT_OBJ, ROOT_OBJ, 60, 0, 51, 0x3, 0))).isEqualTo(Status.SUCCESS);
        assertThat(log).containsExactly("create 7 SUCCESS", "destroy state 7");
    }

    @Test
    void aDcRevokedWhileAssignIntRunsDiesAfterTheAttachItWasNamedIn()
    {
        boot(TestPlatform.x86().platform());
        assertThat(call(u -> Calls.createDc(u, 50, ROOT_PD, 8, 0, 0))).isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.createInterruptSm(u, 52, ROOT_PD, 5))).isEqualTo(Status.SUCCESS);
        kernel.interleavings().at(RacePoint.ASSIGN_INT,
            () -> assertThat(kernel.root().obj().store(50, null, 0)).as("the DC's last capability").isTrue());
        assertThat(call(u -> Calls.assignInt(u, 52, 50, true, 0, 3, 0))).isEqualTo(Status.SUCCESS);
        assertThat(log).as("K51: the hypercall holds the DC until it ends")
            .containsExactly("create 8 SUCCESS", "program state 8", "destroy state 8");
    }
}
