// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import org.novaemu.mem.PhysicalMemory;

/**
 * NOVA's root loader (its {@code Ec::create_root}): reads the ELF executable the boot loader placed as boot
 * module 0 from physical memory and maps each loadable segment, with the segment's permissions and nothing
 * more, into the root host space at its link address. What the image does not cover (the null page, the
 * headers) stays unmapped, so the root's stray loads and its stores into code fault.
 *
 * <p>The checks are NOVA's: a 64-bit little-endian executable of version 1 for the architecture; program
 * headers that are not PT_LOAD, hold no file contents or grant nothing are skipped; a segment with a
 * zero-fill part (memory size other than file size) or whose virtual address is not congruent to its file
 * position modulo the page size ends the loading, and the root does not start (the segments mapped before
 * it stay). Decision K41 adds the bounds NOVA's loader leaves to the image's trustworthiness: program headers
 * or a segment reaching beyond the module's 1 GiB, or a segment reaching into the root's UTCB and HIP pages,
 * end the loading too, and so does kernel memory running out for the tables (where NOVA goes on without the
 * block), so that no image can make the kernel fail.
 */
final class RootLoader
{
    private static final long PAGE = PhysicalMemory.PAGE_SIZE;
    private static final int MAX_ORDER = 30 - 12;

    private final PhysicalMemory memory;
    private final SpaceMem hst;
    private final long attributes;
    private final long virtualLimit;

    /** The lowest physical address a loaded segment maps: all ones before the first, as NOVA's root_s. */
    private long start = -1;
    private long entry;
    /** The end of the highest physical page a loaded segment maps. */
    private long end;

    /**
     * @param memory physical memory, which holds the image
     * @param hst the root host space
     * @param attributes the memory attributes of RAM
     * @param virtualLimit the first virtual address the image must not reach (the root UTCB's)
     */
    RootLoader(final PhysicalMemory memory, final SpaceMem hst, final long attributes, final long virtualLimit)
    {
        this.memory = memory;
        this.hst = hst;
        this.attributes = attributes;
        this.virtualLimit = virtualLimit;
    }

    /** {@link #load}: the segments are mapped. */
    static final int LOADED = 0;
    /** {@link #load}: not an executable for the architecture, or a segment NOVA's loader refuses. */
    static final int INVALID = 1;
    /** {@link #load}: kernel memory ran out for the root host space's tables. */
    static final int OUT_OF_MEMORY = 2;

    /**
     * Loads the image at {@code ra}.
     *
     * @param ra the image's physical address, 1 GiB aligned
     * @param machine the ELF machine the kernel accepts
     * @return {@link #LOADED}, {@link #INVALID} or {@link #OUT_OF_MEMORY}; the segments mapped before a
     *         failure stay mapped, as in NOVA
     */
    int load(final long ra, final int machine)
    {
        if (memory.read32(ra) != 0x464c457f || memory.read8(ra + 4) != 2 || memory.read8(ra + 5) != 1
            || memory.read8(ra + 6) != 1 || memory.read16(ra + 16) != 2 || memory.read16(ra + 18) != machine)
        {
            return INVALID;
        }
        entry = memory.read64(ra + 24);
        final long phoff = memory.read64(ra + 32);
        final int count = memory.read16(ra + 56);
        // K41: the program headers lie in the module, as the segments do.
        if (Long.compareUnsigned(phoff, RootImage.MAX_SIZE - (long) count * RootImage.PHDR_SIZE) > 0)
        {
            return INVALID;
        }
        for (int i = 0; i < count; i++)
        {
            final int r = segment(ra, ra + phoff + (long) i * RootImage.PHDR_SIZE);
            if (r != LOADED)
            {
                return r;
            }
        }
        return LOADED;
    }

    /** @return the ELF entry point of the image {@link #load} read */
    long entry()
    {
        return entry;
    }

    /** @return {@link #LOADED}, or why the program header at {@code ph} ends the loading */
    private int segment(final long ra, final long ph)
    {
        final int flags = memory.read32(ph + 4);
        final long offset = memory.read64(ph + 8);
        final long vaddr = memory.read64(ph + 16);
        final long fileSize = memory.read64(ph + 32);
        if (memory.read32(ph) != 1 || fileSize == 0 || flags == 0)
        {
            return LOADED; // skipped
        }
        if (fileSize != memory.read64(ph + 40) || (vaddr & PAGE - 1) != (offset & PAGE - 1))
        {
            return INVALID;
        }
        // K41: the file ends with the module, and the image stays below the root's UTCB and HIP.
        if (Long.compareUnsigned(offset, RootImage.MAX_SIZE) >= 0
            || Long.compareUnsigned(fileSize, RootImage.MAX_SIZE - offset) > 0
            || Long.compareUnsigned(vaddr, virtualLimit) >= 0
            || Long.compareUnsigned(fileSize, virtualLimit - vaddr) > 0)
        {
            return INVALID;
        }
        final int perms = ((flags & RootImage.PF_R) != 0 ? Perm.MEM_R : 0)
            | ((flags & RootImage.PF_W) != 0 ? Perm.MEM_W : 0)
            | ((flags & RootImage.PF_X) != 0 ? Perm.MEM_XU : 0);
        long phys = ra + offset & -PAGE;
        long virt = vaddr & -PAGE;
        long size = (vaddr + fileSize + PAGE - 1 & -PAGE) - virt;
        start = Long.compareUnsigned(phys, start) < 0 ? phys : start;
        end = Math.max(end, phys + size);
        while (size > 0)
        {
            final int ord = Math.min(maxOrder(phys, size), maxOrder(virt, size));
            if (!hst.update(virt >>> 12, ord, SpaceMem.entry(phys >>> 12, perms, attributes, false)))
            {
                return OUT_OF_MEMORY; // K41: refused, where NOVA would go on without the block
            }
            final long step = PAGE << ord;
            size -= step;
            phys += step;
            virt += step;
        }
        return LOADED;
    }

    /** @return the largest page order, up to 1 GiB, at which {@code address} is aligned and that fits {@code size} */
    private static int maxOrder(final long address, final long size)
    {
        final int aligned = Long.numberOfTrailingZeros(address | 1L << 62) - 12;
        final int fits = 63 - Long.numberOfLeadingZeros(size) - 12;
        return Math.min(MAX_ORDER, Math.min(aligned, fits));
    }

    /** @return the lowest physical address of the loaded segments, all ones if none was (NOVA's root_s) */
    long start()
    {
        return start;
    }

    /** @return the end of the loaded segments' physical pages, or 0 if none was */
    long end()
    {
        return end;
    }
}
