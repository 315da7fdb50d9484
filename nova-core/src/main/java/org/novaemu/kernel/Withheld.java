// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * The physical page ranges the NOVA host space withholds as null capabilities (specification 6.1.3.2, "CAP_0
 * for memory protected by the NOVA microhypervisor"; docs/decisions.md K20): the kernel's own memory and
 * the ranges its platform names (the registers and tables of the hardware it drives). Sorted and disjoint,
 * so a lookup is a binary search over the few ranges.
 */
final class Withheld
{
    /** Pairs of page numbers (first, end), end exclusive, sorted by first. */
    private final long[] pairs;

    private Withheld(final long[] pairs)
    {
        this.pairs = pairs;
    }

    /**
     * @param firstPage the first page of the kernel's memory
     * @param endPage the page after it
     * @param extra the platform's ranges as pairs of base and size in bytes ({@link Layout#protectedMemory})
     * @return the ranges, sorted
     * @throws IllegalArgumentException naming {@code platform.layout().protectedMemory()} if a range is not
     *         4 KiB aligned, is empty, or overlaps another or the kernel's memory
     */
    static Withheld of(final long firstPage, final long endPage, final long[] extra)
    {
        final long[] pairs = new long[2 + extra.length];
        pairs[0] = firstPage;
        pairs[1] = endPage;
        for (int i = 0; i < extra.length; i += 2)
        {
            if (((extra[i] | extra[i + 1]) & 0xfff) != 0 || extra[i + 1] <= 0)
            {
                throw new IllegalArgumentException("platform.layout().protectedMemory() range " + i / 2
                    + " must be 4 KiB aligned and not empty");
            }
            pairs[2 + i] = extra[i] >>> 12;
            pairs[3 + i] = (extra[i] + extra[i + 1]) >>> 12;
        }
        // Sort the ranges by start (few of them) and reject overlaps, which the walk cannot represent.
        for (int i = 2; i < pairs.length; i += 2)
        {
            for (int j = i; j > 0 && pairs[j - 2] > pairs[j]; j -= 2)
            {
                final long a = pairs[j];
                final long b = pairs[j + 1];
                pairs[j] = pairs[j - 2];
                pairs[j + 1] = pairs[j - 1];
                pairs[j - 2] = a;
                pairs[j - 1] = b;
            }
        }
        for (int i = 2; i < pairs.length; i += 2)
        {
            if (pairs[i] < pairs[i - 1])
            {
                throw new IllegalArgumentException(
                    "platform.layout().protectedMemory() overlaps the kernel memory or itself");
            }
        }
        return new Withheld(pairs);
    }

    /** @return the index of the last range that starts at or below {@code page}, or -1 */
    private int floor(final long page)
    {
        int a = 0;
        int b = pairs.length / 2 - 1;
        while (a <= b)
        {
            final int m = (a + b) >>> 1;
            if (pairs[2 * m] <= page)
            {
                a = m + 1;
            }
            else
            {
                b = m - 1;
            }
        }
        return b;
    }

    /**
     * @param page a page number
     * @return whether it is withheld
     */
    boolean contains(final long page)
    {
        final int r = floor(page);
        return r >= 0 && page < pairs[2 * r + 1];
    }

    /**
     * @param page a page number below 2^bits
     * @param bits the space's selector bits
     * @return the order of the largest aligned block that holds {@code page} and is all withheld or all not
     */
    int blockOrder(final long page, final int bits)
    {
        long lo = 0;
        long hi = 1L << bits;
        final int r = floor(page);
        final boolean inside = r >= 0 && page < pairs[2 * r + 1];
        if (r >= 0)
        {
            lo = inside ? pairs[2 * r] : pairs[2 * r + 1];
            hi = inside ? pairs[2 * r + 1] : hi;
        }
        if (!inside && r + 1 < pairs.length / 2)
        {
            hi = pairs[2 * (r + 1)];
        }
        int order = bits;
        long base = page >>> order << order;
        while (base < lo || base + (1L << order) > hi)
        {
            order--;
            base = page >>> order << order;
        }
        return order;
    }
}
