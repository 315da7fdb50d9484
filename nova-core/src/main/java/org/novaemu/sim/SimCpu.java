// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.sim;

/**
 * A simulated CPU as the engine sees it: a local cycle counter, a run limit and a blocked state. The
 * architectural CPU (registers, interrupt controller, MMU) lives in the platform's {@link Agent}.
 *
 * <p>A blocked CPU is out of the engine's run queue and costs nothing. {@link #sleepUntil} is HLT or WFI
 * with a known next deadline: the CPU's clock jumps to the deadline (or to the earlier wake-up) instead of
 * stepping through idle cycles.
 */
public final class SimCpu
{
    final Engine engine;
    final int index;
    final Agent agent;
    final int wakeTimer;
    long time;
    long limit;
    boolean blocked;

    SimCpu(final Engine engine, final int index, final Agent agent, final int wakeTimer, final long time)
    {
        this.engine = engine;
        this.index = index;
        this.agent = agent;
        this.wakeTimer = wakeTimer;
        this.time = time;
        this.limit = time;
    }

    /** @return the CPU's index in its engine, from 0 */
    public int index()
    {
        return index;
    }

    /** @return the CPU's local time in cycles */
    public long time()
    {
        return time;
    }

    /** @return the time up to which the running agent may run in this quantum */
    public long limit()
    {
        return limit;
    }

    /** @return whether the CPU waits for {@link #wake()} or its deadline */
    public boolean isBlocked()
    {
        return blocked;
    }

    /** @return whether this CPU is the one the engine is running now */
    public boolean isRunning()
    {
        return engine.current == this;
    }

    /**
     * Charges cycles to this CPU's clock. The clock saturates just below {@link EventQueue#NEVER}: a CPU
     * charged beyond the end of time simply never runs again.
     *
     * @param cycles the cost of the work done, not negative
     */
    public void advance(final long cycles)
    {
        final long t = time + cycles;
        // One test for both rare cases: a negative charge, or a sum that reached NEVER or overflowed.
        if ((cycles | (t + 1)) < 0)
        {
            advanceSlow(cycles);
            return;
        }
        time = t == EventQueue.NEVER ? EventQueue.NEVER - 1 : t;
    }

    private void advanceSlow(final long cycles)
    {
        if (cycles < 0)
        {
            throw new IllegalArgumentException("cycles must be >= 0, was " + cycles);
        }
        time = EventQueue.NEVER - 1;
    }

    /** Blocks the CPU until {@link #wake()}. */
    public void block()
    {
        engine.block(this, EventQueue.NEVER);
    }

    /**
     * Blocks the CPU until {@code deadline} or an earlier {@link #wake()}; at the deadline its clock
     * jumps there. A deadline that is not after the CPU's clock has already passed: the CPU does not
     * block, as WFI returns at once when its timer has expired.
     *
     * @param deadline the time to wake up at, if nothing wakes the CPU earlier
     * @return whether the CPU blocked
     */
    public boolean sleepUntil(final long deadline)
    {
        if (deadline <= time)
        {
            return false;
        }
        engine.block(this, deadline);
        return true;
    }

    /** Makes a blocked CPU runnable at the current simulated time; does nothing to a runnable one. */
    public void wake()
    {
        engine.wake(this);
    }

    @Override
    public String toString()
    {
        return "cpu" + index + "@" + time + (blocked ? " blocked" : "");
    }
}
