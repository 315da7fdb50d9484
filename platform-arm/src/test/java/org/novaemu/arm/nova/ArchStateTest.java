// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novaemu.kernel.Kernel.ROOT_PD;
import static org.novaemu.kernel.Script.hypercall;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Program;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.User;

/**
 * The AArch64 UTCB layout and MTD of host ECs (specification 7.6.3, 7.6.4) through an exception portal on a
 * kernel with ArmPlatform's roles: X0 to X30, SP_EL0, TPIDR_EL0 and TPIDRRO_EL0, ELR_EL2, SPSR_EL2, ESR_EL2
 * and FAR_EL2 where the specification puts them, and the reply rules (A26, A27).
 */
class ArchStateTest
{
    private static final long PARK = 20;
    private static final long HANDLER = 21;
    private static final long WORKER = 22;
    private static final long SC = 23;
    private static final long EVT = 0x200;
    private static final long UNMAPPED = 0x70_0000_0010L;
    private static final int ALL = ArchState.GPR | ArchState.EL0_SP | ArchState.EL0_IDR | ArchState.EL2_ELR_SPSR
        | ArchState.EL2_ESR_FAR;

    private final List<String> log = new ArrayList<>();

    /** The root: a handler EC with an abort portal and a STARTUP portal, and a worker that faults. */
    private Script root(final int abortMtd, final Consumer<User> abortHandler)
    {
        final List<Consumer<User>> calls = new ArrayList<>();
        calls.add(u -> Calls.createSm(u, PARK, ROOT_PD, 0));
        calls.add(u -> Calls.createEc(u, HANDLER, ROOT_PD, false, Kernel.ROOT_IMAGE_SIZE, 0, 0, 0));
        calls.add(u -> Calls.createPt(u, EVT + Esr.EC_DABT_LOW, ROOT_PD, HANDLER, Script.ip(500)));
        calls.add(u -> Calls.ctrlPt(u, EVT + Esr.EC_DABT_LOW, 0x24, abortMtd));
        calls.add(u -> Calls.createPt(u, EVT + ArmPlatform.ARCH_EVENTS, ROOT_PD, HANDLER, Script.ip(600)));
        calls.add(u -> Calls.ctrlPt(u, EVT + ArmPlatform.ARCH_EVENTS, 0x40, ArchState.EL2_ELR_SPSR
            | ArchState.EL2_ESR_FAR));
        calls.add(u -> Calls.createEc(u, WORKER, ROOT_PD, true, Kernel.ROOT_IMAGE_SIZE + 0x1000, EVT, 0, 0x9000));
        calls.add(u -> Calls.createSc(u, SC, ROOT_PD, WORKER, 1, 1, 0));
        calls.add(u -> Calls.down(u, PARK, false, 0));
        final Script script = Script.calls(calls, log);
        script.at(500, u -> {
            abortHandler.accept(u);
            return hypercall(u, 501);
        });
        script.at(600, u -> {
            log.add(String.format("startup esr %x far %x elr %x spsr %x", u.utcb(ArchState.ESR_WORD),
                u.utcb(ArchState.FAR_WORD), u.utcb(ArchState.ELR_WORD), u.utcb(ArchState.SPSR_WORD)));
            u.setUtcb(ArchState.ELR_WORD, Script.ip(700));
            Calls.reply(u, ArchState.EL2_ELR_SPSR);
            return hypercall(u, 601);
        });
        script.at(700, u -> {
            u.setGpr(0, 0xaa);
            u.setGpr(30, 0x30);
            u.setGpr(ArchState.TPIDR_EL0, 0x7777);
            u.setGpr(ArchState.TPIDR_EL0 + 1, 0x8888);
            u.setFlags(0x6000_0000L); // Z and C
            u.read(UNMAPPED, 8); // no mapping: a data abort from EL0
            return Program.PREEMPT;
        });
        script.at(702, u -> {
            log.add(String.format("resumed x0 %x x30 %x sp %x tpidr %x tpidrro %x spsr %x", u.gpr(0), u.gpr(30),
                u.gpr(31), u.gpr(ArchState.TPIDR_EL0), u.gpr(ArchState.TPIDR_EL0 + 1), u.flags()));
            u.setIp(703);
            return Program.PREEMPT;
        });
        script.at(703, u -> {
            u.charge(1_000_000);
            return Program.PREEMPT;
        });
        return script;
    }

    @Test
    void aDataAbortCarriesTheAarch64StateBothWays()
    {
        final ArmKernel k = ArmKernel.boot();
        k.kernel().start(root(ALL, u -> {
            log.add(String.format("abort x0 %x x30 %x sp %x tpidr %x tpidrro %x elr %x spsr %x esr %x far %x",
                u.utcb(0), u.utcb(30), u.utcb(ArchState.SP_EL0_WORD), u.utcb(ArchState.TPIDR_EL0_WORD),
                u.utcb(ArchState.TPIDR_EL0_WORD + 1), u.utcb(ArchState.ELR_WORD), u.utcb(ArchState.SPSR_WORD),
                u.utcb(ArchState.ESR_WORD), u.utcb(ArchState.FAR_WORD)));
            u.setUtcb(0, 0x1234);
            u.setUtcb(ArchState.SP_EL0_WORD, 0xa000);
            u.setUtcb(ArchState.TPIDR_EL0_WORD + 1, 0x9999);
            u.setUtcb(ArchState.ELR_WORD, Script.ip(702));
            u.setUtcb(ArchState.SPSR_WORD, -1L); // only N, Z, C and V are taken
            u.setUtcb(ArchState.ESR_WORD, 0); // read-only
            Calls.reply(u, ALL);
        }));
        k.engine().runUntil(5_000_000);
        assertThat(log).containsExactly(
            "startup esr 100000000 far 0 elr 0 spsr 0",
            "abort x0 aa x30 30 sp 9000 tpidr 7777 tpidrro 8888 elr " + Long.toHexString(Script.ip(700))
                + " spsr 60000000 esr 92000007 far 7000000010",
            "resumed x0 1234 x30 30 sp a000 tpidr 7777 tpidrro 9999 spsr f0000000");
    }

    @Test
    void theUtcbOffsetsAreTheSpecificationsAndNothingElseIsWritten()
    {
        final ArmKernel k = ArmKernel.boot();
        final long[] utcb = new long[64];
        k.kernel().start(root(ArchState.EL2_ESR_FAR | ArchState.FPR | ArchState.ICI | 1 << 29, u -> {
            for (int w = 0; w < utcb.length; w++)
            {
                utcb[w] = u.utcb(w);
            }
            u.setUtcb(ArchState.ELR_WORD, Script.ip(702));
            Calls.reply(u, ArchState.EL2_ELR_SPSR);
        }));
        k.engine().runUntil(5_000_000);
        // The STARTUP handler's reply left ELR at word 60; this event wrote only ESR (62) and FAR (63).
        for (int w = 0; w < utcb.length; w++)
        {
            final long expected = w == 0x1e0 / 8 ? Script.ip(700) : w == 0x1f0 / 8 ? 0x9200_0007L
                : w == 0x1f8 / 8 ? UNMAPPED : 0;
            assertThat(utcb[w]).as("word " + w).isEqualTo(expected);
        }
    }

    @Test
    void aReplyWithPoisonKillsTheEc()
    {
        final ArmKernel k = ArmKernel.boot();
        k.kernel().start(root(ArchState.GPR, u -> Calls.reply(u, ArchState.POISON | ArchState.GPR)));
        k.engine().runUntil(5_000_000);
        final Ec worker = (Ec) k.kernel().root().obj().object(WORKER);
        assertThat(worker.isKilled()).isTrue();
        assertThat(log).containsExactly("startup esr 100000000 far 0 elr 0 spsr 0");
    }
    @Test
    void aRecallReportsSelArchPlusOneAsItsEsr()
    {
        final ArmKernel k = ArmKernel.boot();
        final long recall = EVT + ArmPlatform.ARCH_EVENTS + 1;
        final List<Consumer<User>> calls = new ArrayList<>();
        calls.add(u -> Calls.createSm(u, PARK, ROOT_PD, 0));
        calls.add(u -> Calls.createEc(u, HANDLER, ROOT_PD, false, Kernel.ROOT_IMAGE_SIZE, 0, 0, 0));
        calls.add(u -> Calls.createPt(u, EVT + ArmPlatform.ARCH_EVENTS, ROOT_PD, HANDLER, Script.ip(600)));
        calls.add(u -> Calls.ctrlPt(u, EVT + ArmPlatform.ARCH_EVENTS, 0x40, ArchState.EL2_ELR_SPSR));
        calls.add(u -> Calls.createPt(u, recall, ROOT_PD, HANDLER, Script.ip(650)));
        calls.add(u -> Calls.ctrlPt(u, recall, 0x41, ArchState.EL2_ESR_FAR));
        calls.add(u -> Calls.createEc(u, WORKER, ROOT_PD, true, Kernel.ROOT_IMAGE_SIZE + 0x1000, EVT, 0, 0));
        calls.add(u -> Calls.createSc(u, SC, ROOT_PD, WORKER, 1, 1, 0));
        calls.add(u -> Calls.recall(u, WORKER, false));
        calls.add(u -> Calls.down(u, PARK, false, 0));
        final Script script = Script.calls(calls, log);
        script.at(600, u -> {
            u.setUtcb(ArchState.ELR_WORD, Script.ip(703));
            Calls.reply(u, ArchState.EL2_ELR_SPSR);
            return hypercall(u, 601);
        });
        script.at(650, u -> {
            log.add(String.format("recall esr %x far %x", u.utcb(ArchState.ESR_WORD), u.utcb(ArchState.FAR_WORD)));
            Calls.reply(u, 0);
            return hypercall(u, 651);
        });
        script.at(703, u -> {
            u.charge(1_000_000);
            return Program.PREEMPT;
        });
        k.kernel().start(script);
        k.engine().runUntil(5_000_000);
        assertThat(log).containsExactly("recall esr 104000000 far 0");
    }
}
