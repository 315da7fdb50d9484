// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.novaemu.kernel.Abi;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Program;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.Status;

/**
 * The AArch64 calling convention (specification 7.7): the hypercall identifier and parameters in X0 to X4,
 * {@code svc #0}, the status in X0[7:0], the other parameter registers and SPSR unchanged, outputs where
 * the convention puts them.
 */
class HypercallAbiTest
{
    private static final long SM = 30;

    @Test
    void parametersGoInX0ToX4AndTheStatusComesBackInX0()
    {
        final ArmKernel k = ArmKernel.boot();
        final List<String> log = new ArrayList<>();
        k.kernel().start(Script.labels(u -> {
            switch ((int) u.ip())
            {
                case 0:
                    u.setGpr(0, SM << 8 | 0x6); // create_sm: sel[63:8], hypercall 6
                    u.setGpr(1, Kernel.ROOT_PD);
                    u.setGpr(2, 5); // the counter
                    u.setGpr(3, 0x3333);
                    u.setGpr(4, 0x4444);
                    u.setGpr(5, 0x5555);
                    u.setFlags(0x9000_0000L); // N and V
                    u.setIp(1);
                    return Program.HYPERCALL;
                case 1:
                    log.add(String.format("x0 %x x1 %x x2 %x x3 %x x4 %x x5 %x spsr %x", u.gpr(0), u.gpr(1),
                        u.gpr(2), u.gpr(3), u.gpr(4), u.gpr(5), u.flags()));
                    u.setGpr(0, (SM + 1) << 8 | 0x1c); // ctrl_sm down (D) on an empty selector
                    u.setIp(2);
                    return Program.HYPERCALL;
                case 2:
                    log.add("x0 " + Status.of(u.gpr(0)));
                    u.setGpr(0, Kernel.ROOT_SC << 8 | 0xa); // ctrl_sc: the time consumed comes back in X1
                    u.setIp(3);
                    return Program.HYPERCALL;
                case 3:
                    log.add("x0 " + Status.of(u.gpr(0)) + " x1 " + (u.gpr(1) > 0));
                    u.setIp(4);
                    return Program.PREEMPT;
                default:
                    u.charge(1_000_000);
                    return Program.PREEMPT;
            }
        }));
        k.engine().runUntil(3_000_000);
        assertThat(log).containsExactly(
            "x0 0 x1 " + Long.toHexString(Kernel.ROOT_PD) + " x2 5 x3 3333 x4 4444 x5 5555 spsr 90000000",
            "x0 BAD_CAP",
            "x0 SUCCESS x1 true");
        assertThat(Abi.AARCH64.register(0)).isZero();
        assertThat(Abi.AARCH64.register(4)).isEqualTo(4);
        assertThat(Abi.AARCH64.gprs()).isEqualTo(34); // X0-X30, SP_EL0, TPIDR_EL0, TPIDRRO_EL0
    }
}
