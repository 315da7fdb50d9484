// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * A kernel object. Each capability that refers to it holds one reference; when the last capability is
 * overwritten the object dies, which later operations can observe as ABORTED (specification, "Object
 * Lifetime"). An object the kernel created gives its kernel memory back when it dies; the Java object
 * itself is the garbage collector's business.
 */
public abstract class Kobject
{
    private final Kind kind;
    private int refs;
    private boolean dead;
    /** The kernel memory the object was accounted to, or null for objects made outside the kernel (tests). */
    KernelMemory heap;
    /** The frames of its tables, taken with it. */
    long[] tables;

    /**
     * @param kind the object's kind
     */
    protected Kobject(final Kind kind)
    {
        this.kind = kind;
    }

    /** @return the object's kind */
    public final Kind kind()
    {
        return kind;
    }

    /** @return the number of capabilities that refer to the object */
    public final int refs()
    {
        return refs;
    }

    /** @return whether the last capability to the object is gone */
    public final boolean isDead()
    {
        return dead;
    }

    /**
     * Takes a reference for the hardware half: the object stays alive while it holds it (an IOMMU
     * context entry that points at a DMA space). Pair each with {@link #unreference()}.
     */
    public final void reference()
    {
        acquire();
    }

    /** Drops a reference taken with {@link #reference()}; the object dies if it was the last one. */
    public final void unreference()
    {
        release();
    }

    final void acquire()
    {
        refs++;
    }

    final void release()
    {
        if (--refs == 0)
        {
            dead = true;
            destroyed();
            if (heap != null)
            {
                heap.release(this);
            }
        }
    }

    /** Called once, when the last reference goes; releases what the object itself holds. */
    protected void destroyed()
    {
    }
}
