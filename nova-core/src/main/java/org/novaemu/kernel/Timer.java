// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * Each CPU's deadline timer (NOVA's {@code Timer}: x86 the local APIC in TSC-deadline mode, Arm the EL2
 * physical timer). When it fires, the platform's interrupt entry reports {@link KernelEvents#timerExpired}.
 */
public interface Timer
{
    /**
     * Programs a CPU's timer to interrupt at an absolute STC; a timer programmed again replaces the earlier
     * deadline.
     *
     * @param cpu the CPU
     * @param deadline the STC at which to interrupt
     * @return false if the timer cannot take the deadline now (x86: the LVT timer masked or in another
     *         mode): the kernel then keeps it by itself
     */
    boolean arm(int cpu, long deadline);
}
