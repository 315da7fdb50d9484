// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.vtd;

import org.novaemu.bus.DmaTranslation;
import org.novaemu.bus.IommuFault.Reason;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.util.BitField;

/**
 * A VT-d unit's DMA remapping in legacy mode (Intel VT-d specification 3.4 and 3.6): the root table the
 * last SRTP latched, context entries ({@link RootEntry}, {@link ContextEntry}), second-level tables of 3
 * and 4 levels with 2 MiB and 1 GiB pages ({@link SecondLevelFormat}), a context cache with one entry per
 * source ID and a direct-mapped IOTLB of {@value #IOTLB_SIZE} entries in parallel arrays.
 *
 * <p>Invariant (decision X7): only the architected invalidations ({@link #invalidateContext},
 * {@link #invalidateIotlb}, 6.5) drop cached entries, so a driver that changes a table and forgets to
 * invalidate sees the old translation, as on hardware. Tables beyond physical memory read as not present.
 */
final class VtdTranslation
{
    /** IOTLB entries. */
    static final int IOTLB_SIZE = 1024;

    // The context cache's decoded entry, one int per source ID.
    private static final BitField CTX_VALID = BitField.bit("valid", 31);
    private static final BitField CTX_FPD = BitField.bit("FPD", 30);
    private static final BitField CTX_LEVELS = new BitField("levels - 3", 28, 2);
    private static final BitField CTX_DID = new BitField("DID", 0, 16);

    // An IOTLB entry's information besides tag and frame.
    private static final BitField TLB_PERMS = new BitField("R, W", 0, 2);
    private static final BitField TLB_LEVEL = new BitField("level - 1", 2, 2);
    private static final BitField TLB_DID = new BitField("DID", 16, 16);

    private final PhysicalMemory memory;
    private final VtdFaults faults;
    private long rootTable = -1;

    private final boolean[] ctxValid = new boolean[1 << 16];
    private final long[] ctxTable = new long[1 << 16];
    private final int[] ctxInfo = new int[1 << 16];

    // IOTLB, direct mapped: tag (source ID, page) and the translation (frame, information).
    private final long[] tlbTag = new long[IOTLB_SIZE];
    private final long[] tlbFrame = new long[IOTLB_SIZE];
    private final int[] tlbInfo = new int[IOTLB_SIZE];
    private long walks;
    private long lookups;

    /**
     * @param memory where the tables are
     * @param faults where faults go
     */
    VtdTranslation(final PhysicalMemory memory, final VtdFaults faults)
    {
        this.memory = memory;
        this.faults = faults;
        java.util.Arrays.fill(tlbTag, -1);
    }

    /** @param address the root table's address, from RTADDR when SRTP is written */
    void latchRootTable(final long address)
    {
        rootTable = address;
    }

    /** @return whether a root table was latched: only then can translation be enabled */
    boolean hasRootTable()
    {
        return rootTable >= 0;
    }

    /** @return IOTLB lookups so far (hits are those without a walk) */
    long lookups()
    {
        return lookups;
    }

    /** @return table walks (IOTLB misses) so far */
    long walks()
    {
        return walks;
    }

    /**
     * Translates a DMA request.
     *
     * @param sid the requester's source ID
     * @param address the address
     * @param write whether it is a write
     * @return the physical address, or {@link DmaTranslation#FAULT} (the fault is recorded)
     */
    long translate(final int sid, final long address, final boolean write)
    {
        lookups++;
        final long page = address >>> 12;
        final int slot = (int) (page ^ page >>> 10 ^ sid * 0x9e37) & IOTLB_SIZE - 1;
        final long tag = (long) sid << 48 | page;
        if (tlbTag[slot] == tag)
        {
            final int info = tlbInfo[slot];
            if ((info & (write ? 2 : 1)) != 0)
            {
                return tlbFrame[slot] << 12 | address & 0xfff;
            }
        }
        return walk(sid, address, write, slot, tag);
    }

    /** @return the source ID's decoded context entry, from the cache or the tables; 0 if it faulted */
    private int context(final int sid, final long address, final boolean write)
    {
        if (ctxValid[sid])
        {
            return ctxInfo[sid];
        }
        final long root = read64(RootEntry.at(rootTable, sid >>> 8));
        if (!RootEntry.isPresent(root))
        {
            fault(sid, address, write, Vtd.FR_ROOT_NOT_PRESENT, Reason.NO_CONTEXT, false);
            return 0;
        }
        final long entry = ContextEntry.at(RootEntry.contextTable(root), sid & 0xff);
        final long lo = read64(entry);
        final long hi = read64(entry + 8);
        final boolean fpd = ContextEntry.faultProcessingDisabled(lo);
        if (!ContextEntry.isPresent(lo))
        {
            fault(sid, address, write, Vtd.FR_CONTEXT_NOT_PRESENT, Reason.NO_CONTEXT, fpd);
            return 0;
        }
        final int aw = ContextEntry.addressWidthOf(hi);
        if (ContextEntry.translationType(lo) != ContextEntry.TT_SECOND_LEVEL || aw != 1 && aw != 2)
        {
            // Only translated requests through 3- or 4-level tables (39- or 48-bit) are supported.
            fault(sid, address, write, Vtd.FR_CONTEXT_INVALID, Reason.BAD_CONFIG, fpd);
            return 0;
        }
        final int info = (int) (CTX_VALID.mask() | (fpd ? CTX_FPD.mask() : 0) | CTX_LEVELS.encode(aw - 1)
            | CTX_DID.encode(ContextEntry.domainId(hi)));
        ctxValid[sid] = true;
        ctxTable[sid] = ContextEntry.secondLevelTable(lo);
        ctxInfo[sid] = info;
        return info;
    }

    /** A DMA remapping fault: its record (VT-d 7.2.1), the typed one first. */
    private void fault(final int sid, final long address, final boolean write, final int reason, final Reason why,
                       final boolean fpd)
    {
        faults.record(sid, FaultRecord.dmaInfo(address), address, write, reason, why, fpd);
    }

    private long walk(final int sid, final long address, final boolean write, final int slot, final long tag)
    {
        walks++;
        final int info = context(sid, address, write);
        if (info == 0)
        {
            return DmaTranslation.FAULT;
        }
        final boolean fpd = CTX_FPD.isSet(info);
        final int levels = 3 + (int) CTX_LEVELS.extract(info);
        if (address >>> 12 + 9 * levels != 0)
        {
            fault(sid, address, write, Vtd.FR_ADDRESS_WIDTH, Reason.ADDRESS_SIZE, fpd);
            return DmaTranslation.FAULT;
        }
        long table = ctxTable[sid];
        int perms = 3;
        for (int level = levels; ; level--)
        {
            final int shift = 12 + 9 * (level - 1);
            final long pte = read64(table + 8 * (address >>> shift & 511));
            perms &= (int) pte & 3;
            if ((pte & 3) == 0 || (perms & (write ? 2 : 1)) == 0)
            {
                fault(sid, address, write, write ? Vtd.FR_WRITE : Vtd.FR_READ,
                    (pte & 3) == 0 ? Reason.TRANSLATION : Reason.PERMISSION, fpd);
                return DmaTranslation.FAULT;
            }
            // Level 1 always maps a page; PS makes levels 2 and 3 map 2 MiB and 1 GiB pages.
            if (level == 1 || SecondLevelFormat.PAGE_SIZE.isSet(pte) && level <= 3)
            {
                final long frame = (pte & SecondLevelFormat.ADDRESS.mask() & ~((1L << shift) - 1)
                    | address & (1L << shift) - 1 & ~0xfffL) >>> 12;
                tlbTag[slot] = tag;
                tlbFrame[slot] = frame;
                tlbInfo[slot] = (int) (TLB_PERMS.encode(perms) | TLB_LEVEL.encode(level - 1)
                    | TLB_DID.encode(CTX_DID.extract(info)));
                return frame << 12 | address & 0xfff;
            }
            table = pte & SecondLevelFormat.ADDRESS.mask();
        }
    }

    /** A table read; beyond physical memory it reads as zero (not present) instead of throwing. */
    private long read64(final long address)
    {
        return address >= 0 && address + 8 <= PhysicalMemory.LIMIT ? memory.read64(address) : 0;
    }

    /**
     * Context-cache invalidation (6.5.1.1, 10.4.7).
     *
     * @param granularity {@link ContextCacheInvalidation#GLOBAL}, {@code DOMAIN} or {@code DEVICE}
     * @param did the domain (domain-selective)
     * @param sid the device (device-selective)
     * @param fm the function mask (device-selective)
     */
    void invalidateContext(final int granularity, final int did, final int sid, final int fm)
    {
        if (granularity == ContextCacheInvalidation.DEVICE)
        {
            final int mask = Vtd.sourceIdMask(fm);
            for (int f = 0; f < 8; f++)
            {
                if ((f & mask) == 0)
                {
                    ctxValid[sid & mask | f] = false; // the masked function bits take every value
                }
            }
            return;
        }
        for (int s = 0; s < ctxValid.length; s++)
        {
            if (ctxValid[s] && (granularity == ContextCacheInvalidation.GLOBAL
                || granularity == ContextCacheInvalidation.DOMAIN && CTX_DID.extract(ctxInfo[s]) == did))
            {
                ctxValid[s] = false;
            }
        }
    }

    /**
     * IOTLB invalidation (6.5.1.2, 10.4.8).
     *
     * @param granularity {@link IotlbInvalidation#GLOBAL}, {@code DOMAIN} or {@code PAGE}
     * @param did the domain (domain- and page-selective)
     * @param address the first page (page-selective)
     * @param am {@code 2^am} pages from {@code address}, aligned (page-selective)
     */
    void invalidateIotlb(final int granularity, final int did, final long address, final int am)
    {
        final long first = address >>> 12 >>> am << am;
        final long last = first + (1L << am) - 1;
        for (int i = 0; i < IOTLB_SIZE; i++)
        {
            if (tlbTag[i] == -1)
            {
                continue;
            }
            // A page-selective invalidation that touches any part of a large page drops all of it.
            final int span = 9 * (int) TLB_LEVEL.extract(tlbInfo[i]);
            final long page = (tlbTag[i] & 0xffff_ffff_ffffL) >>> span << span;
            final long pageLast = page + (1L << span) - 1;
            if (granularity == IotlbInvalidation.GLOBAL || TLB_DID.extract(tlbInfo[i]) == did
                && (granularity == IotlbInvalidation.DOMAIN || page <= last && pageLast >= first))
            {
                tlbTag[i] = -1;
            }
        }
    }
}
