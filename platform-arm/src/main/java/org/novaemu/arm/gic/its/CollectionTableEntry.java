// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic.its;

import org.novaemu.util.BitField;

/**
 * This ITS's collection table entry, 8 bytes (the format is the ITS's own, IHI 0069 chapter 6; decision A82): Valid
 * in bit 63 and the target redistributor's processor number in bits 15:0 (GITS_TYPER.PTA 0). A zero entry is an
 * unmapped collection. The collections the ITS holds itself (GITS_TYPER.HCC) keep the same value in the ITS.
 */
final class CollectionTableEntry
{
    /** The entry's size in bytes. */
    static final int SIZE = 8;
    /** The collection is mapped. */
    static final BitField VALID = BitField.bit("Valid", 63);
    /** The target redistributor's processor number. */
    static final BitField PROCESSOR_NUMBER = new BitField("RDbase", 0, 16);

    private CollectionTableEntry()
    {
    }

    /**
     * @param pe the target's processor number
     * @return a valid entry
     */
    static long encode(final int pe)
    {
        return VALID.mask() | PROCESSOR_NUMBER.encode(pe);
    }

    /**
     * @param entry an entry
     * @return its target's processor number, or -1 if the collection is not mapped
     */
    static int target(final long entry)
    {
        return VALID.isSet(entry) ? (int) PROCESSOR_NUMBER.extract(entry) : -1;
    }
}
