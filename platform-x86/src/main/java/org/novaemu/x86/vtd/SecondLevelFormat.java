// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.vtd;

import org.novaemu.kernel.PageTableFormat;
import org.novaemu.kernel.Perm;
import org.novaemu.util.BitField;

/**
 * VT-d second-level page-table entries (VT-d 9.8): R bit 0, W bit 1, the page or table address in
 * [51:12], and PS (bit 7) for 2 MiB and 1 GiB pages. NOVA's DMA spaces are written in this format, so a
 * context entry can point the IOMMU straight at a space, and the unit's walk ({@code VtdTranslation}) reads
 * them with the same fields.
 */
public final class SecondLevelFormat implements PageTableFormat
{
    /** The one instance. */
    public static final SecondLevelFormat INSTANCE = new SecondLevelFormat();

    /** Read access. */
    public static final BitField READ = BitField.bit("R", 0);
    /** Write access. */
    public static final BitField WRITE = BitField.bit("W", 1);
    /** Page size: the entry maps a 2 MiB (level 2) or 1 GiB (level 3) page. */
    public static final BitField PAGE_SIZE = BitField.bit("PS", 7);
    /** The next table's or the page's address (bits 51:12). */
    public static final BitField ADDRESS = new BitField("ADDR", 12, 40);

    private SecondLevelFormat()
    {
    }

    @Override
    public long leaf(final long frame, final int perms, final long attributes, final int level)
    {
        final long rw = ((perms & Perm.MEM_R) != 0 ? READ.mask() : 0) | ((perms & Perm.MEM_W) != 0 ? WRITE.mask() : 0);
        return frame << 12 | rw | (level > 0 ? PAGE_SIZE.mask() : 0);
    }

    @Override
    public long table(final long table)
    {
        return table | READ.mask() | WRITE.mask(); // read and write below; the leaves decide
    }
}
