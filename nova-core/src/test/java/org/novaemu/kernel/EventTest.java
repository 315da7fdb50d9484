// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novaemu.kernel.Kernel.ROOT_EC;
import static org.novaemu.kernel.Kernel.ROOT_OBJ;
import static org.novaemu.kernel.Kernel.ROOT_PD;
import static org.novaemu.kernel.Script.hypercall;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.novaemu.sim.Engine;

/** Global ECs, create_sc, STARTUP and RECALL events through event portals, and ctrl_ec; both ABIs. */
class EventTest
{
    private static final long PARK = 10;
    private static final long HANDLER = 20;
    private static final long GLOBAL = 30;
    private static final long SC = 40;
    private static final long EVT = 100;
    private static final long END = 9_999;

    private final List<String> log = new ArrayList<>();

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void startupAndRecallEventsGoThroughTheEventPortals(final TestPlatform p)
    {
        final Engine engine = Engine.builder().build();
        final Kernel kernel = new Kernel(p.platform(), engine, Costs.X86_64);
        final boolean x86 = p.abi() == Abi.X86_64;
        final long startup = EVT + p.hostArchEvents();
        // Portal MTD for STARTUP: the stack pointer's group and the IP (see TestPlatform's layout).
        final int mtd = x86 ? (1 << 1) | (1 << 4) : (1 << 4) | (1 << 25);
        final int spWord = p.abi().sp();
        final int ipWord = x86 ? 17 : 60;
        final long[] steps = new long[1];
        kernel.start(new Script()
            .at(0, u -> {
                Calls.createSm(u, PARK, ROOT_PD, 0);
                return hypercall(u, 1);
            })
            .at(1, u -> {
                Calls.createEc(u, HANDLER, ROOT_PD, false, 0x1000, 0, 1, 0);
                return hypercall(u, 2);
            })
            .at(2, u -> {
                Calls.createPt(u, startup, ROOT_PD, HANDLER, Script.ip(500));
                return hypercall(u, 3);
            })
            .at(3, u -> {
                Calls.ctrlPt(u, startup, 0x51, mtd);
                return hypercall(u, 4);
            })
            .at(4, u -> {
                Calls.createPt(u, startup + 1, ROOT_PD, HANDLER, Script.ip(520));
                return hypercall(u, 5);
            })
            .at(5, u -> {
                Calls.ctrlPt(u, startup + 1, 0x52, 0);
                return hypercall(u, 6);
            })
            .at(6, u -> {
                Calls.createEc(u, GLOBAL, ROOT_PD, true, 0x2000, EVT, 1, 0x9000);
                return hypercall(u, 7);
            })
            .at(7, u -> {
                Calls.createSc(u, SC, ROOT_PD, GLOBAL, 5, 50, 0);
                return hypercall(u, 8);
            })
            .at(8, u -> {
                log.add("create_sc " + Calls.status(u));
                Calls.down(u, PARK, false, 100_000); // sleep 0.1 ms while CPU 1 starts the global EC
                return hypercall(u, 9);
            })
            .at(9, u -> {
                Calls.recall(u, GLOBAL, true);
                return hypercall(u, 10);
            })
            .at(10, u -> {
                log.add("recall " + Calls.status(u));
                return hypercall(u, END);
            })
            .at(END, u -> {
                Calls.down(u, PARK, false, 0);
                return hypercall(u, END);
            })
            .at(500, u -> {
                log.add("startup pid " + Long.toHexString(u.param(0)) + " sp " + Long.toHexString(u.utcb(spWord))
                    + " ip " + u.utcb(ipWord));
                u.setUtcb(ipWord, Script.ip(700));
                Calls.reply(u, mtd);
                return hypercall(u, 501);
            })
            .at(520, u -> {
                log.add("recall event pid " + Long.toHexString(u.param(0)));
                Calls.reply(u, 0);
                return hypercall(u, 521);
            })
            .at(700, u -> {
                log.add("global at 700 on cpu " + u.cpu() + " sp " + Long.toHexString(u.gpr(p.abi().sp())));
                u.setIp(701);
                return Program.PREEMPT;
            })
            .at(701, u -> {
                steps[0]++;
                u.charge(1_000);
                return Program.PREEMPT;
            }));
        engine.runUntil(1_000_000);
        // A strong recall returns once the recall was observed: the event is out before the status.
        assertThat(log).containsExactly("create_sc SUCCESS", "startup pid 51 sp 9000 ip 0",
            "global at 700 on cpu 1 sp 9000", "recall event pid 52", "recall SUCCESS");
        assertThat(steps[0]).isGreaterThan(500); // it kept running after the recall
        final Sc sc = (Sc) kernel.root().obj().object(SC);
        assertThat(sc.cpu()).isEqualTo(1);
        assertThat(sc.prio()).isEqualTo(50);
        assertThat(sc.budgetMs()).isEqualTo(5);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void aReplyThatPoisonsTheEcKillsIt(final TestPlatform p)
    {
        final Engine engine = Engine.builder().build();
        final Kernel kernel = new Kernel(p.platform(), engine, Costs.X86_64);
        final long startup = EVT + p.hostArchEvents();
        kernel.start(new Script()
            .at(0, u -> {
                Calls.createSm(u, PARK, ROOT_PD, 0);
                return hypercall(u, 1);
            })
            .at(1, u -> {
                Calls.createEc(u, HANDLER, ROOT_PD, false, 0x1000, 0, 0, 0);
                return hypercall(u, 2);
            })
            .at(2, u -> {
                Calls.createPt(u, startup, ROOT_PD, HANDLER, Script.ip(500));
                return hypercall(u, 3);
            })
            .at(3, u -> {
                Calls.ctrlPt(u, startup, 0x51, 0);
                return hypercall(u, 4);
            })
            .at(4, u -> {
                Calls.createEc(u, GLOBAL, ROOT_PD, true, 0x2000, EVT, 0, 0);
                return hypercall(u, 5);
            })
            .at(5, u -> {
                Calls.createSc(u, SC, ROOT_PD, GLOBAL, 1, 10, 0);
                return hypercall(u, END);
            })
            .at(END, u -> {
                Calls.down(u, PARK, false, 0);
                return hypercall(u, END);
            })
            .at(500, u -> {
                Calls.reply(u, 1); // POISON
                return hypercall(u, 501);
            }));
        engine.runUntil(1_000_000);
        final Ec ec = (Ec) kernel.root().obj().object(GLOBAL);
        assertThat(ec.isKilled()).isTrue();
        assertThat(((Ec) kernel.root().obj().object(HANDLER)).isKilled()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void aGlobalEcWithoutAStartupPortalIsKilled(final TestPlatform p)
    {
        final Engine engine = Engine.builder().build();
        final Kernel kernel = new Kernel(p.platform(), engine, Costs.X86_64);
        kernel.start(new Script()
            .at(0, u -> {
                Calls.createSm(u, PARK, ROOT_PD, 0);
                return hypercall(u, 1);
            })
            .at(1, u -> {
                Calls.createEc(u, GLOBAL, ROOT_PD, true, 0x2000, EVT, 0, 0);
                return hypercall(u, 2);
            })
            .at(2, u -> {
                Calls.createSc(u, SC, ROOT_PD, GLOBAL, 1, 100, 0);
                return hypercall(u, END);
            })
            .at(END, u -> {
                Calls.down(u, PARK, false, 0);
                return hypercall(u, END);
            }));
        engine.runUntil(100_000);
        final Ec ec = (Ec) kernel.root().obj().object(GLOBAL);
        assertThat(ec.isKilled()).isTrue();
        assertThat(kernel.simCpu(0).isBlocked()).isTrue(); // nothing left to run
        // The kill is reported on the memory-buffer console, after the boot banner (specification C.1).
        final String console = MbufConsole.drain(kernel.bus().memory(), kernel.console().start(),
            kernel.console().end());
        assertThat(console).endsWith("Killed EC#" + ec.ecSerial() + " CPU 0 IP 0x0: no portal for event selector 0x"
            + Long.toHexString(EVT + p.hostArchEvents()) + "\n");
        // A killed EC takes no further SC (docs/decisions.md K19).
        final Ec root = kernel.rootEc();
        Calls.createSc(root, SC + 1, ROOT_PD, GLOBAL, 1, 100, 0);
        assertThat(kernel.hypercall(root)).isEqualTo(Status.ABORTED);
        assertThat(kernel.root().obj().object(SC + 1)).isNull();
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void createScAndCtrlEcReturnEveryStatusInNovasOrder(final TestPlatform p)
    {
        final Kernel kernel = new Kernel(p.platform(), Engine.builder().build(), Costs.X86_64);
        final Ec root = kernel.rootEc();
        final SpaceObj space = kernel.root().obj();
        Calls.createEc(root, GLOBAL, ROOT_PD, true, 0, EVT, 0, 0);
        assertThat(kernel.hypercall(root)).isEqualTo(Status.SUCCESS);
        Calls.createEc(root, HANDLER, ROOT_PD, false, 0, 0, 0, 0);
        kernel.hypercall(root);
        Calls.ctrlPd(root, ROOT_OBJ, ROOT_OBJ, GLOBAL, 0, 31, Kind.EC.perms() & ~(Perm.EC_BINDSC | Perm.EC_CTRL), 0);
        kernel.hypercall(root);
        Calls.ctrlPd(root, ROOT_OBJ, ROOT_OBJ, ROOT_PD, 0, 32, Kind.PD.perms() & ~Perm.PD_SC, 0);
        kernel.hypercall(root);
        // BAD_PAR: budget 0, prio 0, a COS beyond the platform's; before any capability check.
        Calls.createSc(root, ROOT_PD, 999, 999, 0, 1, 0);
        assertThat(kernel.hypercall(root)).isEqualTo(Status.BAD_PAR);
        Calls.createSc(root, ROOT_PD, 999, 999, 1, 0, 0);
        assertThat(kernel.hypercall(root)).isEqualTo(Status.BAD_PAR);
        Calls.createSc(root, ROOT_PD, 999, 999, 1, 1, Math.max(1, p.classesOfService(0))); // COS must be 0 without COS
        assertThat(kernel.hypercall(root)).isEqualTo(Status.BAD_PAR);
        // BAD_CAP: no SC permission, no BINDSC, a local EC, a taken selector.
        Calls.createSc(root, SC, 32, GLOBAL, 1, 1, 0);
        assertThat(kernel.hypercall(root)).isEqualTo(Status.BAD_CAP);
        Calls.createSc(root, SC, ROOT_PD, 31, 1, 1, 0);
        assertThat(kernel.hypercall(root)).isEqualTo(Status.BAD_CAP);
        Calls.createSc(root, SC, ROOT_PD, HANDLER, 1, 1, 0);
        assertThat(kernel.hypercall(root)).isEqualTo(Status.BAD_CAP);
        Calls.createSc(root, ROOT_EC, ROOT_PD, GLOBAL, 1, 1, 0);
        assertThat(kernel.hypercall(root)).isEqualTo(Status.BAD_CAP);
        assertThat(space.object(SC)).isNull();
        // The largest fields are valid.
        Calls.createSc(root, SC, ROOT_PD, GLOBAL, 0xffff, 127, Math.max(0, p.classesOfService(0) - 1));
        assertThat(kernel.hypercall(root)).isEqualTo(Status.SUCCESS);
        assertThat(space.perms(SC)).isEqualTo(0x01);
        // ctrl_ec: CTRL needed.
        Calls.recall(root, 31, false);
        assertThat(kernel.hypercall(root)).isEqualTo(Status.BAD_CAP);
        Calls.recall(root, ROOT_PD, false);
        assertThat(kernel.hypercall(root)).isEqualTo(Status.BAD_CAP);
        Calls.recall(root, GLOBAL, false);
        assertThat(kernel.hypercall(root)).isEqualTo(Status.SUCCESS);
    }
}
