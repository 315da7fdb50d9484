// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.novaemu.arm.cpu.GenericTimer;
import org.novaemu.arm.cpu.Pe;
import org.novaemu.arm.cpu.SysReg;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Script;

/**
 * NOVA's timer on Arm: the EL2 physical timer, programmed with the absolute STC through CNTHP_CVAL_EL2, its
 * PPI 26 level taken by the interrupt entry, which stops it before the kernel programs the next deadline (A25).
 */
class HypTimerTest
{
    private static final long PARK = 20;

    private final List<String> log = new ArrayList<>();
    private final List<Long> cvals = new ArrayList<>();

    /** The root blocks twice with a timeout, noting the status, the time and CNTHP_CVAL_EL2 while blocked. */
    private Script root()
    {
        return Script.calls(List.of(
            u -> Calls.createSm(u, PARK, Kernel.ROOT_PD, 0),
            u -> Calls.down(u, PARK, false, 50_000),
            u -> {
                log.add(Calls.status(u) + " at " + (u.stc() >= 50_000 && u.stc() < 52_000));
                Calls.down(u, PARK, false, 80_000);
            },
            u -> {
                log.add(Calls.status(u) + " at " + (u.stc() >= 80_000 && u.stc() < 82_000));
                Calls.down(u, PARK, false, 0);
            }), log);
    }

    @Test
    void bootEnablesEachTimerStopped()
    {
        final ArmKernel k = ArmKernel.boot();
        for (int cpu = 0; cpu < 2; cpu++)
        {
            final Pe pe = k.platform().pe(cpu);
            assertThat(pe.read(SysReg.CNTHP_CTL_EL2)).isEqualTo(GenericTimer.ENABLE);
            assertThat(pe.read(SysReg.CNTHP_CVAL_EL2)).isEqualTo(HypTimer.STOPPED);
            assertThat(pe.hypTimer().output().level()).isFalse();
        }
    }

    @Test
    void aDownsTimeoutFiresThroughTheEl2PhysicalTimer()
    {
        final ArmKernel k = ArmKernel.boot();
        final Pe pe = k.platform().pe(0);
        pe.hypTimer().output().connect((tag, level) -> {
            if (level)
            {
                cvals.add(pe.read(SysReg.CNTHP_CVAL_EL2));
            }
        }, 0);
        k.kernel().start(root());
        k.engine().runUntil(40_000);
        assertThat(pe.read(SysReg.CNTHP_CVAL_EL2)).isEqualTo(50_000); // the deadline, as the absolute count
        k.engine().runUntil(1_000_000);
        assertThat(log).containsExactly("call 1 TIMEOUT", "TIMEOUT at true", "call 2 TIMEOUT", "TIMEOUT at true");
        assertThat(cvals).containsExactly(50_000L, 80_000L); // each expiry came from the timer's own line
        assertThat(pe.read(SysReg.CNTHP_CVAL_EL2)).isEqualTo(HypTimer.STOPPED); // no timeout left: stopped
        assertThat(pe.hypTimer().output().level()).isFalse();
    }

    @Test
    void aMaskedTimerCannotKeepTheDeadlineSoTheKernelKeepsIt()
    {
        final ArmKernel k = ArmKernel.boot();
        final Pe pe = k.platform().pe(0);
        pe.write(SysReg.CNTHP_CTL_EL2, GenericTimer.ENABLE | GenericTimer.IMASK);
        assertThat(k.platform().timer().arm(0, 10)).isFalse();
        k.kernel().start(root());
        k.engine().runUntil(1_000_000);
        assertThat(log).containsExactly("call 1 TIMEOUT", "TIMEOUT at true", "call 2 TIMEOUT", "TIMEOUT at true");
        assertThat(pe.read(SysReg.CNTHP_CVAL_EL2)).isEqualTo(HypTimer.STOPPED); // never programmed
    }
}
