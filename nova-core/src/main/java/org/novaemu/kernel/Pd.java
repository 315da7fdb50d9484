// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * A protection domain: the owner of spaces and of the memory of the objects created in it. A PD has at
 * most one object space and one host space, which are its attached ("first") spaces; the first port I/O
 * space it gets is attached too, and it may have further PIO spaces and any number of guest, DMA and MSR
 * spaces (specification, {@code create_pd}). The PD holds a reference to each attached space.
 */
public final class Pd extends Kobject
{
    private SpaceObj obj;
    private SpaceMem hst;
    private Space pio;

    /** Creates a PD with no spaces. */
    public Pd()
    {
        super(Kind.PD);
    }

    /** @return the attached object space, or null */
    public SpaceObj obj()
    {
        return obj;
    }

    /** @return the attached host space, or null */
    public SpaceMem hst()
    {
        return hst;
    }

    /** @return the attached port I/O space, or null */
    public Space pio()
    {
        return pio;
    }

    /**
     * @param kind a space kind
     * @return whether a space of that kind can bind to this PD: false for a second OBJ or HST space
     */
    boolean canBind(final Kind kind)
    {
        return kind == Kind.OBJ ? obj == null : kind != Kind.HST || hst == null;
    }

    /**
     * Creates a space for this PD and attaches it if it is the PD's first of an attachable kind.
     *
     * @param kind the space kind
     * @param memoryBits SBW of the kind, for HST, GST and DMA spaces
     * @return the new space, or null if the PD already has its one space of that kind (OBJ, HST)
     */
    Space newSpace(final Kind kind, final int memoryBits)
    {
        switch (kind)
        {
            case OBJ:
                if (obj != null)
                {
                    return null;
                }
                obj = new SpaceObj(this);
                obj.acquire();
                return obj;
            case HST:
                if (hst != null)
                {
                    return null;
                }
                hst = new SpaceMem(kind, this, memoryBits);
                hst.acquire();
                return hst;
            case MSR:
                return new SpaceMsr(this);
            case PIO:
                final Space s = new SpacePio(this);
                if (pio == null)
                {
                    pio = s;
                    pio.acquire();
                }
                return s;
            default:
                return new SpaceMem(kind, this, memoryBits);
        }
    }

    @Override
    protected void destroyed()
    {
        if (obj != null)
        {
            obj.release();
        }
        if (hst != null)
        {
            hst.release();
        }
        if (pio != null)
        {
            pio.release();
        }
    }
}
