// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.irq;

import org.novaemu.util.Require;

/**
 * The sampling logic of one interrupt controller input, shared by the controller models: an edge input
 * latches a rising edge until it is acknowledged; a level input is pending while its line is high and not
 * in service, and asks again after end-of-interrupt if the line is still high. Masking holds delivery back
 * without losing a latched edge or a held level.
 *
 * <p>The owner learns through its {@link Sink} each time the input turns deliverable (once per turn, not
 * again for a second edge while the first waits). Allocates nothing.
 */
public final class IrqInput implements IrqListener
{
    /** What the owning controller does when an input becomes deliverable. */
    @FunctionalInterface
    public interface Sink
    {
        /**
         * @param tag the input's tag
         */
        void deliverable(int tag);
    }

    private final int tag;
    private final Sink sink;
    private final boolean latchMasked;
    private Trigger trigger;
    private boolean masked;
    private boolean level;
    private boolean latched;
    private boolean inService;
    private boolean announced;

    /**
     * An input that latches an edge while it is masked and delivers it on unmask (as a GIC's pending bit
     * does for a disabled interrupt).
     *
     * @param tag the number passed to the sink
     * @param trigger how the input samples its line
     * @param sink the owner
     */
    public IrqInput(final int tag, final Trigger trigger, final Sink sink)
    {
        this(tag, trigger, true, sink);
    }

    /**
     * @param tag the number passed to the sink
     * @param trigger how the input samples its line
     * @param latchMasked whether an edge that arrives while the input is masked is kept for its unmask (a GIC)
     *        or lost (an 82093AA-style I/O APIC)
     * @param sink the owner
     */
    public IrqInput(final int tag, final Trigger trigger, final boolean latchMasked, final Sink sink)
    {
        this.tag = tag;
        this.trigger = Require.nonNull("trigger", trigger);
        this.latchMasked = latchMasked;
        this.sink = Require.nonNull("sink", sink);
    }

    @Override
    public void levelChanged(final int lineTag, final boolean high)
    {
        level = high;
        if (high && trigger == Trigger.EDGE && (latchMasked || !masked))
        {
            latched = true;
        }
        notifyIfDeliverable();
    }

    /** @return whether the input has an interrupt to deliver: pending, not masked, not in service */
    public boolean deliverable()
    {
        return !masked && !inService && pending();
    }

    /** @return whether an interrupt is pending, masked or not */
    public boolean pending()
    {
        return trigger == Trigger.EDGE ? latched : level;
    }

    /** @return the level of the line as last sampled */
    public boolean level()
    {
        return level;
    }

    /** @return whether an acknowledged level interrupt waits for its end-of-interrupt */
    public boolean inService()
    {
        return inService;
    }

    /** @return the input's trigger mode */
    public Trigger trigger()
    {
        return trigger;
    }

    /**
     * Changes the trigger mode; a latched edge is dropped when the input becomes level-sensitive.
     *
     * @param mode the new mode
     */
    public void setTrigger(final Trigger mode)
    {
        trigger = Require.nonNull("trigger", mode);
        if (mode == Trigger.LEVEL)
        {
            latched = false;
        }
        else
        {
            inService = false;
        }
        notifyIfDeliverable();
    }

    /**
     * @param mask whether to hold delivery back
     */
    public void setMasked(final boolean mask)
    {
        masked = mask;
        notifyIfDeliverable();
    }

    /** @return whether delivery is held back */
    public boolean masked()
    {
        return masked;
    }

    /**
     * The controller takes the interrupt: an edge is consumed, a level input goes in service until
     * {@link #endOfInterrupt()}.
     *
     * @return whether there was a deliverable interrupt to take
     */
    public boolean acknowledge()
    {
        if (!deliverable())
        {
            return false;
        }
        if (trigger == Trigger.EDGE)
        {
            latched = false;
        }
        else
        {
            inService = true;
        }
        announced = false;
        return true;
    }

    /** Ends service of a level interrupt; if the line is still high it is deliverable again. */
    public void endOfInterrupt()
    {
        if (inService)
        {
            inService = false;
            notifyIfDeliverable();
        }
    }

    /** Tells the sink when the input turns deliverable, once per turn, not on every change. */
    private void notifyIfDeliverable()
    {
        final boolean now = deliverable();
        final boolean turned = now && !announced;
        announced = now;
        if (turned)
        {
            sink.deliverable(tag);
        }
    }
}
