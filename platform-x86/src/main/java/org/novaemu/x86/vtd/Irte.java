// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.vtd;

import org.novaemu.util.BitField;

/**
 * An interrupt remapping table entry in remapped format (Intel VT-d specification 9.10): 128 bits. Low 64:
 * present [0], fault processing disable [1], destination mode [2], redirection hint [3], trigger mode [4],
 * delivery mode [7:5], IRTE mode [15] (0: remapped; 1 is posted, not supported), vector [23:16] and the
 * destination [63:32] (x2APIC ID with EIME, else an xAPIC ID in [47:40]). High 64: source ID [15:0], source
 * qualifier [17:16] and source validation type [19:18].
 *
 * <p>The reads are static methods over the two words, so that the unit remaps an interrupt without
 * allocating; the record is an entry a driver builds and writes.
 *
 * @param low bits 63:0
 * @param high bits 127:64
 */
public record Irte(long low, long high)
{
    /** The entry's size in bytes. */
    public static final int SIZE = 16;
    /** An entry that is not present: its interrupts fault. */
    public static final Irte NOT_PRESENT = new Irte(0, 0);

    /** Low: present. */
    public static final BitField PRESENT = BitField.bit("P", 0);
    /** Low: fault processing disable. */
    public static final BitField FAULT_PROCESSING_DISABLE = BitField.bit("FPD", 1);
    /** Low: destination mode, 1 logical. */
    public static final BitField DESTINATION_MODE = BitField.bit("DM", 2);
    /** Low: redirection hint. */
    public static final BitField REDIRECTION_HINT = BitField.bit("RH", 3);
    /** Low: trigger mode, 1 level. */
    public static final BitField TRIGGER_MODE = BitField.bit("TM", 4);
    /** Low: delivery mode. */
    public static final BitField DELIVERY_MODE = new BitField("DLM", 5, 3);
    /** Low: IRTE mode, 1 posted. */
    public static final BitField IRTE_MODE = BitField.bit("IM", 15);
    /** Low: vector. */
    public static final BitField VECTOR = new BitField("V", 16, 8);
    /** Low: destination ID. */
    public static final BitField DESTINATION = new BitField("DST", 32, 32);
    /** High: source ID. */
    public static final BitField SOURCE_ID = new BitField("SID", 0, 16);
    /** High: source-ID qualifier, how many function bits verification ignores. */
    public static final BitField SOURCE_QUALIFIER = new BitField("SQ", 16, 2);
    /** High: source validation type. */
    public static final BitField SOURCE_VALIDATION = new BitField("SVT", 18, 2);

    /** SVT: no verification. */
    public static final int SVT_NONE = 0;
    /** SVT: the requester ID must match SID, under the SQ mask. */
    public static final int SVT_REQUESTER = 1;
    /** SVT: the requester's bus must lie in [SID[15:8], SID[7:0]]. */
    public static final int SVT_BUS_RANGE = 2;

    /** Low bits reserved in either mode: 14:12, IM (posted interrupts are not supported) and 31:24. */
    private static final long RESERVED_LOW = 0xff00_f000L;
    /** Low bits reserved without EIME: the destination's bits other than 47:40. */
    private static final long RESERVED_XAPIC_DESTINATION = 0xffff_00ff_0000_0000L;

    /**
     * A present entry that delivers a fixed interrupt to a physical destination and verifies the requester
     * (SVT 1): what NOVA writes for assign_int.
     *
     * @param destination the destination field: an x2APIC ID (EIME), or {@link #xapicDestination}
     * @param vector the vector
     * @param level whether the interrupt is level-triggered
     * @param sourceId the requester ID the interrupt must come from
     * @param sourceQualifier how many function bits the check ignores (SQ)
     * @return the entry
     */
    public static Irte remapped(final int destination, final int vector, final boolean level, final int sourceId,
                                final int sourceQualifier)
    {
        return new Irte(DESTINATION.encode(destination & 0xffff_ffffL) | VECTOR.encode(vector)
            | (level ? TRIGGER_MODE.mask() : 0) | PRESENT.mask(),
            SOURCE_VALIDATION.encode(SVT_REQUESTER) | SOURCE_QUALIFIER.encode(sourceQualifier)
                | SOURCE_ID.encode(sourceId));
    }

    /**
     * @param apicId an 8-bit xAPIC ID
     * @return the destination field that names it without EIME (bits 47:40 of the entry)
     */
    public static int xapicDestination(final int apicId)
    {
        return (apicId & 0xff) << 8;
    }

    /**
     * @param table the interrupt remapping table's address
     * @param index an interrupt index
     * @return the address of its entry
     */
    public static long at(final long table, final int index)
    {
        return table + (long) SIZE * index;
    }

    /**
     * @param low an entry's low 64 bits
     * @return whether it is present
     */
    public static boolean isPresent(final long low)
    {
        return PRESENT.isSet(low);
    }

    /**
     * @param low an entry's low 64 bits
     * @return whether fault processing is disabled
     */
    public static boolean faultProcessingDisabled(final long low)
    {
        return FAULT_PROCESSING_DISABLE.isSet(low);
    }

    /**
     * @param low an entry's low 64 bits
     * @return whether the destination is logical
     */
    public static boolean logical(final long low)
    {
        return DESTINATION_MODE.isSet(low);
    }

    /**
     * @param low an entry's low 64 bits
     * @return whether the interrupt is level-triggered
     */
    public static boolean levelTriggered(final long low)
    {
        return TRIGGER_MODE.isSet(low);
    }

    /**
     * @param low an entry's low 64 bits
     * @return the delivery mode
     */
    public static int deliveryMode(final long low)
    {
        return (int) DELIVERY_MODE.extract(low);
    }

    /**
     * @param low an entry's low 64 bits
     * @return the vector
     */
    public static int vector(final long low)
    {
        return (int) VECTOR.extract(low);
    }

    /**
     * @param low an entry's low 64 bits
     * @param eim whether the table has x2APIC destinations (IRTA.EIME)
     * @return the destination: a 32-bit x2APIC ID, or an 8-bit xAPIC ID
     */
    public static int destination(final long low, final boolean eim)
    {
        final int dst = (int) DESTINATION.extract(low);
        return eim ? dst : dst >>> 8 & 0xff;
    }

    /**
     * @param low an entry's low 64 bits
     * @param high its high 64 bits
     * @param eim whether the table has x2APIC destinations (IRTA.EIME)
     * @return whether a reserved bit is set: then the entry faults
     */
    public static boolean hasReservedBits(final long low, final long high, final boolean eim)
    {
        return (low & (RESERVED_LOW | (eim ? 0 : RESERVED_XAPIC_DESTINATION))) != 0 || high >>> 20 != 0;
    }

    /**
     * @param high an entry's high 64 bits
     * @return its source ID
     */
    public static int sourceId(final long high)
    {
        return (int) SOURCE_ID.extract(high);
    }

    /**
     * @param high an entry's high 64 bits
     * @return its source-ID qualifier
     */
    public static int sourceQualifier(final long high)
    {
        return (int) SOURCE_QUALIFIER.extract(high);
    }

    /**
     * @param high an entry's high 64 bits
     * @return its source validation type
     */
    public static int sourceValidation(final long high)
    {
        return (int) SOURCE_VALIDATION.extract(high);
    }
}
