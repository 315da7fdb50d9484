// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * The CPUs and the physical and virtual memory the kernel works with: what NOVA's memory layout and its
 * host space ({@code Space_hst}) fix per architecture.
 */
public interface Layout
{
    /** @return the number of CPUs (the HIP's CPU_MAX + 1) */
    int cpus();

    /** @return SBW_HST: host-space selector (page number) bits; user HVAs lie below 2^(SBW_HST + 12) */
    int hostSelectorBits();

    /**
     * @return the physical address of the memory the kernel reserves for the HIP, UTCBs and its tables, 4 KiB aligned
     */
    long kernelMemoryBase();

    /**
     * @return the size of that memory in bytes, a multiple of 4 KiB; it bounds the number of host ECs (one UTCB each)
     */
    long kernelMemorySize();

    /**
     * @return further physical ranges the kernel keeps to itself (the registers of the interrupt controllers
     *         and IOMMUs it drives, its IOMMU tables), as pairs of base and size in bytes, 4 KiB aligned; the
     *         NOVA host space gives null capabilities for them
     */
    long[] protectedMemory();

    /**
     * @return where programs (the code of boot modules) are placed in physical memory: module n occupies the
     *         1 GiB from {@code moduleBase() + n * 2^30}; 1 GiB aligned, outside the RAM the kernel uses
     */
    long moduleBase();

    /** @return what the boot loader handed over ({@link BootInfo#NONE} for nothing) */
    BootInfo bootInfo();
}
