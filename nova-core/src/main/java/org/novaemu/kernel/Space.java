// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * A space: the part of a PD that holds one kind of capability, selected by number (object selectors,
 * page numbers, port numbers, MSR numbers). Spaces are created empty by {@code create_pd} with an OP other
 * than 0 and filled by {@code ctrl_pd}.
 */
public class Space extends Kobject
{
    private final Pd owner;

    /**
     * @param kind the space's kind (OBJ, HST, GST, DMA, PIO or MSR)
     * @param owner the PD whose memory holds the space
     */
    public Space(final Kind kind, final Pd owner)
    {
        super(kind);
        if (!kind.isSpace())
        {
            throw new IllegalArgumentException("kind must be a space kind, was " + kind);
        }
        this.owner = owner;
    }

    /** @return the PD the space belongs to */
    public final Pd owner()
    {
        return owner;
    }
}
