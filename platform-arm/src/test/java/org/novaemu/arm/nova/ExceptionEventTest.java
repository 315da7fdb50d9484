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
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Program;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.User;

/**
 * Host exceptions numbered by ESR_EL2.EC (specification 7.5.1): each goes to the portal at SEL_EVT + EC with
 * the syndrome the Arm half reports (A27, A28, A29, A30).
 */
class ExceptionEventTest
{
    private static final long PARK = 20;
    private static final long HANDLER = 21;
    private static final long WORKER = 22;
    private static final long SC = 23;
    private static final long EVT = 0x400;
    private static final long UNMAPPED = 0x70_0000_0010L;
    private static final long NO_CODE = 0x60_0000_0000L;
    private static final int MTD = ArchState.EL2_ELR_SPSR | ArchState.EL2_ESR_FAR;
    private static final int[] EVENTS = {Esr.EC_UNKNOWN, Esr.EC_FP, Esr.EC_SVC64, Esr.EC_IABT_LOW, Esr.EC_DABT_LOW};

    private final List<String> log = new ArrayList<>();

    @Test
    void eachExceptionGoesToItsClassesPortalWithItsSyndrome()
    {
        final ArmKernel k = ArmKernel.boot();
        final long hip = k.kernel().hipAddress();
        final List<Consumer<User>> calls = new ArrayList<>();
        calls.add(u -> Calls.createSm(u, PARK, ROOT_PD, 0));
        calls.add(u -> Calls.createEc(u, HANDLER, ROOT_PD, false, Kernel.ROOT_IMAGE_SIZE, 0, 0, 0));
        for (final int ev : EVENTS)
        {
            calls.add(u -> Calls.createPt(u, EVT + ev, ROOT_PD, HANDLER, Script.ip(500)));
            calls.add(u -> Calls.ctrlPt(u, EVT + ev, ev, MTD));
        }
        calls.add(u -> Calls.createPt(u, EVT + ArmPlatform.ARCH_EVENTS, ROOT_PD, HANDLER, Script.ip(600)));
        calls.add(u -> Calls.ctrlPt(u, EVT + ArmPlatform.ARCH_EVENTS, 0x40, MTD));
        // Without F: the worker's FPU use traps.
        calls.add(u -> Calls.createEc(u, WORKER, ROOT_PD, true, Kernel.ROOT_IMAGE_SIZE + 0x1000, EVT, 0, 0));
        calls.add(u -> Calls.createSc(u, SC, ROOT_PD, WORKER, 1, 1, 0));
        calls.add(u -> Calls.down(u, PARK, false, 0));
        final Script script = Script.calls(calls, log);
        script.at(500, u -> {
            final long elr = u.utcb(ArchState.ELR_WORD);
            log.add(String.format("event %x esr %x far %x", u.gpr(0), u.utcb(ArchState.ESR_WORD),
                u.utcb(ArchState.FAR_WORD)));
            // Continue after the faulting instruction; the fetch fault continues at 707.
            u.setUtcb(ArchState.ELR_WORD, elr == NO_CODE ? Script.ip(707) : elr + 1);
            Calls.reply(u, ArchState.EL2_ELR_SPSR);
            return hypercall(u, 501);
        });
        script.at(600, u -> {
            u.setUtcb(ArchState.ELR_WORD, Script.ip(700));
            Calls.reply(u, ArchState.EL2_ELR_SPSR);
            return hypercall(u, 601);
        });
        script.at(700, u -> {
            u.read(UNMAPPED, 4); // translation fault
            return Program.PREEMPT;
        });
        script.at(701, u -> {
            u.write(hip, 8, 0); // the HIP is mapped read-only: permission fault
            return Program.PREEMPT;
        });
        script.at(702, u -> {
            u.in(0x60, 1); // no I/O ports on Arm: UNDEFINED
            return Program.PREEMPT;
        });
        script.at(703, u -> {
            u.rdmsr(0x10); // a privileged System register at EL0: UNDEFINED
            return Program.PREEMPT;
        });
        script.at(704, u -> {
            u.fpu(); // created without F: the FP trap
            return Program.PREEMPT;
        });
        script.at(705, u -> {
            u.raise(Esr.EC_SVC64, Esr.svc(5)); // svc #5: not the hypercall, an exception
            return Program.PREEMPT;
        });
        script.at(706, u -> {
            u.setIp(NO_CODE - Script.ip(0)); // a branch to an unmapped page: the fetch faults
            return Program.PREEMPT;
        });
        script.at(707, u -> {
            log.add("done");
            u.setIp(708);
            return Program.PREEMPT;
        });
        script.at(708, u -> {
            u.charge(1_000_000);
            return Program.PREEMPT;
        });
        k.kernel().start(script);
        k.engine().runUntil(5_000_000);
        assertThat(log).containsExactly(
            "event 24 esr 92000007 far 7000000010",
            "event 24 esr 9200004f far " + Long.toHexString(hip),
            "event 0 esr 2000000 far 0",
            "event 0 esr 2000000 far 0",
            "event 7 esr 1fe00000 far 0",
            "event 15 esr 56000005 far 0",
            "event 20 esr 82000007 far " + Long.toHexString(NO_CODE),
            "done");
    }

    @Test
    void syndromesCarryTheClassTheInstructionLengthAndTheFaultStatus()
    {
        assertThat(Esr.HYPERCALL).isEqualTo(0x5600_0000L); // svc #0
        assertThat(Esr.abort(true, false, false)).isEqualTo(0x9200_0047L);
        assertThat(Esr.abort(false, true, true)).isEqualTo(0x8200_000fL);
        assertThat(Esr.ec(Esr.abort(false, false, true))).isEqualTo(Esr.EC_DABT_LOW);
        // NOVA's event numbers for its own events reach above the 6-bit class (Exc_regs::set_ep).
        assertThat(Esr.forEvent(ArmPlatform.ARCH_EVENTS + 1, 0)).isEqualTo(0x1_0400_0000L);
        assertThat(Esr.forEvent(Esr.EC_BRK, Esr.of(0, 0x1234))).isEqualTo(0xf200_1234L);
    }
}
