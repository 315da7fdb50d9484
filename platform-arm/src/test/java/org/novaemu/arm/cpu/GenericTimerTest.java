// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.novaemu.sim.Clock;
import org.novaemu.sim.Engine;

/**
 * The Generic Timer's EL2 physical and EL1 virtual timers at their System registers (Arm ARM D12.2): reset
 * values, ISTATUS and IMASK, TVAL as a signed 32-bit view, firing at CVAL, CNTVOFF (A21, A22, A23, A35).
 */
class GenericTimerTest
{
    private final Engine engine = Engine.builder().build();
    private final Pe pe = new Pe(new SystemCounter(engine), 3);
    private final List<String> edges = new ArrayList<>();

    GenericTimerTest()
    {
        pe.hypTimer().output().connect((tag, level) -> edges.add("hyp " + level + " at " + engine.now()), 0);
        pe.virtualTimer().output().connect((tag, level) -> edges.add("virt " + level + " at " + engine.now()), 0);
    }

    @Test
    void timersResetDisabledUnmaskedWithCompareValueZeroAndTheirLineLow()
    {
        engine.runUntil(500);
        for (final SysReg r : new SysReg[] {SysReg.CNTHP_CTL_EL2, SysReg.CNTHP_CVAL_EL2, SysReg.CNTV_CTL_EL0,
            SysReg.CNTV_CVAL_EL0, SysReg.CNTVOFF_EL2})
        {
            assertThat(pe.read(r)).as(r.name()).isZero();
        }
        // CVAL 0 lies in the past, but a disabled timer's condition is not met: ISTATUS reads 0.
        assertThat(pe.hypTimer().output().level()).isFalse();
        assertThat(pe.read(SysReg.CNTHP_TVAL_EL2)).isEqualTo(-500 & 0xffff_ffffL); // counting down all the same
        assertThat(pe.hypTimer().output().name()).isEqualTo("pe3.cnthp");
        assertThat(pe.virtualTimer().output().name()).isEqualTo("pe3.cntv");
    }

    @Test
    void anEnabledTimerRaisesItsLineExactlyAtCompareValue()
    {
        pe.write(SysReg.CNTHP_CVAL_EL2, 1_000);
        pe.write(SysReg.CNTHP_CTL_EL2, GenericTimer.ENABLE);
        engine.runUntil(999);
        assertThat(pe.read(SysReg.CNTHP_CTL_EL2)).isEqualTo(GenericTimer.ENABLE);
        assertThat(edges).isEmpty();
        engine.runUntil(2_000);
        assertThat(edges).containsExactly("hyp true at 1000");
        assertThat(pe.read(SysReg.CNTHP_CTL_EL2)).isEqualTo(GenericTimer.ENABLE | GenericTimer.ISTATUS);
        // A new CompareValue in the future drops the level until then.
        pe.write(SysReg.CNTHP_CVAL_EL2, 2_500);
        engine.runUntil(3_000);
        assertThat(edges).containsExactly("hyp true at 1000", "hyp false at 2000", "hyp true at 2500");
    }

    @Test
    void imaskHoldsTheLineLowButNotIstatusAndDisablingClearsBoth()
    {
        pe.write(SysReg.CNTHP_CTL_EL2, GenericTimer.ENABLE | GenericTimer.IMASK);
        engine.runUntil(10);
        assertThat(pe.read(SysReg.CNTHP_CTL_EL2)).isEqualTo(GenericTimer.ENABLE | GenericTimer.IMASK
            | GenericTimer.ISTATUS);
        assertThat(edges).isEmpty();
        pe.write(SysReg.CNTHP_CTL_EL2, GenericTimer.ENABLE);
        assertThat(edges).containsExactly("hyp true at 10");
        pe.write(SysReg.CNTHP_CTL_EL2, 0);
        assertThat(pe.read(SysReg.CNTHP_CTL_EL2)).isZero(); // ISTATUS is UNKNOWN when disabled: 0 here
        assertThat(edges).containsExactly("hyp true at 10", "hyp false at 10");
    }

    @Test
    void ctlKeepsOnlyEnableAndImaskAndIstatusIsReadOnly()
    {
        pe.write(SysReg.CNTHP_CVAL_EL2, 100);
        pe.write(SysReg.CNTHP_CTL_EL2, -1L);
        assertThat(pe.read(SysReg.CNTHP_CTL_EL2)).isEqualTo(GenericTimer.ENABLE | GenericTimer.IMASK);
    }

    @Test
    void tvalIsASigned32BitDownCounterOfCompareValue()
    {
        engine.runUntil(1_000);
        pe.write(SysReg.CNTHP_TVAL_EL2, 100);
        assertThat(pe.read(SysReg.CNTHP_CVAL_EL2)).isEqualTo(1_100);
        pe.write(SysReg.CNTHP_CTL_EL2, GenericTimer.ENABLE);
        engine.runUntil(1_030);
        assertThat(pe.read(SysReg.CNTHP_TVAL_EL2)).isEqualTo(70);
        engine.runUntil(1_130);
        assertThat(edges).containsExactly("hyp true at 1100");
        assertThat(pe.read(SysReg.CNTHP_TVAL_EL2)).isEqualTo(0xffff_ffe2L); // -30, bits 63:32 RES0
        assertThat((int) pe.read(SysReg.CNTHP_TVAL_EL2)).isEqualTo(-30);
        // A write takes bits 31:0 sign-extended: -10 puts CompareValue in the past, the condition is met now.
        pe.write(SysReg.CNTHP_TVAL_EL2, 0x1234_5678_ffff_fff6L);
        assertThat(pe.read(SysReg.CNTHP_CVAL_EL2)).isEqualTo(1_120);
        assertThat(pe.read(SysReg.CNTHP_CTL_EL2) & GenericTimer.ISTATUS).isNotZero();
        pe.write(SysReg.CNTHP_TVAL_EL2, 0xffff_ffff_0000_0010L);
        assertThat(pe.read(SysReg.CNTHP_CVAL_EL2)).isEqualTo(1_146);
    }

    @Test
    void compareValueIsUnsignedAndAllOnesNeverFires()
    {
        pe.write(SysReg.CNTHP_CVAL_EL2, 0x8000_0000_0000_0000L); // negative as a signed number, far ahead unsigned
        pe.write(SysReg.CNTHP_CTL_EL2, GenericTimer.ENABLE);
        assertThat(pe.read(SysReg.CNTHP_CTL_EL2) & GenericTimer.ISTATUS).isZero();
        pe.write(SysReg.CNTHP_CVAL_EL2, -1L);
        engine.runUntil(1_000_000);
        assertThat(edges).isEmpty();
        assertThat(engine.pendingEvents()).isZero(); // nothing armed for a count the engine never reaches
    }

    @Test
    void reArmingKeepsOneEngineTimer()
    {
        pe.write(SysReg.CNTHP_CVAL_EL2, 1_000);
        pe.write(SysReg.CNTHP_CTL_EL2, GenericTimer.ENABLE);
        for (int i = 1; i <= 100; i++)
        {
            pe.write(SysReg.CNTHP_CVAL_EL2, 1_000 + i);
        }
        assertThat(engine.pendingEvents()).isEqualTo(1);
        engine.runUntil(2_000);
        assertThat(edges).containsExactly("hyp true at 1100");
    }

    @Test
    void theVirtualTimerComparesTheCountLessCntvoff()
    {
        engine.runUntil(10_000);
        pe.write(SysReg.CNTVOFF_EL2, 9_000);
        assertThat(pe.read(SysReg.CNTVCT_EL0)).isEqualTo(1_000);
        pe.write(SysReg.CNTV_CVAL_EL0, 1_500);
        pe.write(SysReg.CNTV_CTL_EL0, GenericTimer.ENABLE);
        assertThat(pe.read(SysReg.CNTV_TVAL_EL0)).isEqualTo(500);
        engine.runUntil(10_200);
        // A smaller offset moves the virtual count on: 10,200 - 8,800 = 1,400, so the timer fires 100 later.
        pe.write(SysReg.CNTVOFF_EL2, 8_800);
        engine.runUntil(20_000);
        assertThat(edges).containsExactly("virt true at 10300");
        // A larger one moves it back below CompareValue: the level drops.
        pe.write(SysReg.CNTVOFF_EL2, 20_000);
        assertThat(edges).containsExactly("virt true at 10300", "virt false at 20000");
        assertThat(pe.read(SysReg.CNTVCT_EL0)).isZero();
        assertThat(pe.read(SysReg.CNTHP_CTL_EL2)).isZero(); // the EL2 physical timer is not offset
    }

    @Test
    void countsAndIdentityAreReadOnlyAtEl2()
    {
        engine.runUntil(1_234);
        assertThat(pe.read(SysReg.CNTPCT_EL0)).isEqualTo(1_234);
        assertThat(pe.read(SysReg.CNTFRQ_EL0)).isEqualTo(1_000_000_000L);
        assertThat(pe.read(SysReg.MPIDR_EL1)).isEqualTo(0x8000_0003L);
        for (final SysReg r : new SysReg[] {SysReg.CNTPCT_EL0, SysReg.CNTVCT_EL0, SysReg.CNTFRQ_EL0,
            SysReg.MPIDR_EL1})
        {
            assertThat(pe.write(r, 42)).as(r.name()).isFalse();
            assertThat(r.writable()).isFalse();
        }
        assertThat(pe.read(SysReg.CNTPCT_EL0)).isEqualTo(1_234);
        assertThat(pe.read(SysReg.CNTFRQ_EL0)).isEqualTo(1_000_000_000L);
        assertThat(pe.write(SysReg.CNTHP_CVAL_EL2, 42)).isTrue();
    }

    @Test
    void registersDecodeFromTheirMrsAndMsrEncodings()
    {
        assertThat(SysReg.decode(0xd53b_e020)).isEqualTo(SysReg.CNTPCT_EL0); // mrs x0, cntpct_el0
        assertThat(SysReg.decode(0xd51c_e240)).isEqualTo(SysReg.CNTHP_CVAL_EL2); // msr cnthp_cval_el2, x0
        assertThat(SysReg.decode(0xd538_00a0)).isEqualTo(SysReg.MPIDR_EL1); // mrs x0, mpidr_el1
        assertThat(SysReg.decode(0xd53b_e300 | 0x20)).isEqualTo(SysReg.CNTV_CTL_EL0);
        assertThat(SysReg.decode(0xd518_1000)).isNull(); // msr sctlr_el1, x0: not modelled
        for (final SysReg r : SysReg.values())
        {
            assertThat(SysReg.decode(r.encoding())).isEqualTo(r);
        }
    }

    @Test
    void theCounterReportsItsFrequencyIn32Bits()
    {
        final Engine fast = Engine.builder().clock(new Clock(5_000_000_000L)).build();
        assertThatThrownBy(() -> new SystemCounter(fast)).hasMessageContaining("engine.clock().hz()");
        final Engine ok = Engine.builder().clock(new Clock(SystemCounter.MAX_HZ)).build();
        assertThat(new SystemCounter(ok).frequency()).isEqualTo(0xffff_ffffL);
    }
}
