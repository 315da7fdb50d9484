// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bench;

import org.novaemu.bus.AccessRule;
import org.novaemu.bus.Bus;
import org.novaemu.bus.RecordingMmio;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.pci.Bar;
import org.novaemu.pci.Header;
import org.novaemu.pci.MsixCapability;
import org.novaemu.pci.PciFunction;
import org.novaemu.pci.PciSegment;
import org.novaemu.pci.Topology;
import org.novaemu.sim.Engine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * One MSI-X message from a device to the bus: the vector's mask checks, the table lookup, and the 32-bit
 * write with the requester ID through the DMA path to a message sink (where an interrupt controller or
 * IOMMU will sit). {@code devices} functions with 16 vectors each, all programmed through ECAM and the
 * MSI-X BARs as a driver would; each operation signals the next device's vector round robin.
 */
public class MsixWriteBenchmark extends NanosPerOp
{
    private static final long ECAM = 0xb000_0000L;
    private static final long SINK = 0xfee0_0000L;
    private static final int VECTORS = 16;

    @Param({"1", "4096"})
    int devices;

    private MsixCapability[] msix;
    private int next;

    /** Builds the machine this benchmark measures, once per trial. */
    @Setup
    public void setUp()
    {
        final Engine engine = Engine.builder().build();
        final Bus bus = new Bus(new PhysicalMemory(), engine.trace());
        bus.mapMmio("messages", SINK, 0x10_0000, new RecordingMmio(1), AccessRule.DWORD);
        final PciSegment segment = new PciSegment(0, bus, ECAM, 256, null);
        final int ports = Math.min(16, devices);
        final PciFunction[] fns = new PciFunction[devices];
        msix = new MsixCapability[devices];
        Topology.build(segment, ports, (devices + ports - 1) / ports, i -> {
            final PciFunction f = new PciFunction("dev" + i, 0x1234, 0x1, 0x020000, false, 0);
            if (i < devices)
            {
                msix[i] = f.capability(MsixCapability.exclusive(VECTORS, 0));
                f.bar(0, Bar.memory64(MsixCapability.exclusiveBarSize(VECTORS), false, msix[i].mmio(),
                    AccessRule.DWORD_QWORD));
                fns[i] = f;
            }
            return f;
        });
        for (int i = 0; i < devices; i++)
        {
            final PciFunction f = fns[i];
            final long cfg = ECAM + ((long) (f.bdf() & 0xffff) << 12);
            final long table = 0x1_0000_0000L + 0x1000L * i;
            bus.write(cfg + Header.BAR0.offset(), 4, table);
            bus.write(cfg + Header.BAR0.offset() + 4, 4, table >>> 32);
            bus.write(cfg + Header.COMMAND.offset(), 2, Header.COMMAND_MEMORY | Header.COMMAND_BUS_MASTER);
            for (int v = 0; v < VECTORS; v++)
            {
                bus.write(table + 16 * v, 8, SINK | (i & 0xff) << 12);
                bus.write(table + 16 * v + 8, 4, 32 + v);
                bus.write(table + 16 * v + 12, 4, 0);
            }
            bus.write(cfg + msix[i].offset() + 2, 2, MsixCapability.ENABLE);
        }
    }

    /** @return whether the message reached the sink */
    @Benchmark
    public boolean signal()
    {
        final int i = next;
        next = i + 1 == devices ? 0 : i + 1;
        return msix[i].signal(i & VECTORS - 1);
    }
}
