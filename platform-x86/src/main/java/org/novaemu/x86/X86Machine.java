// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86;

import org.novaemu.bus.AccessRule;
import org.novaemu.bus.Bus;
import org.novaemu.bus.RequesterId;
import org.novaemu.kernel.BootInfo;
import org.novaemu.kernel.Costs;
import org.novaemu.kernel.Framebuffer;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.KernelEvents;
import org.novaemu.irq.IrqLine;
import org.novaemu.machine.Machine;
import org.novaemu.machine.MachineBuilder;
import org.novaemu.machine.PcieWindows;
import org.novaemu.machine.Stats;
import org.novaemu.pci.IntxRoute;
import org.novaemu.pci.PinRouter;
import org.novaemu.sim.Engine;
import org.novaemu.util.Require;
import org.novaemu.x86.apic.ApicBus;
import org.novaemu.x86.acpi.AcpiPm;
import org.novaemu.x86.acpi.AcpiTables;
import org.novaemu.x86.boot.MultibootInfo;
import org.novaemu.x86.acpi.Fadt;
import org.novaemu.x86.apic.ApicWindow;
import org.novaemu.x86.apic.CpuPins;
import org.novaemu.x86.apic.LocalApic;
import org.novaemu.x86.cpu.Core;
import org.novaemu.x86.cpu.CoreCosts;
import org.novaemu.x86.cpu.Ring0Program;
import org.novaemu.x86.ioapic.IoApic;
import org.novaemu.x86.isa.Pit;
import org.novaemu.x86.isa.Rtc;
import org.novaemu.x86.nova.SmmuItl;
import org.novaemu.x86.nova.X86Platform;
import org.novaemu.x86.rdt.Rdt;
import org.novaemu.x86.rdt.RdtCaps;
import org.novaemu.x86.vtd.Vtd;
import org.novaemu.x86.vtd.VtdUnits;

/**
 * An x86_64 machine with NOVA booted on it: CPUs with local APICs, I/O APICs of 24 pins each, PCI segments
 * each with its ECAM, the topology the builder is given and a VT-d unit that translates its DMA and remaps
 * its interrupts (or, built with {@link Builder#iommu(boolean) iommu(false)}, no IOMMU at all: devices' DMA
 * reaches physical memory untranslated and their messages go straight to the local APICs), RAM below 3 GiB,
 * and the kernel with its x86 half. The memory map follows a PC's: segment
 * 0's ECAM at 0xE000_0000 (256 buses; further segments' from 256 GiB), I/O APIC k at 0xFEC0_0000 + 4 KiB k,
 * VT-d unit s at 0xFED9_0000 + 4 KiB s, the local APICs' window at 0xFEE0_0000; 32-bit BARs (segment 0)
 * from 0xC000_0000, 64-bit BARs of segment s in 16 GiB from 512 GiB + 16 GiB s; the kernel's memory at
 * 0x2000_0000 and its VT-d tables from 0x1000_0000. Firmware has assigned the BARs and enabled memory
 * decoding; INTA# to INTD# of segment 0's root-bus device d reach I/O APIC 0's pins 16 + (d + pin - 1) mod 4,
 * as on a PC (other segments have no INTx routing); the 8254 PIT answers at ports 40h to 43h, its IRQ0 on
 * I/O APIC 0's pin 2, and the MC146818 RTC at 70h and 71h, its IRQ8 on pin 8. Built {@link Builder#bare
 * bare}, the machine has no kernel: each CPU is a {@link Core} that runs a ring-0 program, as a firmware or
 * an operating system drives the same hardware.
 *
 * <pre>{@code
 * X86Machine m = X86Machine.builder().cpus(16)
 *     .pcie((topology, engine) -> topology.root().rootPort().add(new MultiQueueDevice("nic", 16, engine)))
 *     .build();
 * m.kernel().start(rootTask);
 * m.engine().runFor(1_000_000);
 * }</pre>
 */
public final class X86Machine extends Machine
{
    /** I/O APIC 0's registers; I/O APIC k's follow every 4 KiB. */
    public static final long IOAPIC_BASE = 0xfec0_0000L;
    /** VT-d unit 0's registers (the DTD's IOMMU address of segment 0); unit s's follow every 4 KiB. */
    public static final long VTD_BASE = 0xfed9_0000L;
    /** The kernel's VT-d tables: 4 MiB per unit. */
    public static final long TABLES = 0x1000_0000L;
    /** The end of RAM. */
    public static final long RAM_END = 0xc000_0000L;
    /** The pins of each I/O APIC. */
    public static final int PINS = 24;
    /** Segment 0's ECAM window (256 buses, 256 MiB). */
    public static final long ECAM_BASE = 0xe000_0000L;
    /** The ECAM windows of segments 1 and up, 256 MiB each. */
    public static final long ECAM_HIGH = 0x40_0000_0000L;
    /** The window of 32-bit BARs, below the ECAM (segment 0). */
    public static final long MMIO32_BASE = 0xc000_0000L;
    /** The window of segment 0's 64-bit BARs: from 512 GiB; segment s's follows at s times its size. */
    public static final long MMIO64_BASE = 0x80_0000_0000L;
    /** The size of each segment's 64-bit BAR window. */
    public static final long MMIO64_SIZE = 0x4_0000_0000L;
    /** The kernel's own memory (HIP, UTCBs, kernel objects' page tables). */
    public static final long KERNEL_MEMORY = 0x2000_0000L;
    /** Where the firmware leaves the ACPI RSDP, XSDT and FADT: the BIOS area a legacy boot searches. */
    public static final long ACPI_TABLES = 0x000e_0000L;
    /** Where the boot loader leaves the Multiboot 2 information structure (the root's RSI). */
    public static final long MULTIBOOT_INFO = 0x000e_1000L;
    /** The most CPUs. */
    public static final int MAX_CPUS = 1024;
    /** The most segments (VT-d units). */
    public static final int MAX_SEGMENTS = 16;
    /** The most I/O APICs. */
    public static final int MAX_IOAPICS = 8;

    private final ApicBus apicBus = new ApicBus();
    private final LocalApic[] apics;
    private final IoApic[] ioapics;
    private final Vtd[] vtds;
    private final X86Platform platform;
    private final AcpiPm acpi;
    private final Rdt[] rdts;
    private final Core[] cores;
    private final Pit pit;
    private final Rtc rtc;

    private X86Machine(final Builder b)
    {
        super(b, RAM_END);
        final Engine engine = engine();
        final Bus bus = bus();
        apics = new LocalApic[b.cpus()];
        for (int i = 0; i < apics.length; i++)
        {
            apics[i] = new LocalApic(i, i == 0, engine, apicBus, new CpuPins()
            {
                // INTR is wired to the kernel's CPU once the kernel is booted, below
            });
            apics[i].setIpiLatency(b.costs().ipi()); // the kernel's cost table holds the IPI latency
        }
        vtds = new Vtd[b.iommu ? b.segments() : 0]; // no IOMMU: no DMAR, no units
        final long[] vtdBases = new long[vtds.length];
        for (int s = 0; s < vtds.length; s++)
        {
            vtdBases[s] = VTD_BASE + 0x1000L * s;
            vtds[s] = new Vtd(s, RequesterId.platform(s), bus); // its own traffic: no function can forge it
            vtds[s].connect(apicBus);
            bus.mapMmio("dmar" + s, vtdBases[s], 0x1000, vtds[s], AccessRule.DWORD_QWORD);
        }
        final ApicWindow window = new ApicWindow(engine, apics, apicBus);
        if (vtds.length != 0)
        {
            final VtdUnits units = new VtdUnits(vtds);
            window.setRemapper(units);
            bus.setTranslation(units);
        } // else DMA stays untranslated and messages reach the APIC bus as they are
        window.attach(bus); // the message window, and each CPU's APIC page wherever IA32_APIC_BASE puts it
        ioapics = new IoApic[b.ioapics];
        final long[] ioapicBases = new long[ioapics.length];
        for (int k = 0; k < ioapics.length; k++)
        {
            ioapicBases[k] = IOAPIC_BASE + 0x1000L * k;
            ioapics[k] = new IoApic(k, PINS, X86Platform.IOAPIC_SOURCE + k, bus);
            bus.mapMmio("ioapic" + k, ioapicBases[k], 0x1000, ioapics[k], AccessRule.DWORD);
            apicBus.onEoi(ioapics[k]::eoi);
        }
        pit = new Pit(engine, isaLine(engine, ioapics[0], Pit.GSI));
        pit.attach(bus.ports());
        rtc = new Rtc(engine, isaLine(engine, ioapics[0], Rtc.GSI));
        rtc.attach(bus.ports());
        final IntxRoute[] intx = new IntxRoute[4];
        for (int i = 0; i < intx.length; i++)
        {
            final IrqLine line = new IrqLine("intx" + (char) ('A' + i), 16 + i, engine.trace());
            ioapics[0].connect(line, 16 + i);
            intx[i] = new IntxRoute(line);
        }
        final PinRouter pc = (segment, device, pin) -> intx[(device + pin - 1) & 3];
        attachPcie(b, X86Machine::windows, s -> s == 0 ? pc : null);
        rdts = rdt(b);
        platform = b.program != null ? null // a bare machine: no kernel, so nothing programs the hardware at boot
            : new X86Platform(engine, bus, new X86Platform.Hardware(apics, b.segments(), vtds, vtdBases, ioapics,
            ioapicBases, TABLES, b.gsis, KERNEL_MEMORY, b.kernelMemory(), boot(bus, b), rdts));
        acpi = b.fadt == null ? null : new AcpiPm(engine, b.fadt);
        if (acpi != null)
        {
            acpi.attach(bus.ports());
        }
        cores = b.program == null ? null : cores(b);
        if (cores != null)
        {
            return; // a bare machine: no kernel, its cores run the program from reset
        }
        final Kernel kernel = boot(b, platform.roles());
        for (int i = 0; i < apics.length; i++)
        {
            final KernelEvents cpu = kernel.events(i);
            apics[i].connect(new CpuPins()
            {
                @Override
                public void interruptPending()
                {
                    cpu.interruptPending(); // INTR: the kernel takes it at the CPU's next interrupt point
                }
            });
        }
    }

    /**
     * The bare machine's processors: one core per local APIC, wired to its INTR, NMI, INIT and SIPI, the
     * firmware's ACPI tables in memory (no loader hands anything over).
     */
    private Core[] cores(final Builder b)
    {
        boot(bus(), b);
        final Core[] made = new Core[apics.length];
        for (int i = 0; i < made.length; i++)
        {
            made[i] = new Core(i, i == 0, engine(), bus(), apics[i], b.program, b.coreCosts);
            apics[i].connect(made[i]);
        }
        return made;
    }

    /** An ISA interrupt line into an I/O APIC 0 pin (GSI), edge-triggered and active high on a PC. */
    private static IrqLine isaLine(final Engine engine, final IoApic ioapic, final int gsi)
    {
        final IrqLine line = new IrqLine("gsi" + gsi, gsi, engine.trace());
        ioapic.connect(line, gsi);
        return line;
    }

    /** @return the 8254 interval timer at ports 40h to 43h, counter 0 on GSI 2 */
    public Pit pit()
    {
        return pit;
    }

    /** @return the real-time clock and CMOS RAM at ports 70h and 71h, its IRQ on GSI 8 */
    public Rtc rtc()
    {
        return rtc;
    }

    /** A PC's memory map for segment s: 32-bit BARs below segment 0's ECAM only, 64-bit BARs 16 GiB apart. */
    private static PcieWindows windows(final int s)
    {
        final long low64 = mmio64(s);
        return new PcieWindows(ecam(s), MMIO32_BASE, s == 0 ? ECAM_BASE : MMIO32_BASE, low64, low64 + MMIO64_SIZE);
    }

    /**
     * @param s a segment
     * @return the start of its window of 64-bit BARs ({@link #MMIO64_SIZE} bytes)
     */
    public static long mmio64(final int s)
    {
        return MMIO64_BASE + s * MMIO64_SIZE;
    }

    /**
     * @param s a segment
     * @return its ECAM window's address
     */
    public static long ecam(final int s)
    {
        return s == 0 ? ECAM_BASE : ECAM_HIGH + (s - 1) * ((long) BUSES << 20);
    }

    /**
     * @return a builder with 1 CPU at 2 GHz, 1,024 GSIs, 64 MiB of kernel memory, the x86_64 cost table, a VT-d
     * unit per segment, no PCIe devices
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * What the boot loader hands over: the ACPI tables it found (written here), the framebuffer, and a
     * Multiboot 2 launch (EAX the magic, EBX the information structure, {@link MultibootInfo}).
     */
    private static BootInfo boot(final Bus bus, final Builder b)
    {
        final long rsdp = b.fadt == null ? -1 : AcpiTables.write(bus.memory(), ACPI_TABLES, b.fadt);
        // The VT-d tables NOVA's x86 half keeps at TABLES lie outside its kernel memory: reserved (X36).
        final long[] tables = {TABLES, b.iommu ? b.segments() * SmmuItl.TABLES_SIZE : 0};
        MultibootInfo.write(bus.memory(), MULTIBOOT_INFO, RAM_END, tables, b.framebuffer, rsdp);
        return new BootInfo(rsdp, b.framebuffer, BootInfo.MULTIBOOT2_MAGIC, MULTIBOOT_INFO, 0);
    }

    /** One RDT model per CPU when the builder asked for RDT. */
    private static Rdt[] rdt(final Builder b)
    {
        if (b.rdt == null)
        {
            return null;
        }
        final Rdt[] out = new Rdt[b.cpus()];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = new Rdt(b.rdt);
        }
        return out;
    }

    /**
     * @param cpu a CPU
     * @return its RDT allocation registers, or null on a machine without RDT
     */
    public Rdt rdt(final int cpu)
    {
        return rdts == null ? null : rdts[cpu];
    }

    /** @return the chipset's ACPI power control (sleep states, reset), or null on a machine without ACPI */
    public AcpiPm acpi()
    {
        return acpi;
    }

    /**
     * @param cpu a CPU
     * @return its processor core on a bare machine
     * @throws IllegalStateException on a machine with NOVA, whose kernel runs the CPUs
     */
    public Core core(final int cpu)
    {
        if (cores == null)
        {
            throw new IllegalStateException("cpu: the machine runs NOVA, not bare cores");
        }
        return cores[cpu];
    }

    /** @return NOVA's x86 half, or null on a bare machine */
    public X86Platform platform()
    {
        return platform;
    }

    /**
     * @param cpu a CPU
     * @return its local APIC
     */
    public LocalApic apic(final int cpu)
    {
        return apics[cpu];
    }

    /** @return I/O APIC 0 */
    public IoApic ioapic()
    {
        return ioapics[0];
    }

    /**
     * @param k an I/O APIC
     * @return it
     */
    public IoApic ioapic(final int k)
    {
        return ioapics[k];
    }

    /** @return segment 0's VT-d unit, or null on a machine without an IOMMU */
    public Vtd vtd()
    {
        return vtd(0);
    }

    /**
     * @param s a segment
     * @return its VT-d unit, or null on a machine without an IOMMU
     */
    public Vtd vtd(final int s)
    {
        return vtds.length == 0 ? null : vtds[s];
    }

    @Override
    protected void iommuStats(final Stats.Builder b)
    {
        for (int s = 0; s < vtds.length; s++)
        {
            final Vtd u = vtds[s];
            final String p = "system.vtd" + s + ".";
            b.add(p + "iotlb.hits", u.iotlbLookups() - u.walks(), "IOTLB hits of DMA requests");
            b.add(p + "iotlb.misses", u.walks(), "IOTLB misses (table walks)");
            b.add(p + "iec.hits", u.iecLookups() - u.iecMisses(), "interrupt entry cache hits");
            b.add(p + "iec.misses", u.iecMisses(), "interrupt entry cache misses (IRTE reads)");
            b.add(p + "remapped", u.remapped(), "interrupts remapped and delivered");
            b.add(p + "faults", u.faults(), "faults detected, recorded or not");
        }
    }

    /** What to build: the options of every machine, and the I/O APICs and GSIs. */
    public static final class Builder extends MachineBuilder<Builder, X86Machine>
    {
        private int gsis = 1024;
        private int ioapics = 1;
        private Fadt fadt = Fadt.ICH9;
        private Framebuffer framebuffer;
        private RdtCaps rdt;
        private boolean iommu = true;
        private Ring0Program program;
        private CoreCosts coreCosts = CoreCosts.DEFAULT;

        private Builder()
        {
            super(MAX_CPUS, MAX_SEGMENTS, Costs.X86_64);
        }

        @Override
        protected Builder self()
        {
            return this;
        }

        /**
         * @param n I/O APICs of 24 pins each, 1 to 8; their pins are GSIs 0 to 24 n - 1
         * @return this builder
         */
        public Builder ioapics(final int n)
        {
            ioapics = (int) Require.inRange("ioapics", n, 1, MAX_IOAPICS);
            return this;
        }

        /**
         * @param n GSIs: the I/O APIC's 24 pins, then MSIs; 25 to 65,536
         * @return this builder
         */
        public Builder gsis(final int n)
        {
            gsis = (int) Require.inRange("gsis", n, PINS + 1, X86Platform.MAX_GSIS);
            return this;
        }

        /**
         * @param blocks the power-management blocks the firmware's FADT describes (by default
         *        {@link Fadt#ICH9}), or null for a machine without ACPI tables (the HIP's RSDP is then all ones)
         * @return this builder
         */
        public Builder fadt(final Fadt blocks)
        {
            fadt = blocks;
            return this;
        }

        /**
         * @param fb the framebuffer the firmware set up, reported in the HIP (its memory is the machine's
         *        RAM), or null for none (the default)
         * @return this builder
         */
        public Builder framebuffer(final Framebuffer fb)
        {
            framebuffer = fb;
            return this;
        }

        /**
         * @param caps the RDT allocation every CPU supports, or null for none (the default): create_sc then
         *        accepts only COS 0 and ctrl_hw's QOS OPs have no registers to write
         * @return this builder
         */
        public Builder rdt(final RdtCaps caps)
        {
            rdt = caps;
            return this;
        }

        /**
         * @param present whether each PCI segment has a VT-d unit (the default), or the machine has no IOMMU:
         *        no DMAR, devices' DMA reaches physical memory untranslated, their MSIs go to the local APICs in
         *        compatibility format, and the kernel reports no DMA spaces (decision X30)
         * @return this builder
         */
        public Builder iommu(final boolean present)
        {
            iommu = present;
            return this;
        }

        /**
         * Builds a bare machine: the same hardware, no kernel; each CPU is a {@link Core} that executes
         * {@code image} in ring 0, the bootstrap processor from {@link Core#RESET_VECTOR}, the others once
         * started with INIT and a start-up IPI. {@link Machine#kernel()} and {@link #platform()} are then null.
         *
         * @param image the code every processor executes
         * @param costs what its instructions cost
         * @return this builder
         */
        public Builder bare(final Ring0Program image, final CoreCosts costs)
        {
            program = Require.nonNull("image", image);
            coreCosts = Require.nonNull("costs", costs);
            return this;
        }

        /**
         * {@link #bare(Ring0Program, CoreCosts)} with {@link CoreCosts#DEFAULT}.
         *
         * @param image the code every processor executes
         * @return this builder
         */
        public Builder bare(final Ring0Program image)
        {
            return bare(image, CoreCosts.DEFAULT);
        }

        @Override
        protected X86Machine assemble()
        {
            if (gsis <= PINS * ioapics)
            {
                throw new IllegalArgumentException("gsis must be above the " + PINS * ioapics + " pins, was " + gsis);
            }
            return new X86Machine(this);
        }
    }
}
