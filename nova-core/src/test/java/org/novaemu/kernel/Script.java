// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The test harness for root tasks and drivers, shared with other modules' tests (nova-core's test-jar): a
 * program as code at numbered labels, a list of hypercalls made one after the other, and hypercalls made
 * directly on the root EC without running the engine.
 *
 * <p>Labels count from the script's origin, the virtual address its code is mapped at ({@link RootImage#ENTRY},
 * the standard root image's entry, unless given): a step sees {@link User#ip()} as its label and sets the
 * next label with {@link User#setIp}; the script turns both into instruction pointers around the step.
 */
public final class Script implements Program
{
    private final Map<Long, ToIntFunction<User>> code = new HashMap<>();
    private final long origin;

    /** A script at the standard root image's entry. */
    public Script()
    {
        this(RootImage.ENTRY);
    }

    /** @param origin the virtual address of label 0 */
    public Script(final long origin)
    {
        this.origin = origin;
    }

    /**
     * @param ip a label: the instruction pointer less the origin
     * @param step the code there: it sets the registers (and the next label) and returns what a step returns
     * @return this script
     */
    public Script at(final long ip, final ToIntFunction<User> step)
    {
        code.put(ip, step);
        return this;
    }

    @Override
    public int step(final User u)
    {
        final ToIntFunction<User> step = code.get(u.ip() - origin);
        if (step == null)
        {
            throw new AssertionError("no code at ip 0x" + Long.toHexString(u.ip()));
        }
        return Program.relocated(origin, step::applyAsInt).step(u);
    }

    /**
     * @param label a label of a script at the standard root image's entry
     * @return its instruction pointer, for portals and replies that name where an EC continues
     */
    public static long ip(final long label)
    {
        return RootImage.ENTRY + label;
    }

    /**
     * @param program code that sees labels as its instruction pointers, as a script's steps do
     * @return the program at the standard root image's entry
     */
    public static Program labels(final Program program)
    {
        return Program.relocated(RootImage.ENTRY, program);
    }

    /**
     * A root task that issues {@code calls} in turn from label 0, each as one hypercall, and repeats the last
     * one for ever (make it a down that never returns). A call whose status is not SUCCESS is logged as
     * "call n STATUS".
     *
     * @param calls each sets up one hypercall's registers
     * @param log where failures go
     * @return the script, to which more code can be added
     */
    public static Script calls(final List<Consumer<User>> calls, final List<String> log)
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

    /**
     * Ends a step with the hypercall the registers hold, continuing at label {@code next}.
     *
     * @param u the EC
     * @param next the label to continue at
     * @return {@link Program#HYPERCALL}
     */
    public static int hypercall(final User u, final long next)
    {
        u.setIp(next);
        return HYPERCALL;
    }

    /**
     * Makes one hypercall on the root EC at once, outside any run of the engine.
     *
     * @param kernel the kernel
     * @param setup sets the hypercall's registers
     * @return its status
     */
    public static Status direct(final Kernel kernel, final Consumer<? super Ec> setup)
    {
        final Ec root = kernel.rootEc();
        setup.accept(root);
        return kernel.hypercall(root);
    }

    /**
     * Makes one hypercall on the root EC at once that must succeed.
     *
     * @param kernel the kernel
     * @param setup sets the hypercall's registers
     */
    public static void ok(final Kernel kernel, final Consumer<? super Ec> setup)
    {
        assertThat(direct(kernel, setup)).isEqualTo(Status.SUCCESS);
    }
}
