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
}
