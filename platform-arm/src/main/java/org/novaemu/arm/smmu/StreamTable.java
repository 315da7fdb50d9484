// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu;

import java.util.Arrays;

import org.novaemu.mem.PhysicalMemory;
import org.novaemu.util.BitField;

/**
 * The SMMU's stream table (IHI 0070 G.b, 3.3.1, 5.1, 5.2; registers 6.3.24 and 6.3.25): STRTAB_BASE and
 * STRTAB_BASE_CFG, the lookup of a StreamID's STE in a linear or 2-level table, the STE's validity checks for a
 * stage 2 only SMMU (5.2.2), and a configuration cache of one decoded entry per StreamID.
 *
 * <p>Invariant (decision A103): every STE or L1STD fetched successfully is cached in whatever state it was, valid
 * or not, until a CMD_CFGI_STE, CMD_CFGI_STE_RANGE or CMD_CFGI_ALL covering its StreamID drops it (5.2.1); a
 * failed fetch (F_STE_FETCH) is not cached. StreamIDs beyond the table (STRTAB_BASE_CFG.LOG2SIZE, capped at
 * IDR1.SIDSIZE) are checked against the registers on every lookup. Lookups are one array index on a hit and
 * allocate nothing.
 */
final class StreamTable
{
    /** A lookup's outcome: the STE was not cached (internal). */
    static final int NOT_CACHED = 0;
    /** The STE aborts silently (Config 0b0xx). */
    static final int ABORT = 1;
    /** The STE bypasses translation (Config 0b100). */
    static final int BYPASS = 2;
    /** The STE translates with stage 2 (Config 0b110). */
    static final int STAGE2 = 3;
    /** The STE is invalid or ILLEGAL: C_BAD_STE. */
    static final int BAD_STE = 4;
    /** The StreamID reaches no STE: C_BAD_STREAMID. */
    static final int BAD_STREAMID = 5;
    /** The fetch of the STE or L1STD aborted: F_STE_FETCH at {@link #fetchAddress()}. */
    static final int FETCH_ABORT = 6;

    /** A decoded entry: its outcome. */
    static final BitField KIND = new BitField("kind", 0, 3);
    /** A decoded stage 2 entry: S2R. */
    static final BitField RECORD = BitField.bit("S2R", 3);
    /** A decoded stage 2 entry: S2AFFD. */
    static final BitField AFFD = BitField.bit("S2AFFD", 4);
    /** A decoded stage 2 entry: the start level, 0 to 2. */
    static final BitField START_LEVEL = new BitField("start level", 5, 2);
    /** A decoded stage 2 entry: the input (IPA) size in bits, 25 to 48. */
    static final BitField IAS = new BitField("IPA size", 8, 6);
    /** A decoded stage 2 entry: the effective output size in bits, 32 to 48. */
    static final BitField PS = new BitField("PA size", 16, 6);
    /** A decoded stage 2 entry: the VMID. */
    static final BitField VMID = new BitField("VMID", 32, 16);

    /** The output sizes in bits S2PS encodes; 0b110 and 0b111 behave as 0b101 in SMMUv3.0. */
    private static final int[] PA_BITS = {32, 36, 40, 42, 44, 48, 48, 48};

    private final SmmuAccess access;
    private final PhysicalMemory memory;
    private final int sidBits;
    private final long[] info;
    private final long[] ttb;
    private long base;
    private int cfg;
    private long fetchAddress;
    private long lookups;
    private long misses;

    /**
     * @param access where the table is read
     * @param sidBits IDR1.SIDSIZE, 0 to 16: the configuration cache has an entry per StreamID
     */
    StreamTable(final SmmuAccess access, final int sidBits)
    {
        this.access = access;
        this.memory = access.memory();
        this.sidBits = sidBits;
        this.info = new long[1 << sidBits];
        this.ttb = new long[1 << sidBits];
    }

    /** @return STE cache lookups so far */
    long lookups()
    {
        return lookups;
    }

    /** @return STE cache misses so far: STE fetches */
    long misses()
    {
        return misses;
    }

    /** @return STRTAB_BASE */
    long base()
    {
        return base;
    }

    /** @param v STRTAB_BASE's new value: RA and ADDR, bits above the output address size not stored */
    void writeBase(final long v)
    {
        base = v & (SmmuRegister.STRTAB_BASE_RA.mask()
            | SmmuRegister.STRTAB_BASE_ADDR.mask() & (1L << SmmuAccess.OAS) - 1);
    }

    /** @return STRTAB_BASE_CFG */
    long cfg()
    {
        return cfg;
    }

    /** @param v STRTAB_BASE_CFG's new value: FMT, SPLIT and LOG2SIZE */
    void writeCfg(final long v)
    {
        cfg = (int) (v & (SmmuRegister.STRTAB_FMT.mask() | SmmuRegister.STRTAB_SPLIT.mask()
            | SmmuRegister.STRTAB_LOG2SIZE.mask()));
    }

    /** @return the address of the last fetch that aborted */
    long fetchAddress()
    {
        return fetchAddress;
    }

    /**
     * @param sid a StreamID
     * @return the start-level table of a {@link #STAGE2} entry just looked up
     */
    long ttb(final long sid)
    {
        return ttb[(int) sid];
    }

    /**
     * The STE of a StreamID, from the cache or the table.
     *
     * @param sid the StreamID, 0 to 2^32 - 1
     * @return the decoded entry: {@link #KIND} and, for {@link #STAGE2}, its fields (the table in {@link #ttb})
     */
    long lookup(final long sid)
    {
        final int literal = (int) SmmuRegister.STRTAB_LOG2SIZE.extract(cfg);
        if (sid >>> Math.min(literal, sidBits) != 0)
        {
            return BAD_STREAMID; // beyond the table: checked against the registers, not cached
        }
        lookups++;
        final long cached = info[(int) sid];
        if (cached != NOT_CACHED)
        {
            return cached;
        }
        misses++;
        final long ste = fetch(sid, literal);
        if (ste != FETCH_ABORT)
        {
            info[(int) sid] = ste;
        }
        return ste;
    }

    /** Walks the table to the StreamID's STE and decodes it. */
    private long fetch(final long sid, final int literal)
    {
        final long address;
        if (SmmuRegister.STRTAB_FMT.extract(cfg) != SmmuRegister.FMT_2LEVEL)
        {
            // Linear (reserved formats behave as linear): aligned to the table's literal size.
            address = alignDown(base & SmmuRegister.STRTAB_BASE_ADDR.mask(), literal + 6) + Ste.SIZE * sid;
        }
        else
        {
            final long split = split();
            final long l1 = alignDown(base & SmmuRegister.STRTAB_BASE_ADDR.mask(),
                Math.max(6, literal - (int) split + 3)) + L1Std.SIZE * (sid >>> split);
            if (!access.ram(l1, L1Std.SIZE))
            {
                return abort(l1);
            }
            final long l1std = memory.read64(l1);
            final int span = (int) L1Std.SPAN.extract(l1std);
            final long index = sid & (1L << split) - 1;
            if (span == 0 || span > 11 || span > split + 1 || index >>> span - 1 != 0)
            {
                return BAD_STREAMID; // an invalid descriptor, or beyond its span (5.1.1)
            }
            address = alignDown(l1std & L1Std.L2PTR.mask(), span + 5) + Ste.SIZE * index;
            if (address >>> SmmuAccess.OAS != 0)
            {
                return abort(address); // beyond the output address size (3.4.3); FetchAddr is the STE's (7.3.4)
            }
        }
        if (!access.ram(address, Ste.SIZE))
        {
            return abort(address);
        }
        return decode(sid, memory.read64(address), memory.read64(address + 16), memory.read64(address + 24));
    }

    private long abort(final long address)
    {
        fetchAddress = address;
        return FETCH_ABORT;
    }

    /** @return SPLIT: 6, 8 or 10; other values behave as 6 */
    private long split()
    {
        final long s = SmmuRegister.STRTAB_SPLIT.extract(cfg);
        return s == 8 || s == 10 ? s : 6;
    }

    /** @return {@code address} with bits {@code bits - 1} to 0 cleared */
    private static long alignDown(final long address, final int bits)
    {
        return bits >= 64 ? 0 : address & -1L << bits;
    }

    /**
     * Decodes an STE's words 0, 2 and 3 (word 1 holds nothing this SMMU uses) as 5.2.2's SteIllegal does for a
     * Non-secure STE on an SMMU with stage 2 only, VMSAv8-64 little-endian 4 KiB tables, no HTTU, no stalls.
     */
    private long decode(final long sid, final long w0, final long w2, final long w3)
    {
        if (!Ste.V.isSet(w0))
        {
            return BAD_STE;
        }
        final int config = (int) Ste.CONFIG.extract(w0);
        if (config < Ste.CONFIG_BYPASS)
        {
            return ABORT; // 0b000, and the reserved 0b0xx that behave as it
        }
        if (config == Ste.CONFIG_BYPASS)
        {
            return BYPASS;
        }
        if (config != Ste.CONFIG_S2)
        {
            return BAD_STE; // stage 1 is not implemented
        }
        final int ps = PA_BITS[(int) Ste.S2PS.extract(w2)];
        final long table = w3 & Ste.S2TTB.mask();
        final int t0sz = (int) Ste.S2T0SZ.extract(w2);
        final int sl0 = (int) Ste.S2SL0.extract(w2);
        final int ias = 64 - t0sz;
        final int startLevel = 2 - sl0;
        final int minIas = 9 * (3 - startLevel) + 13; // the start level resolves at least one bit ...
        final boolean illegal = !Ste.S2AA64.isSet(w2) || Ste.S2ENDI.isSet(w2) || Ste.S2S.isSet(w2)
            || Ste.S2HA.isSet(w2) || Ste.S2HD.isSet(w2) || Ste.S2TG.extract(w2) != 0
            || table >>> ps != 0 || t0sz < 64 - SmmuAccess.OAS || t0sz > 39 || sl0 == 3
            || ias < minIas || ias > minIas + 12;                     // ... and at most 9 bits of 16 tables
        if (illegal)
        {
            return BAD_STE;
        }
        // The start-level table (with its concatenated tables) is aligned to its size (5.2 S2TTB).
        ttb[(int) sid] = table & -(8L << ias - minIas + 1);
        return KIND.encode(STAGE2) | RECORD.encode(Ste.S2R.extract(w2)) | AFFD.encode(Ste.S2AFFD.extract(w2))
            | START_LEVEL.encode(startLevel) | IAS.encode(ias) | PS.encode(ps) | VMID.encode(Ste.S2VMID.extract(w2));
    }

    /**
     * CMD_CFGI_STE: drops a StreamID's cached STE and the L1STD walked to it.
     *
     * @param sid the StreamID
     */
    void invalidate(final long sid)
    {
        if (sid >>> sidBits == 0)
        {
            info[(int) sid] = NOT_CACHED;
        }
    }

    /**
     * CMD_CFGI_STE_RANGE: drops the cached STEs of {@code 2^(range + 1)} StreamIDs aligned to that size
     * (CMD_CFGI_ALL: range 31).
     *
     * @param sid a StreamID in the range
     * @param range 0 to 31
     */
    void invalidate(final long sid, final int range)
    {
        if (range + 1 >= sidBits)
        {
            if (sid >>> range + 1 == 0)
            {
                Arrays.fill(info, NOT_CACHED); // the range holds every StreamID the cache has
            }
            return; // or none of them
        }
        if (sid >>> sidBits == 0)
        {
            final int first = (int) sid & -(2 << range);
            Arrays.fill(info, first, first + (2 << range), NOT_CACHED);
        }
    }
}
