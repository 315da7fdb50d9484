// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu.v2;

import java.util.Arrays;

import org.novaemu.arm.smmu.Stage2Format;
import org.novaemu.bus.Bus;
import org.novaemu.bus.DmaTranslation;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.util.BitField;

/**
 * A stage 2 context bank's translation (IHI 0062D, stage 2 context banks; the walk is VMSAv8-64 stage 2 with 4 KiB
 * granules, Arm ARM DDI 0487 M.a D8): start level per TCR.SL0 and T0SZ with concatenated start tables, 2 MiB and
 * 1 GiB blocks, S2AP read and write, the Access flag (unless SCTLR.AFFD), the output size of TCR.PS; descriptors in
 * {@link Stage2Format}, the format of NOVA's DMA spaces. Each failure records its context fault (FSR TF, AFF,
 * PF, EF or ASF with FAR and FSYNR0) and blocks the transaction.
 *
 * <p>The TLB is shared by the context banks: direct mapped, {@value #TLB_SIZE} entries of one 4 KiB page each
 * (a block fills the entry of the page used), tagged by VMID and IPA page, as the architecture tags stage 2
 * entries by VMID. Only the architected invalidations drop entries (TLBIALL, TLBIVMID and TLBIALLNSNH of global
 * space 0, a bank's TLBIALL, TLBIIPAS2 and TLBIIPAS2L); an entry keeps the permissions it was walked with
 * (decision A166). A hit is one array index and allocates nothing.
 */
final class Stage2Walk
{
    /** TLB entries. */
    static final int TLB_SIZE = 1024;
    /** The output address size, 48 bits (sIDR2.OAS 0b0101). */
    static final int OAS = 48;

    private static final BitField TLB_PERMS = new BitField("read, write", 0, 2);
    private static final BitField TLB_SPAN = new BitField("pages log2", 2, 5);
    private static final BitField TLB_LEVEL = new BitField("level", 7, 2);
    /** TCR.PS to bits (0b110 and 0b111 reserved: the 48 bits of the OAS). */
    private static final int[] PS_BITS = {32, 36, 40, 42, 44, 48, 48, 48};

    private final Bus bus;
    private final PhysicalMemory memory;
    private final long[] tlbTag = new long[TLB_SIZE];
    private final long[] tlbFrame = new long[TLB_SIZE];
    private final int[] tlbInfo = new int[TLB_SIZE];
    private long walks;

    /** @param bus where the translation tables are (RAM only, A167) */
    Stage2Walk(final Bus bus)
    {
        this.bus = bus;
        this.memory = bus.memory();
        Arrays.fill(tlbTag, -1);
    }

    /** @return table walks (TLB misses) so far */
    long walks()
    {
        return walks;
    }

    /**
     * Translates a transaction through a stage 2 context bank with SCTLR.M 1.
     *
     * @param cb the bank
     * @param address the input address (IPA)
     * @param write whether it writes
     * @return the output address, or {@link DmaTranslation#FAULT} with the fault recorded in the bank
     */
    long translate(final ContextBank cb, final long address, final boolean write)
    {
        final int tcr = cb.tcr();
        final int t0sz = (int) Smmuv2Register.TCR_T0SZ.extract(tcr);
        final int sl0 = (int) Smmuv2Register.TCR_SL0.extract(tcr);
        final int level = 2 - sl0;
        final int ias = 64 - t0sz;
        final int bits = ias - 12 - 9 * (3 - level);
        if (sl0 == 3 || t0sz < 16 || t0sz > 39 || bits < 1 || bits > 13 || address >>> ias != 0)
        {
            // A reserved SL0, a T0SZ the 4 KiB granule cannot start with, or an input beyond T0SZ's range.
            cb.fault(Smmuv2Register.FSR_TF, address, write, Math.max(level, 0), false);
            return DmaTranslation.FAULT;
        }
        final long page = address >>> 12;
        final long vmid = Smmuv2Register.CBAR_VMID.extract(cb.cbar());
        final long tag = vmid << 36 | page;
        final int slot = (int) (page ^ page >>> 10 ^ vmid * 0x9e37) & TLB_SIZE - 1;
        if (tlbTag[slot] == tag)
        {
            final int info = tlbInfo[slot];
            if ((info & (write ? 2 : 1)) == 0)
            {
                cb.fault(Smmuv2Register.FSR_PF, address, write, (int) TLB_LEVEL.extract(info), false);
                return DmaTranslation.FAULT;
            }
            return tlbFrame[slot] << 12 | address & 0xfff;
        }
        return walk(cb, address, write, level, bits, slot, tag);
    }

    private long walk(final ContextBank cb, final long address, final boolean write, final int start,
                      final int startBits, final int slot, final long tag)
    {
        walks++;
        final int ps = PS_BITS[(int) Smmuv2Register.TCR_PS.extract(cb.tcr())];
        int level = start;
        int bits = startBits;
        long base = cb.ttbr0() & -(8L << bits) & (1L << OAS) - 1;
        for (;;)
        {
            final int shift = 12 + 9 * (3 - level);
            final long at = base + 8 * (address >>> shift & (1L << bits) - 1);
            if (!bus.isRam(at, 8))
            {
                cb.fault(Smmuv2Register.FSR_EF, address, write, level, true); // an abort on the fetch
                return DmaTranslation.FAULT;
            }
            final long d = memory.read64(at);
            final boolean tableOrPage = Stage2Format.TABLE.isSet(d);
            if (!Stage2Format.VALID.isSet(d) || level == 3 && !tableOrPage || level == 0 && !tableOrPage)
            {
                cb.fault(Smmuv2Register.FSR_TF, address, write, level, false);
                return DmaTranslation.FAULT;
            }
            final long next = d & Stage2Format.ADDRESS.mask();
            if (level < 3 && tableOrPage)
            {
                if (next >>> ps != 0)
                {
                    cb.fault(Smmuv2Register.FSR_ASF, address, write, level, false);
                    return DmaTranslation.FAULT;
                }
                base = next;
                level++;
                bits = 9;
                continue;
            }
            final long output = next & -1L << shift;
            if (output >>> ps != 0)
            {
                cb.fault(Smmuv2Register.FSR_ASF, address, write, level, false);
                return DmaTranslation.FAULT;
            }
            if (!Stage2Format.AF.isSet(d) && (cb.sctlr() & Smmuv2Register.SCTLR_AFFD) == 0)
            {
                cb.fault(Smmuv2Register.FSR_AFF, address, write, level, false); // not cached
                return DmaTranslation.FAULT;
            }
            final int perms = (Stage2Format.S2AP_READ.isSet(d) ? 1 : 0) | (Stage2Format.S2AP_WRITE.isSet(d) ? 2 : 0);
            final long frame = (output | address & (1L << shift) - 1) >>> 12;
            tlbTag[slot] = tag;
            tlbFrame[slot] = frame;
            tlbInfo[slot] = (int) (TLB_PERMS.encode(perms) | TLB_SPAN.encode(shift - 12) | TLB_LEVEL.encode(level));
            if ((perms & (write ? 2 : 1)) == 0)
            {
                cb.fault(Smmuv2Register.FSR_PF, address, write, level, false);
                return DmaTranslation.FAULT;
            }
            return frame << 12 | address & 0xfff;
        }
    }

    /** @param vmid drops the entries of this VMID */
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
     * Drops the entries of a VMID that translate the IPA's page or a block containing it.
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

    /** Drops every entry. */
    void invalidateAll()
    {
        Arrays.fill(tlbTag, -1);
    }
}
