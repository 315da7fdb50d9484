// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.bus.DmaTranslation;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Perm;
import org.novaemu.kernel.SpaceMem;
import org.novaemu.kernel.Status;
import org.novaemu.x86.X86Machine;
import org.novaemu.x86.vtd.Vtd;

/**
 * A DMA space is its own VT-d second-level page table: ctrl_pd into it writes the tables, assign_dev points
 * the device's context entry at them, and the IOMMU then translates exactly what the space maps, at every
 * page size; a revoked page is gone when the hypercall returns.
 */
class DmaSpaceTest
{
    private static final long NOVA_HST = 30;
    private static final long DMA = 31;
    private static final long DC = 32;
    private static final long DEV = 0x0100; // 01:00.0

    @Test
    void theIommuWalksTheSpaceTheKernelKeeps()
    {
        final X86Machine m = X86Machine.builder().build();
        final Kernel kernel = m.kernel();
        final Ec root = kernel.rootEc();
        call(kernel, root, u -> Calls.ctrlPd(u, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_HST, 0, NOVA_HST,
            0x3f, 0));
        call(kernel, root, u -> Calls.createPd(u, DMA, Kind.DMA.op(), Kernel.ROOT_PD));
        call(kernel, root, u -> Calls.createDc(u, DC, Kernel.ROOT_PD, DEV, X86Machine.VTD_BASE, 0));
        final SpaceMem space = (SpaceMem) kernel.root().obj().object(DMA);
        assertThat(space.tableRoot()).isPositive();
        assertThat(space.levels()).isEqualTo(4);
        // 4 KiB read-only, a 2 MiB page read-write, and a 1 GiB page.
        delegate(kernel, root, 0x80123, 0, 0x400, Perm.MEM_R);
        delegate(kernel, root, 0x90000, 9, 0x600, Perm.MEM_R | Perm.MEM_W);
        delegate(kernel, root, 0x4000_0, 18, 0x8000_0, Perm.MEM_R | Perm.MEM_W);
        final Vtd vtd = m.vtd();
        assertThat(vtd.translate(DEV, 0x40_0123L, 8, false)).isEqualTo(DmaTranslation.FAULT); // not assigned yet
        call(kernel, root, u -> Calls.assignDev(u, DC, DMA));

        for (final long iova : new long[] {0x40_0123L, 0x60_0000L, 0x7f_fff8L, 0x8000_0000L, 0xbfff_fff0L})
        {
            final long e = space.lookup(iova >>> 12);
            assertThat(vtd.translate(DEV, iova, 8, false)).as("iova %x", iova)
                .isEqualTo(SpaceMem.frame(e) << 12 | iova & 0xfff);
        }
        assertThat(vtd.translate(DEV, 0x40_0000L, 4, true)).isEqualTo(DmaTranslation.FAULT); // read-only
        assertThat(vtd.translate(DEV, 0x50_0000L, 4, false)).isEqualTo(DmaTranslation.FAULT); // unmapped
        // Revocation: the kernel invalidates the IOTLB with the hypercall, so the device loses the page at once.
        assertThat(vtd.translate(DEV, 0x60_0000L, 4, false)).isEqualTo(0x9000_0000L);
        delegate(kernel, root, 0x00000, 9, 0x600, 0); // overwrite with nothing
        assertThat(vtd.translate(DEV, 0x60_0000L, 4, false)).isEqualTo(DmaTranslation.FAULT);

        // Reassigned to another space after the unit cached the first one's entry and translations: the
        // kernel invalidates the old domain, so the device sees the new space at once.
        assertThat(vtd.translate(DEV, 0x40_0123L, 8, false)).isEqualTo(0x8012_3123L);
        call(kernel, root, u -> Calls.createPd(u, DMA + 10, Kind.DMA.op(), Kernel.ROOT_PD));
        call(kernel, root, u -> Calls.ctrlPd(u, NOVA_HST, DMA + 10, 0x80777, 0, 0x400, Perm.MEM_R, 0));
        call(kernel, root, u -> Calls.assignDev(u, DC, DMA + 10));
        assertThat(vtd.translate(DEV, 0x40_0123L, 8, false)).isEqualTo(0x8077_7123L);
        assertThat(vtd.translate(DEV, 0x8000_0000L, 8, false)).isEqualTo(DmaTranslation.FAULT); // not in the new one
    }

    private static void call(final Kernel kernel, final Ec root, final java.util.function.Consumer<Ec> setup)
    {
        setup.accept(root);
        assertThat(kernel.hypercall(root)).isEqualTo(Status.SUCCESS); // Root.ok without a machine at hand
    }

    private static void delegate(final Kernel kernel, final Ec root, final long frame, final int ord, final long page,
                                 final int perms)
    {
        call(kernel, root, u -> Calls.ctrlPd(u, NOVA_HST, DMA, frame, ord, page, perms, 0));
    }
}
