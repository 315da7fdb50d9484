// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

/**
 * What a PE's CPU interface signals to its core: the IRQ and FIQ exception inputs (IHI 0069, chapter 4). IRQ is
 * asserted while a group 1 interrupt, FIQ while a group 0 interrupt, is pending for the PE with a priority above
 * both the priority mask and the running priority (by group priority) and its group is enabled; the core then
 * reads ICC_IAR1_EL1 or ICC_IAR0_EL1. Each method is called only when its level changes.
 *
 * <p>The GIC calls these in the middle of its own operations (a register access, a line change): a core notes
 * the level and acts on it at its next instruction boundary, without calling back into the GIC from inside.
 */
public interface GicPins
{
    /** A core that ignores its inputs. */
    GicPins NONE = new GicPins()
    {
        @Override
        public void irq(final boolean asserted)
        {
        }

        @Override
        public void fiq(final boolean asserted)
        {
        }
    };

    /**
     * @param asserted the new level of the IRQ input
     */
    void irq(boolean asserted);

    /**
     * @param asserted the new level of the FIQ input
     */
    void fiq(boolean asserted);
}
