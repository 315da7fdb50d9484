// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
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

    /**
     * A root task that issues {@code calls} in turn from IP 0, each as one hypercall, and repeats the last
     * one for ever (make it a down that never returns). A call whose status is not SUCCESS is logged as
     * "call n STATUS".
     *
     * @param calls each sets up one hypercall's registers
     * @param log where failures go
     * @return the script, to which more code can be added
     */
    static Script calls(final List<Consumer<User>> calls, final List<String> log)
    {
        final Script script = new Script();
        for (int i = 0; i < calls.size(); i++)
        {
            final int n = i;
            script.at(n, u -> {
                if (n > 0 && Calls.status(u) != Status.SUCCESS)
                {
                    log.add("call " + (n - 1) + " " + Calls.status(u));
                }
                calls.get(n).accept(u);
                return hypercall(u, n + 1 == calls.size() ? n : n + 1);
            });
        }
        return script;
    }

    /** Ends a step with the hypercall the registers hold, continuing at {@code next}. */
    static int hypercall(final User u, final long next)
    {
        u.setIp(next);
        return HYPERCALL;
    }
}
