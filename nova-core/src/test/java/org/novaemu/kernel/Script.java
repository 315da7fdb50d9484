// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import java.util.HashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/** A test program: code at numbered instruction pointers. */
final class Script implements Program
{
    private final Map<Long, ToIntFunction<User>> code = new HashMap<>();

    Script at(final long ip, final ToIntFunction<User> step)
    {
        code.put(ip, step);
        return this;
    }

    @Override
    public int step(final User u)
    {
        final ToIntFunction<User> step = code.get(u.ip());
        if (step == null)
        {
            throw new AssertionError("no code at ip " + u.ip());
        }
        return step.applyAsInt(u);
    }

    /** Ends a step with the hypercall the registers hold, continuing at {@code next}. */
    static int hypercall(final User u, final long next)
    {
        u.setIp(next);
        return HYPERCALL;
    }
}
