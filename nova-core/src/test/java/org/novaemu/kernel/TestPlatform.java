// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.ObjIntConsumer;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

/**
 * A minimal platform for kernel tests: an ABI, a CPU count, some space kinds, ISDs below a limit, and a
 * small architectural UTCB layout. x86-like: MTD bit 1 moves GPRs 0-7 to words 0-7, bit 2 GPRs 8-15 to
 * words 8-15, bit 4 the IP to word 17. Arm-like: bit 2 moves X0-X30 to words 0-30, bit 4 SP_EL0 to word
 * 31, bit 25 the IP to word 60. (The real layouts belong to the platform modules.)
 */
record TestPlatform(Abi abi, int cpus, Set<Kind> spaces, long isdLimit, long kernelMemorySize, Hooks hooks)
    implements Layout, EcArch, Interrupts, Timer, HipArch, MemoryAttributes, HwControl
{
    /**
     * What a test plugs in.
     *
     * @param guest what a vCPU's guest does when it runs (the exit, or -1 to halt), or null
     * @param interrupts the interrupt entry, called with the kernel's events and the CPU, or null
     */
    record Hooks(ToIntFunction<Ec> guest, ObjIntConsumer<KernelEvents> interrupts)
    {
    }

    /** x86-like slots: 215 per CPU. */
    static final int SLOTS = 215;

    /**
     * @return the platform the kernel is built with: the roles this record plays, an IOMMU that names no unit
     *         where DMA spaces exist, vCPUs where GST exists, PIO and MSR spaces where they exist
     */
    Platform platform()
    {
        final Iommu iommu = !spaces.contains(Kind.DMA) ? Iommu.NONE : new Iommu()
        {
            @Override
            public int selectorBits()
            {
                return 36;
            }

            @Override
            public Status assignDev(final Dc dc, final SpaceMem dma)
            {
                return Status.BAD_DEV; // no IOMMU model: the DTD names no unit
            }

            @Override
            public PageTableFormat pageTableFormat()
            {
                return null;
            }

            @Override
            public void spaceChanged(final SpaceMem space)
            {
                // nothing is cached
            }
        };
        final Vcpus vcpus = !spaces.contains(Kind.GST) ? Vcpus.NONE : new Vcpus()
        {
            @Override
            public int guestSelectorBits()
            {
                return 36;
            }

            /** Arm-like: one event per exception class, as for host ECs. */
            @Override
            public int guestArchEvents()
            {
                return 64;
            }

            @Override
            public boolean vcpuPage()
            {
                return false;
            }

            @Override
            public int run(final Ec vcpu)
            {
                return hooks.guest() == null ? -1 : hooks.guest().applyAsInt(vcpu);
            }
        };
        final Ports ports = !spaces.contains(Kind.PIO) ? Ports.NONE : new Ports()
        {
            /** SMI_CMD (0xb2) is withheld, as a FADT would name it. */
            @Override
            public boolean portWithheld(final int port)
            {
                return port == 0xb2;
            }

            /** TSC (0x10) readable; SYSENTER_CS (0x174) and EFER (0xc0000080) read-write. */
            @Override
            public int msrPerms(final long msr)
            {
                return msr == 0x10 ? 1 : msr == 0x174 || msr == 0xc000_0080L ? 3 : 0;
            }
        };
        return new Platform(abi, this, this, vcpus, this, this, iommu, this, this, this, ports);
    }

    /**
     * @param space a space kind
     * @return whether this platform has it
     */
    boolean supports(final Kind space)
    {
        return spaces.contains(space);
    }

    private static final Hooks NONE = new Hooks(null, null);

    /** 1 MiB of kernel memory: 256 frames, so that tests can exhaust it. */
    static final long KERNEL_MEMORY = 0x10_0000L;

    /** MTD bit that moves an exception's syndrome and address to UTCB words 20 and 21. */
    static final int QUAL_BIT = 7;
    /** UTCB word of the syndrome; the address follows. */
    static final int QUAL_WORD = 20;

    /** The largest x86 key ID the test platform has. */
    static final int KID_MAX = 3;

    /** @return both test platforms, for {@code @MethodSource("org.novaemu.kernel.TestPlatform#both")} */
    static Stream<Arguments> both()
    {
        return Stream.of(Arguments.of(x86()), Arguments.of(arm()));
    }

    /** An x86-like platform: 4 CPUs, PIO and MSR spaces, DMA (an IOMMU), no GST; 24 pin GSIs. */
    static TestPlatform x86()
    {
        return new TestPlatform(Abi.X86_64, 4, EnumSet.of(Kind.OBJ, Kind.HST, Kind.DMA, Kind.PIO, Kind.MSR), 24,
            KERNEL_MEMORY, NONE);
    }

    /** An Arm-like platform: 2 CPUs, no PIO or MSR spaces, no IOMMU; no bindable interrupts. */
    static TestPlatform arm()
    {
        return new TestPlatform(Abi.AARCH64, 2, EnumSet.of(Kind.OBJ, Kind.HST, Kind.GST), 0, KERNEL_MEMORY, NONE);
    }

    @Override
    public int hostSelectorBits()
    {
        return abi == Abi.X86_64 ? 35 : 36;
    }

    @Override
    public int hostArchEvents()
    {
        return abi == Abi.X86_64 ? 32 : 64;
    }

    @Override
    public void makeCurrent(final int cpu, final int cos)
    {
        // no hardware classes of service
    }

    @Override
    public int classesOfService(final int cpu)
    {
        return abi == Abi.X86_64 ? 16 : 0;
    }

    @Override
    public void saveState(final Ec from, final int mtd, final User handler)
    {
        transfer(from, mtd, handler, true);
        if ((mtd & 1 << QUAL_BIT) != 0)
        {
            handler.setUtcb(QUAL_WORD, from.exceptionSyndrome());
            handler.setUtcb(QUAL_WORD + 1, from.exceptionAddress());
        }
    }

    @Override
    public boolean loadState(final User handler, final int mtd, final Ec to)
    {
        transfer(to, mtd, handler, false);
        return (mtd & 1) == 0; // bit 0: POISON
    }

    /** x86: #PF (14). Arm: instruction abort (0x20) or data abort (0x24) from EL0. */
    @Override
    public int faultEvent(final int access)
    {
        return abi == Abi.X86_64 ? 14 : access == User.FETCH ? 0x20 : 0x24;
    }

    /** x86: #GP for ports and MSRs, #NM for the FPU. Arm: unknown (no ports), trapped MSR/MRS, FPU trap. */
    @Override
    public int instructionEvent(final Instruction insn)
    {
        if (abi == Abi.X86_64)
        {
            return insn == Instruction.FPU ? 7 : 13;
        }
        return insn == Instruction.FPU ? 0x07 : insn == Instruction.MSR ? 0x18 : 0x00;
    }

    /** x86: error code 0. Arm: the ESR's EC and IL. */
    @Override
    public long instructionSyndrome(final Instruction insn)
    {
        return abi == Abi.X86_64 ? 0 : (long) instructionEvent(insn) << 26 | 1L << 25;
    }

    /** x86: the #PF error code (P, W, U, I). Arm: EC, IL, WnR and a level-3 translation or permission fault. */
    @Override
    public long faultSyndrome(final int access, final boolean present)
    {
        if (abi == Abi.X86_64)
        {
            return (present ? 1 : 0) | (access == User.WRITE ? 2 : 0) | 4 | (access == User.FETCH ? 16 : 0);
        }
        final long ec = access == User.FETCH ? 0x20 : 0x24;
        return ec << 26 | 1L << 25 | (access == User.WRITE ? 1 << 6 : 0) | (present ? 0xf : 0x7);
    }

    private void transfer(final User ec, final int mtd, final User handler, final boolean save)
    {
        final boolean x86 = abi == Abi.X86_64;
        final int[][] groups = x86 ? new int[][] {{1, 0, 8}, {2, 8, 16}} : new int[][] {{2, 0, 31}, {4, 31, 32}};
        for (final int[] g : groups)
        {
            if ((mtd & (1 << g[0])) != 0)
            {
                for (int r = g[1]; r < g[2]; r++)
                {
                    if (save)
                    {
                        handler.setUtcb(r, ec.gpr(r));
                    }
                    else
                    {
                        ec.setGpr(r, handler.utcb(r));
                    }
                }
            }
        }
        final int ipBit = x86 ? 4 : 25;
        final int ipWord = x86 ? 17 : 60;
        if ((mtd & (1 << ipBit)) != 0)
        {
            if (save)
            {
                handler.setUtcb(ipWord, ec.ip());
            }
            else
            {
                ec.setIp(handler.utcb(ipWord));
            }
        }
    }

    /** x86-like: pins and MSIs, slots below 215, no G bit. Arm-like: no interrupt hardware. */
    @Override
    public Status check(final boolean attach, final Sm sm, final Dc dc, final int cpu, final int idx, final int cfg)
    {
        if (abi != Abi.X86_64)
        {
            return Status.BAD_DEV;
        }
        return (cfg & 8) != 0 || idx >= SLOTS ? Status.BAD_PAR : Status.SUCCESS;
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
    public int slot(final Sm sm, final int cpu, final int idx)
    {
        return cpu * SLOTS + idx;
    }

    /** x86-like compatibility-format MSIs; pins return nothing. */
    @Override
    public Status program(final Sm sm, final Dc dc, final int cpu, final int idx, final int cfg, final long[] msi)
    {
        if (dc != null)
        {
            msi[0] = 0xfee0_0000L | (long) cpu << 12;
            msi[1] = 32 + idx;
        }
        return Status.SUCCESS;
    }

    @Override
    public void unprogram(final Sm sm)
    {
        // no hardware
    }

    @Override
    public void deactivate(final Sm sm)
    {
        // no hardware
    }

    /** No interrupt controller: the kernel delivers its IPIs itself. */
    @Override
    public boolean sendIpi(final int cpu, final Ipi kind)
    {
        return false;
    }

    /** No timer: the kernel keeps its deadlines itself. */
    @Override
    public boolean arm(final int cpu, final long deadline)
    {
        return false;
    }

    @Override
    public int length()
    {
        return abi == Abi.X86_64 ? HipField.LENGTH_X86 : HipField.LENGTH_ARM;
    }

    @Override
    public void describe(final Hip hip)
    {
        // nothing beyond the kernel's fields
    }

    @Override
    public Status ctrlHw(final int cpu, final int op, final long desc)
    {
        return Status.BAD_FTR;
    }

    @Override
    public long kernelMemoryBase()
    {
        return 0x0100_0000L;
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

    /**
     * @param bytes the kernel memory size
     * @return this platform with another kernel memory size
     */
    TestPlatform withKernelMemory(final long bytes)
    {
        return new TestPlatform(abi, cpus, spaces, isdLimit, bytes, hooks);
    }

    /**
     * @param model what a vCPU's guest does when it runs: the VM exit it takes, or -1 to halt
     * @return this platform with that guest model
     */
    TestPlatform withGuest(final ToIntFunction<Ec> model)
    {
        return new TestPlatform(abi, cpus, spaces, isdLimit, kernelMemorySize, new Hooks(model, hooks.interrupts()));
    }

    /**
     * @param entry the interrupt entry: called with the CPU at its interrupt point
     * @return this platform with that interrupt entry
     */
    TestPlatform withInterrupts(final ObjIntConsumer<KernelEvents> entry)
    {
        return new TestPlatform(abi, cpus, spaces, isdLimit, kernelMemorySize, new Hooks(hooks.guest(), entry));
    }

    @Override
    public void handle(final int cpu, final KernelEvents kernel)
    {
        if (hooks.interrupts() != null)
        {
            hooks.interrupts().accept(kernel, cpu);
        }
    }

    /** x86: CA 0-4 (5-7 reserved), KID at most 3. Arm: CA 4 and SH 1 are reserved. */
    @Override
    public long decode(final long mad)
    {
        final int ca = (int) mad & 7;
        if (abi == Abi.X86_64)
        {
            return ca > 4 || (mad >>> 3 & 0x7fff) > KID_MAX ? -1 : mad & 0x3ffff;
        }
        return ca == 4 || (mad >>> 3 & 3) == 1 ? -1 : mad & 0x1f;
    }

    /** x86: WB, key 0. Arm: MEM_WB, inner shareable. */
    @Override
    public long kernelPages()
    {
        return abi == Abi.X86_64 ? 0 : 3 << 3 | 7;
    }

    @Override
    public boolean validIsd(final long isd)
    {
        return isd >= 0 && isd < isdLimit;
    }
}
