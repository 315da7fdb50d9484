// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bus;

/**
 * The translation stage on the DMA path: where an IOMMU (VT-d, SMMUv3) sits between devices and the
 * physical address space. It sees every DMA access with its requester and either returns the physical
 * address to use or blocks the access, recording the fault in its own architected way (fault record,
 * event queue entry).
 *
 * <p>Message-signalled interrupts are DMA writes too and pass here first: an x86 IOMMU leaves the
 * interrupt range {@code 0xFEEx_xxxx} untranslated for its remapping unit, while an SMMU translates the
 * doorbell address like any other.
 */
@FunctionalInterface
public interface DmaTranslation
{
    /** The return value of a blocked access. */
    long FAULT = -1L;

    /** No IOMMU: device addresses are physical addresses. */
    DmaTranslation IDENTITY = (requester, address, size, write) -> address;

    /**
     * Translates one access that does not cross a 4 KiB boundary of {@code address}.
     *
     * @param requester the requester ID ({@link RequesterId})
     * @param address the device-visible (I/O virtual) address
     * @param size the access length in bytes, 1 to 4096
     * @param write whether the access writes
     * @return the physical address, or {@link #FAULT}
     */
    long translate(long requester, long address, int size, boolean write);
}
