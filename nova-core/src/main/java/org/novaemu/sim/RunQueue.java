// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.sim;

import java.util.Arrays;

import org.novaemu.util.IndexedMinHeap;

/**
 * An engine's CPUs by index, and the order in which the runnable ones run: lowest time first, lowest index
 * on equal times.
 *
 * <p>A CPU's place is keyed by a copy of its clock, taken when it enters the queue and again when its
 * quantum ends ({@link #requeue}). So the running CPU, which stays at the front, advances its own clock
 * without breaking the order, and a blocked CPU is in no queue and costs nothing.
 *
 * <p>Allocates only when a CPU is added beyond the current capacity, never when one blocks or wakes.
 * Not thread-safe.
 */
final class RunQueue
{
    private SimCpu[] cpus = new SimCpu[8];
    private int count;
    private final IndexedMinHeap runnable = new IndexedMinHeap(8);

    /** @return the number of CPUs */
    int count()
    {
        return count;
    }

    /**
     * @param index a CPU index, below {@link #count()}
     * @return that CPU
     */
    SimCpu cpu(final int index)
    {
        return cpus[index];
    }

    /**
     * Adds a CPU to the table, not to the queue.
     *
     * @param cpu a new CPU whose index is {@link #count()}
     */
    void add(final SimCpu cpu)
    {
        final int index = count;
        if (index == cpus.length)
        {
            final int n = index << 1;
            cpus = Arrays.copyOf(cpus, n);
            runnable.ensureCapacity(n);
        }
        cpus[index] = cpu;
        count++;
    }

    /**
     * Makes a CPU runnable at its current clock.
     *
     * @param cpu a CPU of this table that is not queued
     */
    void enqueue(final SimCpu cpu)
    {
        runnable.add(cpu.index, cpu.time, cpu.index);
    }

    /**
     * Takes a CPU out of the queue.
     *
     * @param cpu a queued CPU of this table
     */
    void dequeue(final SimCpu cpu)
    {
        runnable.remove(cpu.index);
    }

    /**
     * Moves a queued CPU to its clock after it ran; the clock never goes back, so it only moves back in line.
     *
     * @param cpu a queued CPU of this table
     */
    void requeue(final SimCpu cpu)
    {
        runnable.update(cpu.index, cpu.time, cpu.index);
    }

    /** @return the time at which the next runnable CPU runs, or {@link EventQueue#NEVER} if none is runnable */
    long nextTime()
    {
        return runnable.isEmpty() ? EventQueue.NEVER : runnable.minKey();
    }

    /** @return the next runnable CPU; only valid while one is runnable */
    SimCpu next()
    {
        return cpus[runnable.minId()];
    }
}
