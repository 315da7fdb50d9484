// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic.its;

import org.novaemu.util.BitField;

/**
 * GITS_TYPER (IHI 0069, chapter 12): what an ITS implements. The ITS builds its value with {@link #value()}; a driver
 * decodes it with {@link #of(long)}. The GICv4 fields from bit 37 (VMOVP and later) read 0 here and are not part of
 * the record.
 *
 * @param physical Physical: whether physical LPIs are supported (always, in a GICv3 ITS)
 * @param virtual Virtual: whether virtual LPIs and the GICv4 commands are supported
 * @param cct CCT: whether the collection tables of several ITSes are cumulative
 * @param ittEntrySize ITT_entry_size: the bytes of an ITT entry, minus one
 * @param idBits ID_bits: the EventID bits, minus one
 * @param devBits Devbits: the DeviceID bits, minus one
 * @param seis SEIS: whether command errors raise a system error
 * @param pta PTA: whether a collection's target is a redistributor's physical address (1) or its processor number (0)
 * @param hcc HCC: how many collections the ITS holds itself, without a table in memory
 * @param cidBits CIDbits: the collection ID bits, minus one (when CIL is 1)
 * @param cil CIL: whether CIDbits gives the collection ID bits (0: 16 bits)
 */
public record GitsTyper(boolean physical, boolean virtual, boolean cct, int ittEntrySize, int idBits, int devBits,
                        boolean seis, boolean pta, int hcc, int cidBits, boolean cil)
{
    /** Physical. */
    public static final BitField PHYSICAL = BitField.bit("Physical", 0);
    /** Virtual. */
    public static final BitField VIRTUAL = BitField.bit("Virtual", 1);
    /** CCT. */
    public static final BitField CCT = BitField.bit("CCT", 2);
    /** ITT_entry_size. */
    public static final BitField ITT_ENTRY_SIZE = new BitField("ITT_entry_size", 4, 4);
    /** ID_bits. */
    public static final BitField ID_BITS = new BitField("ID_bits", 8, 5);
    /** Devbits. */
    public static final BitField DEVBITS = new BitField("Devbits", 13, 5);
    /** SEIS. */
    public static final BitField SEIS = BitField.bit("SEIS", 18);
    /** PTA. */
    public static final BitField PTA = BitField.bit("PTA", 19);
    /** HCC. */
    public static final BitField HCC = new BitField("HCC", 24, 8);
    /** CIDbits. */
    public static final BitField CID_BITS = new BitField("CIDbits", 32, 4);
    /** CIL. */
    public static final BitField CIL = BitField.bit("CIL", 36);

    /**
     * @param value a GITS_TYPER value
     * @return its fields
     */
    public static GitsTyper of(final long value)
    {
        return new GitsTyper(PHYSICAL.isSet(value), VIRTUAL.isSet(value), CCT.isSet(value),
            (int) ITT_ENTRY_SIZE.extract(value), (int) ID_BITS.extract(value), (int) DEVBITS.extract(value),
            SEIS.isSet(value), PTA.isSet(value), (int) HCC.extract(value), (int) CID_BITS.extract(value),
            CIL.isSet(value));
    }

    /** @return the register's value: CIDbits is RES0 when CIL is 0 (IHI 0069, GITS_TYPER) */
    public long value()
    {
        return flag(PHYSICAL, physical) | flag(VIRTUAL, virtual) | flag(CCT, cct)
            | ITT_ENTRY_SIZE.encode(ittEntrySize) | ID_BITS.encode(idBits) | DEVBITS.encode(devBits)
            | flag(SEIS, seis) | flag(PTA, pta) | HCC.encode(hcc) | (cil ? CID_BITS.encode(cidBits) : 0)
            | flag(CIL, cil);
    }

    /** @return the number of EventID bits */
    public int eventIdBits()
    {
        return idBits + 1;
    }

    /** @return the number of DeviceID bits */
    public int deviceIdBits()
    {
        return devBits + 1;
    }

    /** @return the number of collection ID bits: CIDbits + 1 with CIL, else 16 */
    public int collectionIdBits()
    {
        return cil ? cidBits + 1 : 16;
    }

    /** @return the size of an ITT entry in bytes */
    public int ittEntryBytes()
    {
        return ittEntrySize + 1;
    }

    private static long flag(final BitField f, final boolean on)
    {
        return on ? f.mask() : 0;
    }
}
