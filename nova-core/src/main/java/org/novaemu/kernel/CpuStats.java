// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * The kernel's counters of one CPU (decision U24): plain longs the kernel increments next to the code it counts,
 * no allocation and no lookup, read by a machine's statistics dump.
 */
public final class CpuStats
{
    /** Hypercall statuses counted: the twelve of {@link Status}, and one for calls that blocked. */
    public static final int STATUSES = 16;
    /** The column of hypercalls that blocked or wait (their status is written when they resume). */
    public static final int BLOCKED = 15;

    private final CpuKernel cpu;

    CpuStats(final CpuKernel cpu)
    {
        this.cpu = cpu;
    }

    /** @return cycles the CPU spent in the kernel: hypercalls, exceptions, interrupt entries, context switches */
    public long kernelCycles()
    {
        return cpu.kernelCycles;
    }

    /** @return cycles the CPU was halted with nothing to run, up to now */
    public long idleCycles()
    {
        return cpu.idleNow();
    }

    /** @return entries into the kernel for interrupts */
    public long interruptEntries()
    {
        return cpu.interruptEntries;
    }

    /** @return interrupts the kernel took and handed to their interrupt slot (semaphore) or to itself */
    public long interrupts()
    {
        return cpu.interrupts;
    }

    /** @return switches from one SC to another (the idle SC included) */
    public long switches()
    {
        return cpu.switches;
    }

    /**
     * @param hypercall a hypercall
     * @param status its status code, or {@link #BLOCKED}
     * @return how often it returned that status on this CPU
     */
    public long hypercalls(final Hypercall hypercall, final int status)
    {
        return cpu.hypercalls[hypercall.ordinal() * STATUSES + status];
    }
}
