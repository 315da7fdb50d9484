// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.isa;

import org.novaemu.sim.Engine;

/**
 * A device's own oscillator seen from the engine: which of its ticks the engine's cycle count has reached,
 * and the first cycle at which a tick is reached, in exact integer arithmetic (no overflow for any time
 * below 2^63 cycles, clocks up to {@link org.novaemu.sim.Clock#MAX_HZ}). Ticks never go backwards, though
 * the CPU making an access may lag another's time by up to the engine's quantum.
 */
final class DeviceClock
{
    private final Engine engine;
    private final long engineHz;
    private final long hz;
    private long last;

    /**
     * @param engine the engine
     * @param hz the device's oscillator in Hz
     */
    DeviceClock(final Engine engine, final long hz)
    {
        this.engine = engine;
        this.engineHz = engine.clock().hz();
        this.hz = hz;
    }

    /** @return the tick the current time has reached, from 0 at power-up */
    long now()
    {
        final long c = engine.now();
        last = Math.max(last, c / engineHz * hz + c % engineHz * hz / engineHz);
        return last;
    }

    /**
     * @param tick a tick
     * @return the first engine cycle at which it has been reached
     */
    long cycleOf(final long tick)
    {
        return tick / hz * engineHz + (tick % hz * engineHz + hz - 1) / hz;
    }

    /**
     * Arms an engine timer for a tick, or now if the engine is past it.
     *
     * @param timer the timer
     * @param tick the tick
     */
    void arm(final int timer, final long tick)
    {
        engine.arm(timer, Math.max(engine.now(), cycleOf(tick)));
    }

    /**
     * @param timer an engine timer to disarm
     */
    void cancel(final int timer)
    {
        engine.cancel(timer);
    }
}
