// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import java.util.List;

import org.assertj.core.api.AbstractAssert;
import org.novaemu.kernel.Status;

/** Assertions on a {@link Call} of a root script. */
public final class CallAssert extends AbstractAssert<CallAssert, Call>
{
    CallAssert(final Call actual)
    {
        super(actual, CallAssert.class);
    }

    private void completed()
    {
        isNotNull();
        if (!actual.done())
        {
            failWithMessage("Expected %s to have completed, but the root EC has not made it yet", actual.what());
        }
    }

    /**
     * @param expected the status
     * @return this
     */
    public CallAssert hasStatus(final Status expected)
    {
        completed();
        if (actual.status() != expected)
        {
            failWithMessage("Expected %s to return %s, but it returned %s", actual.what(), expected, actual.status());
        }
        return this;
    }

    /** @return this, if the call returned SUCCESS */
    public CallAssert succeeded()
    {
        return hasStatus(Status.SUCCESS);
    }

    /**
     * Asserts that the root's object space was the same after the call as before (a probe's snapshots).
     *
     * @return this
     */
    public CallAssert changedNothing()
    {
        completed();
        if (actual.before() == null)
        {
            failWithMessage("%s was not made with RootScript.probe: no snapshots to compare", actual.what());
        }
        final List<String> diff = actual.before().diff(actual.after());
        if (!diff.isEmpty())
        {
            failWithMessage("Expected %s to change nothing, but the root's object space changed:%n  %s",
                actual.what(), String.join("\n  ", diff));
        }
        return this;
    }

    /**
     * @param cycles the most cycles from the call's entry to the root EC seeing its status
     * @return this
     */
    public CallAssert tookAtMost(final long cycles)
    {
        completed();
        if (actual.cycles() > cycles)
        {
            failWithMessage("Expected %s to take at most %s cycles, but it took %s", actual.what(), cycles,
                actual.cycles());
        }
        return this;
    }
}
