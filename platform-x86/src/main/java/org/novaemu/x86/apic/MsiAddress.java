// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

/**
 * The x86 interrupt message formats (SDM 3A, 11.11; VT-d 5.1.2 and 5.1.5): an MSI, an I/O APIC message or
 * an IPI written to {@code 0xFEEx_xxxx}. In compatibility format the address carries the destination ID
 * [19:12], redirection hint [3] and destination mode [2], the data the vector [7:0], delivery mode [10:8],
 * level [14] and trigger mode [15]. In remappable format (address bit 4) the address carries an interrupt
 * index [19:5] with bit 15 at [2] and a sub-handle-valid bit [3]; with SHV the data's low 16 bits are
 * added to the index.
 */
public final class MsiAddress
{
    /** The interrupt message window's base. */
    public static final long BASE = 0xfee0_0000L;
    /** Its size. */
    public static final long SIZE = 0x10_0000L;
    /** Address bit 4: remappable (interrupt) format. */
    public static final int REMAPPABLE = 1 << 4;
    /** Address bit 3 in remappable format: sub-handle valid. */
    public static final int SHV = 1 << 3;

    private MsiAddress()
    {
    }

    /**
     * @param destination the 8-bit APIC ID
     * @param logical the destination mode
     * @return a compatibility-format address
     */
    public static long compatible(final int destination, final boolean logical)
    {
        return BASE | (destination & 0xff) << 12 | (logical ? 4 : 0);
    }

    /**
     * @param vector the vector
     * @param mode the delivery mode
     * @param level whether the message is level-triggered (asserted)
     * @return compatibility-format data
     */
    public static int data(final int vector, final int mode, final boolean level)
    {
        return vector & 0xff | (mode & 7) << 8 | (level ? 1 << 15 | 1 << 14 : 0);
    }

    /**
     * @param index the 16-bit interrupt index
     * @param shv whether the data's sub-handle is added
     * @return a remappable-format address
     */
    public static long remappable(final int index, final boolean shv)
    {
        return BASE | (index & 0x7fff) << 5 | REMAPPABLE | (shv ? SHV : 0) | (index >>> 15 & 1) << 2;
    }

    /**
     * @param address a message address (its offset in the window is enough)
     * @param data the message data
     * @return the interrupt index a remappable message names, up to 0x1fffe with a sub-handle
     */
    public static int index(final long address, final int data)
    {
        final int handle = (int) (address >>> 5) & 0x7fff | (int) (address >>> 2 & 1) << 15;
        return (address & SHV) != 0 ? handle + (data & 0xffff) : handle; // may pass 0xffff: out of range
    }
}
