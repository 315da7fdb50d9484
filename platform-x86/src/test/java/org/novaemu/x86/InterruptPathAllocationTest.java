// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.Allocations;
import org.novaemu.bus.AccessRule;
import org.novaemu.bus.Bus;
import org.novaemu.bus.RequesterId;
import org.novaemu.irq.IrqLine;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.sim.Engine;
import org.novaemu.x86.apic.ApicBus;
import org.novaemu.x86.apic.ApicRegister;
import org.novaemu.x86.apic.ApicWindow;
import org.novaemu.x86.apic.CpuPins;
import org.novaemu.x86.apic.Delivery;
import org.novaemu.x86.apic.Icr;
import org.novaemu.x86.apic.LocalApic;
import org.novaemu.x86.apic.MsiMessage;
import org.novaemu.x86.ioapic.IoApic;
import org.novaemu.x86.ioapic.IoApicRegister;
import org.novaemu.x86.ioapic.RedirectionEntry;
import org.novaemu.x86.vtd.Irte;
import org.novaemu.x86.vtd.Vtd;
import org.novaemu.x86.vtd.VtdRegister;

/**
 * The interrupt delivery path allocates nothing in steady state: a device's MSI through VT-d interrupt
 * remapping to a local APIC, its acknowledge and EOI; an I/O APIC's level pin with its EOI broadcast; an
 * IPI. Each runs a warm-up, then many more rounds under the thread's allocation counter.
 */
class InterruptPathAllocationTest
{
    private static final long REGS = 0xfed9_0000L;
    private static final long IOAPIC = 0xfec0_0000L;
    private static final long IRT = 0x10_0000L;

    private final Engine engine = Engine.builder().build();
    private final Bus bus = new Bus(new PhysicalMemory(), engine.trace());
    private final ApicBus apicBus = new ApicBus();
    private final LocalApic[] apics = new LocalApic[4];

    private ApicWindow machine(final boolean x2apic)
    {
        bus.mapRam("ram", 0, 0x1000_0000L);
        final CpuPins core = new CpuPins()
        {
        };
        for (int i = 0; i < apics.length; i++)
        {
            apics[i] = new LocalApic(i, i == 0, engine, apicBus, core);
            if (x2apic)
            {
                apics[i].writeMsr(ApicRegister.MSR_APIC_BASE, LocalApic.DEFAULT_BASE | LocalApic.BASE_ENABLE
                    | LocalApic.BASE_EXTD | (i == 0 ? LocalApic.BASE_BSP : 0));
                apics[i].writeMsr(ApicRegister.SVR.msr(), LocalApic.SVR_ENABLE | 0xff);
            }
            else
            {
                apics[i].write(ApicRegister.SVR.offset(), LocalApic.SVR_ENABLE | 0xff);
            }
        }
        final ApicWindow window = new ApicWindow(engine, apics, apicBus);
        window.attach(bus);
        return window;
    }

    @Test
    void aRemappedMsiItsAcknowledgeAndItsEoiAllocateNothing()
    {
        final ApicWindow window = machine(true);
        final Vtd vtd = new Vtd(0, RequesterId.pci(0, 0, 0x1f, 7), bus);
        vtd.connect(apicBus);
        window.setRemapper(vtd);
        bus.mapMmio("dmar", REGS, 0x1000, vtd, AccessRule.DWORD_QWORD);
        final long[] requester = new long[64];
        final long[] address = new long[64];
        for (int i = 0; i < requester.length; i++)
        {
            requester[i] = RequesterId.pci(0, 1, i >>> 3, i & 7);
            final Irte e = Irte.remapped(i % apics.length, 0x40 + i, false, RequesterId.sourceId(requester[i]), 0);
            bus.memory().write64(Irte.at(IRT, i), e.low());
            bus.memory().write64(Irte.at(IRT, i) + 8, e.high());
            address[i] = MsiMessage.remappableAddress(i, false);
        }
        bus.write(REGS + VtdRegister.IRTA.offset(), 8,
            IRT | VtdRegister.IRTA_EIME.mask() | VtdRegister.IRTA_S.encode(5)); // 64 entries, x2APIC destinations
        bus.write(REGS + VtdRegister.GCMD.offset(), 4, VtdRegister.GCMD_SIRTP);
        bus.write(REGS + VtdRegister.GCMD.offset(), 4, VtdRegister.GCMD_IRE);
        final int[] next = new int[1];
        final long[] taken = new long[1];
        final Runnable body = () -> {
            final int i = next[0];
            next[0] = i + 1 == requester.length ? 0 : i + 1;
            bus.signalMessage(requester[i], address[i], 0);
            final LocalApic target = apics[i % apics.length];
            taken[0] += target.acknowledge();
            target.writeMsr(ApicRegister.EOI.msr(), 0);
        };
        assertThat(Allocations.allocatedBy(body)).isLessThan(1024);
        assertThat(vtd.faults()).isZero();
        assertThat(vtd.remapped()).isEqualTo(220_000);
        assertThat(taken[0]).isPositive();
    }

    @Test
    void anIoApicLevelPinItsEoiBroadcastAndAnIpiAllocateNothing()
    {
        machine(false);
        final IoApic ioapic = new IoApic(0, 24, RequesterId.pci(0, 0xf0, 0x1f, 0), bus);
        apicBus.onEoi(ioapic::eoi);
        bus.mapMmio("ioapic", IOAPIC, 0x1000, ioapic, AccessRule.DWORD);
        final IrqLine line = new IrqLine("gsi5", 5, engine.trace());
        ioapic.connect(line, 5);
        final long rte = RedirectionEntry.compatibility(2, false, Delivery.FIXED, 0x51, false, true, false);
        bus.write(IOAPIC + IoApicRegister.IOREGSEL.address(), 4, IoApicRegister.redirectionHigh(5));
        bus.write(IOAPIC + IoApicRegister.IOWIN.address(), 4, rte >>> 32);
        bus.write(IOAPIC + IoApicRegister.IOREGSEL.address(), 4, IoApicRegister.redirectionLow(5));
        bus.write(IOAPIC + IoApicRegister.IOWIN.address(), 4, rte & 0xffff_ffffL);
        final long ipi = Icr.command(Icr.NO_SHORTHAND, false, Delivery.FIXED, 0x61, false, true);
        apics[0].write(ApicRegister.ICR_HIGH.offset(), (int) (Icr.XAPIC_DESTINATION.encode(3) >>> 32));
        final long[] taken = new long[1];
        final Runnable body = () -> {
            line.raise();
            taken[0] += apics[2].acknowledge();
            line.lower();
            apics[2].write(ApicRegister.EOI.offset(), 0); // broadcast: the pin leaves service
            apics[0].write(ApicRegister.ICR.offset(), (int) ipi);
            taken[0] += apics[3].acknowledge();
            apics[3].write(ApicRegister.EOI.offset(), 0);
        };
        assertThat(Allocations.allocatedBy(body)).isLessThan(1024);
        assertThat(ioapic.messages()).isEqualTo(220_000);
        assertThat(taken[0]).isEqualTo(220_000L * (0x51 + 0x61));
    }
}
