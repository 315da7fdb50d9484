// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novaemu.kernel.Kernel.ROOT_PD;
import static org.novaemu.kernel.Kernel.ROOT_SC;
import static org.novaemu.kernel.Script.hypercall;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.novaemu.sim.Engine;

/** Portal calls between ECs of the root PD, run by the per-CPU kernel loop; both ABIs. */
class IpcTest
{
    private static final long PARK = 10;   // a semaphore nobody ups
    private static final long SERVER = 20;
    private static final long PORTAL = 21;
    private static final long SLEEP = 22;
    private static final long END = 9_999;

    private Engine engine;
    private Kernel kernel;

    private void boot(final TestPlatform p)
    {
        engine = Engine.builder().build();
        kernel = new Kernel(p.platform(), engine, Costs.X86_64);
    }
    private final List<String> log = new ArrayList<>();

    /**
     * Root code that creates the park semaphore, a local server EC on {@code cpu} and its portal, then goes to
     * {@code next}.
     */
    private Script setup(final int cpu, final long next)
    {
        return new Script()
            .at(0, u -> {
                Calls.createSm(u, PARK, ROOT_PD, 0);
                return hypercall(u, 1);
            })
            .at(1, u -> {
                Calls.createEc(u, SERVER, ROOT_PD, false, 0x1000, 0, cpu, 0x8000);
                return hypercall(u, 2);
            })
            .at(2, u -> {
                Calls.createPt(u, PORTAL, ROOT_PD, SERVER, Script.ip(500));
                return hypercall(u, 3);
            })
            .at(3, u -> {
                Calls.ctrlPt(u, PORTAL, 0x77, 0);
                return hypercall(u, next);
            })
            .at(END, u -> {
                Calls.down(u, PARK, false, 0);
                return hypercall(u, END + 1);
            });
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void aCallDonatesTheCallersScAndCopiesWordsBothWays(final TestPlatform p)
    {
        boot(p);
        final Script s = setup(0, 4)
            .at(4, u -> {
                u.setUtcb(0, 10);
                u.setUtcb(1, 11);
                u.setUtcb(2, 12);
                Calls.call(u, PORTAL, false, 0x1_0002); // three words; bits 31:9 travel along
                return hypercall(u, 5);
            })
            .at(5, u -> {
                log.add("root " + Calls.status(u) + " mtd " + Long.toHexString(u.param(1)) + " words "
                    + u.utcb(0) + " " + u.utcb(1) + " " + u.utcb(2));
                Calls.ctrlSc(u, ROOT_SC);
                return hypercall(u, 6);
            })
            .at(6, u -> {
                log.add("root SC ran at least the server's 10000: " + (u.param(1) >= 10_000));
                return hypercall(u, END); // the registers still hold ctrl_sc: harmless
            })
            .at(500, u -> {
                log.add("server pid " + Long.toHexString(u.param(0)) + " mtd " + Long.toHexString(u.param(1))
                    + " words " + u.utcb(0) + " " + u.utcb(1) + " " + u.utcb(2));
                u.charge(10_000);
                u.setUtcb(0, 100);
                u.setUtcb(1, 101);
                Calls.reply(u, 1);
                return hypercall(u, 501);
            });
        kernel.start(s);
        engine.runUntil(1_000_000);
        assertThat(log).containsExactly(
            "server pid 77 mtd 10002 words 10 11 12",
            "root SUCCESS mtd 1 words 100 101 12",
            "root SC ran at least the server's 10000: true");
        assertThat(((Ec) kernel.root().obj().object(SERVER)).isRunnable()).isFalse(); // waiting again
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void aCallToAnotherCpusEcIsBadCpuAndChangesNothing(final TestPlatform p)
    {
        boot(p);
        kernel.start(setup(1, 4)
            .at(4, u -> {
                Calls.call(u, PORTAL, false, 0);
                return hypercall(u, 5);
            })
            .at(5, u -> {
                log.add(Calls.status(u).toString());
                Calls.call(u, 12_345, false, 0);
                return hypercall(u, 6);
            })
            .at(6, u -> {
                log.add(Calls.status(u).toString());
                return hypercall(u, END);
            }));
        engine.runUntil(1_000_000);
        assertThat(log).containsExactly("BAD_CPU", "BAD_CAP");
    }

    /**
     * The server, serving the root, calls its own portal: it is busy, so with T=1 the call fails with
     * TIMEOUT, and without T helping itself could never end, which is TIMEOUT too (K11).
     */
    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void aBusyCalleeIsTimeoutWithTheNoWaitFlagAndForCallsIntoOnesOwnChain(final TestPlatform p)
    {
        boot(p);
        kernel.start(setup(0, 4)
            .at(4, u -> {
                Calls.call(u, PORTAL, false, 0);
                return hypercall(u, 5);
            })
            .at(5, u -> {
                log.add("root " + Calls.status(u));
                return hypercall(u, END);
            })
            .at(500, u -> {
                Calls.call(u, PORTAL, true, 0);
                return hypercall(u, 501);
            })
            .at(501, u -> {
                log.add("nested T=1 " + Calls.status(u));
                Calls.call(u, PORTAL, false, 0);
                return hypercall(u, 502);
            })
            .at(502, u -> {
                log.add("nested T=0 " + Calls.status(u));
                Calls.reply(u, 0);
                return hypercall(u, 503);
            }));
        engine.runUntil(1_000_000);
        assertThat(log).containsExactly("nested T=1 TIMEOUT", "nested T=0 TIMEOUT", "root SUCCESS");
    }

    /**
     * A lower-priority EC calls the server while it serves the root and is blocked: its SC helps, parks on
     * the blocked server, and once the server has replied to the root its call is retried and served.
     */
    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void aCallerHelpsABusyCalleeAndRetriesWhenItIsFree(final TestPlatform p)
    {
        boot(p);
        final Script s = setup(0, 4)
            .at(4, u -> {
                Calls.createSm(u, SLEEP, ROOT_PD, 0);
                return hypercall(u, 5);
            })
            .at(5, u -> {
                final Ec other = kernel.newEc(kernel.root(), 0, true, 0, 0, Kernel.ROOT_IMAGE_SIZE + 0x10_0000);
                other.setIp(Script.ip(600));
                kernel.cpuKernel(0).makeReady(kernel.newSc(other, 0, 10, 10, 0));
                u.setUtcb(0, 1);
                Calls.call(u, PORTAL, false, 0);
                return hypercall(u, 6);
            })
            .at(6, u -> {
                log.add("root " + Calls.status(u) + " " + u.utcb(0) + " at " + u.stc() / 1000);
                return hypercall(u, END);
            })
            .at(500, u -> {
                log.add("serve " + u.utcb(0) + " at " + u.stc() / 1000);
                Calls.down(u, SLEEP, false, u.stc() + 100_000); // block while serving
                return hypercall(u, 501);
            })
            .at(501, u -> {
                Calls.reply(u, 0);
                return hypercall(u, 502);
            })
            .at(600, u -> {
                log.add("other calls at " + u.stc() / 1000);
                u.setUtcb(0, 2);
                Calls.call(u, PORTAL, false, 0);
                return hypercall(u, 601);
            })
            .at(601, u -> {
                log.add("other " + Calls.status(u) + " " + u.utcb(0));
                return hypercall(u, END);
            });
        kernel.start(s);
        engine.runUntil(10_000_000);
        // Times in µs: the server's 100 µs sleep, plus a few switches and hypercalls of 0.15-0.25 µs each.
        assertThat(log).containsExactly("serve 1 at 1", "other calls at 1", "root SUCCESS 1 at 102",
            "serve 2 at 103", "other SUCCESS 2");
    }

    /** ctrl_sc on CPU 1's idle SC, taken from the NOVA object space: the whole time CPU 1 was halted. */
    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void theIdleScOfAHaltedCpuAccountsItsIdleTime(final TestPlatform p)
    {
        boot(p);
        kernel.start(setup(0, 4)
            .at(4, u -> {
                Calls.ctrlPd(u, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, 1, 0, 30, Perm.SC_CTRL, 0);
                return hypercall(u, 5);
            })
            .at(5, u -> {
                Calls.down(u, PARK, false, 500_000); // sleep until 0.5 ms
                return hypercall(u, 6);
            })
            .at(6, u -> {
                Calls.ctrlSc(u, 30);
                return hypercall(u, 7);
            })
            .at(7, u -> {
                log.add(Calls.status(u) + " " + (u.param(1) == u.stc()));
                Calls.ctrlSc(u, Kernel.ROOT_SC);
                return hypercall(u, 8);
            })
            .at(8, u -> {
                log.add("root ran less than 10 us: " + (u.param(1) < 10_000));
                return hypercall(u, END);
            }));
        engine.runUntil(1_000_000);
        assertThat(log).containsExactly("SUCCESS true", "root ran less than 10 us: true");
    }

    /**
     * The server has a RECALL pending and no RECALL portal: when the root's call enters it, the event
     * kills it, and the root's call returns ABORTED; later calls to it are ABORTED at once.
     */
    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void aCalleeKilledByItsEventAbortsTheCall(final TestPlatform p)
    {
        boot(p);
        kernel.start(setup(0, 4)
            .at(4, u -> {
                Calls.recall(u, SERVER, false);
                return hypercall(u, 5);
            })
            .at(5, u -> {
                Calls.call(u, PORTAL, false, 0);
                return hypercall(u, 6);
            })
            .at(6, u -> {
                log.add("first " + Calls.status(u));
                Calls.call(u, PORTAL, false, 0);
                return hypercall(u, 7);
            })
            .at(7, u -> {
                log.add("second " + Calls.status(u));
                Calls.call(u, PORTAL, true, 0); // T=1 changes nothing for a dead callee (K11)
                return hypercall(u, 8);
            })
            .at(8, u -> {
                log.add("no wait " + Calls.status(u));
                Calls.createPt(u, 61, ROOT_PD, SERVER, Script.ip(500));
                return hypercall(u, 9);
            })
            .at(9, u -> {
                log.add("create_pt " + Calls.status(u));
                Calls.createSc(u, 60, ROOT_PD, Kernel.ROOT_EC, 1, 1, 0); // a second SC for the root EC
                return hypercall(u, 10);
            })
            .at(10, u -> {
                log.add("create_sc " + Calls.status(u));
                return hypercall(u, END);
            }));
        engine.runUntil(1_000_000);
        // The root EC has had its SC from boot: a second one raises no STARTUP, and the root runs on.
        assertThat(log).containsExactly("first ABORTED", "second ABORTED", "no wait ABORTED", "create_pt ABORTED",
            "create_sc SUCCESS");
        assertThat(((Ec) kernel.root().obj().object(SERVER)).isKilled()).isTrue();
        assertThat(kernel.rootEc().isKilled()).isFalse();
    }
}
