// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novaemu.kernel.Kernel.ROOT_NOVA_OBJ;
import static org.novaemu.kernel.Kernel.ROOT_OBJ;
import static org.novaemu.kernel.Kernel.ROOT_PD;
import static org.novaemu.kernel.Script.hypercall;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.novaemu.sim.Engine;

/**
 * A child PD whose code is a boot module, run from its own host space, and exceptions as events: the root
 * task pages the child in from a fault handler, as a NOVA root task does; both ABIs.
 */
class ExceptionTest
{
    private static final long PARK = 10;
    private static final long NOVA_HST = 11;
    private static final long CHILD = 12;
    private static final long CHILD_OBJ = 13;
    private static final long CHILD_HST = 14;
    private static final long CHILD_PIO = 15;
    private static final long HANDLER = 16;
    private static final long PT_FAULT = 17;
    private static final long PT_START = 18;
    private static final long WORKER = 19;
    private static final long SC = 20;
    private static final long EVT = 0x100;
    private static final long CODE = 0x20000;
    private static final long DATA = 0x4000_0008L;
    private static final long FRAME = 0x80000;
    private static final int RX = Perm.MEM_R | Perm.MEM_XU;

    private final List<String> log = new ArrayList<>();

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void aFaultHandlerPagesAChildPdInFromItsBootModule(final TestPlatform p)
    {
        final Engine engine = Engine.builder().build();
        final Kernel kernel = new Kernel(p.platform(), engine, Costs.X86_64);
        final boolean x86 = p.abi() == Abi.X86_64;
        final int ipBit = x86 ? 1 << 4 : 1 << 25;
        final int ipWord = x86 ? 17 : 60;
        final long module = kernel.addModule(new Script(0)
            .at(CODE, u -> {
                final long v = u.read(DATA, 8);
                log.add("read " + Long.toHexString(v));
                u.setGpr(3, v);
                u.setIp(CODE + 1);
                return Program.PREEMPT;
            })
            .at(CODE + 1, u -> {
                u.write(DATA, 8, u.gpr(3) + 1);
                u.setIp(CODE + 2);
                return Program.PREEMPT;
            })
            .at(CODE + 2, u -> {
                log.add("done");
                u.raise(6, 0); // no portal at EVT + 6: the EC is killed
                return Program.PREEMPT;
            }));
        kernel.memory().write64((FRAME << 12) + 8, 0x1234);
        // The root task: a list of hypercalls, then a down that never returns.
        final List<Consumer<User>> calls = new ArrayList<>();
        calls.add(u -> Calls.createSm(u, PARK, ROOT_PD, 0));
        calls.add(u -> Calls.ctrlPd(u, ROOT_NOVA_OBJ, ROOT_OBJ, Kernel.NOVA_HST, 0, NOVA_HST, 0x3f, 0));
        calls.add(u -> Calls.createPd(u, CHILD, Kind.PD.op(), ROOT_PD));
        calls.add(u -> Calls.createPd(u, CHILD_OBJ, Kind.OBJ.op(), CHILD));
        calls.add(u -> Calls.createPd(u, CHILD_HST, Kind.HST.op(), CHILD));
        if (x86)
        {
            calls.add(u -> Calls.createPd(u, CHILD_PIO, Kind.PIO.op(), CHILD));
        }
        calls.add(u -> Calls.createEc(u, HANDLER, ROOT_PD, false, Kernel.ROOT_IMAGE_SIZE, 0, 0, 0));
        calls.add(u -> Calls.createPt(u, PT_FAULT, ROOT_PD, HANDLER, Script.ip(500)));
        calls.add(u -> Calls.ctrlPt(u, PT_FAULT, 0xf, 1 << TestPlatform.QUAL_BIT));
        calls.add(u -> Calls.createPt(u, PT_START, ROOT_PD, HANDLER, Script.ip(520)));
        calls.add(u -> Calls.ctrlPt(u, PT_START, 0x5, ipBit));
        calls.add(u -> Calls.ctrlPd(u, ROOT_OBJ, CHILD_OBJ, PT_FAULT, 0, EVT + p.faultEvent(User.READ), 0x3f, 0));
        calls.add(u -> Calls.ctrlPd(u, ROOT_OBJ, CHILD_OBJ, PT_FAULT, 0, EVT + p.faultEvent(User.FETCH), 0x3f, 0));
        calls.add(u -> Calls.ctrlPd(u, ROOT_OBJ, CHILD_OBJ, PT_START, 0, EVT + p.hostArchEvents(), 0x3f, 0));
        calls.add(u -> Calls.createEc(u, WORKER, CHILD, true, 0x7000_0000L, EVT, 0, 0));
        calls.add(u -> Calls.createSc(u, SC, CHILD, WORKER, 10, 10, 0));
        calls.add(u -> Calls.down(u, PARK, false, 0));
        final Script root = Script.calls(calls, log);
        root.at(500, u -> {
            final long syndrome = u.utcb(TestPlatform.QUAL_WORD);
            final long address = u.utcb(TestPlatform.QUAL_WORD + 1);
            log.add("fault " + Long.toHexString(address) + " " + Long.toHexString(syndrome));
            if (address == CODE)
            {
                Calls.ctrlPd(u, NOVA_HST, CHILD_HST, module >>> 12, 0, CODE >>> 12, RX, 0);
            }
            else
            {
                final boolean write = x86 ? (syndrome & 2) != 0 : (syndrome & 1 << 6) != 0;
                final int perms = write ? Perm.MEM_R | Perm.MEM_W : Perm.MEM_R;
                Calls.ctrlPd(u, NOVA_HST, CHILD_HST, FRAME, 0, DATA >>> 12, perms, 0);
            }
            return hypercall(u, 501);
        });
        root.at(501, u -> {
            log.add("map " + Calls.status(u));
            Calls.reply(u, 0); // nothing changes: the instruction runs again
            return hypercall(u, 502);
        });
        root.at(520, u -> {
            u.setUtcb(ipWord, CODE);
            Calls.reply(u, ipBit);
            return hypercall(u, 521);
        });
        kernel.start(root);
        engine.runUntil(10_000_000);

        final String fetch = x86 ? "14" : Long.toHexString(0x20L << 26 | 1 << 25 | 7);
        final String read = x86 ? "4" : Long.toHexString(0x24L << 26 | 1 << 25 | 7);
        final String write = x86 ? "7" : Long.toHexString(0x24L << 26 | 1 << 25 | 1 << 6 | 0xf);
        assertThat(log).containsExactly(
            "fault 20000 " + fetch, "map SUCCESS",
            "fault 40000008 " + read, "map SUCCESS",
            "read 1234",
            "fault 40000008 " + write, "map SUCCESS",
            "done");
        assertThat(kernel.memory().read64((FRAME << 12) + 8)).isEqualTo(0x1235);
        final Ec worker = (Ec) kernel.root().obj().object(WORKER);
        assertThat(worker.isKilled()).isTrue();
        assertThat(worker.exceptionEvent()).isEqualTo(6);
    }
}
