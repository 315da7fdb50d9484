// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.machine;

import java.util.Locale;
import java.util.function.IntFunction;

import org.novaemu.bus.Bus;
import org.novaemu.bus.IommuFaultLog;
import org.novaemu.kernel.CpuStats;
import org.novaemu.kernel.Hypercall;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Platform;
import org.novaemu.kernel.Status;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.pci.BarAssignment;
import org.novaemu.pci.PciFunction;
import org.novaemu.pci.PciSegment;
import org.novaemu.pci.PinRouter;
import org.novaemu.pci.RequesterMap;
import org.novaemu.pci.Topology;
import org.novaemu.sim.Engine;
import org.novaemu.util.Require;

/**
 * A machine with NOVA booted on it, the part every architecture shares. An architecture's constructor runs
 * the steps in order: this constructor (engine, bus, RAM), its own interrupt controllers and IOMMU on
 * {@link #engine()} and {@link #bus()}, {@link #attachPcie} (segments with ECAM, topologies, firmware's BAR
 * assignment), its platform, then {@link #boot}, and last it wires each CPU's interrupt line to the kernel.
 */
public abstract class Machine
{
    /** Buses per segment: a full ECAM window of 256 MiB. */
    public static final int BUSES = 256;

    private final Engine engine;
    private final Bus bus;
    private PciSegment[] segments = new PciSegment[0];
    private Kernel kernel;

    /**
     * Builds the engine and the bus with RAM from address 0.
     *
     * @param b the options
     * @param ramEnd the end of RAM (exclusive)
     */
    protected Machine(final MachineBuilder<?, ?> b, final long ramEnd)
    {
        this(b, 0, ramEnd);
    }

    /**
     * Builds the engine and the bus with RAM where the architecture's memory map puts it (Arm: from 1 GiB).
     *
     * @param b the options
     * @param ramBase the start of RAM
     * @param ramSize its size in bytes
     */
    protected Machine(final MachineBuilder<?, ?> b, final long ramBase, final long ramSize)
    {
        engine = Engine.builder().clock(b.clock()).tracing(b.tracing()).traceTo(b.traceSink()).build();
        bus = new Bus(new PhysicalMemory(), engine.trace());
        bus.reportTo(engine.failures());
        bus.mapRam("ram", ramBase, ramSize);
    }

    /**
     * Makes the PCI segments: each gets its ECAM window, its topology as the builder's caller populates it,
     * and its BARs assigned from its windows with memory decoding on, as firmware leaves them; its functions'
     * requests carry PCI requester IDs ({@link RequesterMap#pci}).
     *
     * @param b the options
     * @param windows where the memory map puts each segment
     * @param routers each segment's INTx routing to the interrupt controller, or null for none
     */
    protected final void attachPcie(final MachineBuilder<?, ?> b, final IntFunction<PcieWindows> windows,
                                    final IntFunction<PinRouter> routers)
    {
        attachPcie(b, windows, routers, RequesterMap::pci);
    }

    /**
     * Makes the PCI segments as {@link #attachPcie(MachineBuilder, IntFunction, IntFunction)} does, each root
     * complex deriving the requester IDs of its functions' requests as the architecture's does.
     *
     * @param b the options
     * @param windows where the memory map puts each segment
     * @param routers each segment's INTx routing to the interrupt controller, or null for none
     * @param requesters each segment's derivation of the requester IDs on the bus
     */
    protected final void attachPcie(final MachineBuilder<?, ?> b, final IntFunction<PcieWindows> windows,
                                    final IntFunction<PinRouter> routers, final IntFunction<RequesterMap> requesters)
    {
        final Pcie[] populate = b.populators();
        final PciSegment[] made = new PciSegment[populate.length];
        for (int s = 0; s < made.length; s++)
        {
            final PcieWindows w = windows.apply(s);
            made[s] = new PciSegment(s, bus, w.ecam(), BUSES, routers.apply(s), requesters.apply(s));
            final Topology topology = new Topology(made[s]);
            if (populate[s] != null)
            {
                populate[s].populate(topology, engine);
            }
            BarAssignment.assign(made[s], w.low32(), w.end32(), w.low64(), w.end64());
        }
        segments = made;
    }

    /**
     * Boots the kernel on the platform; nothing runs until {@link Kernel#start}.
     *
     * @param b the options
     * @param platform the architecture's half of the kernel
     * @return the kernel
     */
    protected final Kernel boot(final MachineBuilder<?, ?> b, final Platform platform)
    {
        kernel = new Kernel(Require.nonNull("platform", platform), engine, b.costs(), bus);
        return kernel;
    }

    /** @return the simulation engine */
    public final Engine engine()
    {
        return engine;
    }

    /** @return the bus */
    public final Bus bus()
    {
        return bus;
    }

    /**
     * @return every request an IOMMU or interrupt translation unit of this machine refused, as typed records made
     *         before any kernel handler sees the hardware's fault registers (decision U20)
     */
    public final IommuFaultLog iommuFaults()
    {
        return bus.iommuFaults();
    }

    /**
     * Strict mode for tests: the first {@link org.novaemu.sim.Failure} of a run (an EC killed, an MSI blocked,
     * a DMA fault, bus mastering off, a hypercall loop, the root task touching unmapped memory) stops the run and
     * is thrown out of the engine's run call as a {@link org.novaemu.sim.StrictModeException} (decision U23).
     *
     * @param on whether failures throw
     * @return this machine
     */
    public final Machine strict(final boolean on)
    {
        engine.failures().strict(on);
        return this;
    }

    /**
     * A gem5-style statistics snapshot of the run so far (decision U24): the simulation; per CPU the cycles busy,
     * idle and in the kernel, interrupts taken, SC switches and hypercalls by number and status; per PCI function
     * its raises, messages and DMA bytes; per IOMMU its translation caches' hits and misses and its faults.
     *
     * @return the snapshot
     */
    public final Stats stats()
    {
        final Stats.Builder b = new Stats.Builder();
        final long now = engine.now();
        b.add("sim.cycles", now, "simulated time (cycles)");
        b.add("sim.events", engine.firedEvents(), "events fired");
        for (int c = 0; c < kernel.cpuCount(); c++)
        {
            final CpuStats s = kernel.stats(c);
            final String p = "system.cpu" + c + ".";
            final long idle = Math.min(now, s.idleCycles());
            b.add(p + "cycles.busy", now - idle, "cycles not halted (user and kernel)");
            b.add(p + "cycles.idle", idle, "cycles halted with nothing ready");
            b.add(p + "cycles.kernel", s.kernelCycles(), "cycles in the kernel (entries, hypercalls, switches)");
            b.add(p + "interruptEntries", s.interruptEntries(), "kernel entries for interrupts");
            b.add(p + "interrupts", s.interrupts(), "interrupts taken and handed to their slot");
            b.add(p + "switches", s.switches(), "switches from one SC to another");
            long total = 0;
            for (final Hypercall h : Hypercall.values())
            {
                for (int st = 0; st < CpuStats.STATUSES; st++)
                {
                    final long n = s.hypercalls(h, st);
                    total += n;
                    if (n != 0)
                    {
                        b.add(p + "hypercalls." + h.name().toLowerCase(Locale.ROOT) + "." + statusName(st), n,
                            "hypercalls " + h.name().toLowerCase(Locale.ROOT) + " that returned " + statusName(st));
                    }
                }
            }
            b.add(p + "hypercalls", total, "hypercalls");
        }
        for (final PciSegment seg : segments)
        {
            for (final PciFunction f : seg.functions())
            {
                final String p = String.format("system.pci%04x.%02x.%02x.%d.", seg.number(), f.bdf() >>> 8,
                    f.bdf() >>> 3 & 0x1f, f.bdf() & 7);
                b.add(p + "raises", f.raises(), f.name() + ": interrupts signalled (MSI, MSI-X, INTx)");
                b.add(p + "msis", f.messages(), f.name() + ": message-signalled interrupts sent");
                b.add(p + "dmaBytes", f.dmaBytes(), f.name() + ": bytes of DMA requests sent");
            }
        }
        iommuStats(b);
        b.add("system.iommu.faults", bus.iommuFaults().total(), "requests refused by IOMMUs and ITSs");
        return b.build();
    }

    /** @return a status column's name: the status in lower case, or {@code blocked} */
    private static String statusName(final int column)
    {
        for (final Status s : Status.values())
        {
            if (s.code() == column)
            {
                return s.name().toLowerCase(Locale.ROOT);
            }
        }
        return "blocked";
    }

    /**
     * Adds the architecture's IOMMU counters to a statistics snapshot, under {@code system.<unit>.}; none here.
     *
     * @param b the snapshot being built
     */
    protected void iommuStats(final Stats.Builder b)
    {
        // an architecture's machine adds its units
    }

    /** @return the kernel, booted and waiting for {@link Kernel#start} */
    public final Kernel kernel()
    {
        return kernel;
    }

    /**
     * @return PCI segment 0
     * @throws IllegalArgumentException on a machine without PCI segments
     */
    public final PciSegment segment()
    {
        return segment(0);
    }

    /**
     * @param s a segment
     * @return it
     * @throws IllegalArgumentException if the machine has no segment {@code s}
     */
    public final PciSegment segment(final int s)
    {
        if (s < 0 || s >= segments.length)
        {
            throw new IllegalArgumentException("segment must be below the machine's " + segments.length
                + " PCI segments, was " + s);
        }
        return segments[s];
    }

    /** @return the number of PCI segments */
    public final int segments()
    {
        return segments.length;
    }
}
