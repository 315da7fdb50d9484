// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import java.util.Arrays;

/**
 * A memory space (host, guest or DMA): its selectors are page numbers of the space's input addresses,
 * each a null capability or a CAP_MEM (a 4 KiB page frame, permissions R W XU XS, memory attributes).
 *
 * <p>Stored as NOVA stores it, in a radix tree of 512-entry nodes in the manner of a page table: an entry
 * of level L covers 2^(9L) pages and is a leaf (a superpage) when level and frame allow it, up to 1 GiB
 * (level 2), or points to the next level. Ranges therefore cost per entry, not per page: delegating 2^31
 * pages writes some thousands of entries, revoking them clears sixteen. Empty nodes are freed.
 *
 * <p>An entry is one {@code long}: frame number [39:0], permissions [43:40], the kernel bit [44] for pages
 * the kernel owns and maps itself (UTCBs, the HIP), which never pass on by delegation, and the memory
 * attributes [62:45] from the MAD of the delegation out of the NOVA host space. Zero is a null capability.
 *
 * <p>The NOVA host space is the identity over physical memory with full permissions, except for the page
 * ranges the kernel protects, which read as null capabilities; it is computed, not stored.
 */
public final class SpaceMem extends Space
{
    /** Largest leaf order: a 1 GiB page. */
    public static final int LARGEST_PAGE_ORDER = 18;
    /** Memory-attribute bits an entry keeps. */
    public static final int ATTRIBUTE_BITS = 18;

    private static final int BITS = MemTable.SHIFT;
    private static final int FANOUT = MemTable.FANOUT;
    private static final int LEAF_LEVEL_MAX = LARGEST_PAGE_ORDER / BITS;
    private static final long PFN_MASK = (1L << 40) - 1;
    private static final int PERM_SHIFT = 40;
    private static final long KERNEL = 1L << 44;
    private static final int ATTR_SHIFT = 45;
    private static final long ATTR_MASK = (1L << ATTRIBUTE_BITS) - 1;

    private final int selectorBits;
    private final int levels;
    private final MemTable top;
    private final Withheld withheld;
    private long version;
    private int walkOrder;
    private org.novaemu.mem.PhysicalMemory mirror;
    private PageTableFormat format;

    /** A table below the top one, in a frame of kernel memory if the space is accounted. */
    private MemTable newMemTable(final boolean inner)
    {
        if (heap == null)
        {
            return new MemTable(inner, -1);
        }
        final MemTable n = heap.tables().take(inner, heap.allocate());
        if (mirror != null)
        {
            mirror.fill(n.frame, 4096, 0);
        }
        return n;
    }

    /**
     * From now on, writes every table of the space into its frame of kernel memory in the hardware's
     * format, so that an IOMMU can walk it. The space must be accounted (its top table has a frame).
     *
     * @param memory the physical memory
     * @param pteFormat the hardware's entry format
     */
    void mirror(final org.novaemu.mem.PhysicalMemory memory, final PageTableFormat pteFormat)
    {
        if (heap == null || tables == null || tables.length == 0 || top == null || top.used != 0)
        {
            throw new IllegalStateException("only a new, accounted memory space can be mirrored");
        }
        mirror = memory;
        format = pteFormat;
        top.frame = tables[0];
        memory.fill(top.frame, 4096, 0);
        for (int i = 0; i < FANOUT; i++)
        {
            sync(top, levels - 1, i);
        }
    }

    /** @return the physical address of the top table the hardware walks, or -1 if the space is not mirrored */
    public long tableRoot()
    {
        return mirror == null ? -1 : top.frame;
    }

    /** @return the number of table levels (a 48-bit space with 4 KiB pages has 4) */
    public int levels()
    {
        return levels;
    }

    /** Writes one slot of a table into memory in the hardware's format, if the space is mirrored. */
    private void sync(final MemTable n, final int level, final int i)
    {
        if (mirror == null)
        {
            return;
        }
        final long v;
        if (n.next != null && n.next[i] != null)
        {
            v = format.table(n.next[i].frame);
        }
        else
        {
            final long e = n.entry[i];
            v = e == 0 ? 0 : format.leaf(frame(e), perms(e), attributes(e), level);
        }
        mirror.write64(n.frame + 8L * i, v);
    }

    /** Gives back the frames of a table and all tables below it, and the tables to the pool. */
    private void free(final MemTable n)
    {
        if (heap == null)
        {
            return;
        }
        if (n.next != null)
        {
            for (final MemTable child : n.next)
            {
                if (child != null)
                {
                    free(child);
                }
            }
        }
        heap.free(n.frame);
        heap.tables().give(n);
    }

    /**
     * The space's last capability went: its tables return to kernel memory and it maps nothing from now
     * on, so an EC of a dead PD that still runs faults on every access instead of reaching reused tables.
     */
    @Override
    protected void destroyed()
    {
        if (top == null)
        {
            return;
        }
        if (mirror != null)
        {
            mirror.fill(top.frame, 4096, 0); // the hardware sees an empty space before any table is freed
        }
        if (top.next != null)
        {
            for (int i = 0; i < FANOUT; i++)
            {
                if (top.next[i] != null)
                {
                    free(top.next[i]);
                    top.next[i] = null;
                }
            }
        }
        Arrays.fill(top.entry, 0);
        top.used = 0;
        version++;
    }

    private SpaceMem(final Kind kind, final Pd owner, final int selectorBits, final Withheld withheld)
    {
        super(kind, owner);
        if (kind != Kind.HST && kind != Kind.GST && kind != Kind.DMA)
        {
            throw new IllegalArgumentException("kind must be HST, GST or DMA, was " + kind);
        }
        this.selectorBits = selectorBits;
        this.levels = (selectorBits + BITS - 1) / BITS;
        this.top = withheld == null ? new MemTable(levels > 1, -1) : null;
        this.withheld = withheld;
    }

    /**
     * @param kind HST, GST or DMA
     * @param owner the PD the space belongs to
     * @param selectorBits SBW: the space holds selectors 0 to 2^SBW - 1 (1 to 40)
     */
    SpaceMem(final Kind kind, final Pd owner, final int selectorBits)
    {
        this(kind, owner, checkBits(selectorBits), null);
    }

    /**
     * The NOVA host space: the identity over physical pages with all permissions, except the withheld
     * page ranges, which are null capabilities.
     *
     * @param owner the kernel's PD
     * @param selectorBits SBW_HST
     * @param withheld the page ranges it withholds
     * @return the space
     */
    static SpaceMem nova(final Pd owner, final int selectorBits, final Withheld withheld)
    {
        return new SpaceMem(Kind.HST, owner, checkBits(selectorBits), withheld);
    }

    private static int checkBits(final int bits)
    {
        if (bits < 1 || bits > 40)
        {
            throw new IllegalArgumentException("selectorBits must be 1 to 40, was " + bits);
        }
        return bits;
    }

    /** @return SBW: the number of selector bits */
    public int selectorBits()
    {
        return selectorBits;
    }

    /**
     * @param base the first selector of an aligned block
     * @param count its size
     * @return whether the whole block lies below 2^SBW
     */
    boolean holds(final long base, final long count)
    {
        return Long.compareUnsigned(base, 1L << selectorBits) < 0 && (1L << selectorBits) - base >= count;
    }

    /** @return whether this is the NOVA host space, whose selectors are physical page numbers */
    public boolean isNova()
    {
        return withheld != null;
    }

    /** @return a number that changes whenever a capability in the space changes, for translation caches */
    public long version()
    {
        return version;
    }

    /** What {@link #mappings} hands each stored capability to. */
    @FunctionalInterface
    public interface MappingVisitor
    {
        /**
         * @param sel the first page number of the block
         * @param order the block's order: it covers 2^order pages (a superpage above 0)
         * @param entry the capability of its first page (decode with {@link #frame}, {@link #perms},
         *        {@link #attributes})
         */
        void mapping(long sel, int order, long entry);
    }

    /**
     * Visits every stored capability in page-number order, one call per leaf of the tree (a superpage once), for
     * tools that compare spaces (a test kit's snapshot). The NOVA host space is computed, not stored: it visits
     * nothing. Read-only; not for the simulated path.
     *
     * @param v the visitor
     */
    public void mappings(final MappingVisitor v)
    {
        if (top != null)
        {
            visit(top, levels - 1, 0, v);
        }
    }

    private static void visit(final MemTable n, final int level, final long base, final MappingVisitor v)
    {
        final int shift = BITS * level;
        for (int i = 0; i < FANOUT; i++)
        {
            final long sel = base | (long) i << shift;
            if (n.next != null && n.next[i] != null)
            {
                visit(n.next[i], level - 1, sel, v);
            }
            else if (n.entry[i] != 0)
            {
                v.mapping(sel, shift, n.entry[i]);
            }
        }
    }

    /** @return whether no capability is left; the tree has then freed all its tables but the top one */
    boolean isEmpty()
    {
        return top != null && top.used == 0;
    }

    /**
     * Packs a capability.
     *
     * @param frame the physical page number
     * @param perms R W XU XS in bits 3:0, not 0
     * @param attributes memory attributes, {@link #ATTRIBUTE_BITS} bits
     * @param kernel whether the kernel owns the page
     * @return the entry
     */
    static long entry(final long frame, final int perms, final long attributes, final boolean kernel)
    {
        return frame & PFN_MASK | (long) (perms & 0xf) << PERM_SHIFT | (kernel ? KERNEL : 0)
            | (attributes & ATTR_MASK) << ATTR_SHIFT;
    }

    /**
     * @param entry a capability entry of the space
     * @return the entry's physical page number
     */
    public static long frame(final long entry)
    {
        return entry & PFN_MASK;
    }

    /**
     * @param entry a capability entry of the space
     * @return the entry's permissions R W XU XS (bits 3:0), 0 for a null capability
     */
    public static int perms(final long entry)
    {
        return (int) (entry >>> PERM_SHIFT) & 0xf;
    }

    /**
     * @param entry a capability entry of the space
     * @return the entry's memory attributes
     */
    public static long attributes(final long entry)
    {
        return entry >>> ATTR_SHIFT & ATTR_MASK;
    }

    /**
     * @param entry a capability entry of the space
     * @return whether the page is the kernel's (a UTCB, the HIP) and cannot be delegated
     */
    public static boolean isKernel(final long entry)
    {
        return (entry & KERNEL) != 0;
    }

    /**
     * @param sel a page number
     * @return the capability for that page (decode with {@link #frame}, {@link #perms} and
     *         {@link #attributes}), 0 for a null capability or a selector outside the space
     */
    public long lookup(final long sel)
    {
        if (sel < 0 || sel >>> selectorBits != 0)
        {
            return 0;
        }
        final long e = walk(sel);
        return e == 0 ? 0 : e + (sel & (1L << walkOrder) - 1);
    }

    /**
     * @param sel a page number
     * @return the order of the leaf that maps it (0, 9 or 18), or -1 if it is not mapped
     */
    public int pageOrder(final long sel)
    {
        return lookup(sel) == 0 ? -1 : Math.min(walkOrder, LARGEST_PAGE_ORDER);
    }

    /**
     * The capability at the start of the aligned block that holds {@code sel} and is uniformly mapped (one
     * leaf) or uniformly empty; its order is left in {@link #walkOrder}.
     */
    private long walk(final long sel)
    {
        if (withheld != null)
        {
            return identity(sel);
        }
        MemTable n = top;
        for (int level = levels - 1;; level--)
        {
            final int shift = BITS * level;
            final int i = (int) (sel >>> shift) & FANOUT - 1;
            final long e = n.entry[i];
            if (e != 0 || n.next == null || n.next[i] == null)
            {
                walkOrder = shift;
                return e;
            }
            n = n.next[i];
        }
    }

    /** The NOVA host space's walk: the largest aligned block that is all withheld or all not. */
    private long identity(final long sel)
    {
        final int order = withheld.blockOrder(sel, selectorBits);
        walkOrder = order;
        return withheld.contains(sel) ? 0 : entry(sel >>> order << order, 0xf, 0, false);
    }

    /**
     * ctrl_pd from this host space: copies the capabilities of {@code [ssb, ssb + 2^ord)} into
     * {@code [dsb, dsb + 2^ord)} of {@code dst}, permissions masked by {@code pmm}; kernel pages and
     * capabilities left without permissions become null. The caller checked alignment and ranges.
     *
     * @param dst a host, guest or DMA space
     * @param attributes the attributes of the MAD, used when this is the NOVA host space
     * @return false if kernel memory ran out for the destination's tables (MEM_CAP): the blocks before
     *         the failing one are delegated, it and those after it keep their old capabilities
     */
    boolean delegate(final SpaceMem dst, final long ssb, final long dsb, final int ord, final int pmm,
                  final long attributes)
    {
        final long count = 1L << ord;
        long off = 0;
        while (off < count)
        {
            final long sel = ssb + off;
            final long e = walk(sel);
            final int chunk = Math.min(walkOrder, off == 0 ? ord : Long.numberOfTrailingZeros(off));
            final int p = isKernel(e) ? 0 : perms(e) & pmm;
            long out = 0;
            if (p != 0)
            {
                final long frame = frame(e) + (sel & (1L << walkOrder) - 1);
                out = entry(frame, p, withheld != null ? attributes : attributes(e), false);
            }
            if (!dst.grant(dsb + off, chunk, out))
            {
                return false;
            }
            off += 1L << chunk;
        }
        return true;
    }

    /**
     * Sets the aligned block {@code [sel, sel + 2^ord)} to map consecutive frames from {@code entry}'s, or
     * to null capabilities if {@code entry} is 0. Larger leaves that the block cuts into are split.
     *
     * @return false, changing nothing, if the tables it needs do not fit in the kernel memory left
     */
    boolean update(final long sel, final int ord, final long entry)
    {
        if (withheld != null)
        {
            throw new IllegalStateException("the NOVA host space cannot be changed");
        }
        if (heap != null && MemTable.need(top, levels - 1, sel, ord, entry) > heap.available())
        {
            return false;
        }
        version++;
        update(top, levels - 1, sel, ord, entry);
        return true;
    }

    /**
     * {@link #update} for ctrl_pd, whose table allocations {@link AllocationFaults} may fail: a block whose
     * tables include the one chosen to fail changes nothing.
     */
    private boolean grant(final long sel, final int ord, final long entry)
    {
        if (heap != null && heap.faults().tablesArmed()
            && heap.faults().tablesFail(MemTable.need(top, levels - 1, sel, ord, entry)))
        {
            return false;
        }
        return update(sel, ord, entry);
    }

    /**
     * @return the frames of kernel memory {@link #update} would take for the tables of this block
     */
    long tablesFor(final long sel, final int ord, final long entry)
    {
        return MemTable.need(top, levels - 1, sel, ord, entry);
    }

    private void update(final MemTable n, final int level, final long sel, final int ord, final long entry)
    {
        final int shift = BITS * level;
        final int i = (int) (sel >>> shift) & FANOUT - 1;
        if (ord >= shift)
        {
            final int whole = 1 << ord - shift;
            for (int k = 0; k < whole; k++)
            {
                put(n, level, i + k, entry == 0 ? 0 : entry + ((long) k << shift));
            }
            return;
        }
        MemTable child = n.next[i];
        if (child == null)
        {
            final long leaf = n.entry[i];
            if (leaf == 0 && entry == 0)
            {
                return;
            }
            child = newMemTable(level > 1);
            if (leaf != 0)
            {
                // Split the superpage so that the block can replace part of it.
                final int sub = shift - BITS;
                for (int k = 0; k < FANOUT; k++)
                {
                    child.entry[k] = leaf + ((long) k << sub);
                    sync(child, level - 1, k);
                }
                child.used = FANOUT;
                n.entry[i] = 0;
            }
            else
            {
                n.used++;
            }
            n.next[i] = child;
            sync(n, level, i);
        }
        update(child, level - 1, sel, ord, entry);
        if (child.used == 0)
        {
            n.next[i] = null;
            n.used--;
            sync(n, level, i);
            free(child);
        }
    }

    /** Sets one whole entry of a level: a leaf if level and frame alignment allow, else a full subtree. */
    private void put(final MemTable n, final int level, final int i, final long entry)
    {
        final int shift = BITS * level;
        final boolean wasUsed = n.entry[i] != 0 || n.next != null && n.next[i] != null;
        final MemTable old = n.next == null ? null : n.next[i];
        if (old != null)
        {
            n.next[i] = null; // unlinked here, freed once the slot in memory no longer points at it
        }
        if (entry == 0 || level <= LEAF_LEVEL_MAX && (frame(entry) & (1L << shift) - 1) == 0)
        {
            n.entry[i] = entry;
            n.used += (entry != 0 ? 1 : 0) - (wasUsed ? 1 : 0);
            sync(n, level, i);
            if (old != null)
            {
                free(old);
            }
            return;
        }
        final MemTable child = newMemTable(level > 1);
        n.entry[i] = 0;
        n.next[i] = child;
        n.used += wasUsed ? 0 : 1;
        sync(n, level, i);
        if (old != null)
        {
            free(old);
        }
        final int sub = shift - BITS;
        for (int k = 0; k < FANOUT; k++)
        {
            put(child, level - 1, k, entry + ((long) k << sub));
        }
    }
}
