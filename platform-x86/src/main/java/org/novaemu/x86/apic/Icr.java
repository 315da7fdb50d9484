// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

import org.novaemu.util.BitField;

/**
 * The interrupt command register (Intel SDM volume 3A, 11.6.1, figure 11-12; x2APIC: 11.12.9, figure
 * 11-28) as one 64-bit value: in xAPIC mode two 32-bit registers, {@link ApicRegister#ICR} for bits 31:0
 * and {@link ApicRegister#ICR_HIGH} for bits 63:32, with an 8-bit destination in bits 63:56; in x2APIC mode
 * one 64-bit MSR with a 32-bit destination in bits 63:32.
 *
 * <p>The reads are static methods over the value, so that the APIC decodes an ICR write without allocating;
 * the writes build the value a driver puts into the register.
 */
public final class Icr
{
    /** Vector. */
    public static final BitField VECTOR = new BitField("Vector", 0, 8);
    /** Delivery mode ({@link Delivery}). */
    public static final BitField DELIVERY_MODE = new BitField("Delivery Mode", 8, 3);
    /** Destination mode: 1 logical. */
    public static final BitField DESTINATION_MODE = BitField.bit("Destination Mode", 11);
    /** Delivery status (read-only; always 0 here: an IPI leaves at once). */
    public static final BitField DELIVERY_STATUS = BitField.bit("Delivery Status", 12);
    /** Level: 0 only for an INIT level de-assert. */
    public static final BitField LEVEL = BitField.bit("Level", 14);
    /** Trigger mode: 1 level. */
    public static final BitField TRIGGER_MODE = BitField.bit("Trigger Mode", 15);
    /**
     * Destination shorthand: {@link #NO_SHORTHAND}, {@link #SELF}, {@link #ALL_INCLUDING_SELF} or
     * {@link #ALL_EXCLUDING_SELF}.
     */
    public static final BitField SHORTHAND = new BitField("Destination Shorthand", 18, 2);
    /** Destination in xAPIC mode: an APIC ID or a logical destination. */
    public static final BitField XAPIC_DESTINATION = new BitField("Destination", 56, 8);
    /** Destination in x2APIC mode. */
    public static final BitField X2APIC_DESTINATION = new BitField("Destination", 32, 32);

    /** Shorthand: the destination field names the targets. */
    public static final int NO_SHORTHAND = 0;
    /** Shorthand: the sending APIC itself. */
    public static final int SELF = 1;
    /** Shorthand: every APIC, the sender included. */
    public static final int ALL_INCLUDING_SELF = 2;
    /** Shorthand: every APIC but the sender. */
    public static final int ALL_EXCLUDING_SELF = 3;

    /** The bits of the xAPIC low half software may write (delivery status and reserved bits are not). */
    public static final int XAPIC_LOW_WRITABLE = (int) (VECTOR.mask() | DELIVERY_MODE.mask()
        | DESTINATION_MODE.mask() | LEVEL.mask() | TRIGGER_MODE.mask() | SHORTHAND.mask());
    /** The bits of the xAPIC high half software may write: the destination. */
    public static final int XAPIC_HIGH_WRITABLE = (int) (XAPIC_DESTINATION.mask() >>> 32);

    private Icr()
    {
    }

    /**
     * @param icr an ICR value (or its low half)
     * @return the vector
     */
    public static int vector(final long icr)
    {
        return (int) VECTOR.extract(icr);
    }

    /**
     * @param icr an ICR value (or its low half)
     * @return the delivery mode
     */
    public static int deliveryMode(final long icr)
    {
        return (int) DELIVERY_MODE.extract(icr);
    }

    /**
     * @param icr an ICR value (or its low half)
     * @return whether the destination is logical
     */
    public static boolean logical(final long icr)
    {
        return DESTINATION_MODE.isSet(icr);
    }

    /**
     * @param icr an ICR value (or its low half)
     * @return the level bit (clear only for an INIT level de-assert)
     */
    public static boolean level(final long icr)
    {
        return LEVEL.isSet(icr);
    }

    /**
     * @param icr an ICR value (or its low half)
     * @return whether the trigger mode is level
     */
    public static boolean levelTriggered(final long icr)
    {
        return TRIGGER_MODE.isSet(icr);
    }

    /**
     * @param icr an ICR value (or its low half)
     * @return the destination shorthand
     */
    public static int shorthand(final long icr)
    {
        return (int) SHORTHAND.extract(icr);
    }

    /**
     * @param icr an ICR value
     * @param x2 whether the APIC is in x2APIC mode
     * @return the destination field: 8 bits in xAPIC mode, 32 in x2APIC mode
     */
    public static int destination(final long icr, final boolean x2)
    {
        return (int) (x2 ? X2APIC_DESTINATION.extract(icr) : XAPIC_DESTINATION.extract(icr));
    }

    /**
     * The ICR of the IPI NOVA sends between CPUs: fixed, physical destination, edge, in x2APIC format (the
     * level bit set, as the SDM asks of every mode but INIT level de-assert).
     *
     * @param destination the target's x2APIC ID
     * @param vector the vector
     * @return the 64-bit ICR value to write to {@link ApicRegister#ICR}'s MSR
     */
    public static long fixedPhysical(final int destination, final int vector)
    {
        return X2APIC_DESTINATION.encode(destination & 0xffff_ffffL) | LEVEL.mask() | VECTOR.encode(vector);
    }

    /**
     * An ICR value in either mode, without its destination.
     *
     * @param shorthand the destination shorthand
     * @param logical whether the destination is logical
     * @param mode the delivery mode
     * @param vector the vector
     * @param levelTriggered whether the trigger mode is level
     * @param level the level bit
     * @return the low half; add the destination with {@link #XAPIC_DESTINATION} or {@link #X2APIC_DESTINATION}
     */
    public static long command(final int shorthand, final boolean logical, final int mode, final int vector,
                               final boolean levelTriggered, final boolean level)
    {
        return SHORTHAND.encode(shorthand) | (logical ? DESTINATION_MODE.mask() : 0) | DELIVERY_MODE.encode(mode)
            | VECTOR.encode(vector) | (levelTriggered ? TRIGGER_MODE.mask() : 0) | (level ? LEVEL.mask() : 0);
    }
}
