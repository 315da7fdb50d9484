// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.vtd;

import org.novaemu.kernel.PageTableFormat;
import org.novaemu.kernel.Perm;

/**
 * VT-d second-level page-table entries (VT-d 9.8): R bit 0, W bit 1, the page or table address in
 * [51:12], and PS (bit 7) for 2 MiB and 1 GiB pages. NOVA's DMA spaces are written in this format, so a
 * context entry can point the IOMMU straight at a space.
 */
public final class SecondLevelFormat implements PageTableFormat
{
    /** The one instance. */
    public static final SecondLevelFormat INSTANCE = new SecondLevelFormat();

    private SecondLevelFormat()
    {
    }

    @Override
    public long leaf(final long frame, final int perms, final long attributes, final int level)
    {
        final long rw = ((perms & Perm.MEM_R) != 0 ? 1 : 0) | ((perms & Perm.MEM_W) != 0 ? 2 : 0);
        return frame << 12 | rw | (level > 0 ? 1 << 7 : 0);
    }

    @Override
    public long table(final long table)
    {
        return table | 3; // read and write below; the leaves decide
    }
}
