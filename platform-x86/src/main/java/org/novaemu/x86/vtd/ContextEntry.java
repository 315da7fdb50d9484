// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.vtd;

import org.novaemu.util.BitField;

/**
 * A legacy-mode context entry (Intel VT-d specification 9.3): 128 bits per device and function, in the
 * 4 KiB context table a {@link RootEntry} points at. Low 64 bits: present [0], fault processing disable
 * [1], translation type [3:2] and the second-level page table pointer [63:12]; high 64 bits: address width
 * [2:0] and domain ID [23:8].
 *
 * <p>The reads are static methods over the two words, for the unit's table walk; the record is an entry a
 * driver builds and writes.
 *
 * @param low bits 63:0
 * @param high bits 127:64
 */
public record ContextEntry(long low, long high)
{
    /** The entry's size in bytes. */
    public static final int SIZE = 16;
    /** Low: present. */
    public static final BitField PRESENT = BitField.bit("P", 0);
    /** Low: fault processing disable, no fault records for this device. */
    public static final BitField FAULT_PROCESSING_DISABLE = BitField.bit("FPD", 1);
    /** Low: translation type. */
    public static final BitField TRANSLATION_TYPE = new BitField("TT", 2, 2);
    /** Low: second-level page table pointer, the top table's page frame (bits 51:12 here). */
    public static final BitField SECOND_LEVEL_TABLE = new BitField("SLPTPTR", 12, 40);
    /** High: address width, the levels of the second-level tables ({@link #addressWidth(int)}). */
    public static final BitField ADDRESS_WIDTH = new BitField("AW", 0, 3);
    /** High: domain identifier. */
    public static final BitField DOMAIN_ID = new BitField("DID", 8, 16);

    /** Translation type 00b: untranslated requests go through the second-level tables (the only one here). */
    public static final int TT_SECOND_LEVEL = 0;

    /**
     * A present entry for second-level translation.
     *
     * @param table the top second-level table's address, 4 KiB aligned
     * @param domainId the domain ID
     * @param addressWidth the address width ({@link #addressWidth(int)})
     * @return the entry
     */
    public static ContextEntry translated(final long table, final int domainId, final int addressWidth)
    {
        return new ContextEntry(table & SECOND_LEVEL_TABLE.mask() | PRESENT.mask(),
            DOMAIN_ID.encode(domainId) | ADDRESS_WIDTH.encode(addressWidth));
    }

    /**
     * @param levels second-level table levels, 3 (39-bit) or 4 (48-bit)
     * @return the address width field for them: 1 or 2
     */
    public static int addressWidth(final int levels)
    {
        return levels - 2;
    }

    /**
     * @param contextTable a context table's address
     * @param devfn a device and function number, 0 to 255
     * @return the address of its entry
     */
    public static long at(final long contextTable, final int devfn)
    {
        return contextTable + (long) SIZE * devfn;
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
     * @return its translation type
     */
    public static int translationType(final long low)
    {
        return (int) TRANSLATION_TYPE.extract(low);
    }

    /**
     * @param low an entry's low 64 bits
     * @return the top second-level table's address
     */
    public static long secondLevelTable(final long low)
    {
        return low & SECOND_LEVEL_TABLE.mask();
    }

    /**
     * @param high an entry's high 64 bits
     * @return its address width field
     */
    public static int addressWidthOf(final long high)
    {
        return (int) ADDRESS_WIDTH.extract(high);
    }

    /**
     * @param high an entry's high 64 bits
     * @return its domain ID
     */
    public static int domainId(final long high)
    {
        return (int) DOMAIN_ID.extract(high);
    }
}
