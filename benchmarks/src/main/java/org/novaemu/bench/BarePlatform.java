// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bench;

import org.novaemu.kernel.Abi;
import org.novaemu.kernel.BootInfo;
import org.novaemu.kernel.Dc;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.EcArch;
import org.novaemu.kernel.Hip;
import org.novaemu.kernel.HipArch;
import org.novaemu.kernel.HipField;
import org.novaemu.kernel.HwControl;
import org.novaemu.kernel.Instruction;
import org.novaemu.kernel.Interrupts;
import org.novaemu.kernel.Iommu;
import org.novaemu.kernel.Ipi;
import org.novaemu.kernel.KernelEvents;
import org.novaemu.kernel.Layout;
import org.novaemu.kernel.MemoryAttributes;
import org.novaemu.kernel.Platform;
import org.novaemu.kernel.Ports;
import org.novaemu.kernel.Sm;
import org.novaemu.kernel.Status;
import org.novaemu.kernel.Timer;
import org.novaemu.kernel.User;
import org.novaemu.kernel.Vcpus;

/**
 * An x86-like platform with nothing but CPUs: 24 bindable interrupts with 215 SM-table slots per CPU and no
 * interrupt controller (the benchmark reports interrupts to the kernel itself), the x86 page-fault event,
 * PIO and MSR spaces, no IOMMU; every MAD is write-back with key 0. For benchmarks of the
 * architecture-neutral kernel.
 */
final class BarePlatform implements Layout, EcArch, Interrupts, Timer, HipArch, MemoryAttributes, HwControl, Ports
{
    /** SM-table slots per CPU, as on x86. */
    static final int SLOTS = 215;

    private final int cpus;

    /**
     * @param cpus the number of CPUs
     */
    BarePlatform(final int cpus)
    {
        this.cpus = cpus;
    }

    /** @return the roles to build a kernel with */
    Platform platform()
    {
        return new Platform(Abi.X86_64, this, this, Vcpus.NONE, this, this, Iommu.NONE, this, this, this, this);
    }

    @Override
    public int cpus()
    {
        return cpus;
    }

    @Override
    public int hostSelectorBits()
    {
        return 35;
    }

    @Override
    public long kernelMemoryBase()
    {
        return 0x0100_0000L;
    }

    @Override
    public long kernelMemorySize()
    {
        return 0x0400_0000L;
    }

    @Override
    public long[] protectedMemory()
    {
        return new long[0];
    }

    @Override
    public BootInfo bootInfo()
    {
        return BootInfo.NONE;
    }

    @Override
    public long moduleBase()
    {
        return 1L << 40;
    }

    @Override
    public int hostArchEvents()
    {
        return 32;
    }

    @Override
    public void saveState(final Ec from, final int mtd, final User handler)
    {
        // no architectural state is moved
    }

    @Override
    public boolean loadState(final User handler, final int mtd, final Ec to)
    {
        return true;
    }

    /** The benchmarks' programs execute none of these instructions: any of them would be a #GP. */
    @Override
    public int instructionEvent(final Instruction insn)
    {
        return 13;
    }

    @Override
    public long instructionSyndrome(final Instruction insn)
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

    @Override
    public boolean validIsd(final long isd)
    {
        return isd >= 0 && isd < 24;
    }

    @Override
    public int route(final long isd)
    {
        return (int) isd;
    }

    @Override
    public int slots()
    {
        return cpus * SLOTS;
    }

    @Override
    public Status check(final boolean attach, final Sm sm, final Dc dc, final int cpu, final int idx, final int cfg)
    {
        return idx < SLOTS ? Status.SUCCESS : Status.BAD_PAR;
    }

    @Override
    public int slot(final Sm sm, final int cpu, final int idx)
    {
        return cpu * SLOTS + idx;
    }

    @Override
    public Status program(final Sm sm, final Dc dc, final int cpu, final int idx, final int cfg, final long[] msi)
    {
        return Status.SUCCESS; // no interrupt controller to program
    }

    @Override
    public void unprogram(final Sm sm)
    {
        // no interrupt controller to program
    }

    @Override
    public void deactivate(final Sm sm)
    {
        // edge-triggered: nothing to end
    }

    @Override
    public void handle(final int cpu, final KernelEvents kernel)
    {
        // the benchmark reports its interrupts to the kernel directly
    }

    @Override
    public boolean sendIpi(final int cpu, final Ipi kind)
    {
        return false;
    }

    @Override
    public boolean arm(final int cpu, final long deadline)
    {
        return false;
    }

    @Override
    public int length()
    {
        return HipField.LENGTH_X86;
    }

    @Override
    public void describe(final Hip hip)
    {
        // nothing beyond the kernel's fields
    }

    /** Every MAD is write-back with key 0: the benchmark delegates no memory. */
    @Override
    public long decode(final long mad)
    {
        return 0;
    }

    @Override
    public long kernelPages()
    {
        return 0;
    }

    @Override
    public void makeCurrent(final int cpu, final int cos)
    {
        // no classes of service
    }

    @Override
    public int classesOfService(final int cpu)
    {
        return 0;
    }

    @Override
    public Status ctrlHw(final int cpu, final int op, final long desc)
    {
        return Status.BAD_FTR;
    }

    @Override
    public boolean portWithheld(final int port)
    {
        return false;
    }

    @Override
    public int msrPerms(final long msr)
    {
        return 0;
    }
}
