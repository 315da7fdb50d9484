// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm;

import java.util.Arrays;

import org.novaemu.arm.core.CoreCosts;
import org.novaemu.arm.core.El1Core;
import org.novaemu.arm.core.El1Cores;
import org.novaemu.arm.core.El1Program;
import org.novaemu.arm.cpu.GenericTimer;
import org.novaemu.arm.cpu.Pe;
import org.novaemu.arm.cpu.SystemCounter;
import org.novaemu.arm.firmware.Psci;
import org.novaemu.arm.gic.Gic;
import org.novaemu.arm.gic.GicPins;
import org.novaemu.arm.gic.GicdTyper;
import org.novaemu.arm.gic.GicrRegister;
import org.novaemu.arm.gic.Intid;
import org.novaemu.arm.gic.its.Its;
import org.novaemu.arm.gic.its.ItsRegister;
import org.novaemu.arm.nova.ArmPlatform;
import org.novaemu.arm.nova.GicInterrupts;
import org.novaemu.arm.nova.SmmuV2Driver;
import org.novaemu.arm.nova.SmmuV3Driver;
import org.novaemu.arm.pcie.IdMap;
import org.novaemu.arm.pcie.RootComplex;
import org.novaemu.arm.smmu.SmmuRegister;
import org.novaemu.arm.smmu.Smmuv3;
import org.novaemu.arm.smmu.v2.Smmuv2;
import org.novaemu.bus.AccessRule;
import org.novaemu.bus.RequesterId;
import org.novaemu.irq.IrqLine;
import org.novaemu.kernel.BootInfo;
import org.novaemu.kernel.Costs;
import org.novaemu.kernel.Iommu;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.KernelEvents;
import org.novaemu.machine.Machine;
import org.novaemu.machine.MachineBuilder;
import org.novaemu.machine.PcieWindows;
import org.novaemu.machine.Stats;
import org.novaemu.pci.IntxRoute;
import org.novaemu.pci.PinRouter;
import org.novaemu.sim.Engine;
import org.novaemu.util.Require;

/**
 * An ARMv8-A machine with NOVA booted on it, laid out as QEMU's {@code virt} board: PEs with MPIDR affinities
 * of 16 per cluster (A20) sharing one system counter at the reference clock, each with its EL2 physical and
 * EL1 virtual timers on PPIs 26 and 27 of its redistributor; a GICv3 with its distributor at 0x0800_0000, the
 * redistributors of the first 123 PEs from 0x080A_0000 and those of the others from 256 GiB
 * ({@code VIRT_GIC_REDIST}, {@code VIRT_HIGH_GIC_REDIST2}); 2 GiB of RAM from 1 GiB, the kernel's memory at its
 * start; boot modules from {@link #MODULE_BASE}; PSCI 1.1 firmware with SYSTEM_SUSPEND; the GIC's frames
 * withheld from the NOVA host space. Devices drive SPIs and ESPIs through {@link #spi}. The kernel runs on
 * {@link ArmPlatform}'s roles with {@link GicInterrupts}, each PE's IRQ wired to its CPU's interrupt entry.
 *
 * <p>PCI Express (A120-A126): up to 16 segments, each a root complex with its ECAM window ({@link #ecam}: segment
 * 0's at QEMU's high ECAM, 256 buses), the topology the builder is given and its BARs assigned as firmware
 * leaves them from its 32-bit ({@link #mmio32}) and 64-bit ({@link #mmio64}) windows; INTA# to INTD# on
 * level SPIs with the swizzle of QEMU's virt ({@link #intx}); and the requester IDs of its functions' DMA and
 * messages derived through its {@code msi-map} and {@code iommu-map} ({@link #rootComplex}): DeviceID [63:32]
 * and StreamID [31:0], by default {@code segment << 16 | bus:dev.fn} both.
 *
 * <p>A GIC ITS at {@link #GITS_BASE} by default, which turns a function's MSI to its GITS_TRANSLATER into an LPI
 * by the DeviceID the request carries; an SMMUv3 at {@link #SMMU_BASE} on request, through which then every
 * device DMA goes (CPU accesses bypass it), its event queue, CMD_SYNC and global error interrupts on SPIs
 * 74, 76 and 77 (INTIDs {@link #SMMU_INTID} + 0, 2, 3), edge. Without the SMMU, DMA reaches memory
 * untranslated (A125); the SMMU's frames and the ITS's control frame are withheld from the NOVA host space
 * (A130), the ITS's translation frame is not, so that a DMA space can map GITS_TRANSLATER for the device's MSIs
 * (A190). With NOVA, the kernel drives the SMMU ({@link SmmuV3Driver}, its structures in the withheld
 * {@link #SMMU_TABLES}; A150-A152) and takes its event queue and global error SPIs (A191). Instead of
 * the SMMUv3 a machine may have an SMMUv2 ({@link SmmuModel#V2}; A169) at {@link #SMMUV2_BASE}, 32 stream mapping
 * groups and 8 context banks, its global fault interrupt on SPI 78 and its context bank interrupts on SPIs 79 to
 * 86 (INTIDs {@link #SMMUV2_INTID} + 0 to 8), levels, its frame withheld likewise; NOVA drives it with
 * {@link SmmuV2Driver} (A170-A173) and takes those SPIs as its own (A212).
 *
 * <pre>{@code
 * ArmMachine m = ArmMachine.builder().cpus(4)
 *     .pcie((t, e) -> t.root().rootPort().add(new PinDevice("pin")))
 *     .build();
 * IrqLine uart = m.spi(33);
 * m.kernel().start(rootTask);
 * m.engine().runFor(1_000_000);
 * }</pre>
 */
public final class ArmMachine extends Machine
{
    /** The distributor's 64 KiB frame. */
    public static final long GICD_BASE = 0x0800_0000L;
    /** The first redistributor region: 123 redistributors of 128 KiB. */
    public static final long GICR_BASE = 0x080a_0000L;
    /** The redistributors the first region holds (0xF6_0000 bytes). */
    public static final int GICR_LOW = 123;
    /** The second redistributor region, for PEs 123 and up. */
    public static final long GICR_HIGH = 0x40_0000_0000L;
    /** The start of RAM. */
    public static final long RAM_BASE = 0x4000_0000L;
    /** The size of RAM: 2 GiB. */
    public static final long RAM_SIZE = 0x8000_0000L;
    /** The kernel's own memory (HIP, UTCBs, its page tables), at the start of RAM. */
    public static final long KERNEL_MEMORY = RAM_BASE;
    /** The most CPUs. */
    public static final int MAX_CPUS = 1024;

    /** Where a bare machine's primary PE starts: the base of RAM (A70). */
    public static final long BARE_ENTRY = RAM_BASE;

    /** Where boot modules start: 768 GiB, above the 64-bit BAR windows of every segment (A120). */
    public static final long MODULE_BASE = 0xc0_0000_0000L;
    /** The most PCI segments (root complexes). */
    public static final int MAX_SEGMENTS = 16;
    /** Segment 0's ECAM window, 256 buses of 1 MiB (QEMU virt's {@code VIRT_HIGH_PCIE_ECAM}); segment s's follows. */
    public static final long ECAM_BASE = 0x40_1000_0000L;
    /** Segment 0's window of 32-bit BARs (QEMU virt's {@code VIRT_PCIE_MMIO}). */
    public static final long MMIO32_BASE = 0x1000_0000L;
    /** The end (exclusive) of segment 0's 32-bit window. */
    public static final long MMIO32_END = 0x3eff_0000L;
    /** The 32-bit windows of segments 1 and up: above RAM, {@link #MMIO32_HIGH_SIZE} each. */
    public static final long MMIO32_HIGH = RAM_BASE + RAM_SIZE;
    /** The size of the 32-bit window of each segment from 1: 64 MiB. */
    public static final long MMIO32_HIGH_SIZE = 64L << 20;
    /** Segment 0's window of 64-bit BARs (QEMU virt's {@code VIRT_HIGH_PCIE_MMIO}); segment s's follows. */
    public static final long MMIO64_BASE = 0x80_0000_0000L;
    /** The size of each segment's 64-bit window: 16 GiB. */
    public static final long MMIO64_SIZE = 16L << 30;
    /** The INTID of segment 0's first INTx wire: SPI 3 (QEMU virt's {@code VIRT_PCIE}); wires 35 to 38. */
    public static final int INTX_INTID = 35;
    /** The INTID of segment 1's first INTx wire: SPI 176, above QEMU virt's platform bus; segment s's follow. */
    public static final int INTX_HIGH_INTID = 208;

    /** The ITS's two 64 KiB frames (QEMU virt's {@code VIRT_GIC_ITS}). */
    public static final long GITS_BASE = 0x0808_0000L;
    /** The SMMUv3's two 64 KiB pages (QEMU virt's {@code VIRT_SMMU}). */
    public static final long SMMU_BASE = 0x0905_0000L;
    /**
     * The INTID of the SMMU's first interrupt, SPI 74 (QEMU virt's {@code VIRT_SMMU}): the event queue's; then
     * PRI queue (unused: no PRI), CMD_SYNC and global error.
     */
    public static final int SMMU_INTID = Intid.SPI + 74;
    /** The SMMU's own requester ID (its table and queue accesses): IDs no PCI function carries. */
    public static final long SMMU_REQUESTER = RequesterId.arm(0xffff_0000, 0xffff_0000);
    /** The SMMUv2's 64 KiB of registers: free on QEMU virt's map, between its virtio-mmio and platform bus. */
    public static final long SMMUV2_BASE = 0x0b00_0000L;
    /**
     * The INTID of the SMMUv2's global fault interrupt, SPI 78 (the SPI after the SMMUv3's); context bank n's is
     * INTID {@code SMMUV2_INTID + 1 + n}.
     */
    public static final int SMMUV2_INTID = Intid.SPI + 78;
    /** The SMMUv2's stream mapping groups. */
    public static final int SMMUV2_GROUPS = 32;
    /** The SMMUv2's context banks. */
    public static final int SMMUV2_BANKS = 8;
    /** Where NOVA's SMMU driver keeps its stream table and queues: the last 1 MiB of RAM, withheld (A150). */
    public static final long SMMU_TABLES = RAM_BASE + RAM_SIZE - SmmuV3Driver.TABLES_SIZE;

    private final Pe[] pes;
    private final Gic gic;
    private final ArmPlatform platform;
    private final GicInterrupts interrupts;
    private final El1Core[] cores;
    private final int spis;
    private final int espis;
    private final IrqLine[] lines;
    private final RootComplex[] rootComplexes;
    private final Its its;
    private final Smmuv3 smmu;
    private final SmmuV3Driver smmuDriver;
    private final Smmuv2 smmuv2;
    private final SmmuV2Driver smmuV2Driver;

    private ArmMachine(final Builder b)
    {
        super(b, RAM_BASE, RAM_SIZE);
        final Engine engine = engine();
        final SystemCounter counter = new SystemCounter(engine);
        final int n = b.cpus();
        pes = new Pe[n];
        final int[] affinities = new int[n];
        for (int i = 0; i < n; i++)
        {
            pes[i] = new Pe(counter, i);
            affinities[i] = pes[i].mpidr().packed();
        }
        final Gic.Builder g = Gic.builder(engine, bus()).pes(n).affinities(affinities).spis(b.spis).espis(b.espis)
            .distributorBase(GICD_BASE).redistributorRegion(GICR_BASE, Math.min(n, GICR_LOW));
        if (n > GICR_LOW)
        {
            g.redistributorRegion(GICR_HIGH, n - GICR_LOW);
        }
        gic = g.build();
        for (int i = 0; i < n; i++)
        {
            gic.redistributor(i).connect(pes[i].hypTimer().output(), GenericTimer.PPI_HYP_PHYSICAL);
            gic.redistributor(i).connect(pes[i].virtualTimer().output(), GenericTimer.PPI_VIRTUAL);
        }
        lines = new IrqLine[Intid.ESPI + b.espis];
        final long[] gicFrames = {GICD_BASE, 0x1_0000L, GICR_BASE, (long) Math.min(n, GICR_LOW) * GicrRegister.FRAMES,
            GICR_HIGH, (long) Math.max(0, n - GICR_LOW) * GicrRegister.FRAMES};
        final int frames = n > GICR_LOW ? 6 : 4;
        long[] protectedMemory = Arrays.copyOf(gicFrames, frames);
        final GicdTyper typer = gic.distributor().typer();
        spis = GicInterrupts.spiNum(typer);
        espis = GicInterrupts.espiNum(typer);
        if (b.its)
        {
            // DeviceIDs are segment << 16 | RID by default (A124): 20 bits once there is a second segment (A130).
            its = Its.builder(gic, bus()).base(GITS_BASE).deviceIdBits(b.segments() > 1 ? 20 : 16).build();
            bus().iommuFaults().messageWindow(its.translaterAddress() & ~0xffffL, 0x1_0000L); // the MSI frame (U22)
            // The control frame only: the translation frame (GITS_TRANSLATER's) is the MSI doorbell the root maps
            // into a device's DMA space behind the SMMU, as NOVA maps just the first 64 KiB (A190).
            protectedMemory = withhold(protectedMemory, GITS_BASE, ItsRegister.FRAMES / 2);
            // NOVA's LPI and ITS tables, at the top of RAM, withheld from the host space as the frames (A144).
            protectedMemory = withhold(protectedMemory, gicTables(n), GicInterrupts.tablesBytes(n, 1));
        }
        else
        {
            its = null;
        }
        if (b.smmu == SmmuModel.V3)
        {
            if (SMMU_INTID + 3 - Intid.SPI >= spis)
            {
                throw new IllegalArgumentException("spis: the SMMU's interrupts are INTIDs " + SMMU_INTID + " to "
                    + (SMMU_INTID + 3) + ", beyond the GIC's " + spis + " SPIs");
            }
            smmu = Smmuv3.builder(bus()).requester(SMMU_REQUESTER).streamIdBits(Smmuv3.MAX_SID_BITS)
                .eventQueueIrq(spi(SMMU_INTID)).syncIrq(spi(SMMU_INTID + 2)).globalErrorIrq(spi(SMMU_INTID + 3))
                .build();
            bus().mapMmio("smmu", SMMU_BASE, SmmuRegister.FRAME, smmu, AccessRule.DWORD_QWORD);
            bus().setTranslation(smmu);
            protectedMemory = withhold(protectedMemory, SMMU_BASE, SmmuRegister.FRAME);
        }
        else
        {
            smmu = null;
        }
        if (b.smmu == SmmuModel.V2)
        {
            if (SMMUV2_INTID + SMMUV2_BANKS - Intid.SPI >= spis)
            {
                throw new IllegalArgumentException("spis: the SMMUv2's interrupts are INTIDs " + SMMUV2_INTID + " to "
                    + (SMMUV2_INTID + SMMUV2_BANKS) + ", beyond the GIC's " + spis + " SPIs");
            }
            smmuv2 = Smmuv2.builder(bus()).streamMatchGroups(SMMUV2_GROUPS).contextBanks(SMMUV2_BANKS)
                .globalFaultIrq(spi(SMMUV2_INTID)).contextFaultIrqs(smmuv2Banks()).build();
            bus().mapMmio("smmuv2", SMMUV2_BASE, smmuv2.frameSize(), smmuv2, AccessRule.DWORD_QWORD);
            bus().setTranslation(smmuv2);
            protectedMemory = withhold(protectedMemory, SMMUV2_BASE, smmuv2.frameSize());
        }
        else
        {
            smmuv2 = null;
        }
        rootComplexes = new RootComplex[b.segments()];
        for (int s = 0; s < rootComplexes.length; s++)
        {
            final IdMap linear = IdMap.linear(s << 16); // A124
            rootComplexes[s] = new RootComplex(s, b.msiMaps[s] != null ? b.msiMaps[s] : linear,
                b.iommuMaps[s] != null ? b.iommuMaps[s] : linear);
        }
        attachPcie(b, ArmMachine::windows, this::pinRouter, s -> rootComplexes[s]);
        final Psci psci = new Psci(Psci.V1_1, true);
        if (b.program != null)
        {
            // A bare machine: no kernel; each PE an EL1 core, the primary running, the others off until
            // PSCI CPU_ON (A70).
            platform = null;
            interrupts = null;
            smmuDriver = null;
            smmuV2Driver = null;
            cores = new El1Core[n];
            for (int i = 0; i < n; i++)
            {
                cores[i] = new El1Core(i, engine, bus(), gic.cpuInterface(i), pes[i], psci, b.program, b.coreCosts);
            }
            psci.attach(new El1Cores(cores));
            cores[0].powerOn(BARE_ENTRY, 0);
            return;
        }
        cores = null;
        if (smmu != null)
        {
            smmuDriver = new SmmuV3Driver(smmu, SMMU_BASE, bus().memory(), SMMU_TABLES, SMMU_INTID, SMMU_INTID + 3);
            protectedMemory = withhold(protectedMemory, SMMU_TABLES, SmmuV3Driver.TABLES_SIZE);
        }
        else
        {
            smmuDriver = null;
        }
        if (smmuv2 != null)
        {
            final int[] banks = new int[SMMUV2_BANKS];
            Arrays.setAll(banks, i -> SMMUV2_INTID + 1 + i);
            smmuV2Driver = new SmmuV2Driver(smmuv2, SMMUV2_BASE, SMMUV2_INTID, banks);
        }
        else
        {
            smmuV2Driver = null;
        }
        final Iommu iommu = smmuDriver != null ? smmuDriver : smmuV2Driver != null ? smmuV2Driver : Iommu.NONE;
        platform = new ArmPlatform(new ArmPlatform.Hardware(pes, KERNEL_MEMORY, b.kernelMemory(),
            MODULE_BASE, protectedMemory, spis, espis, GicInterrupts.lpiNum(typer), psci, BootInfo.NONE));
        interrupts = new GicInterrupts(engine, bus(), gic, platform, its != null ? new long[] {GITS_BASE} : new long[0],
            its != null ? gicTables(n) : 0, iommu);
        final Kernel kernel = boot(b, platform.roles(interrupts, iommu));
        for (int i = 0; i < n; i++)
        {
            final KernelEvents cpu = kernel.events(i);
            gic.cpuInterface(gic.peOf(affinities[i])).connect(new GicPins()
            {
                @Override
                public void irq(final boolean asserted)
                {
                    if (asserted)
                    {
                        cpu.interruptPending(); // the kernel takes it at the CPU's next interrupt point
                    }
                }

                @Override
                public void fiq(final boolean asserted)
                {
                    // group 0 is not used: NOVA puts every interrupt in group 1
                }
            });
        }
    }

    /** @return where NOVA's LPI and ITS tables start: the top of RAM, 64 KiB aligned (A144) */
    private static long gicTables(final int cpus)
    {
        return SMMU_TABLES - (GicInterrupts.tablesBytes(cpus, 1) + 0xffff & ~0xffffL); // below the SMMU's
    }

    /** @return the SMMUv2's context bank interrupts: SPIs 79 to 86, one per bank (A169) */
    private IrqLine[] smmuv2Banks()
    {
        final IrqLine[] banks = new IrqLine[SMMUV2_BANKS];
        for (int i = 0; i < banks.length; i++)
        {
            banks[i] = spi(SMMUV2_INTID + 1 + i);
        }
        return banks;
    }

    private static long[] withhold(final long[] ranges, final long base, final long size)
    {
        final long[] more = Arrays.copyOf(ranges, ranges.length + 2);
        more[ranges.length] = base;
        more[ranges.length + 1] = size;
        return more;
    }

    /**
     * @return a builder with 1 CPU at 2 GHz, 256 SPIs, no ESPIs, 64 MiB of kernel memory, the AArch64 cost
     *         table, an ITS and no SMMU
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * The input of a shared peripheral interrupt, for a device to drive: a line connected to the distributor,
     * made on first use and the same on every call.
     *
     * @param intid an SPI (32 to 31 + SPI_NUM) or ESPI (4096 to 4095 + ESPI_NUM) the GIC implements
     * @return its line
     * @throws IllegalArgumentException naming {@code intid} if the GIC has no such SPI or ESPI
     */
    public IrqLine spi(final int intid)
    {
        final boolean ok = intid >= Intid.SPI && intid < Intid.SPI + spis
            || intid >= Intid.ESPI && intid < Intid.ESPI + espis;
        if (!ok)
        {
            throw new IllegalArgumentException("intid must be an SPI or ESPI of the GIC, was " + intid);
        }
        IrqLine line = lines[intid];
        if (line == null)
        {
            line = new IrqLine("spi" + intid, intid, engine().trace());
            gic.distributor().connect(line, intid);
            lines[intid] = line;
        }
        return line;
    }

    /**
     * Segment s's INTx routing (A121): root-bus device d's pin p drives wire (d + p - 1) mod 4 of the
     * segment's four SPIs; each wire is one shared level input, made when a function first needs it.
     */
    private PinRouter pinRouter(final int segment)
    {
        final IntxRoute[] wires = new IntxRoute[4];
        return (s, device, pin) -> {
            final int wire = device + pin - 1 & 3;
            if (wires[wire] == null)
            {
                final int intid = intx(segment, device, pin);
                if (intid - Intid.SPI >= spis)
                {
                    throw new IllegalArgumentException("spis: segment " + segment + "'s INTx wires are INTIDs "
                        + intx(segment, 0, 1) + " to " + intx(segment, 0, 4) + ", beyond the GIC's " + spis + " SPIs");
                }
                wires[wire] = new IntxRoute(spi(intid));
            }
            return wires[wire];
        };
    }

    /** Segment s's windows on QEMU virt's map (A120). */
    private static PcieWindows windows(final int s)
    {
        return new PcieWindows(ecam(s), mmio32(s), mmio32(s) + (s == 0 ? MMIO32_END - MMIO32_BASE : MMIO32_HIGH_SIZE),
            mmio64(s), mmio64(s) + MMIO64_SIZE);
    }

    /**
     * @param s a segment, 0 to 15
     * @return its ECAM window's address (256 buses, 256 MiB)
     */
    public static long ecam(final int s)
    {
        return ECAM_BASE + (Require.inRange("s", s, 0, MAX_SEGMENTS - 1) << 28);
    }

    /**
     * @param s a segment, 0 to 15
     * @return the start of its window of 32-bit BARs: {@link #MMIO32_BASE} for segment 0 (to {@link #MMIO32_END}),
     *         else 64 MiB from {@link #MMIO32_HIGH} + 64 MiB (s - 1)
     */
    public static long mmio32(final int s)
    {
        Require.inRange("s", s, 0, MAX_SEGMENTS - 1);
        return s == 0 ? MMIO32_BASE : MMIO32_HIGH + (s - 1) * MMIO32_HIGH_SIZE;
    }

    /**
     * @param s a segment, 0 to 15
     * @return the start of its window of 64-bit BARs, {@link #MMIO64_SIZE} long
     */
    public static long mmio64(final int s)
    {
        return MMIO64_BASE + Require.inRange("s", s, 0, MAX_SEGMENTS - 1) * MMIO64_SIZE;
    }

    /**
     * The SPI that an INTx pin of a device on a segment's root bus drives, as QEMU virt's {@code interrupt-map}
     * swizzles it: wire (device + pin - 1) mod 4 of the segment's four, from {@link #INTX_INTID} for segment 0
     * and from {@link #INTX_HIGH_INTID} + 4 (s - 1) for the others. A pin behind bridges arrives swizzled
     * at its root port's device.
     *
     * @param s a segment, 0 to 15
     * @param device the device on the root bus, 0 to 31
     * @param pin 1 to 4 for INTA# to INTD#
     * @return the INTID
     */
    public static int intx(final int s, final int device, final int pin)
    {
        Require.inRange("s", s, 0, MAX_SEGMENTS - 1);
        Require.inRange("device", device, 0, 31);
        Require.inRange("pin", pin, 1, 4);
        final int base = s == 0 ? INTX_INTID : INTX_HIGH_INTID + 4 * (s - 1);
        return base + (device + pin - 1 & 3);
    }

    /**
     * @param s a segment
     * @return its root complex: the DeviceIDs and StreamIDs its functions' requests carry
     * @throws IllegalArgumentException naming {@code segment} if the machine has no segment {@code s}
     */
    public RootComplex rootComplex(final int s)
    {
        segment(s); // names the segment the machine lacks
        return rootComplexes[s];
    }

    @Override
    protected void iommuStats(final Stats.Builder b)
    {
        if (smmu != null)
        {
            b.add("system.smmu.tlb.hits", smmu.tlbLookups() - smmu.walks(), "SMMUv3 TLB hits");
            b.add("system.smmu.tlb.misses", smmu.walks(), "SMMUv3 TLB misses (table walks)");
            b.add("system.smmu.ste.hits", smmu.steLookups() - smmu.steMisses(), "SMMUv3 STE cache hits");
            b.add("system.smmu.ste.misses", smmu.steMisses(), "SMMUv3 STE cache misses (STE fetches)");
            b.add("system.smmu.events", smmu.eventsRecorded(), "SMMUv3 event records written");
            b.add("system.smmu.eventsLost", smmu.eventsLost(), "SMMUv3 event records lost");
        }
        if (smmuv2 != null)
        {
            b.add("system.smmuv2.tlb.hits", smmuv2.tlbLookups() - smmuv2.walks(), "SMMUv2 TLB hits");
            b.add("system.smmuv2.tlb.misses", smmuv2.walks(), "SMMUv2 TLB misses (table walks)");
            b.add("system.smmuv2.globalFaults", smmuv2.globalFaults(), "SMMUv2 global faults");
        }
        if (its != null)
        {
            b.add("system.its.cache.hits", its.cacheHits(), "ITS translation cache hits");
            b.add("system.its.cache.misses", its.cacheMisses(), "ITS translation cache misses (table walks)");
            b.add("system.its.translated", its.translated(), "writes translated into a pending LPI");
            b.add("system.its.dropped", its.dropped(), "writes dropped: they translate to nothing");
        }
    }

    /** @return the GIC ITS, or null if the machine was built without one */
    public Its its()
    {
        return its;
    }

    /** @return the SMMUv2, or null if the machine was built without one */
    public Smmuv2 smmuv2()
    {
        return smmuv2;
    }

    /** @return NOVA's driver of the SMMUv2, or null on a machine without an SMMUv2 or without NOVA */
    public SmmuV2Driver smmuV2Driver()
    {
        return smmuV2Driver;
    }

    /** @return the SMMUv3, or null if the machine was built without one */
    public Smmuv3 smmu()
    {
        return smmu;
    }

    /** @return NOVA's driver of the SMMUv3, or null on a machine without an SMMU or without NOVA */
    public SmmuV3Driver smmuDriver()
    {
        return smmuDriver;
    }

    /** @return the GICv3 */
    public Gic gic()
    {
        return gic;
    }

    /**
     * @param cpu a CPU
     * @return its PE (MPIDR, timers, system registers)
     */
    public Pe pe(final int cpu)
    {
        return pes[cpu];
    }

    /**
     * @param cpu a PE of a bare machine
     * @return its EL1 core
     * @throws IllegalStateException on a machine with NOVA, whose PEs run the kernel
     */
    public El1Core core(final int cpu)
    {
        if (cores == null)
        {
            throw new IllegalStateException("core: this machine runs NOVA; build it bare for EL1 cores");
        }
        return cores[cpu];
    }

    /** @return NOVA's AArch64 half, or null on a bare machine */
    public ArmPlatform platform()
    {
        return platform;
    }

    /** @return NOVA's GIC driver, or null on a bare machine */
    public GicInterrupts interrupts()
    {
        return interrupts;
    }

    /**
     * What to build: the options of every machine (up to 16 PCI segments), the GIC's SPIs and ESPIs, each root
     * complex's {@code msi-map} and {@code iommu-map}, whether there is an ITS and an SMMU, and a bare machine's
     * program.
     */
    public static final class Builder extends MachineBuilder<Builder, ArmMachine>
    {
        private int spis = 256;
        private int espis;
        private El1Program program;
        private CoreCosts coreCosts = CoreCosts.DEFAULT;
        private final IdMap[] msiMaps = new IdMap[MAX_SEGMENTS];
        private final IdMap[] iommuMaps = new IdMap[MAX_SEGMENTS];
        private boolean its = true;
        private SmmuModel smmu = SmmuModel.NONE;

        private Builder()
        {
            super(MAX_CPUS, MAX_SEGMENTS, Costs.AARCH64);
        }

        @Override
        protected Builder self()
        {
            return this;
        }

        /**
         * @param n SPIs: a multiple of 32 up to 960, or 988 (INTIDs 32 to 1019); default 256, as QEMU's virt
         * @return this builder
         */
        public Builder spis(final int n)
        {
            if (n != 988 && (n < 0 || n > 960 || n % 32 != 0))
            {
                throw new IllegalArgumentException("spis must be a multiple of 32 up to 960, or 988, was " + n);
            }
            spis = n;
            return this;
        }

        /**
         * @param n extended SPIs (INTIDs from 4096): a multiple of 32 up to 1,024; default 0
         * @return this builder
         */
        public Builder espis(final int n)
        {
            if (n < 0 || n > 1024 || n % 32 != 0)
            {
                throw new IllegalArgumentException("espis must be a multiple of 32 up to 1024, was " + n);
            }
            espis = n;
            return this;
        }

        /**
         * Builds a bare machine: the same hardware, no kernel; each PE is an {@link El1Core} executing
         * {@code image} at EL1, the primary from {@link #BARE_ENTRY}, the others once started by PSCI CPU_ON
         * (A70). {@link Machine#kernel()}, {@link #platform()} and {@link #interrupts()} are then null.
         *
         * @param image the code every PE executes
         * @param costs what its instructions cost
         * @return this builder
         */
        public Builder bare(final El1Program image, final CoreCosts costs)
        {
            program = Require.nonNull("image", image);
            coreCosts = Require.nonNull("costs", costs);
            return this;
        }

        /**
         * {@link #bare(El1Program, CoreCosts)} with {@link CoreCosts#DEFAULT}.
         *
         * @param image the code every PE executes
         * @return this builder
         */
        public Builder bare(final El1Program image)
        {
            return bare(image, CoreCosts.DEFAULT);
        }

        /**
         * Whether the machine has a GIC ITS at {@link #GITS_BASE} (A130): on by default, as NOVA expects of a
         * GICv3 with LPIs.
         *
         * @param present true for an ITS
         * @return this builder
         */
        public Builder its(final boolean present)
        {
            its = present;
            return this;
        }

        /**
         * Whether the machine has an SMMUv3 at {@link #SMMU_BASE} translating every device DMA (A130): off by
         * default, so that a machine without one lets device DMA reach memory untranslated, as QEMU virt without
         * {@code iommu=smmuv3}; with it, NOVA's driver isolates each device in its DMA space (A150). Its interrupts
         * need the GIC's SPIs up to 77.
         *
         * @param present true for an SMMU
         * @return this builder
         */
        public Builder smmu(final boolean present)
        {
            smmu = present ? SmmuModel.V3 : SmmuModel.NONE;
            return this;
        }

        /**
         * Which SMMU the machine has (A169): none, an SMMUv3 at {@link #SMMU_BASE} (as {@code smmu(true)}), or an
         * SMMUv2 at {@link #SMMUV2_BASE}, whose interrupts need the GIC's SPIs up to 86.
         *
         * @param model the SMMU
         * @return this builder
         */
        public Builder smmu(final SmmuModel model)
        {
            smmu = Require.nonNull("smmu", model);
            return this;
        }

        /**
         * The root complex's {@code msi-map}: which GIC ITS DeviceID each PCI requester ID of a segment gets
         * (A124: by default {@code segment << 16 | rid}).
         *
         * @param segment a segment, below {@link #segments(int)} when built
         * @param map the map
         * @return this builder
         */
        public Builder msiMap(final int segment, final IdMap map)
        {
            Require.inRange("segment", segment, 0, MAX_SEGMENTS - 1);
            msiMaps[segment] = Require.nonNull("msiMap", map);
            return this;
        }

        /**
         * The root complex's {@code iommu-map}: which SMMU StreamID each PCI requester ID of a segment gets
         * (A124: by default {@code segment << 16 | rid}).
         *
         * @param segment a segment, below {@link #segments(int)} when built
         * @param map the map
         * @return this builder
         */
        public Builder iommuMap(final int segment, final IdMap map)
        {
            Require.inRange("segment", segment, 0, MAX_SEGMENTS - 1);
            iommuMaps[segment] = Require.nonNull("iommuMap", map);
            return this;
        }

        @Override
        protected ArmMachine assemble()
        {
            for (int s = segments(); s < MAX_SEGMENTS; s++)
            {
                if (msiMaps[s] != null || iommuMaps[s] != null)
                {
                    throw new IllegalArgumentException((msiMaps[s] != null ? "msiMap" : "iommuMap") + ": segment " + s
                        + " is beyond the " + segments() + " segments");
                }
            }
            return new ArmMachine(this);
        }
    }
}
