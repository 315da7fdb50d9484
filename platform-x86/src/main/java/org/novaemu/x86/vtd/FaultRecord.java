// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.vtd;

import org.novaemu.util.BitField;

/**
 * A primary fault record (Intel VT-d specification 10.4.14), 128 bits. Low 64: fault information [63:12],
 * the page address of a DMA fault or, for an interrupt-remapping fault, the interrupt index in [63:48].
 * High 64 (bits 127:64 of the record): source ID [15:0], fault reason [39:32], type [62] (1: read) and
 * fault [63], which software clears by writing 1.
 *
 * <p>The unit writes records with the static methods, allocation-free; a driver reads them back with the
 * same ones, or as a record.
 *
 * @param low bits 63:0
 * @param high bits 127:64
 */
public record FaultRecord(long low, long high)
{
    /** Low: fault information, the faulting page's address. */
    public static final BitField FAULT_INFO = new BitField("FI", 12, 52);
    /** Low: the interrupt index of an interrupt-remapping fault (the top of FI). */
    public static final BitField INTERRUPT_INDEX = new BitField("FI interrupt_index", 48, 16);
    /** High: source ID of the faulting request. */
    public static final BitField SOURCE_ID = new BitField("SID", 0, 16);
    /** High: fault reason. */
    public static final BitField REASON = new BitField("FR", 32, 8);
    /** High: type, 1 a read request, 0 a write (an interrupt request counts as a write). */
    public static final BitField TYPE = BitField.bit("T", 62);
    /** High: fault, the record holds a fault (RW1C). */
    public static final BitField FAULT = BitField.bit("F", 63);
    /** {@link #FAULT} in the upper 32 bits of the high half, for a 32-bit write that clears it. */
    public static final long FAULT_UPPER_DWORD = FAULT.mask() >>> 32;

    /**
     * @param address the faulting address
     * @return the low 64 bits of a DMA fault's record
     */
    public static long dmaInfo(final long address)
    {
        return address & FAULT_INFO.mask();
    }

    /**
     * @param index the interrupt index
     * @return the low 64 bits of an interrupt-remapping fault's record
     */
    public static long interruptInfo(final int index)
    {
        return INTERRUPT_INDEX.encode(index);
    }

    /**
     * @param sourceId the requester's source ID
     * @param reason the fault reason
     * @param write whether the request was a write (or an interrupt)
     * @return the high 64 bits of a record that holds the fault
     */
    public static long high(final int sourceId, final int reason, final boolean write)
    {
        return FAULT.mask() | (write ? 0 : TYPE.mask()) | REASON.encode(reason) | SOURCE_ID.encode(sourceId);
    }

    /**
     * @param high a record's high 64 bits
     * @return whether it holds a fault (F)
     */
    public static boolean isFault(final long high)
    {
        return FAULT.isSet(high);
    }

    /**
     * @param high a record's high 64 bits
     * @return the faulting request's source ID
     */
    public static int sourceId(final long high)
    {
        return (int) SOURCE_ID.extract(high);
    }

    /**
     * @param high a record's high 64 bits
     * @return the fault reason
     */
    public static int reason(final long high)
    {
        return (int) REASON.extract(high);
    }

    /**
     * @param high a record's high 64 bits
     * @return whether the faulting request was a read
     */
    public static boolean isRead(final long high)
    {
        return TYPE.isSet(high);
    }
}
