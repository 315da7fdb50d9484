// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * The code in a PD: what its ECs execute in user mode. The kernel calls {@link #step} whenever an EC of
 * the PD runs, and the program continues at the EC's instruction pointer. A step ends with a hypercall
 * (the registers hold it) or at a preemption point; no Java stack survives between steps, exactly as no
 * kernel stack survives a blocking hypercall in NOVA (docs/execution-model.md).
 */
@FunctionalInterface
public interface Program
{
    /** {@link #step} ended with a hypercall in the registers. */
    int HYPERCALL = 0;
    /** {@link #step} ended at a preemption point: call it again at the same instruction pointer later. */
    int PREEMPT = 1;

    /**
     * Runs user code from {@code user.ip()}, charging its cost with {@link User#charge}.
     *
     * @param user the EC's user-visible state
     * @return {@link #HYPERCALL} or {@link #PREEMPT}
     */
    int step(User user);

    /**
     * Places code written with its own numbering at an address: {@code code} sees {@link User#ip()} as the
     * distance from {@code origin} and sets the next instruction pointer the same way, as code linked at 0 and
     * loaded at {@code origin} would. A root task for {@link Kernel#start(Program)} is placed at
     * {@link RootImage#ENTRY}.
     *
     * @param origin the virtual address of the code's instruction 0
     * @param code the code
     * @return the code at {@code origin}
     */
    static Program relocated(final long origin, final Program code)
    {
        return u -> {
            u.setIp(u.ip() - origin);
            try
            {
                return code.step(u);
            }
            finally
            {
                u.setIp(u.ip() + origin);
            }
        };
    }
}
