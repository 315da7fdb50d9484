// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

import org.novaemu.sim.Engine;
import org.novaemu.sim.EventHandler;

/**
 * The local APIC timer (Intel SDM volume 3A, 11.5.4): the initial count, current count and divide
 * configuration registers, and IA32_TSC_DEADLINE (11.5.4.1), counting the machine's reference clock (the
 * TSC) divided by the divide configuration. The mode is the LVT timer entry's ({@link Lvt#TIMER_MODE}),
 * which the APIC holds and passes in; the APIC also decides, from the same entry, whether an expiry
 * raises an interrupt.
 *
 * <p>Invariant: the engine timer is armed exactly when a one-shot or periodic count is running (at the
 * count's end) or a deadline in TSC-deadline mode is set (at the deadline, or now if it has passed).
 */
final class ApicTimer
{
    private final Engine engine;
    private final int handle;
    private int initial;
    private int divideConfig;
    private int divideShift;
    private long start;
    private long deadline;

    /**
     * @param engine the engine whose time is the TSC
     * @param expiry called when the timer expires
     * @param id the APIC's initial ID, the engine timer's argument
     */
    ApicTimer(final Engine engine, final EventHandler expiry, final long id)
    {
        this.engine = engine;
        this.handle = engine.newTimer(expiry, id);
    }

    /** The state at reset and after INIT: counts and deadline 0, divide by 2, disarmed. */
    void reset()
    {
        initial = 0;
        divideConfig = 0;
        divideShift = 1;
        deadline = 0;
        engine.cancel(handle);
    }

    /**
     * @param reg {@link ApicRegister#TIMER_INITIAL}, {@link ApicRegister#TIMER_CURRENT} or
     *            {@link ApicRegister#TIMER_DIVIDE}
     * @param mode the timer mode
     * @return the register's value
     */
    int read(final ApicRegister reg, final int mode)
    {
        if (reg == ApicRegister.TIMER_INITIAL)
        {
            return initial;
        }
        return reg == ApicRegister.TIMER_CURRENT ? currentCount(mode) : divideConfig;
    }

    /** @return IA32_TSC_DEADLINE */
    long deadline()
    {
        return deadline;
    }

    private long period()
    {
        return (initial & 0xffffffffL) << divideShift;
    }

    /**
     * @param mode the timer mode
     * @return the current count (0 in TSC-deadline mode and when it has run out)
     */
    int currentCount(final int mode)
    {
        if (mode == Lvt.TSC_DEADLINE || initial == 0)
        {
            return 0;
        }
        final long elapsed = engine.now() - start >>> divideShift;
        final long count = initial & 0xffffffffL;
        if (mode == Lvt.PERIODIC)
        {
            return (int) (count - elapsed % count);
        }
        return (int) Math.max(0, count - elapsed);
    }

    /**
     * A write of the initial count: the count starts again from it (ignored in TSC-deadline mode).
     *
     * @param mode the timer mode
     * @param value the initial count
     */
    void writeInitialCount(final int mode, final int value)
    {
        if (mode == Lvt.TSC_DEADLINE)
        {
            return;
        }
        initial = value;
        engine.cancel(handle);
        start = engine.now();
        if (initial != 0)
        {
            engine.arm(handle, start + period());
        }
    }

    /**
     * A write of the divide configuration.
     *
     * @param mode the timer mode
     * @param value the divide configuration
     */
    void writeDivideConfiguration(final int mode, final int value)
    {
        final int count = currentCount(mode);
        divideConfig = value & 0xb;
        final int code = (divideConfig & 3) | (divideConfig >>> 1 & 4);
        divideShift = code == 7 ? 0 : code + 1;
        if (count != 0 && mode != Lvt.TSC_DEADLINE)
        {
            // The count goes on from where it is, at the new rate.
            engine.cancel(handle);
            start = engine.now() - ((initial & 0xffffffffL) - (count & 0xffffffffL) << divideShift);
            engine.arm(handle, start + period());
        }
    }

    /**
     * A write of IA32_TSC_DEADLINE: arms the timer for that TSC value, or disarms it with 0 (ignored outside
     * TSC-deadline mode).
     *
     * @param mode the timer mode
     * @param tsc the deadline
     */
    void writeDeadline(final int mode, final long tsc)
    {
        if (mode != Lvt.TSC_DEADLINE)
        {
            return;
        }
        deadline = tsc;
        engine.cancel(handle);
        if (tsc != 0 && tsc > 0)
        {
            engine.arm(handle, Math.max(tsc, engine.now())); // deadlines of 2^63 and more never come
        }
    }

    /** The LVT timer entry moved into or out of TSC-deadline mode: the timer is disarmed, its count and deadline 0. */
    void modeChanged()
    {
        engine.cancel(handle);
        initial = 0;
        deadline = 0;
    }

    /**
     * The timer expired: a deadline reads 0 from now on, a periodic count starts its next period.
     *
     * @param mode the timer mode
     */
    void expired(final int mode)
    {
        if (mode == Lvt.TSC_DEADLINE)
        {
            deadline = 0;
        }
        else if (mode == Lvt.PERIODIC)
        {
            start = engine.now(); // the timer fires exactly at its expiry: the next period starts now
            engine.arm(handle, start + period());
        }
    }
}
