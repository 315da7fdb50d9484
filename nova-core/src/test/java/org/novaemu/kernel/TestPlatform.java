// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import java.util.EnumSet;
import java.util.Set;

/** A minimal platform for kernel tests: an ABI, a CPU count, some space kinds, and ISDs below a limit. */
record TestPlatform(Abi abi, int cpus, Set<Kind> spaces, long isdLimit) implements Platform
{
    /** An x86-like platform: 4 CPUs, PIO and MSR spaces, DMA (an IOMMU), no GST; 24 pin GSIs. */
    static TestPlatform x86()
    {
        return new TestPlatform(Abi.X86_64, 4, EnumSet.of(Kind.OBJ, Kind.HST, Kind.DMA, Kind.PIO, Kind.MSR), 24);
    }

    /** An Arm-like platform: 2 CPUs, no PIO or MSR spaces, no IOMMU; no bindable interrupts. */
    static TestPlatform arm()
    {
        return new TestPlatform(Abi.AARCH64, 2, EnumSet.of(Kind.OBJ, Kind.HST, Kind.GST), 0);
    }

    @Override
    public int hostSelectorBits()
    {
        return abi == Abi.X86_64 ? 35 : 36;
    }

    @Override
    public boolean supports(final Kind space)
    {
        return spaces.contains(space);
    }

    @Override
    public boolean validIsd(final long isd)
    {
        return isd >= 0 && isd < isdLimit;
    }
}
