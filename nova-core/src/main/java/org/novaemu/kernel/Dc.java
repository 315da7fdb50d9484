// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * A device context: the device topology descriptor (DTD) that names a device and the units that translate
 * its DMA and its message-signalled interrupts (x86: segment:bus:device.function and the IOMMU; Arm:
 * StreamID, DeviceID, SMMU and GIC ITS). The kernel records the three DTD words; the platform interprets
 * them when the DC is created and dies ({@link Interrupts#createDc}, {@link Interrupts#destroyDc}: NOVA's
 * {@code Dc_state} constructor and destructor) and when a device or an interrupt is assigned.
 */
public final class Dc extends Kobject
{
    private final long dtd0;
    private final long dtd1;
    private final long dtd2;
    /** The platform half told of the DC's death, or null. */
    private final Interrupts interrupts;
    /** What the platform keeps for the DC (NOVA's {@code Dc_state}: Arm's GITS and ITT), or null. */
    private Object platformState;
    /** How many assign_dev calls through this DC completed: one that completes meanwhile prevails (K47). */
    int assignments;

    Dc(final long dtd0, final long dtd1, final long dtd2, final Interrupts interrupts)
    {
        super(Kind.DC);
        this.dtd0 = dtd0;
        this.dtd1 = dtd1;
        this.dtd2 = dtd2;
        this.interrupts = interrupts;
    }

    /** The platform's half of NOVA's DC destructor: it gives back what {@link Interrupts#createDc} took. */
    @Override
    protected void destroyed()
    {
        if (interrupts != null)
        {
            interrupts.destroyDc(this);
        }
    }

    /**
     * @return what the platform attached to the DC at its creation, or null: its state, found in O(1) on every
     *         assign (the kernel never looks at it)
     */
    public Object platformState()
    {
        return platformState;
    }

    /**
     * Attaches the platform's state for the DC; called by {@link Interrupts#createDc}.
     *
     * @param state the state, or null
     */
    public void platformState(final Object state)
    {
        this.platformState = state;
    }

    /**
     * @param word 0, 1 or 2
     * @return that DTD word
     */
    public long dtd(final int word)
    {
        return word == 0 ? dtd0 : word == 1 ? dtd1 : dtd2;
    }
}
