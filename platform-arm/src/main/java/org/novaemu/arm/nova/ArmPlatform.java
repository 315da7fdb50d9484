// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

import org.novaemu.arm.cpu.Pe;
import org.novaemu.arm.firmware.Psci;
import org.novaemu.kernel.Abi;
import org.novaemu.kernel.BootInfo;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.EcArch;
import org.novaemu.kernel.Hip;
import org.novaemu.kernel.HipArch;
import org.novaemu.kernel.HipField;
import org.novaemu.kernel.HwControl;
import org.novaemu.kernel.Instruction;
import org.novaemu.kernel.Interrupts;
import org.novaemu.kernel.Iommu;
import org.novaemu.kernel.Layout;
import org.novaemu.kernel.MemoryAttributes;
import org.novaemu.kernel.Platform;
import org.novaemu.kernel.Ports;
import org.novaemu.kernel.Status;
import org.novaemu.kernel.User;
import org.novaemu.kernel.Vcpus;
import org.novaemu.util.Require;

/**
 * NOVA's AArch64 half (specification chapter 7) without its interrupt controller: the memory layout and host
 * space ({@code Space_hst}), the exceptions and UTCB layout of host ECs ({@link ArchState}, {@link Esr}), the
 * HIP's Arm part, MADs, ctrl_hw through the firmware's PSCI, and the EL2 physical timer as the kernel's timer
 * ({@link HypTimer}). There are no classes of service (7.3), no PIO or MSR spaces ({@link Ports#NONE}), no
 * vCPUs yet ({@link Vcpus#NONE}); the SMMU driver ({@link SmmuV3Driver} or {@link SmmuV2Driver}) is the
 * caller's, as the GIC's.
 *
 * <p>The GIC driver is the caller's: {@link #roles(Interrupts)} builds the kernel's platform around it, so
 * that NOVA's {@code Interrupt} on the GICv3 models ({@link GicInterrupts}, its PPI 26 entry calling
 * {@link HypTimer#expired}) slots in without changing this class.
 */
public final class ArmPlatform implements Layout, EcArch, HipArch, MemoryAttributes, HwControl
{
    /**
     * SBW_HST: NOVA's AArch64 host space is a stage-2 table of 40 input bits ({@code Npt::ibits}), so host
     * virtual addresses and the physical pages of the NOVA host space lie below 1 TiB.
     */
    public static final int HOST_SELECTOR_BITS = 28;
    /** SEL_HST/ARCH: one event per exception class (7.5.1; NOVA's {@code Event::hst_arch}). */
    public static final int ARCH_EVENTS = 64;
    /** The MAD of the pages the kernel maps itself: MEM_WB (CA 7), inner shareable (SH 3) ({@code Memattr::ram}). */
    public static final long KERNEL_PAGES = 3 << 3 | 7;
    /** Where boot modules are placed unless the hardware says otherwise: 512 GiB. */
    public static final long DEFAULT_MODULE_BASE = 1L << 39;
    /** The most SPIs a GICv3 has: INTIDs 32 to 1019. */
    public static final int MAX_SPIS = 988;
    /** The most ESPIs: INTIDs 4096 to 5119. */
    public static final int MAX_ESPIS = 1024;
    /** The most LPIs an ISD can name: INTIDs 8192 to 2^24 - 1 (7.6.6: the GSI has 24 bits). */
    public static final int MAX_LPIS = (1 << 24) - 8192;

    /** The physical addresses the NOVA host space reaches. */
    private static final long HOST_LIMIT = 1L << HOST_SELECTOR_BITS + 12;
    private static final long GIB = 1L << 30;

    /**
     * The hardware NOVA's Arm half drives, as the boot loader and the firmware describe it.
     *
     * @param pes the PE of each CPU, by CPU number; they share one system counter
     * @param kernelMemoryBase the kernel's own memory (HIP, UTCBs, its page tables), 4 KiB aligned
     * @param kernelMemorySize its size, a multiple of 4 KiB
     * @param moduleBase where boot modules are placed, 1 GiB aligned, module 0 below 1 TiB
     * @param protectedMemory the registers of the interrupt controllers and IOMMUs the kernel drives (GICD,
     *        GICR, GITS, SMMU frames) as pairs of base and size, 4 KiB aligned
     * @param spis SPI_NUM, 0 to 988
     * @param espis ESPI_NUM, 0 to 1024
     * @param lpis LPI_NUM, 0 to 2^24 - 8192
     * @param psci the firmware's PSCI service, or null if there is none
     * @param boot what the boot loader hands over (X0 to X2 at boot)
     */
    public record Hardware(Pe[] pes, long kernelMemoryBase, long kernelMemorySize, long moduleBase,
                           long[] protectedMemory, int spis, int espis, int lpis, Psci psci, BootInfo boot)
    {
        /**
         * Hardware without an interrupt controller's interrupts, protected ranges or boot information, with
         * modules at {@link #DEFAULT_MODULE_BASE}.
         *
         * @param pes the PE of each CPU
         * @param kernelMemoryBase the kernel's own memory
         * @param kernelMemorySize its size
         * @param psci the firmware's PSCI service, or null
         */
        public Hardware(final Pe[] pes, final long kernelMemoryBase, final long kernelMemorySize, final Psci psci)
        {
            this(pes, kernelMemoryBase, kernelMemorySize, DEFAULT_MODULE_BASE, new long[0], 0, 0, 0, psci,
                BootInfo.NONE);
        }

        /**
         * Checks what the platform relies on, naming the field at fault.
         *
         * @param pes the PE of each CPU, by CPU number; they share one system counter
         * @param kernelMemoryBase the kernel's own memory, 4 KiB aligned
         * @param kernelMemorySize its size, a multiple of 4 KiB
         * @param moduleBase where boot modules are placed, 1 GiB aligned, module 0 below 1 TiB
         * @param protectedMemory pairs of base and size, 4 KiB aligned
         * @param spis SPI_NUM
         * @param espis ESPI_NUM
         * @param lpis LPI_NUM
         * @param psci the PSCI service, or null
         * @param boot the boot loader's hand-over
         */
        public Hardware
        {
            Require.nonNull("boot", boot);
            if (pes == null || pes.length == 0)
            {
                throw new IllegalArgumentException("pes must not be empty");
            }
            for (int i = 0; i < pes.length; i++)
            {
                Require.nonNull("pes[" + i + "]", pes[i]);
                if (pes[i].counter() != pes[0].counter())
                {
                    throw new IllegalArgumentException("pes must share one system counter; pes[" + i + "] does not");
                }
            }
            if (((kernelMemoryBase | kernelMemorySize) & 0xfff) != 0 || kernelMemorySize <= 0 || kernelMemoryBase < 0)
            {
                throw new IllegalArgumentException("kernelMemoryBase and kernelMemorySize must be 4 KiB aligned, "
                    + "the size positive");
            }
            if ((moduleBase & GIB - 1) != 0 || moduleBase < 0 || moduleBase + GIB > HOST_LIMIT)
            {
                throw new IllegalArgumentException("moduleBase must be 1 GiB aligned with module 0 below 1 TiB, was 0x"
                    + Long.toHexString(moduleBase));
            }
            Require.nonNull("protectedMemory", protectedMemory);
            if (protectedMemory.length % 2 != 0)
            {
                throw new IllegalArgumentException("protectedMemory must hold pairs of base and size");
            }
            for (int i = 0; i < protectedMemory.length; i += 2)
            {
                final long base = protectedMemory[i];
                final long size = protectedMemory[i + 1];
                if (((base | size) & 0xfff) != 0 || size <= 0 || base < 0)
                {
                    throw new IllegalArgumentException("protectedMemory[" + i + "] must be 4 KiB aligned with a "
                        + "positive size");
                }
                if (base < kernelMemoryBase + kernelMemorySize && kernelMemoryBase < base + size)
                {
                    throw new IllegalArgumentException("protectedMemory[" + i + "] must not overlap the kernel memory");
                }
            }
            Require.inRange("spis", spis, 0, MAX_SPIS);
            Require.inRange("espis", espis, 0, MAX_ESPIS);
            Require.inRange("lpis", lpis, 0, MAX_LPIS);
            pes = pes.clone();
            protectedMemory = protectedMemory.clone();
        }

        /** @return the PEs by CPU number (a copy) */
        @Override
        public Pe[] pes()
        {
            return pes.clone();
        }

        /** @return the protected ranges (a copy) */
        @Override
        public long[] protectedMemory()
        {
            return protectedMemory.clone();
        }
    }

    private final Hardware hw;
    private final Pe[] pes;
    private final HypTimer timer;
    private final Psci psci;
    /** The S-states ctrl_hw can enter, one bit per S, as NOVA's {@code Psci::init} finds them. */
    private final int states;
    /** A reset or power-off was entered: the machine is going down. */
    private boolean poweredDown;
    /** The SMMU driver the kernel was built with. */
    private Iommu iommu = Iommu.NONE;

    /**
     * Takes over the hardware as NOVA's boot does: the EL2 physical timers (enabled, stopped) and the PSCI
     * version and features.
     *
     * @param hw the hardware
     */
    public ArmPlatform(final Hardware hw)
    {
        this.hw = Require.nonNull("hw", hw);
        this.pes = hw.pes();
        this.timer = new HypTimer(pes);
        this.psci = hw.psci();
        this.states = psciStates(psci);
    }

    /**
     * The S-states PSCI offers (NOVA's {@code Psci::init}, with reset as S0 as the 2025 specification numbers
     * it): from PSCI 0.2 reset (SYSTEM_RESET) and S4, S5 (SYSTEM_OFF); from 1.0, S2 and S3 if SYSTEM_SUSPEND
     * is implemented. S1 never.
     */
    private static int psciStates(final Psci psci)
    {
        if (psci == null)
        {
            return 0;
        }
        int s = 0;
        final long version = psci.smc(Psci.PSCI_VERSION, 0, 0, 0);
        if (version >= Psci.V0_2)
        {
            s |= 1 | 1 << 4 | 1 << 5;
        }
        if (version >= Psci.V1_0 && psci.smc(Psci.PSCI_FEATURES, Psci.SYSTEM_SUSPEND, 0, 0) != Psci.NOT_SUPPORTED)
        {
            s |= 1 << 2 | 1 << 3;
        }
        return s;
    }

    /**
     * The kernel's platform: this class's roles, the EL2 physical timer, and the interrupt controller driver.
     *
     * @param interrupts NOVA's {@code Interrupt} on the machine's GIC; its entry takes PPI 26 by
     *        {@link HypTimer#expired}
     * @return the roles the kernel is built with
     */
    public Platform roles(final Interrupts interrupts)
    {
        return roles(interrupts, Iommu.NONE);
    }

    /**
     * The kernel's platform with an IOMMU: this class's roles, the EL2 physical timer, the interrupt controller
     * driver and the SMMU driver, whose presence the HIP reports (feature SMMU, SBW_DMA).
     *
     * @param interrupts NOVA's {@code Interrupt} on the machine's GIC
     * @param iommu NOVA's SMMU driver ({@link SmmuV3Driver} or {@link SmmuV2Driver}), or {@link Iommu#NONE}
     * @return the roles the kernel is built with
     */
    public Platform roles(final Interrupts interrupts, final Iommu iommu)
    {
        this.iommu = Require.nonNull("iommu", iommu);
        return new Platform(Abi.AARCH64, this, this, Vcpus.NONE, Require.nonNull("interrupts", interrupts), timer,
            iommu, this, this, this, Ports.NONE);
    }

    /** @return NOVA's timer: the EL2 physical timers */
    public HypTimer timer()
    {
        return timer;
    }

    /**
     * @param cpu a CPU number
     * @return its PE
     */
    public Pe pe(final int cpu)
    {
        return pes[cpu];
    }

    // ---- Layout ----------------------------------------------------------------------------------------

    @Override
    public int cpus()
    {
        return pes.length;
    }

    @Override
    public int hostSelectorBits()
    {
        return HOST_SELECTOR_BITS;
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

    /** The GIC and SMMU frames the hardware names (7.4.1); the kernel's own memory is withheld besides. */
    @Override
    public long[] protectedMemory()
    {
        return hw.protectedMemory();
    }

    @Override
    public long moduleBase()
    {
        return hw.moduleBase();
    }

    @Override
    public BootInfo bootInfo()
    {
        return hw.boot();
    }

    // ---- EcArch ----------------------------------------------------------------------------------------

    /** SEL_HST/ARCH: 64, one event per ESR_EL2 exception class (7.5.1). */
    @Override
    public int hostArchEvents()
    {
        return ARCH_EVENTS;
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

    /** Instruction abort (0x20) for a fetch, data abort (0x24) for a load or store, both from EL0. */
    @Override
    public int faultEvent(final int access)
    {
        return access == User.FETCH ? Esr.EC_IABT_LOW : Esr.EC_DABT_LOW;
    }

    @Override
    public long faultSyndrome(final int access, final boolean present)
    {
        return Esr.abort(access == User.WRITE, access == User.FETCH, present);
    }

    /**
     * The FPU trap (0x07, CPTR_EL2.TFP, which NOVA absorbs for ECs with F); port I/O and privileged System
     * register accesses are UNDEFINED at EL0 and raise 0x00.
     */
    @Override
    public int instructionEvent(final Instruction insn)
    {
        return insn == Instruction.FPU ? Esr.EC_FP : Esr.EC_UNKNOWN;
    }

    @Override
    public long instructionSyndrome(final Instruction insn)
    {
        return insn == Instruction.FPU ? Esr.fpAccess() : Esr.undefined();
    }

    // ---- HipArch ---------------------------------------------------------------------------------------

    @Override
    public int length()
    {
        return HipField.LENGTH_ARM;
    }

    /**
     * The HIP's Arm part (7.6.2): SPI_NUM, ESPI_NUM and LPI_NUM of the GIC; SMG_NUM and CTX_NUM of an SMMUv2
     * ({@link SmmuV2Driver}), else 0;
     * the SMMU feature (7.6.1, bit 0) set if the kernel drives an SMMU.
     */
    @Override
    public void describe(final Hip hip)
    {
        if (iommu != Iommu.NONE)
        {
            hip.set(HipField.FEATURES, hip.get(HipField.FEATURES) | 1); // bit 0: the SMMU is active
        }
        hip.set(HipField.ARM_SPI_NUM, hw.spis());
        hip.set(HipField.ARM_ESPI_NUM, hw.espis());
        hip.set(HipField.ARM_LPI_NUM, hw.lpis());
        final SmmuV2Driver v2 = iommu instanceof SmmuV2Driver d ? d : null;
        hip.set(HipField.ARM_SMG_NUM, v2 != null ? v2.streamMatchGroups() : 0);
        hip.set(HipField.ARM_CTX_NUM, v2 != null ? v2.contextBanks() : 0);
    }

    // ---- MemoryAttributes ------------------------------------------------------------------------------

    /**
     * MAD (7.6.5): CA [2:0], 4 reserved; SH [4:3], 1 reserved. Bits 31:5 are ignored, as NOVA's
     * {@code Memattr::valid} checks only the two fields.
     */
    @Override
    public long decode(final long mad)
    {
        final long ca = mad & 7;
        final long sh = mad >>> 3 & 3;
        return ca == 4 || sh == 1 ? -1 : mad & 0x1f;
    }

    @Override
    public long kernelPages()
    {
        return KERNEL_PAGES;
    }

    // ---- HwControl -------------------------------------------------------------------------------------

    /** Class of service is not supported on Arm (7.3): COS 0 only. */
    @Override
    public int classesOfService(final int cpu)
    {
        return 0;
    }

    /** No classes of service, nothing to switch (NOVA's AArch64 {@code Cos::make_current}). */
    @Override
    public void makeCurrent(final int cpu, final int cos)
    {
        // no hardware class of service
    }

    /**
     * S-state transitions through PSCI (NOVA's AArch64 {@code Acpi_fixed}): reset SYSTEM_RESET, S4 and S5
     * SYSTEM_OFF, S2 and S3 SYSTEM_SUSPEND; A and B are ignored. QOS (OPs 4 to 7) is BAD_FTR (no COS, 7.3).
     */
    @Override
    public Status ctrlHw(final int cpu, final int op, final long desc)
    {
        if (op != 0)
        {
            return Status.BAD_FTR; // NOVA's AArch64 Cos::cfg_*: no QOS configuration to establish
        }
        final int s = (int) desc & 7;
        if ((states >>> s & 1) == 0)
        {
            return Status.BAD_FTR;
        }
        if (poweredDown)
        {
            return Status.ABORTED; // a transition that did not return prevailed
        }
        if (s == 0 || s >= 4)
        {
            poweredDown = true;
            psci.smc(s == 0 ? Psci.SYSTEM_RESET : Psci.SYSTEM_OFF, 0, 0, 0);
            return null; // the platform resets or powers off: the call does not return
        }
        // S2, S3: the context ID NOVA passes (bit 63); the entry is NOVA's resume code, which returns here.
        psci.smc(Psci.SYSTEM_SUSPEND, 0, 1L << 63, 0);
        return Status.SUCCESS;
    }
}
