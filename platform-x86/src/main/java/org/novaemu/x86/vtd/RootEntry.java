// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.vtd;

import org.novaemu.util.BitField;

/**
 * A root entry of a legacy-mode root table (Intel VT-d specification 9.1): 128 bits per PCI bus, of which
 * the low 64 hold the present bit [0] and the context table pointer [63:12]; the high 64 are reserved.
 * The root table is 4 KiB, indexed by the bus number.
 */
public final class RootEntry
{
    /** The entry's size in bytes. */
    public static final int SIZE = 16;
    /** Present. */
    public static final BitField PRESENT = BitField.bit("P", 0);
    /** Context table pointer: the table's page frame (physical address bits 51:12 here). */
    public static final BitField CONTEXT_TABLE = new BitField("CTP", 12, 40);

    private RootEntry()
    {
    }

    /**
     * @param rootTable the root table's address
     * @param bus a bus number
     * @return the address of the bus's entry
     */
    public static long at(final long rootTable, final int bus)
    {
        return rootTable + (long) SIZE * bus;
    }

    /**
     * @param contextTable the context table's address, 4 KiB aligned
     * @return the low 64 bits of a present entry pointing at it
     */
    public static long present(final long contextTable)
    {
        return contextTable & CONTEXT_TABLE.mask() | PRESENT.mask();
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
     * @return the address of its context table
     */
    public static long contextTable(final long low)
    {
        return low & CONTEXT_TABLE.mask();
    }
}
