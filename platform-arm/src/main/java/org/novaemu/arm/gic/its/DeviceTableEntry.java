// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic.its;

import org.novaemu.util.BitField;

/**
 * This ITS's device table entry, 8 bytes (the format is the ITS's own, IHI 0069 chapter 6; decision A82): Valid in
 * bit 63, the ITT's address bits 51:8 in place, and the ITT's EventID bits minus one (MAPD's Size) in bits 4:0. A
 * zero entry is an unmapped device, so a table software zeroed maps none.
 */
final class DeviceTableEntry
{
    /** The entry's size in bytes. */
    static final int SIZE = 8;
    /** The device is mapped. */
    static final BitField VALID = BitField.bit("Valid", 63);
    /** The ITT's address, bits 51:8 in place. */
    static final BitField ITT_ADDRESS = new BitField("ITT_addr", 8, 44);
    /** The EventID bits of the ITT, minus one. */
    static final BitField EVENT_ID_BITS = new BitField("Size", 0, 5);

    private DeviceTableEntry()
    {
    }

    /**
     * @param ittAddress the ITT's address, 256-byte aligned
     * @param size the EventID bits of the ITT, minus one
     * @return a valid entry
     */
    static long encode(final long ittAddress, final int size)
    {
        return VALID.mask() | ittAddress & ITT_ADDRESS.mask() | EVENT_ID_BITS.encode(size);
    }

    /**
     * @param entry an entry
     * @return whether it maps a device
     */
    static boolean valid(final long entry)
    {
        return VALID.isSet(entry);
    }

    /**
     * @param entry a valid entry
     * @return its ITT's address
     */
    static long ittAddress(final long entry)
    {
        return entry & ITT_ADDRESS.mask();
    }

    /**
     * @param entry a valid entry
     * @param eventId an EventID
     * @return whether the ITT covers it: {@code eventId < 2^(Size + 1)}, unsigned
     */
    static boolean covers(final long entry, final int eventId)
    {
        return Integer.toUnsignedLong(eventId) >>> EVENT_ID_BITS.extract(entry) <= 1;
    }
}
