// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic.its;

import org.novaemu.util.BitField;

/**
 * This ITS's interrupt translation table entry, 8 bytes (GITS_TYPER.ITT_entry_size 7; the format is the ITS's own,
 * IHI 0069 chapter 6; decision A82): Valid in bit 63, the collection in bits 47:32 and the physical LPI in bits 31:0.
 * Entry n of a device's ITT, at {@code ITT_addr + 8 n}, translates EventID n. A zero entry is an unmapped event, so
 * an ITT software zeroed maps none.
 */
final class InterruptTranslationEntry
{
    /** The entry's size in bytes. */
    static final int SIZE = 8;
    /** The event is mapped. */
    static final BitField VALID = BitField.bit("Valid", 63);
    /** The collection. */
    static final BitField ICID = new BitField("ICID", 32, 16);
    /** The physical LPI. */
    static final BitField PINTID = new BitField("pINTID", 0, 32);

    private InterruptTranslationEntry()
    {
    }

    /**
     * @param pintid the LPI
     * @param icid the collection
     * @return a valid entry
     */
    static long encode(final int pintid, final int icid)
    {
        return VALID.mask() | ICID.encode(icid) | PINTID.encode(pintid);
    }

    /**
     * @param entry an entry
     * @return whether it maps an event
     */
    static boolean valid(final long entry)
    {
        return VALID.isSet(entry);
    }

    /**
     * @param entry a valid entry
     * @return its LPI
     */
    static int pintid(final long entry)
    {
        return (int) PINTID.extract(entry);
    }

    /**
     * @param entry a valid entry
     * @return its collection
     */
    static int icid(final long entry)
    {
        return (int) ICID.extract(entry);
    }

    /**
     * @param entry a valid entry
     * @param icid a collection
     * @return the entry with its collection replaced
     */
    static long withIcid(final long entry, final int icid)
    {
        return ICID.deposit(entry, icid);
    }
}
