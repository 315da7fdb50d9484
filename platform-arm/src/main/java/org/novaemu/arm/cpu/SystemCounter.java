// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.cpu;

import org.novaemu.sim.Engine;
import org.novaemu.util.Require;

/**
 * The Generic Timer's system counter (Arm ARM D12.1): one 64-bit count shared by every PE, read as
 * CNTPCT_EL0, whose frequency CNTFRQ_EL0 reports. It counts the engine's reference clock, so that the count
 * is the simulated time in cycles and NOVA's System Time Counter (STC) is CNTPCT_EL0 itself (NOVA's
 * {@code Timer::time}, with no skew before a resume). CNTFRQ_EL0 holds the frequency in bits 31:0, so the
 * engine's clock must be below 2^32 Hz (docs/decisions.md A21).
 */
public final class SystemCounter
{
    /** The highest frequency CNTFRQ_EL0 can report: its 32-bit field. */
    public static final long MAX_HZ = 0xffff_ffffL;

    private final Engine engine;

    /**
     * @param engine the machine's engine, whose clock the counter counts
     * @throws IllegalArgumentException if the clock is faster than CNTFRQ_EL0 can say
     */
    public SystemCounter(final Engine engine)
    {
        this.engine = Require.nonNull("engine", engine);
        Require.inRange("engine.clock().hz()", engine.clock().hz(), 1, MAX_HZ);
    }

    /** @return CNTPCT_EL0: the count now, in the running CPU's time when one runs */
    public long count()
    {
        return engine.now();
    }

    /** @return CNTFRQ_EL0: the counter's frequency in Hz */
    public long frequency()
    {
        return engine.clock().hz();
    }

    /** @return the engine whose timers the Generic Timers use */
    Engine engine()
    {
        return engine;
    }
}
