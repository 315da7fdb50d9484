// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import org.novaemu.bus.Bus;
import org.novaemu.bus.PortSpace;
import org.novaemu.kernel.Abi;
import org.novaemu.kernel.BootInfo;
import org.novaemu.kernel.EcArch;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Hip;
import org.novaemu.kernel.HipArch;
import org.novaemu.kernel.HipField;
import org.novaemu.kernel.Instruction;
import org.novaemu.kernel.HwControl;
import org.novaemu.kernel.Iommu;
import org.novaemu.kernel.Layout;
import org.novaemu.kernel.MemoryAttributes;
import org.novaemu.kernel.Platform;
import org.novaemu.kernel.Ports;
import org.novaemu.kernel.Status;
import org.novaemu.kernel.User;
import org.novaemu.kernel.Vcpus;
import org.novaemu.x86.acpi.AcpiPm;
import org.novaemu.x86.acpi.AcpiTables;
import org.novaemu.x86.acpi.Fadt;
import org.novaemu.x86.rdt.Rdt;
import org.novaemu.sim.Engine;
import org.novaemu.util.Require;
import org.novaemu.x86.apic.ApicRegister;
import org.novaemu.x86.apic.LocalApic;
import org.novaemu.x86.apic.Lvt;
import org.novaemu.x86.apic.MsiMessage;
import org.novaemu.x86.apic.Svr;
import org.novaemu.x86.ioapic.IoApic;
import org.novaemu.x86.vtd.Vtd;

/**
 * NOVA's x86_64 half (specification chapter 8), which programs the hardware models through their registers
 * and in-memory tables as the kernel programs real hardware. At construction it switches the local APICs to
 * x2APIC mode with directed EOI and the TSC-deadline timer, and takes over each PCI segment's VT-d unit
 * ({@link SmmuItl}: root table, a 65,536-entry interrupt remapping table, queued invalidation, DMA translation
 * and interrupt remapping), whose tables live in regions the NOVA host space withholds. On a machine without
 * an IOMMU (no VT-d unit) there is no DMA translation and no interrupt remapping, as NOVA runs without a DMAR
 * table: the kernel has no DMA spaces ({@link Iommu#NONE}), the HIP clears the IOMMU feature, and I/O APIC
 * pins and MSIs are programmed in compatibility format (decision X30).
 *
 * <p>It hands the kernel its {@link #roles()}: {@link InterruptEntry} (NOVA's {@code Interrupt}),
 * {@link DeadlineTimer} ({@code Timer}), {@link Smmu} ({@code Smmu}), {@link ArchState} behind the EC role
 * ({@code Ec_arch}, {@code Utcb_arch}), and the small ones this class plays itself: the memory layout, the
 * HIP's x86 part, MADs, ctrl_hw and the PIO and MSR spaces. There is no VMX model ({@link Vcpus#NONE}).
 */
public final class X86Platform implements Layout, EcArch, HipArch, MemoryAttributes, HwControl, Ports
{
    /** The first I/O APIC's source ID (its DMAR device scope): f0:1f.0; I/O APIC k has f0:1f.k. */
    public static final long IOAPIC_SOURCE = InterruptEntry.IOAPIC_SOURCE;
    /** GSIs per segment at most: one IRTE each in a full 16-bit interrupt remapping table. */
    public static final int MAX_GSIS = SmmuItl.IRT_ENTRIES;

    /**
     * The hardware NOVA's x86 half drives.
     *
     * @param apics the local APICs by CPU
     * @param segments the PCI segments: create_sm's ISDs name segments below it
     * @param vtds the VT-d unit of each PCI segment, by segment number, or none for a machine without an IOMMU
     * @param vtdBases their register addresses (the DTDs' IOMMU addresses)
     * @param ioapics the I/O APICs of segment 0; their pins are GSIs 0 to PIN_NUM - 1, in order
     * @param ioapicBases their register addresses
     * @param tables the first of one 4 MiB region per unit for its tables, withheld from PDs
     * @param gsis GSIs per segment: pins first (segment 0), then MSIs; at most 2^16
     * @param kernelMemoryBase the kernel's own memory (HIP, UTCBs, its page tables), 4 KiB aligned
     * @param kernelMemorySize its size, a multiple of 4 KiB
     */
    public record Hardware(LocalApic[] apics, int segments, Vtd[] vtds, long[] vtdBases, IoApic[] ioapics,
                           long[] ioapicBases, long tables, int gsis, long kernelMemoryBase, long kernelMemorySize,
                           BootInfo boot, Rdt[] rdt)
    {
        /**
         * Hardware without boot information (no ACPI tables, no framebuffer), with one PCI segment per VT-d
         * unit.
         *
         * @param apics the local APICs by CPU
         * @param vtds the VT-d unit of each PCI segment
         * @param vtdBases their register addresses
         * @param ioapics the I/O APICs of segment 0
         * @param ioapicBases their register addresses
         * @param tables the first of the units' table regions
         * @param gsis GSIs per segment
         * @param kernelMemoryBase the kernel's own memory
         * @param kernelMemorySize its size
         */
        public Hardware(final LocalApic[] apics, final Vtd[] vtds, final long[] vtdBases, final IoApic[] ioapics,
                        final long[] ioapicBases, final long tables, final int gsis, final long kernelMemoryBase,
                        final long kernelMemorySize)
        {
            this(apics, vtds == null ? 0 : vtds.length, vtds, vtdBases, ioapics, ioapicBases, tables, gsis,
                kernelMemoryBase, kernelMemorySize, BootInfo.NONE, null);
        }

        /**
         * Checks what the platform relies on, naming the field at fault.
         *
         * @param apics the local APICs by CPU
         * @param segments the PCI segments, at least 1: create_sm's ISDs name segments below it
         * @param vtds the VT-d unit of each PCI segment, by segment number, or none (an empty array) for a
         *        machine without an IOMMU
         * @param vtdBases their register addresses (the DTDs' IOMMU addresses)
         * @param ioapics the I/O APICs of segment 0; their pins are GSIs 0 to PIN_NUM - 1, in order
         * @param ioapicBases their register addresses
         * @param tables the first of one 4 MiB region per unit for its tables, withheld from PDs
         * @param gsis GSIs per segment: pins first (segment 0), then MSIs; at most 2^16
         * @param kernelMemoryBase the kernel's own memory (HIP, UTCBs, its page tables), 4 KiB aligned
         * @param kernelMemorySize its size, a multiple of 4 KiB
         * @param boot what the boot loader hands over: the ACPI RSDP, the framebuffer, the registers
         * @param rdt each CPU's RDT allocation registers, by CPU, or null for CPUs without RDT
         */
        public Hardware
        {
            Require.nonNull("boot", boot);
            if (apics == null || apics.length == 0)
            {
                throw new IllegalArgumentException("apics must not be empty");
            }
            if (rdt != null && rdt.length != apics.length)
            {
                throw new IllegalArgumentException("rdt must have one entry per CPU, had " + rdt.length);
            }
            if (vtds == null || vtdBases == null || vtdBases.length != vtds.length)
            {
                throw new IllegalArgumentException("vtds must not be null and vtdBases must match them");
            }
            // An ISD's route is segment:GSI in a non-negative int (InterruptEntry.route).
            Require.inRange("segments", segments, 1, 0x7fff);
            if (vtds.length != 0 && vtds.length != segments)
            {
                throw new IllegalArgumentException("vtds must be one per segment (" + segments + ") or none, was "
                    + vtds.length);
            }
            if (ioapics == null || ioapicBases == null || ioapicBases.length != ioapics.length)
            {
                throw new IllegalArgumentException("ioapicBases must match ioapics");
            }
            int pins = 0;
            for (final IoApic a : ioapics)
            {
                pins += a.pins();
            }
            if (gsis <= pins || gsis > MAX_GSIS)
            {
                throw new IllegalArgumentException("gsis must be above the " + pins + " pins and at most 65536, was "
                    + gsis);
            }
            if ((tables & 0xfff) != 0 || ((kernelMemoryBase | kernelMemorySize) & 0xfff) != 0 || kernelMemorySize <= 0)
            {
                throw new IllegalArgumentException("tables and kernel memory must be 4 KiB aligned");
            }
            final long tablesEnd = tables + vtds.length * SmmuItl.TABLES_SIZE;
            if (tables < kernelMemoryBase + kernelMemorySize && kernelMemoryBase < tablesEnd)
            {
                throw new IllegalArgumentException("tables must not overlap the kernel memory");
            }
            if (ioapics.length > 8)
            {
                throw new IllegalArgumentException("ioapics must be at most 8 (source IDs f0:1f.0 to f0:1f.7), was "
                    + ioapics.length);
            }
            if (apics[0].initialId() > 0xff)
            {
                throw new IllegalArgumentException("apics: the BSP's APIC ID must be below 256 (fault events)");
            }
        }
    }

    private final Hardware hw;
    /** The power-management blocks the kernel found in the FADT at boot, or null without ACPI. */
    private final Fadt fadt;
    private final Bus bus;
    /** A reset or deep sleep was entered: the machine is going down. */
    private boolean poweredDown;
    /** Per CPU: whether ctrl_hw OP 4 established (and locked) its QOS configuration. */
    private final Cos cos;
    private final SmmuItl[] dmars;
    private final Smmu smmu;
    private final InterruptEntry interrupts;
    private final DeadlineTimer timer;
    private final Platform roles;

    /**
     * @param engine the machine's engine
     * @param bus the machine's bus (its memory holds the tables)
     * @param hw the hardware
     */
    public X86Platform(final Engine engine, final Bus bus, final Hardware hw)
    {
        Require.nonNull("engine", engine);
        Require.nonNull("bus", bus);
        this.hw = Require.nonNull("hw", hw);
        final LocalApic[] apics = hw.apics().clone();
        for (int i = 0; i < apics.length; i++)
        {
            final LocalApic a = apics[i];
            a.writeMsr(ApicRegister.MSR_APIC_BASE, LocalApic.DEFAULT_BASE | LocalApic.BASE_ENABLE | LocalApic.BASE_EXTD
                | (i == 0 ? LocalApic.BASE_BSP : 0));
            a.writeMsr(ApicRegister.SVR.msr(), Svr.APIC_ENABLE.mask() | Svr.SUPPRESS_EOI_BROADCAST.mask()
                | Svr.VECTOR.encode(Vectors.VEC_SPURIOUS));
            a.writeMsr(ApicRegister.LVT_TIMER.msr(), Lvt.TIMER_MODE.encode(Lvt.TSC_DEADLINE)
                | Lvt.VECTOR.encode(Vectors.VEC_TIMER)); // the kernel's timer
            a.writeMsr(ApicRegister.LVT_ERROR.msr(), Lvt.VECTOR.encode(Vectors.VEC_ERROR));
        }
        // As NOVA does at boot: follow the RSDP to the FADT, whose control blocks the PIO space withholds.
        this.fadt = hw.boot().rsdp() >= 0 ? AcpiTables.find(bus.memory(), hw.boot().rsdp()) : null;
        this.bus = bus;
        this.cos = new Cos(hw.rdt(), hw.apics().length);
        this.dmars = new SmmuItl[hw.vtds().length];
        for (int s = 0; s < dmars.length; s++)
        {
            dmars[s] = new SmmuItl(hw.vtds()[s], hw.vtdBases()[s], s, bus.memory(), hw.tables()
                + s * SmmuItl.TABLES_SIZE,
                apics[0].initialId());
        }
        this.smmu = new Smmu(dmars);
        this.interrupts = new InterruptEntry(engine, apics, smmu, hw.ioapics().clone(), hw.gsis(), hw.segments());
        this.timer = new DeadlineTimer(apics);
        // Without a unit there are no DMA spaces: SBW_DMA 0, create_pd's DMA OP BAD_FTR (X30).
        final Iommu iommu = dmars.length == 0 ? Iommu.NONE : smmu;
        this.roles = new Platform(Abi.X86_64, this, this, Vcpus.NONE, interrupts, timer, iommu, this, this, this,
            this);
    }

    /** @return the roles the kernel is built with */
    public Platform roles()
    {
        return roles;
    }

    /** @return the interrupt entry and how assign_int routes GSIs */
    public InterruptEntry interrupts()
    {
        return interrupts;
    }

    /** @return the drivers of the VT-d units, none on a machine without an IOMMU */
    public Smmu smmu()
    {
        return smmu;
    }

    // ---- Layout ----------------------------------------------------------------------------------------

    @Override
    public int cpus()
    {
        return hw.apics().length;
    }

    @Override
    public int hostSelectorBits()
    {
        return 35; // the user half of 48-bit paging
    }

    @Override
    public long kernelMemoryBase()
    {
        return hw.kernelMemoryBase();
    }

    @Override
    public long kernelMemorySize()
    {
        return hw.kernelMemorySize();
    }

    /** The kernel's tables and the registers of the hardware it drives: no PD may map them (8.4.1). */
    @Override
    public long[] protectedMemory()
    {
        final int tables = dmars.length == 0 ? 0 : 1; // no unit, no tables
        final long[] out = new long[2 * (tables + dmars.length + hw.ioapicBases().length + 1)];
        int i = 0;
        if (tables != 0)
        {
            out[i++] = hw.tables();
            out[i++] = dmars.length * SmmuItl.TABLES_SIZE;
        }
        for (final SmmuItl d : dmars)
        {
            out[i++] = d.base();
            out[i++] = 0x1000;
        }
        for (final long base : hw.ioapicBases())
        {
            out[i++] = base & ~0xfffL;
            out[i++] = 0x1000;
        }
        out[i++] = MsiMessage.BASE;
        out[i] = MsiMessage.SIZE;
        return out;
    }

    @Override
    public BootInfo bootInfo()
    {
        return hw.boot();
    }

    @Override
    public long moduleBase()
    {
        return 1L << 40;
    }

    // ---- EcArch ----------------------------------------------------------------------------------------

    /** SEL_HST/ARCH: the 32 exception vectors (8.5.1). */
    @Override
    public int hostArchEvents()
    {
        return 32;
    }

    @Override
    public void saveState(final Ec from, final int mtd, final User handler)
    {
        ArchState.save(from, mtd, handler);
    }

    @Override
    public boolean loadState(final User handler, final int mtd, final Ec to)
    {
        return ArchState.load(handler, mtd, to);
    }

    /** #GP for IN, OUT, RDMSR and WRMSR (the I/O bitmap or CPL 3), #NM for the FPU (SDM 3A, 6.15). */
    @Override
    public int instructionEvent(final Instruction insn)
    {
        return insn == Instruction.FPU ? 7 : 13;
    }

    /** #GP's error code is 0; #NM has none. */
    @Override
    public long instructionSyndrome(final Instruction insn)
    {
        return 0;
    }

    /** #PF. */
    @Override
    public int faultEvent(final int access)
    {
        return 14;
    }

    @Override
    public long faultSyndrome(final int access, final boolean present)
    {
        return ArchState.pageFaultErrorCode(access == User.WRITE, access == User.FETCH, present);
    }

    // ---- HipArch ---------------------------------------------------------------------------------------

    @Override
    public int length()
    {
        return HipField.LENGTH_X86;
    }

    /**
     * The HIP's x86 part (8.6.1-8.6.2): VEC_NUM 215 slots, PIN_NUM the I/O APICs' pins, GSI_NUM; the IOMMU
     * feature when there are VT-d units (X30).
     */
    @Override
    public void describe(final Hip hip)
    {
        hip.set(HipField.X86_VEC_NUM, Vectors.SLOTS);
        hip.set(HipField.X86_PIN_NUM, interrupts.pins());
        hip.set(HipField.X86_GSI_NUM, interrupts.gsis());
        if (dmars.length != 0)
        {
            hip.set(HipField.FEATURES, hip.get(HipField.FEATURES) | 1); // bit 0: an IOMMU is active
        }
    }

    // ---- MemoryAttributes ------------------------------------------------------------------------------

    /** MAD (8.6.5): CA [2:0] 0 WB, 1 WT, 2 WC, 3 UC, 4 WP; KID [17:3] must be 0 (no keys). */
    @Override
    public long decode(final long mad)
    {
        return (mad & 7) > 4 || (mad >>> 3 & 0x7fff) != 0 ? -1 : mad & 7;
    }

    @Override
    public long kernelPages()
    {
        return 0;
    }

    // ---- HwControl -------------------------------------------------------------------------------------

    /** COS_NUM of a CPU: 0 (COS 0 only) without RDT or before its QOS configuration (8.3, K39). */
    @Override
    public int classesOfService(final int cpu)
    {
        return cos.classesOfService(cpu);
    }

    /** IA32_PQR_ASSOC follows the class of service of the SC the CPU runs (NOVA's {@code Cos::make_current}). */
    @Override
    public void makeCurrent(final int cpu, final int c)
    {
        cos.makeCurrent(cpu, c);
    }

    /** Sleep states and reset through the FADT; QOS as NOVA answers it without RDT (X28). */
    @Override
    public Status ctrlHw(final int cpu, final int op, final long desc)
    {
        if (op != 0)
        {
            return cos.configure(cpu, op, desc);
        }
        if (fadt == null)
        {
            return Status.BAD_FTR; // no ACPI: no sleep states, no reset register
        }
        // As NOVA reads the descriptor: S [2:0], A [5:3], B [8:6], the rest ignored. Supported are reset
        // (with a reset register) and S1, S3, S4, S5; S2, S6 and S7 are not (decision X28).
        final int s = (int) desc & 7;
        if (s == 2 || s > 5)
        {
            return Status.BAD_FTR;
        }
        if (poweredDown)
        {
            return Status.ABORTED; // a transition that did not return prevailed
        }
        final PortSpace ports = bus.ports();
        if (s == 0)
        {
            if (fadt.resetPort() == 0)
            {
                return Status.BAD_FTR;
            }
            poweredDown = true;
            ports.out(fadt.resetPort(), 1, fadt.resetValue());
            return null; // the platform resets: the call does not return
        }
        final int a = (int) (desc >>> 3) & 7;
        final int b = (int) (desc >>> 6) & 7;
        // SLP_TYP and SLP_EN, PM1b first so that the PM1a write, which starts the transition, comes last.
        if (fadt.pm1bCnt() != 0)
        {
            ports.out(fadt.pm1bCnt(), 2, b << AcpiPm.SLP_TYP_SHIFT | AcpiPm.SLP_EN);
        }
        if (fadt.pm1aCnt() != 0)
        {
            ports.out(fadt.pm1aCnt(), 2, a << AcpiPm.SLP_TYP_SHIFT | AcpiPm.SLP_EN);
        }
        if (s >= 4)
        {
            poweredDown = true;
            return null; // deep sleep: the call does not return
        }
        return Status.SUCCESS; // shallow: returns upon the wakeup
    }

    // ---- Ports -----------------------------------------------------------------------------------------

    /** The ports of the FADT's PM control blocks and SMI_CMD, which the kernel found at boot (8.4.2, X26). */
    @Override
    public boolean portWithheld(final int port)
    {
        return fadt != null && fadt.protects(port); // specification 8.4.2: the FADT's control blocks, SMI_CMD
    }

    /** The MSRs NOVA's MSR space grants, as specification 8.4.3 lists them ({@link NovaMsr}). */
    @Override
    public int msrPerms(final long msr)
    {
        return NovaMsr.permsOf(msr);
    }
}
