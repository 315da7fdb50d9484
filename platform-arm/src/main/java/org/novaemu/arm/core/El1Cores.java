// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.core;

import java.util.Arrays;

import org.novaemu.arm.firmware.Psci;
import org.novaemu.util.Require;

/**
 * A bare machine's PEs as its firmware powers them: PSCI CPU_ON and AFFINITY_INFO find a PE by the affinity
 * fields of its MPIDR_EL1 (Aff3 in bits 39:32, Aff2 to Aff0 in 23:0; the other bits are ignored) with a binary
 * search, and start it through {@link El1Core#powerOn}. Give it to the firmware with {@link Psci#attach}.
 */
public final class El1Cores implements Psci.Cores
{
    /** The affinity fields of an MPIDR_EL1 value. */
    private static final long AFFINITY = 0xff_00ff_ffffL;

    private final El1Core[] cores;
    private final long[] sortedAffinities;
    private final int[] peBySorted;

    /**
     * @param cores the machine's PEs, PE i at index i
     * @throws IllegalArgumentException if a PE is not at its index, or two share an affinity
     */
    public El1Cores(final El1Core... cores)
    {
        Require.nonNull("cores", cores);
        this.cores = cores.clone();
        final int n = cores.length;
        final long[] keyed = new long[n];
        for (int i = 0; i < n; i++)
        {
            final El1Core c = Require.nonNull("cores[" + i + "]", cores[i]);
            if (c.index() != i)
            {
                throw new IllegalArgumentException("cores[" + i + "] must be PE " + i + ", was PE " + c.index());
            }
            keyed[i] = c.pe().mpidr().affinity();
        }
        final long[] sorted = keyed.clone();
        Arrays.sort(sorted);
        for (int i = 1; i < n; i++)
        {
            if (sorted[i] == sorted[i - 1])
            {
                throw new IllegalArgumentException("cores must have distinct affinities, two share 0x"
                    + Long.toHexString(sorted[i]));
            }
        }
        this.sortedAffinities = sorted;
        this.peBySorted = new int[n];
        for (int i = 0; i < n; i++)
        {
            peBySorted[Arrays.binarySearch(sorted, keyed[i])] = i;
        }
    }

    /** @return the number of PEs */
    public int count()
    {
        return cores.length;
    }

    /**
     * @param pe a PE
     * @return its core
     */
    public El1Core core(final int pe)
    {
        return cores[pe];
    }

    @Override
    public int find(final long affinity)
    {
        final int i = Arrays.binarySearch(sortedAffinities, affinity & AFFINITY);
        return i >= 0 ? peBySorted[i] : -1;
    }

    @Override
    public Psci.AffinityState state(final int pe)
    {
        return cores[pe].affinityState();
    }

    @Override
    public void powerOn(final int pe, final long entry, final long context)
    {
        cores[pe].powerOn(entry, context);
    }
}
