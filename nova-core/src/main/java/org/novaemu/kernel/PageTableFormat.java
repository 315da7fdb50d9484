// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * How a platform's translation hardware lays out a page-table entry (VT-d second-level, SMMU stage 2,
 * ...). A memory space given a format writes each of its tables into its frame of kernel memory in that
 * format as it changes, so the hardware can walk the space directly, as NOVA's spaces are page tables.
 * Tables have 512 entries of 8 bytes; level 0 maps 4 KiB pages.
 */
public interface PageTableFormat
{
    /**
     * @param frame the physical page number
     * @param perms R W XU XS (bits 3:0)
     * @param attributes the memory attributes
     * @param level the level: 0 for a 4 KiB page, 1 for 2 MiB, 2 for 1 GiB
     * @return the hardware entry that maps the page
     */
    long leaf(long frame, int perms, long attributes, int level);

    /**
     * @param table the physical address of the next-level table
     * @return the hardware entry that points at it
     */
    long table(long table);
}
