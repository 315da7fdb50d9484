// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

/**
 * The interrupt message formats under their former name: every member forwards to {@link MsiMessage}, which
 * defines them (SDM 3A, 11.11; VT-d 5.1.2). Kept for the callers that still use it; new code uses
 * {@link MsiMessage}.
 */
public final class MsiAddress
{
    /** The interrupt message window's base ({@link MsiMessage#BASE}). */
    public static final long BASE = MsiMessage.BASE;
    /** Its size ({@link MsiMessage#SIZE}). */
    public static final long SIZE = MsiMessage.SIZE;
    /** Address bit 4: remappable (interrupt) format ({@link MsiMessage#REMAPPABLE}). */
    public static final int REMAPPABLE = MsiMessage.REMAPPABLE;
    /** Address bit 3 in remappable format: sub-handle valid ({@link MsiMessage#SHV}). */
    public static final int SHV = MsiMessage.SHV;

    private MsiAddress()
    {
    }

    /**
     * @param destination the 8-bit APIC ID
     * @param logical the destination mode
     * @return a compatibility-format address ({@link MsiMessage#compatibilityAddress})
     */
    public static long compatible(final int destination, final boolean logical)
    {
        return MsiMessage.compatibilityAddress(destination, logical);
    }

    /**
     * @param vector the vector
     * @param mode the delivery mode
     * @param level whether the message is level-triggered (asserted)
     * @return compatibility-format data ({@link MsiMessage#data})
     */
    public static int data(final int vector, final int mode, final boolean level)
    {
        return MsiMessage.data(vector, mode, level);
    }

    /**
     * @param index the 16-bit interrupt index
     * @param shv whether the data's sub-handle is added
     * @return a remappable-format address ({@link MsiMessage#remappableAddress})
     */
    public static long remappable(final int index, final boolean shv)
    {
        return MsiMessage.remappableAddress(index, shv);
    }

    /**
     * @param address a message address (its offset in the window is enough)
     * @param data the message data
     * @return the interrupt index a remappable message names, up to 0x1fffe with a sub-handle
     *         ({@link MsiMessage#index})
     */
    public static int index(final long address, final int data)
    {
        return MsiMessage.index(address, data);
    }
}
