// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu;

import org.novaemu.mem.PhysicalMemory;
import org.novaemu.util.BitField;

/**
 * A 64-byte Stream Table Entry (IHI 0070 G.b, 5.2), little-endian; the fields a stage 2 only SMMU uses lie in
 * its first four 64-bit words (words 4 to 7 are written as zero). Each field constant names the word it lies in.
 * A driver builds an STE with the factories and writes it with {@link #writeTo}; the model decodes the words it
 * fetched with the fields here ({@link StreamTable}), allocation-free.
 *
 * @param word0 bits 63:0 (V, Config, stage 1 fields)
 * @param word1 bits 127:64 (stream attributes)
 * @param word2 bits 191:128 (S2VMID and the stage 2 configuration)
 * @param word3 bits 255:192 (S2TTB)
 */
public record Ste(long word0, long word1, long word2, long word3)
{
    /** An STE's size in bytes. */
    public static final int SIZE = 64;

    /** Word 0: valid. */
    public static final BitField V = BitField.bit("V", 0);
    /** Word 0: stream configuration ({@link #CONFIG_ABORT} ...). */
    public static final BitField CONFIG = new BitField("Config", 1, 3);
    /** Word 2: the VMID tagging the stream's translations (bits 143:128). */
    public static final BitField S2VMID = new BitField("S2VMID", 0, 16);
    /** Word 2: the IPA size is {@code 64 - S2T0SZ} bits (bits 165:160). */
    public static final BitField S2T0SZ = new BitField("S2T0SZ", 32, 6);
    /** Word 2: the walk's start level; with 4 KiB granules 0, 1, 2 start at levels 2, 1, 0 (bits 167:166). */
    public static final BitField S2SL0 = new BitField("S2SL0", 38, 2);
    /** Word 2: table walk inner cacheability (bits 169:168). */
    public static final BitField S2IR0 = new BitField("S2IR0", 40, 2);
    /** Word 2: table walk outer cacheability (bits 171:170). */
    public static final BitField S2OR0 = new BitField("S2OR0", 42, 2);
    /** Word 2: table walk shareability (bits 173:172). */
    public static final BitField S2SH0 = new BitField("S2SH0", 44, 2);
    /** Word 2: the granule (0 for 4 KiB, the only one this SMMU has) (bits 175:174). */
    public static final BitField S2TG = new BitField("S2TG", 46, 2);
    /** Word 2: the output address size, encoded as IDR5.OAS (bits 178:176). */
    public static final BitField S2PS = new BitField("S2PS", 48, 3);
    /** Word 2: VMSAv8-64 tables (must be 1 here) (bit 179). */
    public static final BitField S2AA64 = BitField.bit("S2AA64", 51);
    /** Word 2: big-endian tables (must be 0 here) (bit 180). */
    public static final BitField S2ENDI = BitField.bit("S2ENDI", 52);
    /** Word 2: Access flag faults disabled (bit 181). */
    public static final BitField S2AFFD = BitField.bit("S2AFFD", 53);
    /** Word 2: hardware dirty state update (must be 0 here) (bit 183). */
    public static final BitField S2HD = BitField.bit("S2HD", 55);
    /** Word 2: hardware Access flag update (must be 0 here) (bit 184). */
    public static final BitField S2HA = BitField.bit("S2HA", 56);
    /** Word 2: stall on stage 2 faults (must be 0 here) (bit 185). */
    public static final BitField S2S = BitField.bit("S2S", 57);
    /** Word 2: record stage 2 translation faults as events (bit 186). */
    public static final BitField S2R = BitField.bit("S2R", 58);
    /** Word 3: the start-level table's address, bits 51:4 (bits 243:196). */
    public static final BitField S2TTB = new BitField("S2TTB", 4, 48);

    /** Config: report abort to the device, no event. */
    public static final int CONFIG_ABORT = 0b000;
    /** Config: both stages bypass. */
    public static final int CONFIG_BYPASS = 0b100;
    /** Config: stage 1 translates (ILLEGAL here: no stage 1). */
    public static final int CONFIG_S1 = 0b101;
    /** Config: stage 2 translates. */
    public static final int CONFIG_S2 = 0b110;
    /** Config: both stages translate (ILLEGAL here). */
    public static final int CONFIG_NESTED = 0b111;

    /** @return an invalid STE (V 0): transactions abort and record C_BAD_STE */
    public static Ste invalid()
    {
        return new Ste(0, 0, 0, 0);
    }

    /** @return a valid STE that aborts the stream's transactions silently */
    public static Ste abort()
    {
        return new Ste(V.mask() | CONFIG.encode(CONFIG_ABORT), 0, 0, 0);
    }

    /** @return a valid STE whose transactions bypass translation */
    public static Ste bypass()
    {
        return new Ste(V.mask() | CONFIG.encode(CONFIG_BYPASS), 0, 0, 0);
    }

    /**
     * A valid stage 2 STE as NOVA's SMMUv3 driver writes it: VMSAv8-64 tables with 4 KiB granules, walked
     * write-back cacheable and inner shareable, faults recorded (S2R), Access flag faults enabled.
     *
     * @param vmid the VMID
     * @param ttb the start-level table's address
     * @param t0sz 64 minus the IPA size in bits
     * @param sl0 the start level's encoding (2 for level 0, 1 for level 1, 0 for level 2)
     * @param ps the output address size's encoding (5 for 48 bits)
     * @return the STE
     */
    public static Ste stage2(final int vmid, final long ttb, final int t0sz, final int sl0, final int ps)
    {
        final long w2 = S2VMID.encode(vmid) | S2T0SZ.encode(t0sz) | S2SL0.encode(sl0) | S2IR0.encode(1)
            | S2OR0.encode(1) | S2SH0.encode(3) | S2PS.encode(ps) | S2AA64.mask() | S2R.mask();
        return new Ste(V.mask() | CONFIG.encode(CONFIG_S2), 0, w2, ttb & S2TTB.mask());
    }

    /**
     * @param word the word, 0 to 3
     * @param field a field of that word
     * @param value the field's new value
     * @return this STE with the field replaced
     */
    public Ste with(final int word, final BitField field, final long value)
    {
        return new Ste(word == 0 ? field.deposit(word0, value) : word0,
            word == 1 ? field.deposit(word1, value) : word1,
            word == 2 ? field.deposit(word2, value) : word2,
            word == 3 ? field.deposit(word3, value) : word3);
    }

    /**
     * Writes the STE, its words 4 to 7 zero.
     *
     * @param memory the memory
     * @param address the STE's address
     */
    public void writeTo(final PhysicalMemory memory, final long address)
    {
        memory.write64(address, word0);
        memory.write64(address + 8, word1);
        memory.write64(address + 16, word2);
        memory.write64(address + 24, word3);
        for (int i = 4; i < SIZE / 8; i++)
        {
            memory.write64(address + 8L * i, 0);
        }
    }
}
