// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * The physical memory the kernel reserves for itself, handed out a 4 KiB frame at a time: the HIP and the
 * UTCBs live here. The NOVA host space withholds it, so no PD can map it except as the kernel maps it.
 * Freed frames are reused last-freed first, which keeps allocation deterministic.
 */
final class KernelMemory
{
    private static final int PAGE_SHIFT = 12;

    private final long base;
    private final long frames;
    private long bump;
    private long[] free = new long[16];
    private int freeCount;

    /**
     * @param base the first physical address, 4 KiB aligned
     * @param size the size in bytes, a multiple of 4 KiB
     */
    KernelMemory(final long base, final long size)
    {
        if ((base | size) % 4096 != 0 || base < 0 || size <= 0)
        {
            throw new IllegalArgumentException("kernel memory must be 4 KiB aligned and not empty, was base 0x"
                + Long.toHexString(base) + " size 0x" + Long.toHexString(size));
        }
        this.base = base;
        this.frames = size >>> PAGE_SHIFT;
    }

    /** @return the first page number */
    long firstPage()
    {
        return base >>> PAGE_SHIFT;
    }

    /** @return the page number after the last */
    long endPage()
    {
        return (base >>> PAGE_SHIFT) + frames;
    }

    /** @return the physical address of a free frame, or -1 if there is none (MEM_OBJ) */
    long allocate()
    {
        if (freeCount > 0)
        {
            return free[--freeCount];
        }
        return bump < frames ? base + (bump++ << PAGE_SHIFT) : -1;
    }

    /**
     * @param address a frame that {@link #allocate} returned and that is no longer used
     */
    void free(final long address)
    {
        if (freeCount == free.length)
        {
            free = java.util.Arrays.copyOf(free, 2 * free.length);
        }
        free[freeCount++] = address;
    }

    /** @return the number of frames that can still be allocated */
    long available()
    {
        return frames - bump + freeCount;
    }
}
