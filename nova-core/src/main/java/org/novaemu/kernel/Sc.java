// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * A scheduling context: a priority and a time budget on one CPU, bound for life to a global EC or vCPU
 * (or to nothing, for a CPU's idle SC). While ready it sits in its CPU's ready queue of its priority;
 * the queue links are intrusive, so enqueueing and removing allocate nothing.
 */
public final class Sc extends Kobject
{
    /** The highest priority (the root SC's). */
    public static final int PRIO_MAX = 127;

    private final Ec ec;
    private final int cpu;
    private final int prio;
    private final int budgetMs;
    private final int cos;

    final long budget;
    long left;
    long used;
    Sc prev;
    Sc next;
    boolean queued;
    /** The next SC parked on the same EC ({@link Ec#unpark}). */
    Sc nextParked;
    /** The next SC in its CPU's release queue, released from another CPU and waiting for the RRQ IPI. */
    Sc nextReleased;

    /**
     * @param ec the EC it runs, or null for an idle SC
     * @param cpu its CPU
     * @param prio its priority, 0 (idle) to 127
     * @param budgetMs its budget in milliseconds
     * @param budgetTicks the same budget in STC ticks
     * @param cos its class of service
     */
    Sc(final Ec ec, final int cpu, final int prio, final int budgetMs, final long budgetTicks, final int cos)
    {
        super(Kind.SC);
        this.ec = ec;
        this.cpu = cpu;
        this.prio = prio;
        this.budgetMs = budgetMs;
        this.budget = budgetTicks;
        this.left = budgetTicks;
        this.cos = cos;
    }

    /** @return the EC it runs, null for an idle SC */
    public Ec ec()
    {
        return ec;
    }

    /** @return its CPU */
    public int cpu()
    {
        return cpu;
    }

    /** @return its priority */
    public int prio()
    {
        return prio;
    }

    /** @return its budget in milliseconds */
    public int budgetMs()
    {
        return budgetMs;
    }

    /** @return its class of service */
    public int cos()
    {
        return cos;
    }

    /** @return the STC ticks it had run when it last stopped running; ctrl_sc adds the running stint */
    public long used()
    {
        return used;
    }
}
