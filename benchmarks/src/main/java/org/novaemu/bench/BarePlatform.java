// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bench;

import org.novaemu.kernel.Abi;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Platform;
import org.novaemu.kernel.User;

/**
 * An x86-like platform with nothing but CPUs, 24 bindable interrupts, and the x86 page-fault event; every
 * MAD is write-back with key 0. For benchmarks of the architecture-neutral kernel.
 *
 * @param cpus the number of CPUs
 */
record BarePlatform(int cpus) implements Platform
{
    @Override
    public Abi abi()
    {
        return Abi.X86_64;
    }

    @Override
    public int hostSelectorBits()
    {
        return 35;
    }

    @Override
    public boolean supports(final Kind space)
    {
        return space == Kind.OBJ || space == Kind.HST || space == Kind.PIO;
    }

    @Override
    public int hostArchEvents()
    {
        return 32;
    }

    @Override
    public int classesOfService()
    {
        return 0;
    }

    @Override
    public void saveState(final Ec from, final int mtd, final User handler)
    {
    }

    @Override
    public boolean loadState(final User handler, final int mtd, final Ec to)
    {
        return true;
    }

    @Override
    public boolean validIsd(final long isd)
    {
        return isd < 24;
    }

    /** Every MAD is write-back with key 0: the benchmark delegates no memory. */
    @Override
    public long memoryAttributes(final long mad)
    {
        return 0;
    }

    @Override
    public long kernelPageAttributes()
    {
        return 0;
    }

    @Override
    public int faultEvent(final int access)
    {
        return 14;
    }

    @Override
    public long faultSyndrome(final int access, final boolean present)
    {
        return 0;
    }
}
