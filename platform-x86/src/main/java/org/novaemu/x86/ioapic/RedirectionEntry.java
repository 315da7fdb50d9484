// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.ioapic;

import org.novaemu.util.BitField;

/**
 * An I/O APIC redirection table entry, 64 bits, in either format.
 *
 * <p>Compatibility format (82093AA datasheet 3.2.4): vector [7:0], delivery mode [10:8], destination mode
 * [11], delivery status [12], input polarity [13], Remote IRR [14], trigger mode [15], mask [16] and the
 * destination [63:56]. Remappable format (Intel VT-d specification 5.1.5.1), bit 48 set: the interrupt
 * index's bits 14:0 in [63:49] and bit 15 in [11]; the vector field then only names the entry for EOIs (the
 * IRTE decides the vector), and the delivery mode field is 0.
 *
 * <p>The reads are static methods over the entry, so that the I/O APIC decodes an entry on every message
 * without allocating; the builders give the value a driver writes through {@link IoApicRegister#REDTBL}.
 */
public final class RedirectionEntry
{
    /** Vector (remappable format: the vector an EOI names). */
    public static final BitField VECTOR = new BitField("Vector", 0, 8);
    /** Delivery mode (compatibility format). */
    public static final BitField DELIVERY_MODE = new BitField("Delivery Mode", 8, 3);
    /** Destination mode, 1 logical (compatibility format). */
    public static final BitField DESTINATION_MODE = BitField.bit("Destination Mode", 11);
    /** Interrupt index bit 15 (remappable format, where it replaces the destination mode). */
    public static final BitField INDEX_15 = BitField.bit("Interrupt Index[15]", 11);
    /** Delivery status (read-only). */
    public static final BitField DELIVERY_STATUS = BitField.bit("Delivery Status", 12);
    /** Input pin polarity, 1 active low. */
    public static final BitField POLARITY = BitField.bit("Interrupt Input Pin Polarity", 13);
    /** Remote IRR: a level-triggered interrupt is in service (read-only). */
    public static final BitField REMOTE_IRR = BitField.bit("Remote IRR", 14);
    /** Trigger mode, 1 level. */
    public static final BitField TRIGGER_MODE = BitField.bit("Trigger Mode", 15);
    /** Mask. */
    public static final BitField MASK = BitField.bit("Interrupt Mask", 16);
    /** Interrupt format, 1 remappable. */
    public static final BitField INTERRUPT_FORMAT = BitField.bit("Interrupt Format", 48);
    /** Interrupt index bits 14:0 (remappable format). */
    public static final BitField INDEX = new BitField("Interrupt Index[14:0]", 49, 15);
    /** Destination (compatibility format): an APIC ID or a logical destination. */
    public static final BitField DESTINATION = new BitField("Destination Field", 56, 8);

    /** The bits software may write: all but delivery status, Remote IRR and the reserved bits 47:17. */
    public static final long WRITABLE = ~(DELIVERY_STATUS.mask() | REMOTE_IRR.mask() | 0x0000_ffff_fffe_0000L);

    private RedirectionEntry()
    {
    }

    /**
     * An entry in compatibility format.
     *
     * @param destination the APIC ID or logical destination
     * @param logical the destination mode
     * @param mode the delivery mode
     * @param vector the vector
     * @param masked whether the entry is masked
     * @param level whether the input is level-triggered
     * @param activeLow whether the input is active low
     * @return the entry
     */
    public static long compatibility(final int destination, final boolean logical, final int mode, final int vector,
                                     final boolean masked, final boolean level, final boolean activeLow)
    {
        return DESTINATION.encode(destination) | (logical ? DESTINATION_MODE.mask() : 0) | DELIVERY_MODE.encode(mode)
            | VECTOR.encode(vector) | flags(masked, level, activeLow);
    }

    /**
     * An entry in remappable format.
     *
     * @param index the interrupt index, 0 to 0xFFFF
     * @param masked whether the entry is masked
     * @param level whether the input is level-triggered
     * @param activeLow whether the input is active low
     * @param vectorField what the vector field holds: the vector an EOI for this entry names
     * @return the entry
     */
    public static long remappable(final int index, final boolean masked, final boolean level,
                                  final boolean activeLow, final int vectorField)
    {
        return INDEX.encode(index) | INTERRUPT_FORMAT.mask() | INDEX_15.encode(index >>> 15)
            | flags(masked, level, activeLow) | VECTOR.encode(vectorField);
    }

    private static long flags(final boolean masked, final boolean level, final boolean activeLow)
    {
        return (masked ? MASK.mask() : 0) | (level ? TRIGGER_MODE.mask() : 0) | (activeLow ? POLARITY.mask() : 0);
    }

    /**
     * @param entry an entry
     * @return its vector field
     */
    public static int vector(final long entry)
    {
        return (int) VECTOR.extract(entry);
    }

    /**
     * @param entry an entry in compatibility format
     * @return its delivery mode
     */
    public static int deliveryMode(final long entry)
    {
        return (int) DELIVERY_MODE.extract(entry);
    }

    /**
     * @param entry an entry in compatibility format
     * @return whether its destination is logical
     */
    public static boolean logical(final long entry)
    {
        return DESTINATION_MODE.isSet(entry);
    }

    /**
     * @param entry an entry in compatibility format
     * @return its destination
     */
    public static int destination(final long entry)
    {
        return (int) DESTINATION.extract(entry);
    }

    /**
     * @param entry an entry
     * @return whether its input is level-triggered
     */
    public static boolean levelTriggered(final long entry)
    {
        return TRIGGER_MODE.isSet(entry);
    }

    /**
     * @param entry an entry
     * @return whether it is masked
     */
    public static boolean masked(final long entry)
    {
        return MASK.isSet(entry);
    }

    /**
     * @param entry an entry
     * @return whether its input is active low
     */
    public static boolean activeLow(final long entry)
    {
        return POLARITY.isSet(entry);
    }

    /**
     * @param entry an entry
     * @return whether it is in remappable format
     */
    public static boolean isRemappable(final long entry)
    {
        return INTERRUPT_FORMAT.isSet(entry);
    }

    /**
     * @param entry an entry in remappable format
     * @return its interrupt index, 0 to 0xFFFF
     */
    public static int index(final long entry)
    {
        return (int) (INDEX.extract(entry) | INDEX_15.extract(entry) << 15);
    }
}
