// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu;

import org.novaemu.mem.PhysicalMemory;
import org.novaemu.util.BitField;

/**
 * A 32-byte record of the SMMUv3 event queue (IHI 0070 G.b, 7.3), little-endian, as four 64-bit words: the
 * event number and the StreamID in the first, the access's attributes and the fault's stage and class in the
 * second, the input address in the third, and the IPA (translation faults) or the fetch address (fetch aborts)
 * in the fourth. The model writes the words with the fields here; a driver reads a record back with
 * {@link #readFrom} and asks it what happened.
 *
 * @param word0 bits 63:0
 * @param word1 bits 127:64
 * @param word2 bits 191:128
 * @param word3 bits 255:192
 */
public record Event(long word0, long word1, long word2, long word3)
{
    /** A record's size in bytes. */
    public static final int SIZE = 32;

    /** Word 0: the event number, bits 7:0. */
    public static final BitField TYPE = new BitField("type", 0, 8);
    /** Word 0: the StreamID, bits 63:32. */
    public static final BitField STREAM_ID = new BitField("StreamID", 32, 32);
    /** Word 1: privileged access, bit 33 (devices' accesses here are unprivileged). */
    public static final BitField PNU = BitField.bit("PnU", 33);
    /** Word 1: instruction access, bit 34 (devices' accesses here are data). */
    public static final BitField IND = BitField.bit("InD", 34);
    /** Word 1: read (1) or write (0), bit 35. */
    public static final BitField RNW = BitField.bit("RnW", 35);
    /** Word 1: the fault is of stage 2, bit 39. */
    public static final BitField S2 = BitField.bit("S2", 39);
    /** Word 1: the class of the faulting operation, bits 41:40 ({@link #CLASS_IN} ...). */
    public static final BitField CLASS = new BitField("CLASS", 40, 2);
    /** Word 3: the IPA of a translation-related fault, bits 55:12. */
    public static final BitField IPA = new BitField("IPA", 12, 44);
    /** Word 3: the address of an aborted fetch (STE, descriptor), bits 55:3. */
    public static final BitField FETCH_ADDRESS = new BitField("FetchAddr", 3, 53);

    /** C_BAD_STREAMID: StreamID out of range (7.3.3). */
    public static final int C_BAD_STREAMID = 0x02;
    /** F_STE_FETCH: an STE or L1STD fetch aborted (7.3.4). */
    public static final int F_STE_FETCH = 0x03;
    /** C_BAD_STE: the STE is invalid or ILLEGAL (7.3.5). */
    public static final int C_BAD_STE = 0x04;
    /** F_WALK_EABT: a translation table descriptor fetch aborted (7.3.12). */
    public static final int F_WALK_EABT = 0x0b;
    /** F_TRANSLATION: the address is out of range or no valid descriptor maps it (7.3.13). */
    public static final int F_TRANSLATION = 0x10;
    /** F_ADDR_SIZE: an address beyond the output (or stage 1 bypass input) size (7.3.14). */
    public static final int F_ADDR_SIZE = 0x11;
    /** F_ACCESS: the descriptor's Access flag is 0 (7.3.15). */
    public static final int F_ACCESS = 0x12;
    /** F_PERMISSION: the descriptor's S2AP does not allow the access (7.3.16). */
    public static final int F_PERMISSION = 0x13;

    /** CLASS: CD fetch. */
    public static final int CLASS_CD = 0;
    /** CLASS: stage 1 translation table fetch. */
    public static final int CLASS_TT = 1;
    /** CLASS: the input address of the transaction. */
    public static final int CLASS_IN = 2;

    /**
     * @param type the event number
     * @param streamId the StreamID
     * @return word 0 of a record without SubstreamID
     */
    static long word0(final int type, final int streamId)
    {
        return type | STREAM_ID.encode(streamId);
    }

    /**
     * @param read whether the transaction was a read
     * @param stage2 whether the fault is of stage 2
     * @return word 1 of a record of a data access from a device, of class IN
     */
    static long word1(final boolean read, final boolean stage2)
    {
        return (read ? RNW.mask() : 0) | (stage2 ? S2.mask() : 0) | CLASS.encode(CLASS_IN);
    }

    /** @return the event number */
    public int type()
    {
        return (int) TYPE.extract(word0);
    }

    /** @return the StreamID */
    public int streamId()
    {
        return (int) STREAM_ID.extract(word0);
    }

    /** @return whether the transaction was a read */
    public boolean read()
    {
        return RNW.isSet(word1);
    }

    /** @return whether the fault is of stage 2 */
    public boolean stage2()
    {
        return S2.isSet(word1);
    }

    /** @return the fault's class ({@link #CLASS_IN} ...) */
    public int faultClass()
    {
        return (int) CLASS.extract(word1);
    }

    /** @return the transaction's input address */
    public long inputAddress()
    {
        return word2;
    }

    /** @return the IPA of a translation-related fault, bits 11:0 zero */
    public long ipa()
    {
        return word3 & IPA.mask();
    }

    /** @return the address of an aborted fetch, bits 2:0 zero */
    public long fetchAddress()
    {
        return word3 & FETCH_ADDRESS.mask();
    }

    /**
     * @param memory the memory
     * @param address a queue entry's address
     * @return the record there
     */
    public static Event readFrom(final PhysicalMemory memory, final long address)
    {
        return new Event(memory.read64(address), memory.read64(address + 8), memory.read64(address + 16),
            memory.read64(address + 24));
    }
}
