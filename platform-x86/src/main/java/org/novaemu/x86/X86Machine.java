// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86;

import org.novaemu.bus.AccessRule;
import org.novaemu.bus.Bus;
import org.novaemu.bus.RequesterId;
import org.novaemu.kernel.Costs;
import org.novaemu.kernel.Kernel;
import org.novaemu.mem.PhysicalMemory;
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
 * that translates the bus's DMA and remaps interrupts, RAM below 3 GiB, and the kernel with its x86 half.
 * The memory map follows a PC's: I/O APIC at 0xFEC0_0000, VT-d at 0xFED9_0000, the local APICs' window at
 * 0xFEE0_0000; the kernel's VT-d tables in RAM at 0x1000_0000. (A first version: PCIe topologies, several
 * segments and units come next.)
 *
 * <pre>{@code
 * X86Machine m = X86Machine.builder().cpus(16).build();
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

    private final Engine engine;
    private final Bus bus;
    private final ApicBus apicBus = new ApicBus();
    private final LocalApic[] apics;
    private final IoApic ioapic;
    private final Vtd vtd;
    private final X86Platform platform;
    private final Kernel kernel;

    private X86Machine(final Builder b)
    {
        engine = Engine.builder().clock(b.clock).build();
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
        platform = new X86Platform(bus, apics, ioapic, vtd, VTD_BASE, IOAPIC_BASE, TABLES, b.gsis);
        kernel = new Kernel(platform, engine, b.costs, bus);
        booted[0] = kernel;
        platform.attach(kernel);
    }

    /** @return a builder with 1 CPU at 2 GHz, 1,024 GSIs and the x86_64 cost table */
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

    /** What to build. */
    public static final class Builder
    {
        private int cpus = 1;
        private int gsis = 1024;
        private Clock clock = Clock.ofMhz(2_000);
        private Costs costs = Costs.X86_64;

        private Builder()
        {
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
