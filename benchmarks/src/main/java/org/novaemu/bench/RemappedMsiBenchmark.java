// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bench;

import org.novaemu.bus.AccessRule;
import org.novaemu.bus.Bus;
import org.novaemu.bus.RequesterId;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.sim.Engine;
import org.novaemu.x86.apic.ApicBus;
import org.novaemu.x86.apic.ApicWindow;
import org.novaemu.x86.apic.CpuPins;
import org.novaemu.x86.apic.LocalApic;
import org.novaemu.x86.apic.MsiMessage;
import org.novaemu.x86.vtd.Vtd;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The x86 interrupt transport without the kernel: a device's remappable-format MSI goes over the bus to the
 * APIC window, through VT-d interrupt remapping (IRTE from the interrupt entry cache, source-ID check) to
 * the APIC bus and into the target local APIC's IRR; the target then acknowledges and EOIs it, as a CPU
 * would. {@code sources} interrupt entries, each with its own requester ID, point round robin at
 * {@code cpus} local APICs in x2APIC mode.
 */
public class RemappedMsiBenchmark extends NanosPerOp
{
    private static final long REGS = 0xfed9_0000L;
    private static final long IRT = 0x100_0000L;

    @Param({"1", "64", "4096", "65536"})
    int sources;

    @Param({"1", "16", "256"})
    int cpus;

    private Bus bus;
    private LocalApic[] apics;
    private long[] address;
    private long[] requester;
    private int next;

    /** Builds the machine this benchmark measures, once per trial. */
    @Setup
    public void setUp()
    {
        final Engine engine = Engine.builder().build();
        bus = new Bus(new PhysicalMemory(), engine.trace());
        bus.mapRam("ram", 0, 0x8000_0000L);
        final ApicBus apicBus = new ApicBus();
        final CpuPins core = new CpuPins()
        {
        };
        apics = new LocalApic[cpus];
        for (int i = 0; i < cpus; i++)
        {
            apics[i] = new LocalApic(i, i == 0, engine, apicBus, core);
            apics[i].writeMsr(0x1b, LocalApic.DEFAULT_BASE | LocalApic.BASE_ENABLE | LocalApic.BASE_EXTD
                | (i == 0 ? LocalApic.BASE_BSP : 0));
            apics[i].writeMsr(0x80f, LocalApic.SVR_ENABLE | 0xff);
        }
        final Vtd vtd = new Vtd(0, RequesterId.platform(0), bus);
        vtd.connect(apicBus);
        final ApicWindow window = new ApicWindow(engine, apics, apicBus);
        window.setRemapper(vtd);
        bus.mapMmio("dmar", REGS, 0x1000, vtd, AccessRule.DWORD_QWORD);
        window.attach(bus);
        address = new long[sources];
        requester = new long[sources];
        for (int i = 0; i < sources; i++)
        {
            final int sid = i + 0x100 & 0xffff;
            final long lo = (long) (i % cpus) << 32 | (long) (0x20 + i % 200) << 16 | 1;
            bus.memory().write64(IRT + 16L * i, lo);
            bus.memory().write64(IRT + 16L * i + 8, 1L << 18 | sid); // verify the source ID
            address[i] = MsiMessage.remappableAddress(i, false);
            requester[i] = sid;
        }
        bus.write(REGS + 0xb8, 8, IRT | 1 << 11 | 15); // 65,536 entries, x2APIC destinations
        bus.write(REGS + 0x18, 4, Vtd.SIRTP);
        bus.write(REGS + 0x18, 4, Vtd.IRE);
    }

    /** @return the vector the target took */
    @Benchmark
    public int deliver()
    {
        final int i = next;
        next = i + 1 == sources ? 0 : i + 1;
        bus.signalMessage(requester[i], address[i], 0);
        final LocalApic target = apics[i % cpus];
        final int vector = target.acknowledge();
        target.writeMsr(0x80b, 0); // EOI
        return vector;
    }
}
