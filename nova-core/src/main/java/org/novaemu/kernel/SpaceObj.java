// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * An object space: 2^18 capability slots, each null or (object, permissions), in a two-level table of
 * 512-entry leaves allocated when first written, as in NOVA's {@code Space_obj}. A slot holds one
 * reference to its object; overwriting the slot releases it. Selectors at or beyond 2^18 lie outside the
 * space and read as null capabilities (docs/decisions.md K1).
 */
public final class SpaceObj extends Space
{
    /** Selector bits (the HIP's SBW_OBJ). */
    public static final int SELECTOR_BITS = 18;
    /** The number of selectors. */
    public static final int SELECTORS = 1 << SELECTOR_BITS;

    private static final int LEAF_BITS = 9;
    private static final int LEAF_MASK = (1 << LEAF_BITS) - 1;

    private final Kobject[][] objects = new Kobject[1 << (SELECTOR_BITS - LEAF_BITS)][];
    private final byte[][] perms = new byte[1 << (SELECTOR_BITS - LEAF_BITS)][];
    private final long[] leafFrames = new long[1 << (SELECTOR_BITS - LEAF_BITS)];

    /**
     * @param owner the PD the space belongs to
     */
    public SpaceObj(final Pd owner)
    {
        super(Kind.OBJ, owner);
    }

    /**
     * @param sel a selector
     * @return the object in the slot, or null for a null capability or a selector outside the space
     */
    public Kobject object(final long sel)
    {
        if (sel < 0 || sel >= SELECTORS)
        {
            return null;
        }
        final Kobject[] leaf = objects[(int) sel >>> LEAF_BITS];
        return leaf == null ? null : leaf[(int) sel & LEAF_MASK];
    }

    /**
     * @param sel a selector
     * @return the permissions in the slot, 0 for a null capability
     */
    public int perms(final long sel)
    {
        if (sel < 0 || sel >= SELECTORS)
        {
            return 0;
        }
        final byte[] leaf = perms[(int) sel >>> LEAF_BITS];
        return leaf == null ? 0 : leaf[(int) sel & LEAF_MASK];
    }

    /**
     * Looks a capability up and checks it: the object must be of {@code kind} and the slot must hold every
     * permission in {@code required}.
     *
     * @param sel the selector
     * @param kind the kind the caller needs
     * @param required the permission bits the caller needs
     * @return the object, or null if the capability is null, of another kind, or lacks a permission
     */
    public Kobject lookup(final long sel, final Kind kind, final int required)
    {
        final Kobject obj = object(sel);
        if (obj == null || obj.kind() != kind || (perms(sel) & required) != required)
        {
            return null;
        }
        return obj;
    }

    /**
     * @param sel a selector inside the space
     * @return whether storing a capability there needs a new leaf table (a frame of kernel memory)
     */
    boolean needsLeaf(final long sel)
    {
        return objects[(int) sel >>> LEAF_BITS] == null;
    }

    /**
     * Stores a capability, releasing the slot's previous object. A null object or no permissions store a
     * null capability, which never needs memory.
     *
     * @param sel the selector, inside the space
     * @param obj the object, or null
     * @param permissions the permission bits
     * @return false, changing nothing, if a leaf table was needed and kernel memory is exhausted (MEM_CAP)
     */
    public boolean store(final long sel, final Kobject obj, final int permissions)
    {
        if (sel < 0 || sel >= SELECTORS)
        {
            throw new IllegalArgumentException("sel must be below 2^18, was " + sel);
        }
        final int hi = (int) sel >>> LEAF_BITS;
        final int lo = (int) sel & LEAF_MASK;
        final int p = obj == null ? 0 : permissions & obj.kind().perms();
        final Kobject o = p == 0 ? null : obj;
        Kobject[] leaf = objects[hi];
        if (leaf == null)
        {
            if (o == null)
            {
                return true; // a null capability in an untouched leaf: nothing to store or release
            }
            if (heap != null)
            {
                final long frame = heap.allocate();
                if (frame < 0)
                {
                    return false;
                }
                leafFrames[hi] = frame;
            }
            leaf = new Kobject[1 << LEAF_BITS];
            objects[hi] = leaf;
            perms[hi] = new byte[1 << LEAF_BITS];
        }
        final Kobject old = leaf[lo];
        if (o != null)
        {
            o.acquire();
        }
        leaf[lo] = o;
        perms[hi][lo] = (byte) p;
        if (old != null)
        {
            old.release();
        }
        return true;
    }

    /**
     * ctrl_pd between object spaces: copies the capabilities of {@code [ssb, ssb + count)} of {@code from}
     * into {@code [dsb, dsb + count)} of this space, permissions masked by {@code pmm}, in ascending order
     * (the ranges are identical or disjoint, so an in-place reduction is well defined). The caller checked
     * alignment and ranges.
     *
     * @return SUCCESS, or MEM_CAP at the first capability whose leaf table cannot be allocated (kernel
     *         memory is exhausted, or {@link AllocationFaults} fails it): the capabilities before it are
     *         delegated, it and those after it keep their old capabilities (specification 5.4.1)
     */
    Status delegate(final SpaceObj from, final long ssb, final long dsb, final long count, final int pmm)
    {
        for (long i = 0; i < count; i++)
        {
            final long sel = dsb + i;
            final Kobject obj = from.object(ssb + i);
            final int p = from.perms(ssb + i) & pmm;
            final boolean allocates = obj != null && (p & obj.kind().perms()) != 0 && needsLeaf(sel);
            if (allocates && heap != null && heap.faults().tableFails() || !store(sel, obj, p))
            {
                return Status.MEM_CAP;
            }
        }
        return Status.SUCCESS;
    }

    @Override
    protected void destroyed()
    {
        for (int hi = 0; hi < objects.length; hi++)
        {
            final Kobject[] leaf = objects[hi];
            if (leaf != null)
            {
                for (int lo = 0; lo < leaf.length; lo++)
                {
                    final Kobject old = leaf[lo];
                    if (old != null)
                    {
                        leaf[lo] = null;
                        old.release();
                    }
                }
                if (heap != null)
                {
                    heap.free(leafFrames[hi]);
                }
            }
        }
    }
}
