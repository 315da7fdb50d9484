// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import org.novaemu.kernel.Timer;
import org.novaemu.x86.apic.LocalApic;

/**
 * NOVA's x86 timer: each CPU's local APIC timer in TSC-deadline mode, programmed through IA32_TSC_DEADLINE
 * (SDM 3A, 11.5.4.1); it interrupts at {@link Vectors#VEC_TIMER}. A timer that is masked or in another mode
 * (after an INIT, say) cannot keep a deadline: the kernel then keeps it itself.
 */
public final class DeadlineTimer implements Timer
{
    private static final int MSR_LVT_TIMER = 0x832;
    private static final int MSR_TSC_DEADLINE = 0x6e0;

    private final LocalApic[] apics;
    private final long[] msr = new long[1];

    /**
     * @param apics the local APIC of each CPU, by CPU number
     */
    DeadlineTimer(final LocalApic[] apics)
    {
        this.apics = apics;
    }

    @Override
    public boolean arm(final int cpu, final long deadline)
    {
        final LocalApic a = apics[cpu];
        if (!a.readMsr(MSR_LVT_TIMER, msr)
            || (msr[0] & (3 << 17 | LocalApic.LVT_MASKED)) != LocalApic.TIMER_TSC_DEADLINE)
        {
            return false;
        }
        return a.writeMsr(MSR_TSC_DEADLINE, Math.max(1, deadline)); // a deadline of 0 would disarm it
    }
}
