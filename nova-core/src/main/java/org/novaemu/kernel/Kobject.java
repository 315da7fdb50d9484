// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * A kernel object. Each capability that refers to it holds one reference; when the last capability is
 * overwritten the object dies, which later operations can observe as ABORTED (specification, "Object
 * Lifetime"). Memory itself is the garbage collector's business; only the observable state is modelled.
 */
public abstract class Kobject
{
    private final Kind kind;
    private int refs;
    private boolean dead;

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
        }
    }

    /** Called once, when the last reference goes; releases what the object itself holds. */
    protected void destroyed()
    {
    }
}
