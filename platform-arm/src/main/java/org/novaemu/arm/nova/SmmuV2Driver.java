// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.Map;

import org.novaemu.arm.smmu.Stage2Format;
import org.novaemu.arm.smmu.v2.Smmuv2;
import org.novaemu.arm.smmu.v2.Smmuv2Register;
import org.novaemu.bus.RequesterId;
import org.novaemu.kernel.Dc;
import org.novaemu.kernel.Iommu;
import org.novaemu.kernel.PageTableFormat;
import org.novaemu.kernel.SpaceMem;
import org.novaemu.kernel.Status;
import org.novaemu.util.Require;

/**
 * NOVA's AArch64 IOMMU half for an SMMUv2 (NOVA's {@code Smmu} in {@code smmu.cpp} and {@code smmu.hpp}): at boot
 * it reads the SMMU's geometry (stream matching or indexing, StreamID bits, page size and count, stream mapping
 * groups, context banks, input and output sizes), points every context bank at an invalid context (CBAR TYPE
 * 0b10) and every stream mapping group at a fault (S2CR TYPE 0b10), then enables the SMMU with unidentified
 * streams and stream match conflicts faulting and every fault reported and interrupting (sCR0). DMA spaces are
 * VMSAv8-64 stage 2 tables ({@link Stage2Format}) the context banks walk directly.
 *
 * <p>assign_dev (NOVA's {@code Smmu::configure} and {@code conf_smg}) takes the stream mapping group and the
 * context bank the DTD names (specification 7.6.7.2): the bank becomes a stage 2 context of the DMA space (its
 * VMID in CBAR, its root in TTBR0, TCR for the space's input size), the group's S2CR translates through it and its
 * SMR matches the DTD's StreamID under its mask. The space's VMID's TLB entries are invalidated by TLBIVMID and a
 * global sync (sTLBGSYNC, polled in sTLBGSTATUS) first. A VMID belongs to a space while a bank translates for
 * it (A213). The global fault and context bank SPIs are the kernel's (A212): its GIC entry calls NOVA's
 * {@code Smmu::fault}, which reads, keeps and clears the global and context fault status (A173).
 */
public final class SmmuV2Driver extends IntidOwner implements Iommu
{
    /** sCR0 as NOVA's {@code init} writes it: SMCFCFG, PTM, VMIDPNE, USFCFG, GCFGFIE/FRE, GFIE/FRE, CLIENTPD 0. */
    public static final int SCR0 = Smmuv2Register.SCR0_SMCFCFG | Smmuv2Register.SCR0_PTM
        | Smmuv2Register.SCR0_VMIDPNE | Smmuv2Register.SCR0_USFCFG | Smmuv2Register.SCR0_GCFGFIE
        | Smmuv2Register.SCR0_GCFGFRE | Smmuv2Register.SCR0_GFIE | Smmuv2Register.SCR0_GFRE;
    /** How often the driver reads a TLB status register before it gives up on a sync (A171). */
    public static final int SYNC_POLLS = 1000;

    /** IAS and OAS encodings to bits ({@code Dpt::pas}). */
    private static final int[] PAS = {32, 36, 40, 42, 44, 48, 52, 56};
    /** TCR: TG0 4 KiB, SH0 inner shareable, ORGN0 and IRGN0 write-back (NOVA's TCR flags). */
    private static final int TCR_FLAGS = 0b11 << 12 | 0b01 << 10 | 0b01 << 8;
    /** S2CR INSTCFG (bits 27:26) 0b10, data only: NOVA's {@code BIT (27)} with TYPE translate. */
    private static final int S2CR_INSTCFG_DATA = 1 << 27;

    private final Smmuv2 smmu;
    private final long base;
    private final long gr1;
    private final long ctx;
    private final int pageSize;
    private final boolean indexing;
    private final int sidBits;
    private final int groups;
    private final int banks;
    private final int oas;
    private final int inputBits;
    private final int levels;
    private final long size;
    /** The VMID of each space a bank translates for (CBAR.VMID, 8 bits; 0 unused): at most NUMCB of them. */
    private final Map<SpaceMem, Integer> vmids = new IdentityHashMap<>();
    private final BitSet usedVmids = new BitSet();
    /** How many banks translate with each VMID: the VMID is free again when none does (A213). */
    private final int[] vmidBanks = new int[0x100];
    /** The DMA space each context bank translates for, or null. */
    private final SpaceMem[] bankSpace;
    /** The global fault interrupt's INTID, then each context bank's (SPIs the kernel owns, A212). */
    private final int[] intids;
    private long faultsHandled;
    private boolean anyFault;
    private int lastContext;
    private int lastStatus;
    private int lastSyndrome;
    private long lastAddress;

    /**
     * A fault the interrupt handler read and cleared.
     *
     * @param context the context bank, or -1 for a global fault
     * @param status sGFSR or the bank's FSR
     * @param address sGFAR or FAR
     * @param syndrome sGFSYNR1 (the StreamID) for a global fault, FSYNR0 for a context fault
     */
    public record Fault(int context, int status, long address, int syndrome)
    {
    }

    /**
     * Takes the SMMU over as NOVA's {@code Smmu::Smmu} and {@code Smmu::init} do. Its global fault and context
     * bank interrupts reach the kernel's GIC entry, which runs the fault handler ({@link GicInterrupts} configures
     * them; A212).
     *
     * @param smmu the SMMU
     * @param base its register address (the DTD's SMMU address)
     * @param globalIntid the INTID (an SPI) of its global fault interrupt
     * @param contextIntids the INTIDs (SPIs) of its context interrupts, one per bank it has
     */
    public SmmuV2Driver(final Smmuv2 smmu, final long base, final int globalIntid, final int... contextIntids)
    {
        this.smmu = Require.nonNull("smmu", smmu);
        Require.nonNull("contextIntids", contextIntids);
        if ((base & 0xfff) != 0)
        {
            throw new IllegalArgumentException("base must be 4 KiB aligned, was 0x" + Long.toHexString(base));
        }
        this.base = base;
        final long idr0 = read(Smmuv2Register.SIDR0);
        final long idr1 = read(Smmuv2Register.SIDR1);
        final long idr2 = read(Smmuv2Register.SIDR2);
        indexing = !Smmuv2Register.SIDR0_SMS.isSet(idr0);
        sidBits = Smmuv2Register.SIDR0_EXIDS.isSet(idr0) ? 16 : (int) Smmuv2Register.SIDR0_NUMSIDB.extract(idr0);
        pageSize = Smmuv2Register.SIDR1_PAGESIZE.isSet(idr1) ? 1 << 16 : 1 << 12;
        groups = (int) Smmuv2Register.SIDR0_NUMSMRG.extract(idr0);
        banks = (int) Smmuv2Register.SIDR1_NUMCB.extract(idr1);
        oas = (int) Smmuv2Register.SIDR2_OAS.extract(idr2);
        inputBits = Math.min(48, PAS[(int) Smmuv2Register.SIDR2_IAS.extract(idr2) & 7]); // 4 KiB: no 52 bits
        // Dpt::lev, as NOVA's smmu.cpp sizes the walk; with the model's 48 input bits, 4 levels from the DMA
        // space's root, which TTBR0 names (a narrower IAS would need the table at that level instead: A172).
        levels = (inputBits - 4) / 9;
        final int pages = 1 << Smmuv2Register.SIDR1_NUMPAGENDXB.extract(idr1) + 1;
        size = (long) pageSize * pages * 2;
        gr1 = base + pageSize;
        ctx = base + (long) pageSize * pages;
        if (contextIntids.length != banks)
        {
            throw new IllegalArgumentException("contextIntids: " + contextIntids.length + " for " + banks + " banks");
        }
        intids = new int[1 + banks];
        intids[0] = globalIntid;
        System.arraycopy(contextIntids, 0, intids, 1, banks);
        bankSpace = new SpaceMem[banks];
        usedVmids.set(0);
        // init: context banks to an invalid context, groups to a fault, then the SMMU on.
        for (int c = 0; c < banks; c++)
        {
            write(cbar(c), Smmuv2Register.CBAR_TYPE.encode(0b10));
        }
        for (int g = 0; g < groups; g++)
        {
            write(s2cr(g), Smmuv2Register.S2CR_TYPE.encode(Smmuv2Register.S2CR_FAULT));
        }
        write(base + Smmuv2Register.SCR0.offset(), SCR0);
    }

    /** @return the global fault interrupt's INTID, then each context bank's (NOVA's glb_spi and ctx_spi) */
    @Override
    int[] intids()
    {
        return intids.clone();
    }

    /** Level: the SMMUv2 holds each output while a fault is recorded (A169), as NOVA's board flags configure it. */
    @Override
    boolean levelTriggered()
    {
        return true;
    }

    /**
     * NOVA's {@code Smmu::interrupt}: any of the SMMU's interrupts runs {@link #fault}, which looks at the global
     * and every bank's status; clearing them drops the level outputs before the entry deactivates the SPI.
     */
    @Override
    void interrupt(final int intid)
    {
        fault();
    }

    private long read(final Smmuv2Register r)
    {
        return read(base + r.offset());
    }

    private long read(final long at)
    {
        return smmu.read(at - base, 4, RequesterId.CPU);
    }

    private void write(final long at, final long value)
    {
        smmu.write(at - base, 4, value, RequesterId.CPU);
    }

    private void write64(final long at, final long value)
    {
        smmu.write(at - base, 8, value, RequesterId.CPU);
    }

    private long smr(final int g)
    {
        return base + Smmuv2Register.SMR.offset() + 4L * g;
    }

    private long s2cr(final int g)
    {
        return base + Smmuv2Register.S2CR.offset() + 4L * g;
    }

    private long cbar(final int c)
    {
        return gr1 + Smmuv2Register.CBAR.offset() + 4L * c;
    }

    private long cba2r(final int c)
    {
        return gr1 + Smmuv2Register.CBA2R.offset() + 4L * c;
    }

    private long cb(final int c, final Smmuv2Register r)
    {
        return ctx + (long) pageSize * c + r.offset();
    }

    /** @return the SMMU's register address */
    public long base()
    {
        return base;
    }

    /** @return the size of its register frame, withheld from the NOVA host space */
    public long frameSize()
    {
        return size;
    }

    /** @return SMG_NUM: its stream mapping groups */
    public int streamMatchGroups()
    {
        return groups;
    }

    /** @return CTX_NUM: its context banks */
    public int contextBanks()
    {
        return banks;
    }

    /** @return the StreamID bits it matches: a DTD's SID and mask must be below 2^this */
    public int streamIdBits()
    {
        return sidBits;
    }

    @Override
    public int selectorBits()
    {
        return inputBits - 12;
    }

    @Override
    public PageTableFormat pageTableFormat()
    {
        return Stage2Format.INSTANCE;
    }

    /**
     * TLBIVMID and a global sync, polled ({@code Smmu::tlb_invalidate(Sdid)}, {@code tlb_sync_glb}).
     *
     * @return false if sTLBGSTATUS.GSACTIVE stayed 1 for {@link #SYNC_POLLS} reads
     */
    private boolean invalidate(final int vmid)
    {
        write(base + Smmuv2Register.TLBIVMID.offset(), vmid & 0xffff);
        write(base + Smmuv2Register.STLBGSYNC.offset(), 0);
        for (int i = 0; i < SYNC_POLLS; i++)
        {
            if ((read(Smmuv2Register.STLBGSTATUS) & Smmuv2Register.TLBSTATUS_ACTIVE) == 0)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Attaches a device (NOVA's {@code Smmu::configure} and {@code conf_smg}; A170-A172): BAD_DEV unless DTD word 1
     * bits 63:12 are this SMMU's address, the SID and mask fit its StreamID bits, SMG is below SMG_NUM, CTX below
     * CTX_NUM and the reserved bits 11:8 of words 1 and 2 are zero; TIMEOUT if the VMID's TLB invalidation does
     * not complete. Each changes nothing. Then the context bank becomes a stage 2 context of the space and the
     * group matches the StreamID into it. Never MEM_OBJ: a VMID is held only while a bank translates for its space,
     * so at most NUMCB + 1 (129) of the 255 are ever wanted (A213).
     *
     * @return SUCCESS, BAD_DEV or TIMEOUT
     */
    @Override
    public Status assignDev(final Dc dc, final SpaceMem dma)
    {
        final long w0 = dc.dtd(0);
        final long w1 = dc.dtd(1);
        final long w2 = dc.dtd(2);
        final int sid = (int) (w0 & 0xffff);
        final int mask = (int) (w0 >>> 16 & 0xffff);
        int group = (int) (w1 & 0xff);
        final int bank = (int) (w2 & 0xff);
        if (indexing)
        {
            group = sid; // stream indexing: the StreamID selects the group
        }
        if ((w1 & ~0xfffL) != base || (w1 & 0xf00) != 0 || (w2 & 0xf00) != 0
            || (sid | mask) >>> sidBits != 0 || group >= groups || bank >= banks)
        {
            return Status.BAD_DEV;
        }
        final Integer held = vmids.get(dma);
        final boolean fresh = held == null;
        // The banks hold at most NUMCB (at most 128, IHI 0062 sIDR1) spaces besides this one: a VMID is free.
        final int vmid = fresh ? usedVmids.nextClearBit(1) : held;
        if (!invalidate(vmid))
        {
            return Status.TIMEOUT; // nothing written yet (A171)
        }
        if (fresh)
        {
            usedVmids.set(vmid);
            vmids.put(dma, vmid);
        }
        // conf_smg: the bank off, stage 2 AArch64 with the space's VMID, TCR and root, then on.
        write(cb(bank, Smmuv2Register.SCTLR), 0);
        write(cba2r(bank), Smmuv2Register.CBA2R_VA64);
        write(cbar(bank), vmid & 0xff);
        write(cb(bank, Smmuv2Register.TCR), (long) oas << 16 | TCR_FLAGS | (long) (levels - 2) << 6 | 64 - inputBits);
        write64(cb(bank, Smmuv2Register.TTBR0), dma.tableRoot());
        write(cb(bank, Smmuv2Register.SCTLR), Smmuv2Register.SCTLR_CFIE | Smmuv2Register.SCTLR_CFRE
            | Smmuv2Register.SCTLR_M);
        // The group off, pointed at the bank, then matching.
        write(smr(group), 0);
        write(s2cr(group), S2CR_INSTCFG_DATA | bank);
        write(smr(group), Smmuv2Register.SMR_VALID.mask() | (long) mask << 16 | sid);
        final SpaceMem previous = bankSpace[bank];
        dma.reference(); // the bank keeps the space alive
        vmidBanks[vmid]++;
        bankSpace[bank] = dma;
        if (previous != null)
        {
            final int old = vmids.get(previous);
            if (--vmidBanks[old] == 0)
            {
                // No bank translates for it: the VMID is free again, even while the space lives (A213); its TLB
                // entries go at the next assign_dev that takes it.
                usedVmids.clear(old);
                vmids.remove(previous);
            }
            previous.unreference();
        }
        return Status.SUCCESS;
    }

    /** A DMA space's mappings changed: if a bank uses it, its VMID's TLB entries go (TLBIVMID and sync). */
    @Override
    public void spaceChanged(final SpaceMem space)
    {
        final Integer vmid = vmids.get(space);
        if (vmid != null)
        {
            invalidate(vmid);
        }
    }

    /**
     * The fault interrupt handler ({@code Smmu::fault}): a global fault in sGFSR (bits 8:0) is read with its
     * address and StreamID and cleared by writing sGFSR back; then each bank's FSR (bits 8:1) likewise.
     */
    void fault()
    {
        final int gfsr = (int) read(Smmuv2Register.SGFSR);
        if ((gfsr & Smmuv2Register.SGFSR_FAULTS) != 0)
        {
            final long far = smmu.read(Smmuv2Register.SGFAR.offset(), 8, RequesterId.CPU);
            keep(-1, gfsr, far, (int) read(Smmuv2Register.SGFSYNR1));
            write(base + Smmuv2Register.SGFSR.offset(), gfsr & 0xffffffffL);
        }
        for (int c = 0; c < banks; c++)
        {
            final int fsr = (int) read(cb(c, Smmuv2Register.FSR));
            if ((fsr & Smmuv2Register.FSR_FAULTS) != 0)
            {
                final long far = smmu.read(cb(c, Smmuv2Register.FAR) - base, 8, RequesterId.CPU);
                keep(c, fsr, far, (int) read(cb(c, Smmuv2Register.FSYNR0)));
                write(cb(c, Smmuv2Register.FSR), fsr & 0xffffffffL);
            }
        }
    }

    private void keep(final int context, final int status, final long address, final int syndrome)
    {
        faultsHandled++;
        anyFault = true;
        lastContext = context;
        lastStatus = status;
        lastAddress = address;
        lastSyndrome = syndrome;
    }

    /** @return faults the interrupt handler has read and cleared */
    public long faultsHandled()
    {
        return faultsHandled;
    }

    /** @return the last fault the handler read, or null */
    public Fault lastFault()
    {
        return anyFault ? new Fault(lastContext, lastStatus, lastAddress, lastSyndrome) : null;
    }
}
