// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu.v2;

import org.novaemu.arm.ArmTrace;
import org.novaemu.arm.smmu.Stage2Format;
import org.novaemu.arm.smmu.Stage2Walker;
import org.novaemu.bus.Bus;
import org.novaemu.bus.DmaTranslation;
import org.novaemu.trace.Trace;

/**
 * A stage 2 context bank's translation (IHI 0062D, stage 2 context banks; the walk is VMSAv8-64 stage 2 with 4 KiB
 * granules, Arm ARM DDI 0487 M.a D8, done by {@link Stage2Walker} over {@link Stage2Format}, the format of NOVA's
 * DMA spaces): the start level from TCR.SL0 and T0SZ, the output size from TCR.PS, the Access flag unless
 * SCTLR.AFFD, the VMID from CBAR. Each failure records its context fault (FSR TF, AFF, PF, EF or ASF with FAR and
 * FSYNR0) and blocks the transaction.
 *
 * <p>The TLB is shared by the context banks ({@value Stage2Walker#TLB_SIZE} entries tagged by VMID and IPA page).
 * Only the architected invalidations drop entries (TLBIALL, TLBIVMID and TLBIALLNSNH of global space 0, a bank's
 * TLBIALL, TLBIIPAS2 and TLBIIPAS2L); an entry keeps the permissions it was walked with (decision A166).
 */
final class Stage2Walk
{
    /** The output address size, 48 bits (sIDR2.OAS 0b0101). */
    static final int OAS = 48;

    /** TCR.PS to bits (0b110 and 0b111 reserved: the 48 bits of the OAS). */
    private static final int[] PS_BITS = {32, 36, 40, 42, 44, 48, 48, 48};

    private final Stage2Walker walker;
    private final Trace trace;

    /** @param bus where the translation tables are (RAM only, A167) */
    Stage2Walk(final Bus bus)
    {
        this.trace = bus.trace();
        this.walker = new Stage2Walker(bus, OAS);
    }

    /** @return table walks (TLB misses) so far */
    long walks()
    {
        return walker.walks();
    }

    /** @return TLB lookups so far */
    long lookups()
    {
        return walker.lookups();
    }

    /**
     * Translates a transaction through a stage 2 context bank with SCTLR.M 1.
     *
     * @param cb the bank
     * @param sid the transaction's StreamID, for the trace
     * @param address the input address (IPA)
     * @param write whether it writes
     * @return the output address, or {@link DmaTranslation#FAULT} with the fault recorded in the bank
     */
    long translate(final ContextBank cb, final int sid, final long address, final boolean write)
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
            trace(sid, address, 0x40 + Integer.numberOfTrailingZeros(Smmuv2Register.FSR_TF), write);
            return DmaTranslation.FAULT;
        }
        final long out = walker.translate(cb.ttbr0() & (1L << OAS) - 1, level, ias,
            PS_BITS[(int) Smmuv2Register.TCR_PS.extract(tcr)], (cb.sctlr() & Smmuv2Register.SCTLR_AFFD) != 0,
            Smmuv2Register.CBAR_VMID.extract(cb.cbar()), address, write);
        if (out == DmaTranslation.FAULT)
        {
            final int bit = switch (walker.fault())
            {
                case TRANSLATION -> Smmuv2Register.FSR_TF;
                case ADDRESS_SIZE -> Smmuv2Register.FSR_ASF;
                case ACCESS -> Smmuv2Register.FSR_AFF;
                case PERMISSION -> Smmuv2Register.FSR_PF;
                case EXTERNAL_ABORT -> Smmuv2Register.FSR_EF;
            };
            cb.fault(bit, address, write, walker.faultLevel(), walker.fault() == Stage2Walker.Fault.EXTERNAL_ABORT);
            trace(sid, address, 0x40 + Integer.numberOfTrailingZeros(bit), write);
        }
        return out;
    }

    /**
     * Traces a terminated transaction ({@link ArmTrace#SMMU_FAULT}, decision T21).
     *
     * @param sid its StreamID
     * @param address its input address
     * @param reason 0x40 plus the FSR bit, or 0x80 plus the sGFSR bit
     * @param write whether it writes
     */
    void trace(final int sid, final long address, final int reason, final boolean write)
    {
        if (trace.enabled())
        {
            trace.record(ArmTrace.SMMU_FAULT, sid, address, reason | (write ? 0x100 : 0));
        }
    }

    /** @param vmid drops the entries of this VMID */
    void invalidateVmid(final int vmid)
    {
        walker.invalidateVmid(vmid);
    }

    /**
     * Drops the entries of a VMID that translate the IPA's page or a block containing it.
     *
     * @param vmid the VMID
     * @param ipa the IPA
     */
    void invalidateIpa(final int vmid, final long ipa)
    {
        walker.invalidateIpa(vmid, ipa);
    }

    /** Drops every entry. */
    void invalidateAll()
    {
        walker.invalidateAll();
    }
}
