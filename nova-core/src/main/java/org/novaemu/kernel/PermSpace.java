// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * A space whose selectors carry only permission bits and name the same resource on both sides of a
 * delegation (PIO ports, MSRs), so ctrl_pd copies permissions selector by selector with ssb == dsb.
 */
abstract class PermSpace extends Space
{
    PermSpace(final Kind kind, final Pd owner)
    {
        super(kind, owner);
    }

    /**
     * @param sel a selector
     * @return its permissions, 0 for none or an invalid selector
     */
    public abstract int perms(long sel);

    /** Sets a valid selector's permissions. */
    abstract void set(long sel, int perms);

    /** @return whether the aligned block of {@code count} selectors from {@code first} lies inside the space */
    abstract boolean holds(long first, long count);

    /**
     * ctrl_pd between PIO or MSR spaces: the same selectors on both sides, all inside the space; each
     * selector's permissions masked by {@code pmm}.
     *
     * @return SUCCESS, or BAD_PAR (changing nothing) if the bases differ or the block leaves the space
     */
    Status delegate(final PermSpace to, final long ssb, final long dsb, final long count, final int pmm)
    {
        if (ssb != dsb || !holds(ssb, count))
        {
            return Status.BAD_PAR;
        }
        for (long sel = ssb; sel < ssb + count; sel++)
        {
            to.set(sel, perms(sel) & pmm);
        }
        return Status.SUCCESS;
    }
}
