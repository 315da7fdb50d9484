// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import org.novaemu.kernel.Timer;
import org.novaemu.x86.apic.ApicRegister;
import org.novaemu.x86.apic.LocalApic;
import org.novaemu.x86.apic.Lvt;

/**
 * NOVA's x86 timer: each CPU's local APIC timer in TSC-deadline mode, programmed through IA32_TSC_DEADLINE
 * (SDM 3A, 11.5.4.1); it interrupts at {@link Vectors#VEC_TIMER}. A timer that is masked or in another mode
 * (after an INIT, say) cannot keep a deadline: the kernel then keeps it itself.
 */
public final class DeadlineTimer implements Timer
{
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
        if (!a.readMsr(ApicRegister.LVT_TIMER.msr(), msr) || Lvt.MASK.isSet(msr[0])
            || Lvt.TIMER_MODE.extract(msr[0]) != Lvt.TSC_DEADLINE)
        {
            return false;
        }
        return a.writeMsr(ApicRegister.MSR_TSC_DEADLINE, Math.max(1, deadline)); // a deadline of 0 would disarm it
    }
}
