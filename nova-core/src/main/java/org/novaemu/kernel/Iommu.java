// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * DMA translation (NOVA's {@code Smmu}: VT-d on x86, the SMMU on Arm): it attaches devices to DMA spaces,
 * walks those spaces as page tables and caches what it walked. Without one there are no DMA spaces and
 * every DTD names no unit ({@link #NONE}: BAD_DEV).
 */
public interface Iommu
{
    /** No IOMMU: SBW_DMA is 0, DMA spaces are BAD_FTR, assign_dev is BAD_DEV. */
    Iommu NONE = new Iommu()
    {
        @Override
        public int selectorBits()
        {
            return 0;
        }

        @Override
        public Status assignDev(final Dc dc, final SpaceMem dma)
        {
            return Status.BAD_DEV;
        }

        @Override
        public PageTableFormat pageTableFormat()
        {
            return null;
        }

        @Override
        public void spaceChanged(final SpaceMem space)
        {
            // no IOMMU caches anything
        }
    };

    /** @return SBW_DMA: DMA-space selector bits (device-virtual page numbers) */
    int selectorBits();

    /**
     * The hardware half of assign_dev: attach the device the DC names to a DMA space through the unit its
     * DTD names.
     *
     * @param dc the device context
     * @param dma the DMA space
     * @return the status: BAD_DEV if the DTD names no unit of this machine
     */
    Status assignDev(Dc dc, SpaceMem dma);

    /**
     * @return the page-table format the IOMMU walks DMA spaces in (the kernel then keeps each DMA space as
     *         real tables in kernel memory), or null if the model keeps them only for itself
     */
    PageTableFormat pageTableFormat();

    /**
     * A DMA space has changed: the kernel invalidates what the IOMMU may have cached of it, as NOVA does
     * after every update of a DMA space; user drivers cannot.
     *
     * @param space the space
     */
    void spaceChanged(SpaceMem space);
}
