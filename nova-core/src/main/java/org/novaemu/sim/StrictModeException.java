// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.sim;

/**
 * Thrown out of {@link Engine#run}, {@link Engine#runUntil} or {@link Engine#runFor} in strict mode when a
 * {@link Failure} happened during the run (decision U23). The engine stops after the activity in which it
 * happened, so every model is in a consistent state and the run can be inspected or continued; the same run
 * always stops at the same place.
 */
public final class StrictModeException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** The failure. */
    private final Failure failure;
    /** When it happened, in cycles. */
    private final long time;

    /**
     * @param failure what happened
     * @param time when, in simulated cycles
     * @param message the cause, named
     */
    public StrictModeException(final Failure failure, final long time, final String message)
    {
        super(failure + " at cycle " + time + ": " + message);
        this.failure = failure;
        this.time = time;
    }

    /** @return what happened */
    public Failure failure()
    {
        return failure;
    }

    /** @return when it happened, in simulated cycles */
    public long time()
    {
        return time;
    }
}
