// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Program;
import org.novaemu.kernel.Script;
import org.novaemu.sim.Engine;

/**
 * A host EC's page fault goes to its handler with the x86 UTCB layout: GPRs, RFLAGS, RIP, error code and
 * CR2 where the specification puts them; the reply moves RIP, RAX and RFLAGS back with RFLAGS' forced bits.
 */
class ArchStateTest
{
    private static final long HANDLER = 20;
    private static final long WORKER = 21;
    private static final long SC = 22;
    private static final long PARK = 23;
    private static final long EVT = 0x100;
    private static final int MTD = ArchState.GPR_0_7 | ArchState.RFLAGS | ArchState.RIP | ArchState.QUAL;

    @Test
    void aPageFaultCarriesTheArchitecturalStateBothWays()
    {
        final org.novaemu.x86.X86Machine m = org.novaemu.x86.X86Machine.builder().build();
        final Engine engine = m.engine();
        final Kernel[] kernel = {m.kernel()};
        final List<String> log = new ArrayList<>();
        final long faultAt = 0x7000_0010L;
        kernel[0].start(Script.labels(u -> {
            switch ((int) u.ip())
            {
                case 0:
                    Calls.createEc(u, HANDLER, Kernel.ROOT_PD, false, Kernel.ROOT_IMAGE_SIZE, 0, 0, 0);
                    u.setIp(1);
                    return Program.HYPERCALL;
                case 1:
                    Calls.createPt(u, EVT + 14, Kernel.ROOT_PD, HANDLER, Script.ip(500));
                    u.setIp(2);
                    return Program.HYPERCALL;
                case 2:
                    Calls.ctrlPt(u, EVT + 14, 0xe, MTD);
                    u.setIp(3);
                    return Program.HYPERCALL;
                case 3:
                    Calls.createPt(u, EVT + 32, Kernel.ROOT_PD, HANDLER, Script.ip(600)); // STARTUP: start at 700
                    u.setIp(4);
                    return Program.HYPERCALL;
                case 4:
                    Calls.ctrlPt(u, EVT + 32, 0x20, ArchState.RIP);
                    u.setIp(5);
                    return Program.HYPERCALL;
                case 5:
                    Calls.createEc(u, WORKER, Kernel.ROOT_PD, true, Kernel.ROOT_IMAGE_SIZE + 0x1000, EVT, 0, 0x9000);
                    u.setIp(6);
                    return Program.HYPERCALL;
                case 6:
                    Calls.createSc(u, SC, Kernel.ROOT_PD, WORKER, 1, 1, 0);
                    u.setIp(7);
                    return Program.HYPERCALL;
                case 7:
                    Calls.createSm(u, PARK, Kernel.ROOT_PD, 0);
                    u.setIp(8);
                    return Program.HYPERCALL;
                case 8:
                    Calls.down(u, PARK, false, 0); // the root waits for ever; the worker runs
                    u.setIp(8);
                    return Program.HYPERCALL;
                case 500:
                    log.add(String.format("rax %x rsp %x rflags %x rip %x err %x cr2 %x", u.utcb(0), u.utcb(4),
                        u.utcb(ArchState.RFLAGS_WORD), u.utcb(ArchState.RIP_WORD), u.utcb(ArchState.QUAL_WORD),
                        u.utcb(ArchState.QUAL_WORD + 1)));
                    u.setUtcb(ArchState.RIP_WORD, Script.ip(702));
                    u.setUtcb(0, 0x1234);
                    u.setUtcb(ArchState.RFLAGS_WORD, 0x1 | 1 << 17); // CF, and VM, which is forced clear
                    Calls.reply(u, ArchState.GPR_0_7 | ArchState.RFLAGS | ArchState.RIP);
                    u.setIp(501);
                    return Program.HYPERCALL;
                case 600:
                    u.setUtcb(ArchState.RIP_WORD, Script.ip(700));
                    Calls.reply(u, ArchState.RIP);
                    u.setIp(601);
                    return Program.HYPERCALL;
                case 700:
                    u.setGpr(0, 0xaa);
                    u.read(faultAt, 8); // unmapped: #PF
                    return Program.PREEMPT;
                case 702:
                    log.add(String.format("resumed rax %x rflags %x", u.gpr(0), u.flags()));
                    u.setIp(703);
                    return Program.PREEMPT;
                default:
                    u.charge(1_000_000);
                    return Program.PREEMPT;
            }
        }));
        engine.runUntil(3_000_000);
        assertThat(log).containsExactly(
            "rax aa rsp 9000 rflags 40202 rip " + Long.toHexString(Script.ip(700)) + " err 4 cr2 70000010",
            "resumed rax 1234 rflags 40203");
        assertThat(ArchState.pageFaultErrorCode(true, false, true)).isEqualTo(7);
        assertThat(ArchState.pageFaultErrorCode(false, true, false)).isEqualTo(0x14);
    }
}
