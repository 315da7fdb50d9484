// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The register map: offsets, MSRs and access per mode (SDM 3A, tables 11-1 and 11-6). */
class ApicRegisterTest
{
    @Test
    void anMsrIsTheOffsetInSixteenByteSteps()
    {
        assertThat(ApicRegister.EOI.msr()).isEqualTo(0x80b);
        assertThat(ApicRegister.ICR.msr()).isEqualTo(0x830);
        assertThat(ApicRegister.LVT_TIMER.msr()).isEqualTo(0x832);
        assertThat(ApicRegister.SELF_IPI.msr()).isEqualTo(0x83f);
        assertThat(ApicRegister.DFR.msr()).isEqualTo(-1);
        assertThat(ApicRegister.ICR_HIGH.msr()).isEqualTo(-1);
    }

    @Test
    void theBitmapsSpanEightRegistersEach()
    {
        assertThat(ApicRegister.atOffset(0x100)).isEqualTo(ApicRegister.ISR);
        assertThat(ApicRegister.atOffset(0x170)).isEqualTo(ApicRegister.ISR);
        assertThat(ApicRegister.atOffset(0x1f0)).isEqualTo(ApicRegister.TMR);
        assertThat(ApicRegister.atOffset(0x220)).isEqualTo(ApicRegister.IRR);
        assertThat(ApicRegister.atMsr(0x827)).isEqualTo(ApicRegister.IRR);
        assertThat(ApicRegister.atOffset(0x3a0)).isNull(); // reserved
        assertThat(ApicRegister.atOffset(0x400)).isNull();
        assertThat(ApicRegister.atMsr(0x840)).isNull();
    }

    @Test
    void accessDependsOnTheMode()
    {
        assertThat(ApicRegister.ID.writable(false)).isTrue();
        assertThat(ApicRegister.ID.writable(true)).isFalse();
        assertThat(ApicRegister.EOI.readable(true)).isFalse();
        assertThat(ApicRegister.SELF_IPI.writable(false)).isFalse();
        assertThat(ApicRegister.SELF_IPI.writable(true)).isTrue();
        assertThat(ApicRegister.DFR.access(true)).isEqualTo(ApicRegister.Access.NONE);
        assertThat(ApicRegister.TIMER_CURRENT.access(false)).isEqualTo(ApicRegister.Access.READ);
    }
}
