// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

import org.novaemu.util.BitField;

/**
 * An x86 interrupt message: a 32-bit write of {@code data} to {@code address} in the window at
 * {@code 0xFEEx_xxxx}, as an MSI, an I/O APIC or an IOMMU's event sends it.
 *
 * <p>Compatibility format (Intel SDM volume 3A, 11.11.1 and 11.11.2): the address carries the destination ID
 * [19:12], the redirection hint [3] and the destination mode [2]; the data the vector [7:0], the delivery
 * mode [10:8], the level [14] and the trigger mode [15]. Remappable format (VT-d specification 5.1.2.2,
 * address bit 4 set): the address carries the interrupt handle's bits 14:0 in [19:5] and bit 15 in [2], and
 * a sub-handle-valid bit [3]; with SHV the data's low 16 bits are added to the handle to give the interrupt
 * index.
 *
 * <p>The static methods read and build the words themselves, so that the message path decodes a message
 * without allocating; the record is a message a driver builds once and hands out.
 *
 * @param address the message address
 * @param data the message data
 */
public record MsiMessage(long address, int data)
{
    /** The interrupt message window's base. */
    public static final long BASE = 0xfee0_0000L;
    /** Its size. */
    public static final long SIZE = 0x10_0000L;

    /** Address: destination ID (compatibility format). */
    public static final BitField DESTINATION = new BitField("Destination ID", 12, 8);
    /** Address: interrupt format, 1 remappable (VT-d 5.1.2.2). */
    public static final BitField INTERRUPT_FORMAT = BitField.bit("Interrupt Format", 4);
    /** Address: redirection hint (compatibility format). */
    public static final BitField REDIRECTION_HINT = BitField.bit("Redirection Hint", 3);
    /** Address: destination mode, 1 logical (compatibility format). */
    public static final BitField DESTINATION_MODE = BitField.bit("Destination Mode", 2);
    /** Address: interrupt handle bits 14:0 (remappable format). */
    public static final BitField HANDLE = new BitField("Interrupt Handle[14:0]", 5, 15);
    /** Address: interrupt handle bit 15 (remappable format). */
    public static final BitField HANDLE_15 = BitField.bit("Interrupt Handle[15]", 2);
    /** Address: sub-handle valid (remappable format). */
    public static final BitField SUB_HANDLE_VALID = BitField.bit("SHV", 3);

    /** Data: vector (compatibility format). */
    public static final BitField VECTOR = new BitField("Vector", 0, 8);
    /** Data: delivery mode ({@link Delivery}; compatibility format). */
    public static final BitField DELIVERY_MODE = new BitField("Delivery Mode", 8, 3);
    /** Data: level, asserted (compatibility format). */
    public static final BitField LEVEL = BitField.bit("Level", 14);
    /** Data: trigger mode, 1 level (compatibility format). */
    public static final BitField TRIGGER_MODE = BitField.bit("Trigger Mode", 15);
    /** Data: sub-handle (remappable format with SHV). */
    public static final BitField SUB_HANDLE = new BitField("Subhandle", 0, 16);

    /** {@link #INTERRUPT_FORMAT}'s bit: the address is in remappable format. */
    public static final int REMAPPABLE = (int) INTERRUPT_FORMAT.mask();
    /** {@link #SUB_HANDLE_VALID}'s bit. */
    public static final int SHV = (int) SUB_HANDLE_VALID.mask();

    /**
     * A message in compatibility format.
     *
     * @param destination the 8-bit APIC ID or logical destination
     * @param logical the destination mode
     * @param vector the vector
     * @param mode the delivery mode
     * @param level whether it is level-triggered (and then asserted)
     * @return the message
     */
    public static MsiMessage compatibility(final int destination, final boolean logical, final int vector,
                                           final int mode, final boolean level)
    {
        return new MsiMessage(compatibilityAddress(destination, logical), data(vector, mode, level));
    }

    /**
     * A message in remappable format whose interrupt index is {@code handle + subHandle} (SHV set): NOVA's MSI
     * for an interrupt remapping table entry, handle 0 and the entry as the sub-handle.
     *
     * @param handle the interrupt handle, 0 to 0xFFFF
     * @param subHandle the sub-handle, 0 to 0xFFFF
     * @return the message
     */
    public static MsiMessage remappable(final int handle, final int subHandle)
    {
        return new MsiMessage(remappableAddress(handle, true), (int) SUB_HANDLE.encode(subHandle));
    }

    /**
     * @param destination the 8-bit APIC ID or logical destination
     * @param logical the destination mode
     * @return a compatibility-format address
     */
    public static long compatibilityAddress(final int destination, final boolean logical)
    {
        return BASE | DESTINATION.encode(destination) | (logical ? DESTINATION_MODE.mask() : 0);
    }

    /**
     * @param vector the vector
     * @param mode the delivery mode
     * @param level whether the message is level-triggered (and then asserted)
     * @return compatibility-format data
     */
    public static int data(final int vector, final int mode, final boolean level)
    {
        return (int) (VECTOR.encode(vector) | DELIVERY_MODE.encode(mode)
            | (level ? TRIGGER_MODE.mask() | LEVEL.mask() : 0));
    }

    /**
     * @param handle the 16-bit interrupt handle
     * @param shv whether the data's sub-handle is added
     * @return a remappable-format address
     */
    public static long remappableAddress(final int handle, final boolean shv)
    {
        return BASE | HANDLE.encode(handle) | INTERRUPT_FORMAT.mask() | (shv ? SUB_HANDLE_VALID.mask() : 0)
            | HANDLE_15.encode(handle >>> 15);
    }

    /**
     * @param address an address
     * @return whether it lies in the interrupt message window
     */
    public static boolean inWindow(final long address)
    {
        return address >= BASE && address < BASE + SIZE;
    }

    /**
     * @param address a message address (its offset in the window is enough)
     * @return whether it is in remappable format
     */
    public static boolean isRemappable(final long address)
    {
        return INTERRUPT_FORMAT.isSet(address);
    }

    /**
     * @param address a remappable-format address (its offset in the window is enough)
     * @param data the message data
     * @return the interrupt index: the handle, plus the sub-handle with SHV; up to 0x1FFFE, which may pass
     *         the end of any table
     */
    public static int index(final long address, final int data)
    {
        final int handle = (int) (HANDLE.extract(address) | HANDLE_15.extract(address) << 15);
        return SUB_HANDLE_VALID.isSet(address) ? handle + (int) SUB_HANDLE.extract(data) : handle;
    }

    /**
     * @param address a compatibility-format address (its offset in the window is enough)
     * @return the destination ID
     */
    public static int destination(final long address)
    {
        return (int) DESTINATION.extract(address);
    }

    /**
     * @param address a compatibility-format address (its offset in the window is enough)
     * @return whether the destination is logical
     */
    public static boolean logical(final long address)
    {
        return DESTINATION_MODE.isSet(address);
    }

    /**
     * @param data compatibility-format data
     * @return the vector
     */
    public static int vector(final int data)
    {
        return (int) VECTOR.extract(data);
    }

    /**
     * @param data compatibility-format data
     * @return the delivery mode
     */
    public static int deliveryMode(final int data)
    {
        return (int) DELIVERY_MODE.extract(data);
    }

    /**
     * @param data compatibility-format data
     * @return whether the trigger mode is level
     */
    public static boolean levelTriggered(final int data)
    {
        return TRIGGER_MODE.isSet(data);
    }
}
