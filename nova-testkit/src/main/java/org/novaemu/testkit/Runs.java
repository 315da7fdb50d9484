// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import java.util.function.BooleanSupplier;

import org.novaemu.machine.Machine;
import org.novaemu.sim.Engine;
import org.novaemu.util.Require;

/**
 * Runs a machine until something holds, within a budget of simulated cycles, and fails loudly naming what did
 * not happen when the budget runs out (docs/decisions.md U4). The condition is checked every {@link #SLICE}
 * cycles of simulated time, so the machine may run up to a slice past the moment it first held; what a test
 * asserts about timing comes from the records ({@link Interceptor}, {@link IrqThread#lastWake()}), which are exact.
 */
public final class Runs
{
    /** Simulated cycles between checks of the condition. */
    public static final long SLICE = 500;

    private Runs()
    {
    }

    /**
     * Runs until {@code condition} holds (checked first, then after every slice).
     *
     * @param m the machine
     * @param condition what must come to hold
     * @param what the condition in words, for the failure
     * @param budget the most cycles to run, at least 0
     * @return the cycles run
     * @throws AssertionError "{@code what} did not happen within {@code budget} cycles" if it did not
     */
    public static long until(final Machine m, final BooleanSupplier condition, final String what, final long budget)
    {
        Require.nonNull("condition", condition);
        Require.nonNegative("budget", budget);
        final Engine e = m.engine();
        final long start = e.now();
        final long end = start + budget;
        while (!condition.getAsBoolean())
        {
            if (e.now() >= end)
            {
                throw new AssertionError(what + " did not happen within " + budget + " cycles (from cycle " + start
                    + " to " + e.now() + ")");
            }
            e.runUntil(Math.min(end, e.now() + SLICE));
        }
        return e.now() - start;
    }

    /**
     * Runs until the machine is idle: no event pending and every CPU blocked with nothing to run (docs/decisions.md
     * U4). A machine with a periodic source (a device's timer, a thread that polls) never is.
     *
     * @param m the machine
     * @param budget the most cycles to run
     * @return the cycles run
     * @throws AssertionError if it was still busy when the budget ran out
     */
    public static long untilIdle(final Machine m, final long budget)
    {
        return until(m, () -> idle(m), "the machine becoming idle", budget);
    }

    /**
     * @param m a machine
     * @return whether no event is pending and every CPU is blocked
     */
    public static boolean idle(final Machine m)
    {
        final Engine e = m.engine();
        if (e.pendingEvents() != 0)
        {
            return false;
        }
        for (int c = 0; c < e.cpuCount(); c++)
        {
            if (!e.cpu(c).isBlocked())
            {
                return false;
            }
        }
        return true;
    }
}
