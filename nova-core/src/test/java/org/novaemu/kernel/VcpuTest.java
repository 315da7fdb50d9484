// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.novaemu.kernel.Kernel.ROOT_OBJ;
import static org.novaemu.kernel.Kernel.ROOT_PD;
import static org.novaemu.kernel.Script.hypercall;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.novaemu.sim.Engine;

/** vCPUs: create_ec with G=1, their events through the guest event selectors, halts, exits and recalls. */
class VcpuTest
{
    private static final long BARE = 12;
    private static final long VCPU = 20;
    private static final long HANDLER = 21;
    private static final long SC = 22;
    private static final long PARK = 23;
    private static final long EVT = 0x200;

    private final List<String> log = new ArrayList<>();

    private static Status createVcpu(final Kernel kernel, final long sel, final long pd, final long hva)
    {
        final Ec root = kernel.rootEc();
        root.setParam(0, Hypercall.CREATE_EC.encode(1, sel));
        root.setParam(1, pd);
        root.setParam(2, hva);
        root.setParam(3, EVT << 16);
        root.setParam(4, 0x8000);
        return kernel.hypercall(root);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void createEcWithGReturnsEveryStatus(final TestPlatform p)
    {
        final Kernel kernel = new Kernel(p.platform(), Engine.builder().build(), Costs.X86_64);
        final Ec root = kernel.rootEc();
        Calls.createPd(root, BARE, Kind.PD.op(), ROOT_PD);
        assertThat(kernel.hypercall(root)).isEqualTo(Status.SUCCESS);
        assertThat(createVcpu(kernel, VCPU, ROOT_OBJ, 0)).isEqualTo(Status.BAD_CAP);
        if (!p.supports(Kind.GST))
        {
            assertThat(createVcpu(kernel, VCPU, ROOT_PD, 0)).isEqualTo(Status.BAD_FTR);
            return;
        }
        assertThat(createVcpu(kernel, VCPU, BARE, 0)).isEqualTo(Status.ABORTED); // no object or host space
        assertThat(createVcpu(kernel, ROOT_PD, ROOT_PD, 0)).isEqualTo(Status.BAD_CAP);
        assertThat(createVcpu(kernel, VCPU, ROOT_PD, 0x5000)).isEqualTo(Status.SUCCESS);
        final Ec vcpu = (Ec) kernel.root().obj().object(VCPU);
        assertThat(vcpu.isVcpu()).isTrue();
        assertThat(vcpu.isGlobal()).isTrue();
        assertThat(vcpu.gpr(p.abi().sp())).isEqualTo(0x8000);
        assertThatThrownBy(() -> vcpu.utcb(0)).hasMessageContaining("no UTCB");
        // No page at hvp on this platform, and no portal can be bound to a vCPU.
        assertThat(kernel.root().hst().lookup(5)).isZero();
        Calls.createPt(root, 30, ROOT_PD, VCPU, 0);
        assertThat(kernel.hypercall(root)).isEqualTo(Status.BAD_CAP);
        assertThat(kernel.hip().get(HipField.SEL_GST_ARCH)).isEqualTo(p.platform().vcpus().guestArchEvents());
        assertThat(kernel.hip().get(HipField.SEL_GST_NOVA)).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void aVcpuTakesStartupExitsHaltsAndIsRecalled(final TestPlatform base)
    {
        if (!base.supports(Kind.GST))
        {
            return;
        }
        final int[] runs = new int[1];
        // The guest exits with event 1 the first time it runs, then halts.
        final TestPlatform p = base.withGuest(vcpu -> runs[0]++ == 0 ? 1 : -1);
        final Engine engine = Engine.builder().build();
        final Kernel kernel = new Kernel(p.platform(), engine, Costs.AARCH64);
        final long startup = EVT + p.platform().vcpus().guestArchEvents();
        final List<Consumer<User>> calls = new ArrayList<>();
        calls.add(u -> Calls.createSm(u, PARK, ROOT_PD, 0));
        calls.add(u -> Calls.createEc(u, HANDLER, ROOT_PD, false, Kernel.ROOT_IMAGE_SIZE, 0, 0, 0));
        calls.add(u -> Calls.createPt(u, startup, ROOT_PD, HANDLER, Script.ip(500)));
        calls.add(u -> Calls.ctrlPt(u, startup, 0x51, 0));
        calls.add(u -> Calls.createPt(u, startup + 1, ROOT_PD, HANDLER, Script.ip(500)));
        calls.add(u -> Calls.ctrlPt(u, startup + 1, 0x52, 0));
        calls.add(u -> Calls.createPt(u, EVT + 1, ROOT_PD, HANDLER, Script.ip(500)));
        calls.add(u -> Calls.ctrlPt(u, EVT + 1, 0x1, 0));
        calls.add(u -> {
            Calls.createEc(u, VCPU, ROOT_PD, false, 0, EVT, 0, 0);
            u.setParam(0, Hypercall.CREATE_EC.encode(1, VCPU)); // G=1
        });
        calls.add(u -> Calls.createSc(u, SC, ROOT_PD, VCPU, 5, 10, 0));
        calls.add(u -> Calls.down(u, PARK, false, 100_000)); // let the vCPU start, exit and halt
        calls.add(u -> {
            log.add("recall");
            Calls.recall(u, VCPU, false);
        });
        calls.add(u -> Calls.down(u, PARK, false, 0));
        kernel.start(Script.calls(calls, log)
            .at(500, u -> {
                log.add("event " + Long.toHexString(u.param(0)));
                Calls.reply(u, 0);
                return hypercall(u, 501);
            }));
        engine.runUntil(1_000_000);
        assertThat(log).containsExactly("event 51", "event 1", "call 10 TIMEOUT", "recall", "event 52");
        assertThat(runs[0]).isEqualTo(3); // after STARTUP, after the exit, after the recall
        final Ec vcpu = (Ec) kernel.root().obj().object(VCPU);
        assertThat(vcpu.state).isEqualTo(Ec.HALTED);
    }
}
