// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86;

import org.novaemu.bus.AccessRule;
import org.novaemu.bus.Bus;
import org.novaemu.bus.RequesterId;
import org.novaemu.kernel.Costs;
import org.novaemu.kernel.Kernel;
import org.novaemu.irq.IrqLine;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.pci.BarAssignment;
import org.novaemu.pci.IntxRoute;
import org.novaemu.pci.PciSegment;
import org.novaemu.pci.Topology;
import org.novaemu.sim.Clock;
import org.novaemu.sim.Engine;
import org.novaemu.x86.apic.ApicBus;
import org.novaemu.x86.apic.ApicWindow;
import org.novaemu.x86.apic.CpuPins;
import org.novaemu.x86.apic.LocalApic;
import org.novaemu.x86.apic.MsiAddress;
import org.novaemu.x86.ioapic.IoApic;
import org.novaemu.x86.nova.X86Platform;
import org.novaemu.x86.vtd.Vtd;

/**
 * An x86_64 machine with NOVA booted on it: CPUs with local APICs, one I/O APIC of 24 pins, one VT-d unit
 * that translates the bus's DMA and remaps interrupts, PCI segment 0 with its ECAM and the topology the
 * builder is given, RAM below 3 GiB, and the kernel with its x86 half. The memory map follows a PC's:
 * ECAM at 0xE000_0000 (256 buses), I/O APIC at 0xFEC0_0000, VT-d at 0xFED9_0000, the local APICs' window
 * at 0xFEE0_0000; 32-bit BARs from 0xC000_0000, 64-bit BARs from 512 GiB; the kernel's memory at
 * 0x2000_0000 and its VT-d tables at 0x1000_0000. Firmware has assigned the BARs and enabled memory
 * decoding; INTA# to INTD# of root-bus device d reach I/O APIC pins 16 + (d + pin - 1) mod 4, as on a PC.
 *
 * <pre>{@code
 * X86Machine m = X86Machine.builder().cpus(16)
 *     .pcie((topology, engine) -> topology.root().rootPort().add(new MultiQueueDevice("nic", 16, engine)))
 *     .build();
 * m.kernel().start(rootTask);
 * m.engine().runFor(1_000_000);
 * }</pre>
 */
public final class X86Machine
{
    /** The I/O APIC's registers. */
    public static final long IOAPIC_BASE = 0xfec0_0000L;
    /** The VT-d unit's registers (the DTD's SMMU HPA). */
    public static final long VTD_BASE = 0xfed9_0000L;
    /** The kernel's VT-d tables. */
    public static final long TABLES = 0x1000_0000L;
    /** The end of RAM. */
    public static final long RAM_END = 0xc000_0000L;
    /** The I/O APIC's pins. */
    public static final int PINS = 24;
    /** Segment 0's ECAM window (256 buses, 256 MiB). */
    public static final long ECAM_BASE = 0xe000_0000L;
    /** The window of 32-bit BARs, below the ECAM. */
    public static final long MMIO32_BASE = 0xc000_0000L;
    /** The window of 64-bit BARs: 64 GiB from 512 GiB. */
    public static final long MMIO64_BASE = 0x80_0000_0000L;
    /** The size of that window. */
    public static final long MMIO64_SIZE = 0x10_0000_0000L;
    /** The kernel's own memory (HIP, UTCBs, kernel objects' page tables). */
    public static final long KERNEL_MEMORY = 0x2000_0000L;

    /** Populates segment 0 at build time. */
    @FunctionalInterface
    public interface Pcie
    {
        /**
         * @param topology segment 0 with its host bridge at 00:00.0
         * @param engine the engine that devices' timers run on
         */
        void populate(Topology topology, Engine engine);
    }

    private final Engine engine;
    private final Bus bus;
    private final ApicBus apicBus = new ApicBus();
    private final LocalApic[] apics;
    private final IoApic ioapic;
    private final Vtd vtd;
    private final PciSegment segment;
    private final X86Platform platform;
    private final Kernel kernel;

    private X86Machine(final Builder b)
    {
        engine = Engine.builder().clock(b.clock).tracing(b.tracing).build();
        bus = new Bus(new PhysicalMemory(), engine.trace());
        bus.mapRam("ram", 0, RAM_END);
        apics = new LocalApic[b.cpus];
        final Kernel[] booted = new Kernel[1];
        for (int i = 0; i < b.cpus; i++)
        {
            final int cpu = i;
            apics[i] = new LocalApic(i, i == 0, engine, apicBus, new CpuPins()
            {
                @Override
                public void interruptPending()
                {
                    booted[0].interruptPending(cpu);
                }
            });
            apics[i].setIpiLatency(b.costs.ipi()); // the kernel's cost table holds the IPI latency
        }
        vtd = new Vtd(0, RequesterId.pci(0, 0, 0, 7), bus);
        vtd.connect(apicBus);
        final ApicWindow window = new ApicWindow(engine, apics, apicBus);
        window.setRemapper(vtd);
        bus.mapMmio("apic", MsiAddress.BASE, MsiAddress.SIZE, window, AccessRule.DWORD);
        bus.mapMmio("dmar", VTD_BASE, 0x1000, vtd, AccessRule.DWORD_QWORD);
        ioapic = new IoApic(0, PINS, X86Platform.IOAPIC_SOURCE, bus);
        bus.mapMmio("ioapic", IOAPIC_BASE, 0x1000, ioapic, AccessRule.DWORD);
        apicBus.onEoi(ioapic::eoi);
        bus.setTranslation(vtd);
        final IntxRoute[] intx = new IntxRoute[4];
        for (int i = 0; i < intx.length; i++)
        {
            final IrqLine line = new IrqLine("intx" + (char) ('A' + i), 16 + i, engine.trace());
            ioapic.connect(line, 16 + i);
            intx[i] = new IntxRoute(line);
        }
        segment = new PciSegment(0, bus, ECAM_BASE, 256, (seg, device, pin) -> intx[(device + pin - 1) & 3]);
        final Topology topology = new Topology(segment);
        if (b.pcie != null)
        {
            b.pcie.populate(topology, engine);
        }
        BarAssignment.assign(segment, MMIO32_BASE, ECAM_BASE, MMIO64_BASE, MMIO64_BASE + MMIO64_SIZE);
        platform = new X86Platform(bus, apics, ioapic, vtd, VTD_BASE, IOAPIC_BASE, TABLES, b.gsis, KERNEL_MEMORY,
            b.kernelMemory);
        kernel = new Kernel(platform, engine, b.costs, bus);
        booted[0] = kernel;
        platform.attach(kernel);
    }

    /** @return a builder with 1 CPU at 2 GHz, 1,024 GSIs, 64 MiB of kernel memory, the x86_64 cost table, no PCIe devices */
    public static Builder builder()
    {
        return new Builder();
    }

    /** @return the simulation engine */
    public Engine engine()
    {
        return engine;
    }

    /** @return the bus */
    public Bus bus()
    {
        return bus;
    }

    /** @return the kernel, booted and waiting for {@link Kernel#start} */
    public Kernel kernel()
    {
        return kernel;
    }

    /** @return NOVA's x86 half */
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

    /** @return the I/O APIC */
    public IoApic ioapic()
    {
        return ioapic;
    }

    /** @return the VT-d unit */
    public Vtd vtd()
    {
        return vtd;
    }

    /** @return PCI segment 0 */
    public PciSegment segment()
    {
        return segment;
    }

    /** What to build. */
    public static final class Builder
    {
        private int cpus = 1;
        private int gsis = 1024;
        private Clock clock = Clock.ofMhz(2_000);
        private Costs costs = Costs.X86_64;
        private long kernelMemory = 64L << 20;
        private Pcie pcie;
        private boolean tracing;

        private Builder()
        {
        }

        /**
         * @param on whether the engine records a trace (and its digest) from the start
         * @return this builder
         */
        public Builder tracing(final boolean on)
        {
            tracing = on;
            return this;
        }

        /**
         * @param populate adds root ports, switches and functions to segment 0
         * @return this builder
         */
        public Builder pcie(final Pcie populate)
        {
            if (populate == null)
            {
                throw new IllegalArgumentException("pcie must not be null");
            }
            pcie = populate;
            return this;
        }

        /**
         * @param bytes the kernel's own memory, 4 MiB to 1 GiB in 4 KiB pages; it bounds the number of host ECs
         *        (one UTCB page each) and kernel page tables
         * @return this builder
         */
        public Builder kernelMemory(final long bytes)
        {
            if (bytes < 4L << 20 || bytes > 1L << 30 || (bytes & 0xfff) != 0)
            {
                throw new IllegalArgumentException("kernelMemory must be 4 MiB to 1 GiB in 4 KiB pages, was " + bytes);
            }
            kernelMemory = bytes;
            return this;
        }

        /**
         * @param n CPUs, 1 to 1,024
         * @return this builder
         */
        public Builder cpus(final int n)
        {
            if (n < 1 || n > 1024)
            {
                throw new IllegalArgumentException("cpus must be 1 to 1024, was " + n);
            }
            cpus = n;
            return this;
        }

        /**
         * @param n GSIs: the I/O APIC's 24 pins, then MSIs; 25 to 65,536
         * @return this builder
         */
        public Builder gsis(final int n)
        {
            if (n <= PINS || n > X86Platform.IRT_ENTRIES)
            {
                throw new IllegalArgumentException("gsis must be 25 to 65536, was " + n);
            }
            gsis = n;
            return this;
        }

        /**
         * @param c the reference clock (the TSC)
         * @return this builder
         */
        public Builder clock(final Clock c)
        {
            if (c == null)
            {
                throw new IllegalArgumentException("clock must not be null");
            }
            clock = c;
            return this;
        }

        /**
         * @param c the kernel's cost table
         * @return this builder
         */
        public Builder costs(final Costs c)
        {
            if (c == null)
            {
                throw new IllegalArgumentException("costs must not be null");
            }
            costs = c;
            return this;
        }

        /** @return the machine, with the kernel booted */
        public X86Machine build()
        {
            return new X86Machine(this);
        }
    }
}
