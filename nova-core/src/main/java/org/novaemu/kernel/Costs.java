// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import org.novaemu.util.Require;

/**
 * What kernel paths cost in cycles of the reference clock. Every hypercall, switch and cross-CPU release
 * charges from this table, so that simulated time moves as on the real machine. The defaults are first
 * estimates from published measurements of comparable kernels (docs/kernel-costs.md gives the sources);
 * scenarios that calibrate against a real machine set their own.
 *
 * @param hypercall entering and leaving the kernel and dispatching one hypercall, at least 1
 * @param contextSwitch switching the CPU to another EC or SC, at least 1
 * @param ipi the latency of a remote release (RRQ IPI) from sender to target CPU
 */
public record Costs(long hypercall, long contextSwitch, long ipi, long fpuSwitch)
{
    /** Defaults for x86_64. */
    public static final Costs X86_64 = new Costs(150, 250, 2_000, 200);
    /** Defaults for AArch64. */
    public static final Costs AARCH64 = new Costs(120, 250, 1_500, 150);

    /**
     * Validates the entries.
     *
     * @param hypercall entering and leaving the kernel and dispatching one hypercall, at least 1
     * @param contextSwitch switching the CPU to another EC or SC, at least 1
     * @param ipi the latency of a remote release (RRQ IPI) from sender to target CPU
     * @param fpuSwitch the lazy FPU switch: saving one EC's FPU state and loading another's when the latter
     *        first uses the FPU, 0 or more
     */
    public Costs
    {
        Require.nonNegative("fpuSwitch", fpuSwitch);
        Require.positive("hypercall", hypercall); // at least a cycle, so a polling program moves time
        Require.positive("contextSwitch", contextSwitch);
        Require.nonNegative("ipi", ipi);
    }

    /**
     * Costs with the x86 FPU switch (200 cycles).
     *
     * @param hypercall entering and leaving the kernel and dispatching one hypercall, at least 1
     * @param contextSwitch switching the CPU to another EC or SC, at least 1
     * @param ipi the latency of a remote release
     */
    public Costs(final long hypercall, final long contextSwitch, final long ipi)
    {
        this(hypercall, contextSwitch, ipi, 200);
    }
}
