// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.bus.AccessRule;
import org.novaemu.bus.Bus;
import org.novaemu.bus.DmaTranslation;
import org.novaemu.bus.RequesterId;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Costs;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Perm;
import org.novaemu.kernel.SpaceMem;
import org.novaemu.kernel.Status;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.sim.Engine;
import org.novaemu.x86.vtd.Vtd;

/**
 * A DMA space is its own VT-d second-level page table: ctrl_pd into it writes the tables, and an IOMMU
 * whose context entry points at the space translates exactly what the space maps, at every page size.
 */
class DmaSpaceTest
{
    private static final long NOVA_HST = 30;
    private static final long DMA = 31;
    private static final long REGS = 0xfed9_0000L;
    private static final long ROOT_TABLE = 0x7000_0000L;
    private static final long CONTEXT_TABLE = 0x7000_1000L;
    private static final long DEV = RequesterId.pci(0, 1, 0, 0);

    @Test
    void theIommuWalksTheSpaceTheKernelKeeps()
    {
        final Engine engine = Engine.builder().build();
        final Bus bus = new Bus(new PhysicalMemory(), engine.trace());
        bus.mapRam("ram", 0, 0xfe00_0000L);
        final Kernel[] kernel = new Kernel[1];
        final Vtd[] iommu = new Vtd[1];
        kernel[0] = new Kernel(new InterruptEntryTest.Minimal(1, new InterruptTable(
            new org.novaemu.x86.apic.LocalApic[0]), kernel, iommu), engine, Costs.X86_64, bus);
        final Ec root = kernel[0].rootEc();
        Calls.ctrlPd(root, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_HST, 0, NOVA_HST, 0x3f, 0);
        assertThat(kernel[0].hypercall(root)).isEqualTo(Status.SUCCESS);
        Calls.createPd(root, DMA, Kind.DMA.op(), Kernel.ROOT_PD);
        assertThat(kernel[0].hypercall(root)).isEqualTo(Status.SUCCESS);
        final SpaceMem space = (SpaceMem) kernel[0].root().obj().object(DMA);
        assertThat(space.tableRoot()).isPositive();
        assertThat(space.levels()).isEqualTo(4);
        // 4 KiB read-only, a 2 MiB page read-write, and a 1 GiB page.
        delegate(kernel[0], root, 0x80123, 0, 0x400, Perm.MEM_R);
        delegate(kernel[0], root, 0x90000, 9, 0x600, Perm.MEM_R | Perm.MEM_W);
        delegate(kernel[0], root, 0x4000_0, 18, 0x8000_0, Perm.MEM_R | Perm.MEM_W);

        final Vtd vtd = new Vtd(0, RequesterId.pci(0, 0, 0, 7), bus);
        iommu[0] = vtd;
        bus.mapMmio("dmar", REGS, 0x1000, vtd, AccessRule.DWORD_QWORD);
        bus.memory().write64(ROOT_TABLE + 16, CONTEXT_TABLE | 1);
        bus.memory().write64(CONTEXT_TABLE, space.tableRoot() | 1);
        bus.memory().write64(CONTEXT_TABLE + 8, 1 << 8 | 2); // DID 1, 48-bit: the space's four levels
        bus.write(REGS + 0x20, 8, ROOT_TABLE);
        bus.write(REGS + 0x18, 4, Vtd.SRTP);
        bus.write(REGS + 0x18, 4, Vtd.TE);

        for (final long iova : new long[] {0x40_0123L, 0x60_0000L, 0x7f_fff8L, 0x8000_0000L, 0xbfff_fff0L})
        {
            final long e = space.lookup(iova >>> 12);
            assertThat(vtd.translate(DEV, iova, 8, false)).as("iova %x", iova)
                .isEqualTo(SpaceMem.frame(e) << 12 | iova & 0xfff);
        }
        assertThat(vtd.translate(DEV, 0x40_0000L, 4, true)).isEqualTo(DmaTranslation.FAULT); // read-only
        assertThat(vtd.translate(DEV, 0x50_0000L, 4, false)).isEqualTo(DmaTranslation.FAULT); // unmapped
        // Revocation takes the mapping out of the tables, and the kernel invalidates the IOTLB at once:
        // the device loses the page with the hypercall, not whenever a driver thinks of it.
        Calls.ctrlPd(root, DMA, DMA, 0x600, 9, 0x600, 0, 0);
        assertThat(kernel[0].hypercall(root)).isEqualTo(Status.BAD_CAP); // DMA spaces have no TAKE
        assertThat(vtd.translate(DEV, 0x60_0000L, 4, false)).isEqualTo(0x9000_0000L); // cached, still mapped
        delegate(kernel[0], root, 0x00000, 9, 0x600, 0);               // overwrite with nothing
        assertThat(vtd.translate(DEV, 0x60_0000L, 4, false)).isEqualTo(DmaTranslation.FAULT);
    }

    private static void delegate(final Kernel kernel, final Ec root, final long frame, final int ord, final long page,
                                 final int perms)
    {
        Calls.ctrlPd(root, NOVA_HST, DMA, frame, ord, page, perms, 0);
        assertThat(kernel.hypercall(root)).isEqualTo(Status.SUCCESS);
    }
}
