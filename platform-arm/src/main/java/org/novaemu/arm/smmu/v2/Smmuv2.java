// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu.v2;

import java.util.Arrays;

import org.novaemu.bus.Bus;
import org.novaemu.bus.DmaTranslation;
import org.novaemu.bus.IommuFault;
import org.novaemu.bus.IommuFaultLog;
import org.novaemu.bus.MmioDevice;
import org.novaemu.bus.RequesterId;
import org.novaemu.irq.IrqLine;
import org.novaemu.util.Require;

/**
 * An SMMUv2 at register level (Arm IHI 0062D), with stage 2 translation only, as NOVA's {@code smmu.cpp}
 * uses it: global address space 0 (sCR0, the identification registers, global fault recording, TLB maintenance
 * and the stream mapping groups' SMRn and S2CRn), global address space 1 (CBARn, CBA2Rn), and one 4 KiB page per
 * translation context bank in the upper half of its address space ({@link Smmuv2Register}). Sub-blocks: stream
 * matching with its cache ({@code StreamMatch}), the context banks ({@code ContextBank}), the stage 2 walk with
 * its TLB ({@code Stage2Walk}) and global fault recording ({@code GlobalFaults}).
 *
 * <p>As the bus's {@link DmaTranslation} it translates every DMA: a requester's StreamID is bits 31:0 of its
 * requester ID (as the SMMUv3's, decision B8). While sCR0.CLIENTPD is 1 transactions bypass; else the StreamID
 * is matched against the valid SMRs: none matching faults (USF) or bypasses as sCR0.USFCFG says, several
 * matching with sCR0.SMCFCFG 1 fault (SMCF); the group's S2CR bypasses, faults (ICF) or names a context bank,
 * which translates at stage 2 if its SCTLR.M is 1 and bypasses if 0. A faulting transaction is blocked (reads
 * all ones, writes nothing) whatever the report enables say (decision A165). CPU accesses never pass.
 *
 * <p>Identification (decision A160): sIDR0 stage 2 only (S2TS), stream matching (SMS), 15 StreamID bits, AArch64
 * tables only, coherent walks, a context interrupt per bank, no ATOS; sIDR1 4 KiB pages, NUMCB banks all stage 2
 * only, 2^(NUMPAGENDXB + 1) pages per half; sIDR2 48-bit input and output, the 4 KiB granule, 8-bit VMIDs. Bad
 * programming gets the architected answer (a recorded fault, RAZ/WI), never an exception.
 */
public final class Smmuv2 implements MmioDevice, DmaTranslation
{
    /** The most stream mapping groups a builder takes. */
    public static final int MAX_GROUPS = 128;
    /** The most context banks a builder takes. */
    public static final int MAX_CONTEXT_BANKS = 128;
    /** sIDR2: 48-bit input and output addresses, a 49-bit upstream bus, the AArch64 4 KiB granule. */
    public static final int SIDR2 = (int) (Smmuv2Register.SIDR2_IAS.encode(5) | Smmuv2Register.SIDR2_OAS.encode(5)
        | Smmuv2Register.SIDR2_UBS.encode(5) | Smmuv2Register.SIDR2_PTFS_4K.mask());
    /** sCR0 after reset: CLIENTPD, transactions bypass until software takes the SMMU over (A162). */
    public static final int SCR0_RESET = Smmuv2Register.SCR0_CLIENTPD;

    private static final int NONE = -1;
    private static final Smmuv2Register[] REGISTERS = Smmuv2Register.values();

    private final int sidr0;
    private final int sidr1;
    private final int half;
    private final StreamMatch match;
    private final ContextBank[] banks;
    private final boolean[] syncActive;
    private final Stage2Walk walk;
    private final IommuFaultLog log;
    private final GlobalFaults globals;
    private int scr0 = SCR0_RESET;
    private int sacr;
    private boolean globalSyncActive;

    private Smmuv2(final Builder b)
    {
        final int pages = pages(b.banks);
        this.half = pages * Smmuv2Register.PAGE;
        this.sidr0 = (int) (Smmuv2Register.SIDR0_NUMSMRG.encode(b.groups)
            | Smmuv2Register.SIDR0_NUMSIDB.encode(StreamMatch.SID_BITS) | Smmuv2Register.SIDR0_CTTW.mask()
            | Smmuv2Register.SIDR0_NUMIRPT.encode(b.banks) | Smmuv2Register.SIDR0_PTFS.encode(0b10)
            | Smmuv2Register.SIDR0_ATOSNS.mask() | Smmuv2Register.SIDR0_SMS.mask()
            | Smmuv2Register.SIDR0_S2TS.mask());
        this.sidr1 = (int) (Smmuv2Register.SIDR1_NUMCB.encode(b.banks) | Smmuv2Register.SIDR1_NUMS2CB.encode(b.banks)
            | Smmuv2Register.SIDR1_NUMPAGENDXB.encode(Integer.numberOfTrailingZeros(pages) - 1));
        this.match = new StreamMatch(b.groups);
        this.banks = new ContextBank[b.banks];
        for (int i = 0; i < banks.length; i++)
        {
            banks[i] = new ContextBank(i < b.contextIrqs.length ? b.contextIrqs[i] : null);
        }
        this.syncActive = new boolean[b.banks];
        this.walk = new Stage2Walk(b.bus);
        this.log = b.bus.iommuFaults();
        this.globals = new GlobalFaults(b.globalIrq);
    }

    /** @return the pages of each half of the address space: a power of two, at least 2 and the banks */
    private static int pages(final int contextBanks)
    {
        return Math.max(2, Integer.highestOneBit(contextBanks * 2 - 1));
    }

    /**
     * @param contextBanks the number of context banks
     * @return the size of the register frame of an SMMU with that many: 2 x 2^(NUMPAGENDXB + 1) pages of 4 KiB
     */
    public static long frameSize(final int contextBanks)
    {
        return 2L * pages((int) Require.inRange("contextBanks", contextBanks, 1, MAX_CONTEXT_BANKS))
            * Smmuv2Register.PAGE;
    }

    /**
     * @param bus the bus: its RAM holds the translation tables
     * @return a builder
     */
    public static Builder builder(final Bus bus)
    {
        return new Builder(bus);
    }

    /** Builds an {@link Smmuv2}. */
    public static final class Builder
    {
        private final Bus bus;
        private int groups = 32;
        private int banks = 8;
        private IrqLine globalIrq;
        private IrqLine[] contextIrqs = new IrqLine[0];

        private Builder(final Bus bus)
        {
            this.bus = Require.nonNull("bus", bus);
        }

        /**
         * @param n sIDR0.NUMSMRG, 1 to {@value Smmuv2#MAX_GROUPS}; default 32
         * @return this builder
         */
        public Builder streamMatchGroups(final int n)
        {
            this.groups = (int) Require.inRange("streamMatchGroups", n, 1, MAX_GROUPS);
            return this;
        }

        /**
         * @param n sIDR1.NUMCB, 1 to {@value Smmuv2#MAX_CONTEXT_BANKS}; default 8
         * @return this builder
         */
        public Builder contextBanks(final int n)
        {
            this.banks = (int) Require.inRange("contextBanks", n, 1, MAX_CONTEXT_BANKS);
            return this;
        }

        /**
         * @param line the wired, level-sensitive global fault interrupt, or null for none
         * @return this builder
         */
        public Builder globalFaultIrq(final IrqLine line)
        {
            this.globalIrq = line;
            return this;
        }

        /**
         * @param lines the wired, level-sensitive context interrupts: line i is context bank i's
         * @return this builder
         */
        public Builder contextFaultIrqs(final IrqLine... lines)
        {
            this.contextIrqs = Require.nonNull("contextFaultIrqs", lines).clone();
            return this;
        }

        /** @return the SMMU, reset: CLIENTPD 1 (bypass), SMRs invalid, S2CRs faulting, context banks off */
        public Smmuv2 build()
        {
            if (contextIrqs.length > banks)
            {
                throw new IllegalArgumentException("contextFaultIrqs: " + contextIrqs.length + " lines for "
                    + banks + " context banks");
            }
            return new Smmuv2(this);
        }
    }

    /** @return the number of stream mapping groups */
    public int streamMatchGroups()
    {
        return match.groups();
    }

    /** @return the number of context banks */
    public int contextBanks()
    {
        return banks.length;
    }

    /** @return the size of the register frame */
    public long frameSize()
    {
        return 2L * half;
    }

    /** @return stage 2 table walks (TLB misses) so far */
    public long walks()
    {
        return walk.walks();
    }

    /** @return TLB lookups of translated transactions so far; hits are {@code tlbLookups() - walks()} (U24) */
    public long tlbLookups()
    {
        return walk.lookups();
    }

    /** @return global faults so far, recorded or counted in MULTI */
    public long globalFaults()
    {
        return globals.faults();
    }

    /**
     * @param bank a context bank
     * @return its context faults so far, recorded or counted in MULTI
     */
    public long contextFaults(final int bank)
    {
        return banks[(int) Require.inRange("bank", bank, 0, banks.length - 1)].faults();
    }

    // ---- Translation -------------------------------------------------------------------------------------------

    @Override
    public long translate(final long requester, final long address, final int size, final boolean write)
    {
        if (requester == RequesterId.CPU)
        {
            return FAULT; // not a stream: nothing attributable passes (as the SMMUv3, A107)
        }
        if ((scr0 & Smmuv2Register.SCR0_CLIENTPD) != 0)
        {
            return bypass(RequesterId.streamId(requester), address, write);
        }
        final int sid = RequesterId.streamId(requester);
        final int group = match.lookup(sid);
        if (group == StreamMatch.NO_MATCH)
        {
            return (scr0 & Smmuv2Register.SCR0_USFCFG) != 0
                ? global(Smmuv2Register.SGFSR_USF, sid, address, write) : bypass(sid, address, write);
        }
        if (group == StreamMatch.CONFLICT)
        {
            return global(Smmuv2Register.SGFSR_SMCF, sid, address, write);
        }
        final int s2cr = match.s2cr(group);
        final int type = (int) Smmuv2Register.S2CR_TYPE.extract(s2cr);
        if (type == Smmuv2Register.S2CR_BYPASS)
        {
            return bypass(sid, address, write);
        }
        if (type != Smmuv2Register.S2CR_TRANSLATE)
        {
            return global(Smmuv2Register.SGFSR_ICF, sid, address, write); // fault, or the reserved 0b11
        }
        final int index = (int) Smmuv2Register.S2CR_CBNDX.extract(s2cr);
        if (index >= banks.length)
        {
            return global(Smmuv2Register.SGFSR_UCBF, sid, address, write);
        }
        final ContextBank cb = banks[index];
        if (Smmuv2Register.CBAR_TYPE.extract(cb.cbar()) != 0 || (cb.cba2r() & Smmuv2Register.CBA2R_VA64) == 0)
        {
            return global(Smmuv2Register.SGFSR_ICF, sid, address, write); // a stage 1 type, or AArch32 (A164)
        }
        if ((cb.sctlr() & Smmuv2Register.SCTLR_M) == 0)
        {
            return bypass(sid, address, write);
        }
        final long out = walk.translate(cb, sid, address, write);
        if (out == FAULT)
        {
            // The bank has just recorded it; its interrupt is taken later, at an interrupt point (U20).
            final int bit = cb.lastFault();
            typed(sid, address, write, switch (bit)
            {
                case Smmuv2Register.FSR_TF -> IommuFault.Reason.TRANSLATION;
                case Smmuv2Register.FSR_ASF -> IommuFault.Reason.ADDRESS_SIZE;
                case Smmuv2Register.FSR_EF -> IommuFault.Reason.WALK_ABORT;
                default -> IommuFault.Reason.PERMISSION; // FSR_PF, FSR_AFF
            }, bit);
        }
        return out;
    }

    private long bypass(final int sid, final long address, final boolean write)
    {
        if (address >>> Stage2Walk.OAS != 0)
        {
            typed(sid, address, write, IommuFault.Reason.ADDRESS_SIZE, 0);
            return FAULT; // beyond the output size: blocked (A164)
        }
        return address;
    }

    private long global(final int bit, final int sid, final long address, final boolean write)
    {
        walk.trace(sid, address, 0x80 + Integer.numberOfTrailingZeros(bit), write);
        typed(sid, address, write, switch (bit)
        {
            case Smmuv2Register.SGFSR_USF -> IommuFault.Reason.NO_CONTEXT;
            case Smmuv2Register.SGFSR_UCBF, Smmuv2Register.SGFSR_SMCF -> IommuFault.Reason.BAD_CONFIG;
            default -> IommuFault.Reason.ABORTED; // ICF: an S2CR of type fault, or a bank of the wrong kind
        }, bit);
        globals.fault(bit, sid, address, write);
        return FAULT;
    }

    /** The typed record of a blocked transaction (decision U20). */
    private void typed(final int sid, final long address, final boolean write, final IommuFault.Reason why,
                       final int code)
    {
        log.record(IommuFault.Unit.SMMU_V2, sid & 0xffffffffL, address,
            write ? IommuFault.Access.WRITE : IommuFault.Access.READ, why, code);
    }

    // ---- Registers ---------------------------------------------------------------------------------------------

    /**
     * Decodes an offset: the register whose 4 bytes are there, packed with the array element or context bank
     * (bits 15:1) and whether it is a 64-bit register's upper half (bit 0); {@link #NONE} for reserved.
     */
    private int decode(final int at)
    {
        if (at < 0 || at >= 2 * half || (at & 3) != 0)
        {
            return NONE;
        }
        if (at >= half)
        {
            final int bank = (at - half) / Smmuv2Register.PAGE;
            final int off = (at - half) % Smmuv2Register.PAGE;
            if (bank >= banks.length)
            {
                return NONE;
            }
            final Smmuv2Register r = Smmuv2Register.cb(off);
            if (r != null)
            {
                return pack(r, bank, false);
            }
            final Smmuv2Register lower = Smmuv2Register.cb(off - 4);
            return lower != null && lower.width() == 8 ? pack(lower, bank, true) : NONE;
        }
        if (at < Smmuv2Register.PAGE)
        {
            final Smmuv2Register r = Smmuv2Register.gr0(at);
            if (r != null)
            {
                return pack(r, 0, false);
            }
            if (at == Smmuv2Register.SGFAR.offset() + 4)
            {
                return pack(Smmuv2Register.SGFAR, 0, true);
            }
            return array(Smmuv2Register.SMR, at, match.groups(), NONE) != NONE
                ? array(Smmuv2Register.SMR, at, match.groups(), NONE)
                : array(Smmuv2Register.S2CR, at, match.groups(), NONE);
        }
        final int off = at - Smmuv2Register.PAGE;
        if (off >= Smmuv2Register.PAGE)
        {
            return NONE; // pages 2 and up of the global space: none here
        }
        final int cbar = array(Smmuv2Register.CBAR, off, banks.length, NONE);
        final int frsynra = array(Smmuv2Register.CBFRSYNRA, off, banks.length, cbar);
        return array(Smmuv2Register.CBA2R, off, banks.length, frsynra);
    }

    private static int array(final Smmuv2Register r, final int off, final int n, final int otherwise)
    {
        final int i = off - r.offset() >> 2;
        return off >= r.offset() && i < n ? pack(r, i, false) : otherwise;
    }

    private static int pack(final Smmuv2Register r, final int index, final boolean upper)
    {
        return r.ordinal() << 16 | index << 1 | (upper ? 1 : 0);
    }

    private static Smmuv2Register register(final int decoded)
    {
        return REGISTERS[decoded >>> 16];
    }

    private long value(final Smmuv2Register r, final int i)
    {
        return switch (r)
        {
            case SCR0 -> scr0;
            case SACR -> sacr;
            case SIDR0 -> sidr0;
            case SIDR1 -> sidr1;
            case SIDR2 -> SIDR2;
            case SGFAR -> globals.sgfar();
            case SGFSR -> globals.sgfsr() & 0xffffffffL;
            case SGFSYNR0 -> globals.sgfsynr0();
            case SGFSYNR1 -> globals.sgfsynr1();
            case STLBGSTATUS -> globalSyncActive ? Smmuv2Register.TLBSTATUS_ACTIVE : 0;
            case SMR -> match.smr(i) & 0xffffffffL;
            case S2CR -> match.s2cr(i);
            case CBAR -> banks[i].cbar();
            case CBA2R -> banks[i].cba2r();
            case SCTLR -> banks[i].sctlr();
            case TTBR0 -> banks[i].ttbr0();
            case TCR -> banks[i].tcr();
            case FSR -> banks[i].fsr() & 0xffffffffL;
            case FAR -> banks[i].far();
            case FSYNR0 -> banks[i].fsynr0();
            case TLBSTATUS -> syncActive[i] ? Smmuv2Register.TLBSTATUS_ACTIVE : 0;
            default -> 0; // SIDR7 (revision 0), SGFSYNR2, CBFRSYNRA, and the write-only registers: RAZ
        };
    }

    @Override
    public long read(final long offset, final int size, final long requester)
    {
        final int at = (int) offset;
        final int d = decode(at);
        if (size == 8 && (d == NONE || register(d).width() == 4 || (d & 1) != 0))
        {
            return readWord(at) | readWord(at + 4) << 32; // two 32-bit registers, as two accesses
        }
        if (d == NONE)
        {
            return 0;
        }
        return size == 8 ? value(register(d), d >>> 1 & 0x7fff) : readWord(at);
    }

    private long readWord(final int at)
    {
        final int d = decode(at);
        if (d == NONE)
        {
            return 0; // reserved: RAZ
        }
        final long v = value(register(d), d >>> 1 & 0x7fff);
        return ((d & 1) != 0 ? v >>> 32 : v) & 0xffffffffL;
    }

    @Override
    public void write(final long offset, final int size, final long value, final long requester)
    {
        final int at = (int) offset;
        final int d = decode(at);
        if (size == 8 && (d == NONE || register(d).width() == 4 || (d & 1) != 0))
        {
            writeWord(at, value & 0xffffffffL, 4);
            writeWord(at + 4, value >>> 32, 4);
            return;
        }
        writeWord(at, size == 8 ? value : value & 0xffffffffL, size);
    }

    private void writeWord(final int at, final long v, final int size)
    {
        final int d = decode(at);
        if (d == NONE)
        {
            return; // reserved: WI
        }
        final Smmuv2Register r = register(d);
        final int i = d >>> 1 & 0x7fff;
        final boolean upper = (d & 1) != 0;
        switch (r)
        {
            case SCR0 ->
            {
                scr0 = (int) v & Smmuv2Register.SCR0_STORED;
                match.conflictFaults((scr0 & Smmuv2Register.SCR0_SMCFCFG) != 0);
                globals.configure(scr0);
            }
            case SACR -> writeSacr((int) v);
            case SGFAR -> globals.writeSgfar(merge(globals.sgfar(), upper, size, v));
            case SGFSR -> globals.clear((int) v);
            case SGFSRRESTORE -> globals.restore((int) v);
            case SGFSYNR0 -> globals.writeSgfsynr0((int) v);
            case SGFSYNR1 -> globals.writeSgfsynr1((int) v);
            case TLBIALL, TLBIALLNSNH -> walk.invalidateAll();
            case TLBIVMID -> walk.invalidateVmid((int) v & 0xffff);
            case STLBGSYNC -> globalSyncActive = (sacr & Smmuv2Register.SACR_SYNCHOLD) != 0;
            case SMR -> match.writeSmr(i, (int) v);
            case S2CR -> match.writeS2cr(i, (int) v);
            case CBAR -> banks[i].writeCbar((int) v);
            case CBA2R -> banks[i].writeCba2r((int) v);
            case SCTLR -> banks[i].writeSctlr((int) v);
            case TTBR0 -> banks[i].writeTtbr0(merge(banks[i].ttbr0(), upper, size, v));
            case TCR -> banks[i].writeTcr((int) v);
            case FSR -> banks[i].clearFsr((int) v);
            case FSRRESTORE -> banks[i].restoreFsr((int) v);
            case FAR -> banks[i].writeFar(merge(banks[i].far(), upper, size, v));
            case FSYNR0 -> banks[i].writeFsynr0((int) v);
            case CB_TLBIALL -> walk.invalidateVmid(vmid(i));
            case TLBIIPAS2, TLBIIPAS2L ->
                walk.invalidateIpa(vmid(i), ((upper ? v << 32 : v) & (1L << 36) - 1) << 12);
            case TLBSYNC -> syncActive[i] = (sacr & Smmuv2Register.SACR_SYNCHOLD) != 0;
            default ->
            {
                // read-only: sIDRn, sGFSYNR2, sTLBGSTATUS, CBFRSYNRA, TLBSTATUS; TLBIALLH has no Hyp entries
            }
        }
    }

    /** sACR (A168): while SYNCHOLD is 1 a TLB synchronization stays active; clearing it completes them all. */
    private void writeSacr(final int v)
    {
        sacr = v & Smmuv2Register.SACR_SYNCHOLD;
        if (sacr == 0)
        {
            globalSyncActive = false;
            Arrays.fill(syncActive, false);
        }
    }

    private int vmid(final int bank)
    {
        return (int) Smmuv2Register.CBAR_VMID.extract(banks[bank].cbar());
    }

    /** @return a 64-bit register after a write of all of it or of one half, the other half kept */
    private static long merge(final long old, final boolean upper, final int size, final long v)
    {
        if (size == 8)
        {
            return v;
        }
        return upper ? old & 0xffffffffL | v << 32 : old & ~0xffffffffL | v;
    }
}
