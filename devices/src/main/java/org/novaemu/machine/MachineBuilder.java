// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.machine;

import java.util.Arrays;

import org.novaemu.kernel.Costs;
import org.novaemu.sim.Clock;
import org.novaemu.trace.TraceSink;
import org.novaemu.util.Require;

/**
 * The options every machine has: CPUs, the reference clock, the kernel's cost table and memory, tracing,
 * and PCI segments with what populates them. An architecture's builder extends it with its own options;
 * every setter checks its argument and names the field it refuses.
 *
 * @param <B> the architecture's builder, which the setters return
 * @param <M> the machine it builds
 */
public abstract class MachineBuilder<B extends MachineBuilder<B, M>, M extends Machine>
{
    private final int maxCpus;
    private final int maxSegments;
    private int cpus = 1;
    private Clock clock = Clock.ofMhz(2_000);
    private Costs costs;
    private long kernelMemory = 64L << 20;
    private boolean tracing;
    private TraceSink traceSink;
    private int segments = 1;
    private final Pcie[] pcie;

    /**
     * @param maxCpus the most CPUs the architecture's machine has
     * @param maxSegments the most PCI segments
     * @param costs the architecture's cost table, the default
     */
    protected MachineBuilder(final int maxCpus, final int maxSegments, final Costs costs)
    {
        this.maxCpus = maxCpus;
        this.maxSegments = maxSegments;
        this.costs = Require.nonNull("costs", costs);
        this.pcie = new Pcie[maxSegments];
    }

    /** @return this builder, as its own type */
    protected abstract B self();

    /**
     * Builds the machine once the options are known to fit together.
     *
     * @return the machine, with the kernel booted
     */
    protected abstract M assemble();

    /**
     * @param n CPUs, 1 to the architecture's most
     * @return this builder
     */
    public B cpus(final int n)
    {
        cpus = (int) Require.inRange("cpus", n, 1, maxCpus);
        return self();
    }

    /**
     * @param c the reference clock (x86 the TSC, Arm the generic timer's counter)
     * @return this builder
     */
    public B clock(final Clock c)
    {
        clock = Require.nonNull("clock", c);
        return self();
    }

    /**
     * @param c the kernel's cost table
     * @return this builder
     */
    public B costs(final Costs c)
    {
        costs = Require.nonNull("costs", c);
        return self();
    }

    /**
     * @param bytes the kernel's own memory, 4 MiB to 1 GiB in 4 KiB pages; it bounds the number of host ECs
     *        (one UTCB page each) and kernel page tables
     * @return this builder
     */
    public B kernelMemory(final long bytes)
    {
        if (bytes < 4L << 20 || bytes > 1L << 30 || (bytes & 0xfff) != 0)
        {
            throw new IllegalArgumentException("kernelMemory must be 4 MiB to 1 GiB in 4 KiB pages, was " + bytes);
        }
        kernelMemory = bytes;
        return self();
    }

    /**
     * @param on whether the engine records a trace (and its digest) from the start
     * @return this builder
     */
    public B tracing(final boolean on)
    {
        tracing = on;
        return self();
    }

    /**
     * Streams the trace to a sink besides the engine's ring: a trace of any length, to a file
     * ({@link org.novaemu.trace.TraceFile}, {@link org.novaemu.trace.ChromeTrace}). Tracing must be on for
     * anything to be written.
     *
     * @param sink the sink, or null for the ring only
     * @return this builder
     */
    public B traceTo(final TraceSink sink)
    {
        traceSink = sink;
        return self();
    }

    /**
     * @param n PCI segments, each with its own ECAM and IOMMU, 1 to the architecture's most
     * @return this builder
     */
    public B segments(final int n)
    {
        segments = (int) Require.inRange("segments", n, 1, maxSegments);
        return self();
    }

    /**
     * @param populate adds root ports, switches and functions to segment 0
     * @return this builder
     */
    public B pcie(final Pcie populate)
    {
        return pcie(0, populate);
    }

    /**
     * @param segment a segment, below {@link #segments(int)}
     * @param populate adds root ports, switches and functions to it
     * @return this builder
     */
    public B pcie(final int segment, final Pcie populate)
    {
        Require.nonNull("pcie", populate);
        Require.inRange("segment", segment, 0, maxSegments - 1);
        pcie[segment] = populate;
        return self();
    }

    /**
     * @return the machine, with the kernel booted
     * @throws IllegalArgumentException naming the option that does not fit the others
     */
    public final M build()
    {
        for (int s = segments; s < maxSegments; s++)
        {
            if (pcie[s] != null)
            {
                throw new IllegalArgumentException("pcie: segment " + s + " is beyond the " + segments + " segments");
            }
        }
        return assemble();
    }

    /** @return the number of CPUs */
    public final int cpus()
    {
        return cpus;
    }

    /** @return the reference clock */
    public final Clock clock()
    {
        return clock;
    }

    /** @return the kernel's cost table */
    public final Costs costs()
    {
        return costs;
    }

    /** @return the kernel's memory in bytes */
    public final long kernelMemory()
    {
        return kernelMemory;
    }

    /** @return whether the engine traces from the start */
    public final boolean tracing()
    {
        return tracing;
    }

    /** @return where the trace is streamed besides the ring, or null */
    public final TraceSink traceSink()
    {
        return traceSink;
    }

    /** @return the number of PCI segments */
    public final int segments()
    {
        return segments;
    }

    /** @return what populates each segment (null for an empty one), one per segment */
    final Pcie[] populators()
    {
        return Arrays.copyOf(pcie, segments);
    }
}
