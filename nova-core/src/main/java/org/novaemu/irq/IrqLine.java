// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.irq;

import java.util.Arrays;

import org.novaemu.trace.CoreTrace;
import org.novaemu.trace.Trace;
import org.novaemu.util.Require;

/**
 * A wire from an interrupt source (a device, a timer, an IOMMU's wired event line) to one or more
 * controller inputs. The line only carries a level; whether the receiver senses edges or levels is the
 * receiver's configuration ({@link Trigger}, {@link IrqInput}). A source signals an edge-triggered
 * interrupt with {@link #pulse()} and a level-triggered one with {@link #raise()} and {@link #lower()}.
 *
 * <p>Listeners hear every change of level, in the order they were connected, and nothing when the level
 * does not change. A listener may drive the line itself (a controller that clears its source); the
 * listeners after it then hear only the newest level, never a stale one. Delivery allocates nothing.
 * Not thread-safe.
 */
public final class IrqLine
{
    private final String name;
    private final int id;
    private final Trace trace;
    private IrqListener[] listeners = new IrqListener[0];
    private int[] tags = new int[0];
    private boolean level;

    /**
     * @param name a name for errors and listings
     * @param id a number that identifies the line in trace records
     * @param trace where level changes are traced
     */
    public IrqLine(final String name, final int id, final Trace trace)
    {
        this.name = Require.nonNull("name", name);
        this.id = id;
        this.trace = Require.nonNull("trace", trace);
    }

    /** @return the line's name */
    public String name()
    {
        return name;
    }

    /** @return the line's trace id */
    public int id()
    {
        return id;
    }

    /** @return the current level */
    public boolean level()
    {
        return level;
    }

    /**
     * Connects a receiver; it is told of changes from now on, not of the current level.
     *
     * @param listener the receiver
     * @param tag the number passed back to it, usually its input pin
     */
    public void connect(final IrqListener listener, final int tag)
    {
        Require.nonNull("listener", listener);
        final int n = listeners.length;
        listeners = Arrays.copyOf(listeners, n + 1);
        tags = Arrays.copyOf(tags, n + 1);
        listeners[n] = listener;
        tags[n] = tag;
    }

    /** Drives the line high. */
    public void raise()
    {
        set(true);
    }

    /** Drives the line low. */
    public void lower()
    {
        set(false);
    }

    /**
     * Drives the line to {@code high}; listeners hear of it only if the level changes.
     *
     * @param high the new level
     */
    public void set(final boolean high)
    {
        if (high == level)
        {
            return;
        }
        level = high;
        trace.record(CoreTrace.IRQ_LINE, id, high ? 1 : 0, 0);
        final IrqListener[] l = listeners;
        final int[] t = tags;
        for (int i = 0; i < l.length; i++)
        {
            if (level != high)
            {
                return; // a listener changed the level again; the later listeners hear only the newest level
            }
            l[i].levelChanged(t[i], high);
        }
    }

    /** A rising and a falling edge at the same instant, for edge-triggered receivers; a no-op on a high line. */
    public void pulse()
    {
        if (!level)
        {
            set(true);
            set(false);
        }
    }

    @Override
    public String toString()
    {
        return name + (level ? "=1" : "=0");
    }
}
