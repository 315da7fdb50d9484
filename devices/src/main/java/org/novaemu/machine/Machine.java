// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.machine;

import java.util.function.IntFunction;

import org.novaemu.bus.Bus;
import org.novaemu.bus.IommuFaultLog;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Platform;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.pci.BarAssignment;
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
        engine = Engine.builder().clock(b.clock()).tracing(b.tracing()).build();
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
