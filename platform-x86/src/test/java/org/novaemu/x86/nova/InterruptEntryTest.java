// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.novaemu.bus.AccessRule;
import org.novaemu.bus.Bus;
import org.novaemu.bus.RequesterId;
import org.novaemu.kernel.Abi;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Costs;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Platform;
import org.novaemu.kernel.Program;
import org.novaemu.kernel.Sm;
import org.novaemu.kernel.Status;
import org.novaemu.kernel.User;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.sim.Engine;
import org.novaemu.x86.apic.ApicBus;
import org.novaemu.x86.apic.ApicWindow;
import org.novaemu.x86.apic.CpuPins;
import org.novaemu.x86.apic.Delivery;
import org.novaemu.x86.apic.LocalApic;
import org.novaemu.x86.apic.MsiAddress;
import org.novaemu.x86.vtd.Vtd;

/**
 * The first whole x86 path: a device's MSI reaches a local APIC through the APIC window, the APIC wakes its
 * halted CPU, the kernel's interrupt entry takes the vector and ups the semaphore in its slot, and the
 * driver waiting in ctrl_sm down runs.
 */
class InterruptEntryTest
{
    private static final long SM = 10;
    private static final int SLOT = 5;

    /** Just enough x86 platform for the interrupt path. */
    record Minimal(int cpus, InterruptTable table, Kernel[] kernel, Vtd[] iommu) implements Platform
    {
        @Override
        public Abi abi()
        {
            return Abi.X86_64;
        }

        @Override
        public boolean supports(final Kind space)
        {
            return space == Kind.OBJ || space == Kind.HST || space == Kind.PIO || space == Kind.DMA;
        }

        @Override
        public int hostSelectorBits()
        {
            return 35;
        }

        @Override
        public int hostArchEvents()
        {
            return 32;
        }

        @Override
        public int classesOfService()
        {
            return 0;
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

        @Override
        public boolean validIsd(final long isd)
        {
            return (isd & 0xffff) < 256;
        }

        @Override
        public long memoryAttributes(final long mad)
        {
            return mad & 0x3ffff;
        }

        @Override
        public long kernelPageAttributes()
        {
            return 0;
        }

        @Override
        public int faultEvent(final int access)
        {
            return 14;
        }

        @Override
        public long faultSyndrome(final int access, final boolean present)
        {
            return ArchState.pageFaultErrorCode(access == User.WRITE, access == User.FETCH, present);
        }

        @Override
        public org.novaemu.kernel.PageTableFormat pageTableFormat(final Kind kind)
        {
            return kind == Kind.DMA ? org.novaemu.x86.vtd.SecondLevelFormat.INSTANCE : null;
        }

        /** The kernel invalidates the IOMMU's IOTLB after a DMA space changed, through its registers. */
        @Override
        public void memorySpaceChanged(final org.novaemu.kernel.SpaceMem space)
        {
            if (iommu[0] != null)
            {
                iommu[0].write(Vtd.IVA + 8, 8, 1L << 63 | 1L << 60, RequesterId.CPU);
            }
        }

        @Override
        public void handleInterrupts(final int cpu)
        {
            table.handle(kernel[0], cpu);
        }
    }

    @Test
    void aDeviceMsiWakesTheDriverThroughTheLocalApicAndTheKernel()
    {
        final Engine engine = Engine.builder().build();
        final Bus bus = new Bus(new PhysicalMemory(), engine.trace());
        bus.mapRam("ram", 0, 0x8000_0000L);
        final ApicBus apicBus = new ApicBus();
        final Kernel[] kernel = new Kernel[1];
        final LocalApic[] apics = new LocalApic[2];
        for (int i = 0; i < 2; i++)
        {
            final int cpu = i;
            apics[i] = new LocalApic(i, i == 0, engine, apicBus, new CpuPins()
            {
                @Override
                public void interruptPending()
                {
                    kernel[0].interruptPending(cpu);
                }
            });
            apics[i].write(0xf0, LocalApic.SVR_ENABLE | LocalApic.SVR_SUPPRESS_EOI_BROADCAST | 0xff);
        }
        bus.mapMmio("apic", MsiAddress.BASE, MsiAddress.SIZE, new ApicWindow(engine, apics, apicBus),
            AccessRule.DWORD);
        final InterruptTable table = new InterruptTable(apics);
        kernel[0] = new Kernel(new Minimal(2, table, kernel, new Vtd[1]), engine, Costs.X86_64, bus);
        final List<String> log = new ArrayList<>();
        kernel[0].start(u -> {
            if (u.ip() == 0)
            {
                u.setParam(0, org.novaemu.kernel.Hypercall.CREATE_SM.encode(1, SM));
                u.setParam(1, Kernel.ROOT_PD);
                u.setParam(2, 40); // GSI 40
                u.setIp(1);
                return Program.HYPERCALL;
            }
            if (u.ip() == 2)
            {
                log.add("woke at " + u.stc() + " " + Calls.status(u));
            }
            Calls.down(u, SM, false, 0);
            u.setIp(2);
            return Program.HYPERCALL;
        });
        engine.runUntil(10_000);
        final Sm sm = (Sm) kernel[0].root().obj().object(SM);
        assertThat(table.assign(true, sm, 0, SLOT)).isEqualTo(Status.SUCCESS);
        assertThat(table.assign(true, sm, 0, InterruptTable.SLOTS)).isEqualTo(Status.BAD_PAR);
        assertThat(kernel[0].simCpu(0).isBlocked()).isTrue();

        final long device = RequesterId.pci(0, 1, 0, 0);
        engine.post(50_000, arg -> bus.signalMessage(device, MsiAddress.compatible(0, false),
            MsiAddress.data(InterruptTable.VEC_GSI + SLOT, Delivery.FIXED, false)), 0);
        engine.runUntil(100_000);
        assertThat(log).hasSize(1);
        final long woke = Long.parseLong(log.get(0).split(" ")[2]);
        assertThat(woke).isBetween(50_000L + Costs.X86_64.hypercall(), 54_000L);
        assertThat(log.get(0)).endsWith("SUCCESS");
        assertThat(table.taken()).isEqualTo(1);
        assertThat(apics[0].inService(InterruptTable.VEC_GSI + SLOT)).isFalse(); // EOI done at entry
        // A vector with no semaphore in its slot is acknowledged, ended and counted.
        engine.post(200_000, arg -> bus.signalMessage(device, MsiAddress.compatible(0, false),
            MsiAddress.data(InterruptTable.VEC_GSI + SLOT + 1, Delivery.FIXED, false)), 0);
        engine.runUntil(300_000);
        assertThat(table.spurious()).isEqualTo(1);
        assertThat(log).hasSize(1);
        assertThat(table.assign(false, sm, 0, SLOT + 1)).isEqualTo(Status.ABORTED);
        assertThat(table.assign(false, sm, 0, SLOT)).isEqualTo(Status.SUCCESS);
    }
}
