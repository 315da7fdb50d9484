// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu;

import java.util.Arrays;

import org.novaemu.bus.Bus;
import org.novaemu.bus.DmaTranslation;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.util.BitField;

/**
 * The VMSAv8-64 stage 2 walk with 4 KiB granules that both SMMU models do over NOVA's DMA spaces (Arm ARM DDI 0487
 * M.a, D8; the descriptors of {@link Stage2Format}): from a start level with concatenated start tables, table
 * descriptors down to 2 MiB and 1 GiB blocks or 4 KiB pages, S2AP read and write, the Access flag, the output
 * address size; through a TLB. The SMMUv3 drives it from an STE, the SMMUv2 from a context bank; each reports a
 * failure in its own architected way (an event record, or a context bank's FSR), from {@link #fault()},
 * {@link #faultLevel()} and {@link #fetchAddress()}.
 *
 * <p>The TLB is direct mapped with {@value #TLB_SIZE} entries of one 4 KiB page each (a block fills the entry of
 * the page used), tagged by VMID and IPA page, as stage 2 entries are tagged by VMID. Only the invalidations its
 * owner calls drop entries; an entry keeps the permissions it was walked with, so a changed descriptor is not seen
 * until invalidated and a denied access on a hit is a permission fault from the entry (decisions A105, A166). A hit
 * is one array index and allocates nothing; so is a fault.
 */
public final class Stage2Walker
{
    /** TLB entries. */
    public static final int TLB_SIZE = 1024;

    /** Why a translation failed. */
    public enum Fault
    {
        /** An invalid descriptor, a reserved one, or a block at level 0 (or an input beyond the range). */
        TRANSLATION,
        /** A table or output address beyond the output address size. */
        ADDRESS_SIZE,
        /** A descriptor with AF 0 while Access flag faults are enabled. */
        ACCESS,
        /** S2AP does not allow the access. */
        PERMISSION,
        /** A descriptor fetch from an address that is not RAM within the output address size. */
        EXTERNAL_ABORT
    }

    // A TLB entry's information besides tag and frame.
    private static final BitField TLB_PERMS = new BitField("read, write", 0, 2);
    private static final BitField TLB_SPAN = new BitField("pages log2", 2, 5);
    private static final BitField TLB_LEVEL = new BitField("level", 7, 2);

    private final Bus bus;
    private final PhysicalMemory memory;
    private final int oas;
    private final long[] tlbTag = new long[TLB_SIZE];
    private final long[] tlbFrame = new long[TLB_SIZE];
    private final int[] tlbInfo = new int[TLB_SIZE];
    private Fault fault;
    private int faultLevel;
    private long fetchAddress;
    private long walks;
    private long lookups;

    /**
     * @param bus where the translation tables are (RAM only)
     * @param oas the SMMU's output address size in bits: descriptors are fetched below 2^oas only
     */
    public Stage2Walker(final Bus bus, final int oas)
    {
        this.bus = bus;
        this.memory = bus.memory();
        this.oas = oas;
        Arrays.fill(tlbTag, -1);
    }

    /** @return TLB lookups so far; hits are those without a walk */
    public long lookups()
    {
        return lookups;
    }

    /** @return table walks (TLB misses) so far */
    public long walks()
    {
        return walks;
    }

    /** @return why the last failed translation failed */
    public Fault fault()
    {
        return fault;
    }

    /** @return the level of the last failure's descriptor (for a permission fault on a hit, the entry's level) */
    public int faultLevel()
    {
        return faultLevel;
    }

    /** @return for {@link Fault#EXTERNAL_ABORT}, the descriptor's address that was fetched */
    public long fetchAddress()
    {
        return fetchAddress;
    }

    /**
     * Translates an IPA the caller has checked against its range.
     *
     * @param root the start table (for concatenated start tables, the first), aligned down to the tables' size here
     * @param start the start level, 0 to 3
     * @param ias the input address bits, which the start level's (concatenated) tables cover
     * @param ps the output address bits
     * @param affd whether AF 0 is no fault (S2AFFD, SCTLR.AFFD)
     * @param vmid the VMID, up to 16 bits
     * @param address the IPA, below 2^ias
     * @param write whether the access writes
     * @return the output address, or {@link DmaTranslation#FAULT} with {@link #fault()} set
     */
    public long translate(final long root, final int start, final int ias, final int ps, final boolean affd,
                          final long vmid, final long address, final boolean write)
    {
        lookups++;
        final long page = address >>> 12;
        final long tag = vmid << 36 | page;
        final int slot = (int) (page ^ page >>> 10 ^ vmid * 0x9e37) & TLB_SIZE - 1;
        if (tlbTag[slot] == tag)
        {
            final int info = tlbInfo[slot];
            if ((info & (write ? 2 : 1)) == 0)
            {
                return fail(Fault.PERMISSION, (int) TLB_LEVEL.extract(info));
            }
            return tlbFrame[slot] << 12 | address & 0xfff;
        }
        return walk(root, start, ias, ps, affd, address, write, slot, tag);
    }

    private long walk(final long root, final int start, final int ias, final int ps, final boolean affd,
                      final long address, final boolean write, final int slot, final long tag)
    {
        walks++;
        int level = start;
        int bits = ias - 12 - 9 * (3 - level); // with concatenated tables
        long base = root & -(8L << bits);
        for (;;)
        {
            final int shift = 12 + 9 * (3 - level);
            final long at = base + 8 * (address >>> shift & (1L << bits) - 1);
            if (at >>> oas != 0 || (at + 7) >>> oas != 0 || !bus.isRam(at, 8))
            {
                fetchAddress = at;
                return fail(Fault.EXTERNAL_ABORT, level);
            }
            final long d = memory.read64(at);
            final boolean tableOrPage = Stage2Format.TABLE.isSet(d);
            if (!Stage2Format.VALID.isSet(d) || level == 3 && !tableOrPage || level == 0 && !tableOrPage)
            {
                // Invalid, reserved at level 3, or a block at level 0 (4 KiB granule, no 52-bit addresses).
                return fail(Fault.TRANSLATION, level);
            }
            final long next = d & Stage2Format.ADDRESS.mask();
            if (level < 3 && tableOrPage)
            {
                if (next >>> ps != 0)
                {
                    return fail(Fault.ADDRESS_SIZE, level);
                }
                base = next;
                level++;
                bits = 9;
                continue;
            }
            final long output = next & -1L << shift;
            if (output >>> ps != 0)
            {
                return fail(Fault.ADDRESS_SIZE, level);
            }
            if (!Stage2Format.AF.isSet(d) && !affd)
            {
                return fail(Fault.ACCESS, level); // not cached
            }
            final int perms = (Stage2Format.S2AP_READ.isSet(d) ? 1 : 0) | (Stage2Format.S2AP_WRITE.isSet(d) ? 2 : 0);
            final long frame = (output | address & (1L << shift) - 1) >>> 12;
            tlbTag[slot] = tag;
            tlbFrame[slot] = frame;
            tlbInfo[slot] = (int) (TLB_PERMS.encode(perms) | TLB_SPAN.encode(shift - 12) | TLB_LEVEL.encode(level));
            if ((perms & (write ? 2 : 1)) == 0)
            {
                return fail(Fault.PERMISSION, level);
            }
            return frame << 12 | address & 0xfff;
        }
    }

    private long fail(final Fault f, final int level)
    {
        fault = f;
        faultLevel = level;
        return DmaTranslation.FAULT;
    }

    /** @param vmid drops the entries of this VMID */
    public void invalidateVmid(final int vmid)
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
     * Drops the entries of a VMID that translate the IPA's page or a block containing it.
     *
     * @param vmid the VMID
     * @param ipa the IPA
     */
    public void invalidateIpa(final int vmid, final long ipa)
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

    /** Drops every entry. */
    public void invalidateAll()
    {
        Arrays.fill(tlbTag, -1);
    }
}
