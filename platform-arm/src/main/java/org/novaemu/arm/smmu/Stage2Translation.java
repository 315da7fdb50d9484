// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu;

import java.util.Arrays;

import org.novaemu.bus.DmaTranslation;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.util.BitField;

/**
 * The SMMU's translation of a transaction once translation is enabled (IHI 0070 G.b, 3.3.2 steps 2 to 4 and
 * chapter 15): the StreamID's STE ({@link StreamTable}), then for a stage 2 STE the VMSAv8-64 stage 2 walk with
 * 4 KiB granules (Arm ARM DDI 0487 M.a, D8: start level per S2SL0 and S2T0SZ with concatenated start tables,
 * 2 MiB and 1 GiB blocks, S2AP read and write, the Access flag) through a TLB, and the event each failure
 * records (7.3, in the priority order of 7.3.22).
 *
 * <p>The TLB is direct mapped with {@value #TLB_SIZE} entries of one 4 KiB page each (a block fills the entry of
 * the page used), tagged by VMID and IPA page, as streams with the same VMID share translations (5.2.1). Only the
 * architected invalidations (CMD_TLBI_S12_VMALL, CMD_TLBI_S2_IPA, CMD_TLBI_NSNH_ALL) drop entries; an entry keeps
 * the permissions it was walked with, so a changed descriptor is not seen until invalidated, and a denied access
 * on a hit is a permission fault from the entry (decision A105). A hit is one array index and allocates nothing.
 */
final class Stage2Translation
{
    /** TLB entries. */
    static final int TLB_SIZE = 1024;

    // A TLB entry's information besides tag and frame.
    private static final BitField TLB_PERMS = new BitField("read, write", 0, 2);
    private static final BitField TLB_SPAN = new BitField("pages log2", 2, 5);

    private final StreamTable table;
    private final EventQueue events;
    private final SmmuAccess access;
    private final PhysicalMemory memory;
    private final long[] tlbTag = new long[TLB_SIZE];
    private final long[] tlbFrame = new long[TLB_SIZE];
    private final int[] tlbInfo = new int[TLB_SIZE];
    private boolean recordInvalidStreamIds;
    private long walks;

    /**
     * @param table the stream table
     * @param events where events go
     * @param access where translation tables are read
     */
    Stage2Translation(final StreamTable table, final EventQueue events, final SmmuAccess access)
    {
        this.table = table;
        this.events = events;
        this.access = access;
        this.memory = access.memory();
        Arrays.fill(tlbTag, -1);
    }

    /** @param on CR2.RECINVSID: whether C_BAD_STREAMID is recorded */
    void recordInvalidStreamIds(final boolean on)
    {
        recordInvalidStreamIds = on;
    }

    /** @return table walks (TLB misses) so far */
    long walks()
    {
        return walks;
    }

    /**
     * Translates a transaction of a stream (SMMUEN is 1).
     *
     * @param sid the StreamID
     * @param address the input address
     * @param write whether it writes
     * @return the output address, or {@link DmaTranslation#FAULT} (terminated with abort, the event recorded)
     */
    long translate(final long sid, final long address, final boolean write)
    {
        final long ste = table.lookup(sid);
        final int kind = (int) StreamTable.KIND.extract(ste);
        switch (kind)
        {
            case StreamTable.STAGE2:
                return stage2(sid, ste, address, write);
            case StreamTable.BYPASS:
                if (address >>> SmmuAccess.OAS != 0)
                {
                    // Beyond the output size: a stage 1 Address Size fault, IPA UNKNOWN (3.4).
                    record(Event.F_ADDR_SIZE, sid, address, write, false, 0);
                    return DmaTranslation.FAULT;
                }
                return address;
            case StreamTable.ABORT:
                return DmaTranslation.FAULT; // no event (5.2 Config)
            case StreamTable.BAD_STE:
                record(Event.C_BAD_STE, sid, 0, 0);
                return DmaTranslation.FAULT;
            case StreamTable.FETCH_ABORT:
                record(Event.F_STE_FETCH, sid, 0, table.fetchAddress() & Event.FETCH_ADDRESS.mask());
                return DmaTranslation.FAULT;
            default:
                if (recordInvalidStreamIds)
                {
                    record(Event.C_BAD_STREAMID, sid, 0, 0);
                }
                return DmaTranslation.FAULT;
        }
    }

    private long stage2(final long sid, final long ste, final long address, final boolean write)
    {
        if (address >>> SmmuAccess.OAS != 0)
        {
            // Stage 1 bypasses: an input beyond the IAS is a stage 1 Address Size fault, always recorded (3.4).
            record(Event.F_ADDR_SIZE, sid, address, write, false, 0);
            return DmaTranslation.FAULT;
        }
        final boolean recorded = StreamTable.RECORD.isSet(ste);
        if (address >>> StreamTable.IAS.extract(ste) != 0)
        {
            return fault(Event.F_TRANSLATION, recorded, sid, address, write); // beyond S2T0SZ's range
        }
        final long page = address >>> 12;
        final long vmid = StreamTable.VMID.extract(ste);
        final long tag = vmid << 36 | page;
        final int slot = (int) (page ^ page >>> 10 ^ vmid * 0x9e37) & TLB_SIZE - 1;
        if (tlbTag[slot] == tag)
        {
            if ((tlbInfo[slot] & (write ? 2 : 1)) == 0)
            {
                return fault(Event.F_PERMISSION, recorded, sid, address, write);
            }
            return tlbFrame[slot] << 12 | address & 0xfff;
        }
        return walk(sid, ste, address, write, slot, tag);
    }

    /** The stage 2 walk from the STE's start level; fills the TLB with a valid translation. */
    private long walk(final long sid, final long ste, final long address, final boolean write, final int slot,
                      final long tag)
    {
        walks++;
        final boolean recorded = StreamTable.RECORD.isSet(ste);
        final int ps = (int) StreamTable.PS.extract(ste);
        int level = (int) StreamTable.START_LEVEL.extract(ste);
        int bits = (int) StreamTable.IAS.extract(ste) - 12 - 9 * (3 - level); // with concatenated tables
        long base = table.ttb(sid);
        for (;;)
        {
            final int shift = 12 + 9 * (3 - level);
            final long at = base + 8 * (address >>> shift & (1L << bits) - 1);
            if (!access.ram(at, 8))
            {
                // An external abort on the descriptor fetch: recorded whatever S2R says (5.5).
                record(Event.F_WALK_EABT, sid, address, write, true, at & Event.FETCH_ADDRESS.mask());
                return DmaTranslation.FAULT;
            }
            final long d = memory.read64(at);
            final boolean tableOrPage = Stage2Format.TABLE.isSet(d);
            if (!Stage2Format.VALID.isSet(d) || level == 3 && !tableOrPage || level == 0 && !tableOrPage)
            {
                // Invalid, reserved at level 3, or a block at level 0 (4 KiB granule, no 52-bit addresses).
                return fault(Event.F_TRANSLATION, recorded, sid, address, write);
            }
            final long next = d & Stage2Format.ADDRESS.mask();
            if (level < 3 && tableOrPage)
            {
                if (next >>> ps != 0)
                {
                    return fault(Event.F_ADDR_SIZE, recorded, sid, address, write);
                }
                base = next;
                level++;
                bits = 9;
                continue;
            }
            final long output = next & -1L << shift;
            if (output >>> ps != 0)
            {
                return fault(Event.F_ADDR_SIZE, recorded, sid, address, write);
            }
            if (!Stage2Format.AF.isSet(d) && !StreamTable.AFFD.isSet(ste))
            {
                return fault(Event.F_ACCESS, recorded, sid, address, write); // not cached
            }
            final int perms = (Stage2Format.S2AP_READ.isSet(d) ? 1 : 0) | (Stage2Format.S2AP_WRITE.isSet(d) ? 2 : 0);
            final long frame = (output | address & (1L << shift) - 1) >>> 12;
            tlbTag[slot] = tag;
            tlbFrame[slot] = frame;
            tlbInfo[slot] = (int) (TLB_PERMS.encode(perms) | TLB_SPAN.encode(shift - 12));
            if ((perms & (write ? 2 : 1)) == 0)
            {
                return fault(Event.F_PERMISSION, recorded, sid, address, write);
            }
            return frame << 12 | address & 0xfff;
        }
    }

    /** A stage 2 translation-related fault, recorded if the STE's S2R says so (5.5; no stall model). */
    private long fault(final int type, final boolean recorded, final long sid, final long address,
                       final boolean write)
    {
        if (recorded)
        {
            record(type, sid, address, write, true, address & Event.IPA.mask());
        }
        return DmaTranslation.FAULT;
    }

    /** A configuration error's record: StreamID only (and a fetch address). */
    private void record(final int type, final long sid, final long address, final long word3)
    {
        events.record(Event.word0(type, (int) sid), 0, address, word3);
    }

    /** A fault's record: the transaction's attributes (a device's unprivileged data access), class IN. */
    private void record(final int type, final long sid, final long address, final boolean write, final boolean s2,
                        final long word3)
    {
        events.record(Event.word0(type, (int) sid), Event.word1(!write, s2), address, word3);
    }

    /**
     * CMD_TLBI_S12_VMALL: drops the entries of a VMID.
     *
     * @param vmid the VMID
     */
    void invalidateVmid(final int vmid)
    {
        for (int i = 0; i < TLB_SIZE; i++)
        {
            if (tlbTag[i] != -1 && tlbTag[i] >>> 36 == vmid)
            {
                tlbTag[i] = -1;
            }
        }
    }

    /**
     * CMD_TLBI_S2_IPA: drops the entries of a VMID that translate the IPA's page or a block containing it.
     *
     * @param vmid the VMID
     * @param ipa the IPA
     */
    void invalidateIpa(final int vmid, final long ipa)
    {
        final long page = ipa >>> 12;
        for (int i = 0; i < TLB_SIZE; i++)
        {
            final long tag = tlbTag[i];
            final int span = (int) TLB_SPAN.extract(tlbInfo[i]);
            if (tag != -1 && tag >>> 36 == vmid && (tag & (1L << 36) - 1) >>> span == page >>> span)
            {
                tlbTag[i] = -1;
            }
        }
    }

    /** CMD_TLBI_NSNH_ALL: drops every entry. */
    void invalidateAll()
    {
        Arrays.fill(tlbTag, -1);
    }
}
