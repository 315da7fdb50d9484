// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import java.util.Arrays;

import org.novaemu.util.Require;

/**
 * Fault injection for tests: forced interleavings, so that the ABORTED paths of races between CPUs can be
 * reached in a single-threaded, deterministic simulation ({@link Kernel#interleavings}). A test arms a
 * {@link RacePoint} with an action; the next hypercall that reaches that point runs the action there, once,
 * between its checks and their use, as if another CPU had done it at that moment. The action may change
 * capabilities directly ({@link SpaceObj#store} with a null object revokes one; the last capability of an
 * object going destroys it) or make hypercalls for other ECs ({@link Kernel#hypercall}; not for the EC
 * inside the hypercall, whose registers are in use, and none that block).
 *
 * <p>For example, {@code kernel.interleavings().at(RacePoint.CREATE_SC, () -> space.store(ecSel, null, 0))}
 * makes the next create_sc find its EC destroyed after checking its capability: it returns ABORTED and
 * creates nothing.
 *
 * <p>Unarmed, a point costs the hypercall one array load and a null check.
 */
public final class Interleavings
{
    private final Runnable[] actions = new Runnable[RacePoint.values().length];

    Interleavings()
    {
    }

    /**
     * Runs {@code action} the next time a hypercall reaches {@code point}, once.
     *
     * @param point where
     * @param action what the other CPU does there; replaces an action armed at the same point before
     */
    public void at(final RacePoint point, final Runnable action)
    {
        actions[Require.nonNull("point", point).ordinal()] = Require.nonNull("action", action);
    }

    /**
     * @param point a race point
     * @return whether an action is armed there (it has not run yet)
     */
    public boolean armed(final RacePoint point)
    {
        return actions[Require.nonNull("point", point).ordinal()] != null;
    }

    /** Disarms every point. */
    public void clear()
    {
        Arrays.fill(actions, null);
    }

    /**
     * A hypercall reached {@code point}: runs its action if one is armed, disarmed first, so that the action
     * may itself make hypercalls that reach the same point.
     */
    void reach(final RacePoint point)
    {
        final Runnable action = actions[point.ordinal()];
        if (action != null)
        {
            actions[point.ordinal()] = null;
            action.run();
        }
    }
}
