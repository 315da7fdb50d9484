// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

import org.novaemu.arm.cpu.GenericTimer;
import org.novaemu.arm.cpu.Pe;
import org.novaemu.kernel.KernelEvents;
import org.novaemu.kernel.Timer;

/**
 * NOVA's Arm timer ({@code inc/aarch64/timer.hpp}): each CPU's EL2 physical timer, enabled at boot and
 * programmed through CNTHP_CVAL_EL2 with the absolute STC, which is CNTPCT_EL0 (no skew before a resume). It
 * interrupts on PPI 26 while the condition holds, a level: the interrupt entry takes it by
 * {@link #expired}, which stops the timer before it reports, as NOVA's {@code Timeout::check} and
 * {@code Timeout::sync} leave CNTHP_CVAL_EL2 all ones when no timeout remains. A timer that is disabled or
 * masked cannot keep a deadline: the kernel then keeps it itself (docs/decisions.md A25).
 */
public final class HypTimer implements Timer
{
    /** CNTHP_CVAL_EL2 of a stopped timer (NOVA's {@code Timer::stop}): a count never reached. */
    public static final long STOPPED = -1L;

    private final Pe[] pes;

    /**
     * Takes over each PE's EL2 physical timer as NOVA's {@code Timer::init} does: CNTHP_CTL_EL2 = ENABLE, the
     * timer stopped until the first deadline.
     *
     * @param pes the PE of each CPU, by CPU number
     */
    HypTimer(final Pe[] pes)
    {
        this.pes = pes;
        for (final Pe pe : pes)
        {
            final GenericTimer t = pe.hypTimer();
            t.writeCval(STOPPED);
            t.writeCtl(GenericTimer.ENABLE);
        }
    }

    @Override
    public boolean arm(final int cpu, final long deadline)
    {
        final GenericTimer t = pes[cpu].hypTimer();
        if ((t.ctl() & (GenericTimer.ENABLE | GenericTimer.IMASK)) != GenericTimer.ENABLE)
        {
            return false;
        }
        t.writeCval(deadline);
        return true;
    }

    /**
     * The interrupt entry took PPI 26 on {@code cpu}: the timer is stopped (its level drops) and the expiry is
     * reported; the kernel programs the next deadline through {@link #arm} if timeouts remain. Allocates
     * nothing.
     *
     * @param cpu the CPU
     * @param kernel what to report to
     */
    public void expired(final int cpu, final KernelEvents kernel)
    {
        pes[cpu].hypTimer().writeCval(STOPPED);
        kernel.timerExpired();
    }
}
