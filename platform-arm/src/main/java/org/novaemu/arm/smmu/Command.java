// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu;

import org.novaemu.mem.PhysicalMemory;
import org.novaemu.util.BitField;

/**
 * A 16-byte command of the SMMUv3 command queue (IHI 0070 G.b, chapter 4), little-endian: the opcode in bits 7:0
 * ({@link #OPCODE}), the rest as each command defines it. A driver builds one with the factories and writes it at
 * the queue's producer index ({@link #writeTo}); the model reads the two words and decodes them with the fields
 * here, allocation-free.
 *
 * @param low bits 63:0
 * @param high bits 127:64
 */
public record Command(long low, long high)
{
    /** A command's size in bytes. */
    public static final int SIZE = 16;

    /** Bits 7:0: the opcode (4.1.1). */
    public static final BitField OPCODE = new BitField("opcode", 0, 8);
    /** CFGI_*: SSec, bit 10; 1 is illegal on the Non-secure command queue (4.1.6). */
    public static final BitField SSEC = BitField.bit("SSec", 10);
    /** CFGI_* and PREFETCH_CONFIG: the StreamID, bits 63:32. */
    public static final BitField STREAM_ID = new BitField("StreamID", 32, 32);
    /** CFGI_STE (high word): Leaf, bit 0; 0 also invalidates the L1STD walked to the STE. */
    public static final BitField LEAF = BitField.bit("Leaf", 0);
    /** CFGI_STE_RANGE (high word): Range, bits 4:0; invalidates 2^(Range + 1) aligned StreamIDs. */
    public static final BitField RANGE = new BitField("Range", 0, 5);
    /** TLBI_S12_VMALL and TLBI_S2_IPA: the VMID, bits 47:32. */
    public static final BitField VMID = new BitField("VMID", 32, 16);
    /** TLBI_S2_IPA (high word): the IPA, bits 55:12 (51:12 are used: bits above the OAS match no entry). */
    public static final BitField IPA = new BitField("Address", 12, 44);
    /** CMD_SYNC: the completion signal, bits 13:12 ({@link #SIG_NONE} ...). */
    public static final BitField CS = new BitField("CS", 12, 2);
    /** CMD_SYNC: the MSI's shareability (bits 23:22) and memory type (27:24). */
    public static final BitField MSI_ATTR = new BitField("MSH, MSIAttr", 22, 6);
    /** CMD_SYNC: the MSI data, bits 63:32. */
    public static final BitField MSI_DATA = new BitField("MSIData", 32, 32);
    /** CMD_SYNC (high word): the MSI address, bits 55:2; zero sends no MSI. */
    public static final BitField MSI_ADDRESS = new BitField("MSIAddress", 2, 54);

    /** Opcode: prefetch an STE (4.2.1). */
    public static final int PREFETCH_CONFIG = 0x01;
    /** Opcode: prefetch a translation (4.2.2). */
    public static final int PREFETCH_ADDR = 0x02;
    /** Opcode: invalidate one STE (4.3.1). */
    public static final int CFGI_STE = 0x03;
    /** Opcode: invalidate a range of STEs; CFGI_ALL is Range 31 (4.3.2, 4.3.6). */
    public static final int CFGI_STE_RANGE = 0x04;
    /** Opcode: invalidate a CD (4.3.3); illegal without stage 1. */
    public static final int CFGI_CD = 0x05;
    /** Opcode: invalidate a stream's CDs (4.3.4); illegal without stage 1. */
    public static final int CFGI_CD_ALL = 0x06;
    /** Opcode: invalidate stage 1 EL1 entries (4.4.2.1); illegal without stage 1. */
    public static final int TLBI_NH_ALL = 0x10;
    /** Opcode: invalidate stage 1 EL2 entries (4.4.2.7); illegal without Hyp. */
    public static final int TLBI_EL2_ALL = 0x20;
    /** Opcode: invalidate all entries of a VMID (4.4.3.2). */
    public static final int TLBI_S12_VMALL = 0x28;
    /** Opcode: invalidate stage 2 entries by VMID and IPA (4.4.3.1). */
    public static final int TLBI_S2_IPA = 0x2a;
    /** Opcode: invalidate all Non-secure non-Hyp entries (4.4.4.1). */
    public static final int TLBI_NSNH_ALL = 0x30;
    /** Opcode: synchronize, with an optional completion signal (4.7.3). */
    public static final int SYNC = 0x46;

    /** CMD_SYNC.CS: no signal. */
    public static final int SIG_NONE = 0;
    /** CMD_SYNC.CS: an interrupt: the wired CMD_SYNC output, and an MSI if MSIAddress is not zero. */
    public static final int SIG_IRQ = 1;
    /** CMD_SYNC.CS: a WFE wake-up event. */
    public static final int SIG_SEV = 2;

    /**
     * @param streamId the StreamID
     * @param leaf whether only the STE is invalidated, not an L1STD walked to it
     * @return CMD_CFGI_STE
     */
    public static Command cfgiSte(final int streamId, final boolean leaf)
    {
        return new Command(CFGI_STE | STREAM_ID.encode(streamId), leaf ? LEAF.mask() : 0);
    }

    /**
     * @param streamId a StreamID in the range; its low {@code range + 1} bits are ignored
     * @param range the range, 0 to 31: {@code 2^(range + 1)} StreamIDs
     * @return CMD_CFGI_STE_RANGE
     */
    public static Command cfgiSteRange(final int streamId, final int range)
    {
        return new Command(CFGI_STE_RANGE | STREAM_ID.encode(streamId), RANGE.encode(range));
    }

    /** @return CMD_CFGI_ALL: CMD_CFGI_STE_RANGE with Range 31 */
    public static Command cfgiAll()
    {
        return cfgiSteRange(0, 31);
    }

    /**
     * @param vmid the VMID
     * @return CMD_TLBI_S12_VMALL
     */
    public static Command tlbiS12Vmall(final int vmid)
    {
        return new Command(TLBI_S12_VMALL | VMID.encode(vmid), 0);
    }

    /**
     * @param vmid the VMID
     * @param ipa an IPA in the page or block to invalidate
     * @param leaf whether only leaf entries need to go
     * @return CMD_TLBI_S2_IPA
     */
    public static Command tlbiS2Ipa(final int vmid, final long ipa, final boolean leaf)
    {
        return new Command(TLBI_S2_IPA | VMID.encode(vmid), ipa & IPA.mask() | (leaf ? LEAF.mask() : 0));
    }

    /** @return CMD_TLBI_NSNH_ALL */
    public static Command tlbiNsnhAll()
    {
        return new Command(TLBI_NSNH_ALL, 0);
    }

    /**
     * @param signal {@link #SIG_NONE}, {@link #SIG_IRQ} or {@link #SIG_SEV}
     * @param msiAddress with SIG_IRQ, where the MSI writes (4-byte aligned; 0 for none)
     * @param msiData the MSI's 32-bit data
     * @return CMD_SYNC
     */
    public static Command sync(final int signal, final long msiAddress, final int msiData)
    {
        return new Command(SYNC | CS.encode(signal) | MSI_DATA.encode(msiData), msiAddress & MSI_ADDRESS.mask());
    }

    /** @return the opcode */
    public int opcode()
    {
        return (int) OPCODE.extract(low);
    }

    /**
     * Writes the command where a queue entry lies.
     *
     * @param memory the memory
     * @param address the entry's address
     */
    public void writeTo(final PhysicalMemory memory, final long address)
    {
        memory.write64(address, low);
        memory.write64(address + 8, high);
    }

    /**
     * @param memory the memory
     * @param address a queue entry's address
     * @return the command there
     */
    public static Command readFrom(final PhysicalMemory memory, final long address)
    {
        return new Command(memory.read64(address), memory.read64(address + 8));
    }
}
