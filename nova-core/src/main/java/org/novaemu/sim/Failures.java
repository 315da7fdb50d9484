// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.sim;

import org.slf4j.Logger;

/**
 * Where the kernel and the models report {@link Failure}s: each is logged through the reporter's SLF4J logger at
 * the failure's level, and in strict mode the first one of a run stops the engine and is thrown out of its run
 * call as a {@link StrictModeException} (decisions U22, U23). Reporters build their message only when
 * {@link #wanted} says so, so a failure nobody listens to costs a level check.
 *
 * <pre>{@code
 * if (failures.wanted(LOG, Failure.DMA_FAULT))
 * {
 *     failures.report(LOG, Failure.DMA_FAULT, "...");
 * }
 * }</pre>
 */
public final class Failures
{
    private final Engine engine;
    private boolean strict;
    private StrictModeException pending;

    /** @param engine the engine stopped in strict mode, or null for none (the failure is then only logged) */
    Failures(final Engine engine)
    {
        this.engine = engine;
    }

    /** @return a sink that only logs, for a bus or model without an engine */
    public static Failures logOnly()
    {
        return new Failures(null);
    }

    /** @return whether failures stop the run with an exception */
    public boolean strict()
    {
        return strict;
    }

    /**
     * Turns strict mode on or off; off also forgets a failure not thrown yet.
     *
     * @param on whether failures stop the run with an exception
     */
    public void strict(final boolean on)
    {
        strict = on;
        if (!on)
        {
            pending = null;
        }
    }

    /**
     * @param log the reporter's logger
     * @param failure the failure
     * @return whether a report would be logged or thrown: only then build the message
     */
    public boolean wanted(final Logger log, final Failure failure)
    {
        return strict || log.isEnabledForLevel(failure.level());
    }

    /**
     * Logs a failure and, in strict mode, stops the engine after the activity in progress and keeps the first
     * failure of the run to throw.
     *
     * @param log the reporter's logger
     * @param failure the failure
     * @param message what happened and why, naming the objects involved
     */
    public void report(final Logger log, final Failure failure, final String message)
    {
        log.atLevel(failure.level()).log("{}: {}", failure, message);
        if (strict && pending == null)
        {
            pending = new StrictModeException(failure, engine != null ? engine.now() : 0, message);
            if (engine != null)
            {
                engine.stop();
            }
        }
    }

    /** Throws the failure kept in strict mode, if any, and forgets it. */
    void throwPending()
    {
        final StrictModeException e = pending;
        if (e != null)
        {
            pending = null;
            throw e;
        }
    }
}
