// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu.v2;

import org.novaemu.util.BitField;

/**
 * The registers of the SMMUv2 Non-secure programming interface that the model has (Arm IHI 0062D: the Global Address
 * Space 0 and 1 registers and the translation context bank registers, named here as the specification names them), each
 * at its offset within its {@link Space}, with its width in bytes, and the fields software uses. The four arrays (SMRn,
 * S2CRn in space 0; CBARn, CBA2Rn in space 1) are named by their first element at {@code offset} and a stride of 4
 * bytes. Offsets of no register are reserved, RAZ/WI (decision A161).
 *
 * <p>Both the model ({@link Smmuv2}) and NOVA's driver that programs it name registers and fields here.
 */
public enum Smmuv2Register
{
    /** Configuration 0 (SMMU_sCR0). */
    SCR0(Space.GR0, 0x000, 4),
    /** Implementation defined auxiliary configuration (SMMU_sACR): the model's SYNCHOLD (A168). */
    SACR(Space.GR0, 0x010, 4),
    /** Identification 0 (SMMU_sIDR0). */
    SIDR0(Space.GR0, 0x020, 4),
    /** Identification 1 (SMMU_sIDR1). */
    SIDR1(Space.GR0, 0x024, 4),
    /** Identification 2 (SMMU_sIDR2). */
    SIDR2(Space.GR0, 0x028, 4),
    /** Identification 7 (SMMU_sIDR7): implementation major and minor revision. */
    SIDR7(Space.GR0, 0x03c, 4),
    /** Global fault address (SMMU_sGFAR). */
    SGFAR(Space.GR0, 0x040, 8),
    /** Global fault status (SMMU_sGFSR): write 1 to clear. */
    SGFSR(Space.GR0, 0x048, 4),
    /** Global fault status restore (SMMU_sGFSRRESTORE): a write sets sGFSR. */
    SGFSRRESTORE(Space.GR0, 0x04c, 4),
    /** Global fault syndrome 0 (SMMU_sGFSYNR0). */
    SGFSYNR0(Space.GR0, 0x050, 4),
    /** Global fault syndrome 1 (SMMU_sGFSYNR1): the StreamID. */
    SGFSYNR1(Space.GR0, 0x054, 4),
    /** Global fault syndrome 2 (SMMU_sGFSYNR2): IMPLEMENTATION DEFINED, RAZ. */
    SGFSYNR2(Space.GR0, 0x058, 4),
    /** TLB invalidate all (SMMU_TLBIALL). */
    TLBIALL(Space.GR0, 0x060, 4),
    /** TLB invalidate by VMID (SMMU_TLBIVMID). */
    TLBIVMID(Space.GR0, 0x064, 4),
    /** TLB invalidate all, Non-secure non-Hyp (SMMU_TLBIALLNSNH). */
    TLBIALLNSNH(Space.GR0, 0x068, 4),
    /** TLB invalidate all, Hyp (SMMU_TLBIALLH): no Hyp contexts, no effect. */
    TLBIALLH(Space.GR0, 0x06c, 4),
    /** Global synchronize TLB invalidate (SMMU_sTLBGSYNC). */
    STLBGSYNC(Space.GR0, 0x070, 4),
    /** Global TLB status (SMMU_sTLBGSTATUS): GSACTIVE. */
    STLBGSTATUS(Space.GR0, 0x074, 4),
    /** Stream match registers (SMMU_SMRn), one per stream mapping group. */
    SMR(Space.GR0, 0x800, 4),
    /** Stream-to-context registers (SMMU_S2CRn), one per stream mapping group. */
    S2CR(Space.GR0, 0xc00, 4),

    /** Context bank attribute registers (SMMU_CBARn). */
    CBAR(Space.GR1, 0x000, 4),
    /** Context bank fault restricted syndrome A (SMMU_CBFRSYNRAn): RAZ. */
    CBFRSYNRA(Space.GR1, 0x400, 4),
    /** Context bank attribute registers 2 (SMMU_CBA2Rn). */
    CBA2R(Space.GR1, 0x800, 4),

    /** System control (SMMU_CBn_SCTLR). */
    SCTLR(Space.CB, 0x000, 4),
    /** Translation table base 0 (SMMU_CBn_TTBR0): the stage 2 start table. */
    TTBR0(Space.CB, 0x020, 8),
    /** Translation control (SMMU_CBn_TCR), VTCR format in a stage 2 context bank. */
    TCR(Space.CB, 0x030, 4),
    /** Fault status (SMMU_CBn_FSR): write 1 to clear. */
    FSR(Space.CB, 0x058, 4),
    /** Fault status restore (SMMU_CBn_FSRRESTORE): a write sets FSR. */
    FSRRESTORE(Space.CB, 0x05c, 4),
    /** Fault address (SMMU_CBn_FAR): the input address of the recorded fault. */
    FAR(Space.CB, 0x060, 8),
    /** Fault syndrome 0 (SMMU_CBn_FSYNR0). */
    FSYNR0(Space.CB, 0x068, 4),
    /** TLB invalidate all of the context bank's VMID (SMMU_CBn_TLBIALL; A166). */
    CB_TLBIALL(Space.CB, 0x618, 4),
    /** TLB invalidate by IPA (SMMU_CBn_TLBIIPAS2): IPA[47:12] in bits 35:0. */
    TLBIIPAS2(Space.CB, 0x630, 8),
    /** TLB invalidate by IPA, last level (SMMU_CBn_TLBIIPAS2L). */
    TLBIIPAS2L(Space.CB, 0x638, 8),
    /** TLB synchronize invalidate (SMMU_CBn_TLBSYNC). */
    TLBSYNC(Space.CB, 0x7f0, 4),
    /** TLB status (SMMU_CBn_TLBSTATUS): SACTIVE. */
    TLBSTATUS(Space.CB, 0x7f4, 4);

    /** The register spaces (IHI 0062D, the SMMU address map): global space 0 and 1, then one page per context bank. */
    public enum Space
    {
        /** Global address space 0: page 0. */
        GR0,
        /** Global address space 1: page 1. */
        GR1,
        /** A translation context bank: page n of the upper half of the SMMU's address space. */
        CB
    }

    /** The size of one register page: sIDR1.PAGESIZE 0, 4 KiB. */
    public static final int PAGE = 0x1000;

    /** sCR0: client port disable, transactions bypass. */
    public static final int SCR0_CLIENTPD = 1;
    /** sCR0: global fault report enable. */
    public static final int SCR0_GFRE = 1 << 1;
    /** sCR0: global fault interrupt enable. */
    public static final int SCR0_GFIE = 1 << 2;
    /** sCR0: global configuration fault report enable. */
    public static final int SCR0_GCFGFRE = 1 << 4;
    /** sCR0: global configuration fault interrupt enable. */
    public static final int SCR0_GCFGFIE = 1 << 5;
    /** sCR0: unidentified stream fault configuration: 1 faults, 0 bypasses. */
    public static final int SCR0_USFCFG = 1 << 10;
    /** sCR0: VMID private namespace enable. */
    public static final int SCR0_VMIDPNE = 1 << 11;
    /** sCR0: private TLB maintenance. */
    public static final int SCR0_PTM = 1 << 12;
    /** sCR0: stream match conflict fault configuration: 1 raises SMCF. */
    public static final int SCR0_SMCFCFG = 1 << 21;
    /** sCR0: the bits stored (EXIDENABLE, bit 30 and VMID16EN are RES0 here: no extended IDs, 8-bit VMIDs). */
    public static final int SCR0_STORED = 0x3fff_fff7;

    /** sACR: the model's TLB synchronization hold (A168). */
    public static final int SACR_SYNCHOLD = 1;

    /** sIDR0: number of stream mapping register groups. */
    public static final BitField SIDR0_NUMSMRG = new BitField("NUMSMRG", 0, 8);
    /** sIDR0: extended (16-bit) StreamIDs. */
    public static final BitField SIDR0_EXIDS = BitField.bit("EXIDS", 8);
    /** sIDR0: StreamID bits. */
    public static final BitField SIDR0_NUMSIDB = new BitField("NUMSIDB", 9, 4);
    /** sIDR0: coherent translation table walks. */
    public static final BitField SIDR0_CTTW = BitField.bit("CTTW", 14);
    /** sIDR0: context interrupts. */
    public static final BitField SIDR0_NUMIRPT = new BitField("NUMIRPT", 16, 8);
    /** sIDR0: page table formats (0b10: AArch64 only). */
    public static final BitField SIDR0_PTFS = new BitField("PTFS", 24, 2);
    /** sIDR0: address translation operations not supported in Non-secure state. */
    public static final BitField SIDR0_ATOSNS = BitField.bit("ATOSNS", 26);
    /** sIDR0: stream matching (1) rather than indexing. */
    public static final BitField SIDR0_SMS = BitField.bit("SMS", 27);
    /** sIDR0: nested translation. */
    public static final BitField SIDR0_NTS = BitField.bit("NTS", 28);
    /** sIDR0: stage 2 translation. */
    public static final BitField SIDR0_S2TS = BitField.bit("S2TS", 29);
    /** sIDR0: stage 1 translation. */
    public static final BitField SIDR0_S1TS = BitField.bit("S1TS", 30);

    /** sIDR1: translation context banks. */
    public static final BitField SIDR1_NUMCB = new BitField("NUMCB", 0, 8);
    /** sIDR1: context banks that support stage 2 only. */
    public static final BitField SIDR1_NUMS2CB = new BitField("NUMS2CB", 16, 8);
    /** sIDR1: the SMMU has 2^(NUMPAGENDXB + 1) pages in each half of its address space. */
    public static final BitField SIDR1_NUMPAGENDXB = new BitField("NUMPAGENDXB", 28, 3);
    /** sIDR1: page size, 0 for 4 KiB. */
    public static final BitField SIDR1_PAGESIZE = BitField.bit("PAGESIZE", 31);

    /** sIDR2: input address size (0b0101: 48 bits). */
    public static final BitField SIDR2_IAS = new BitField("IAS", 0, 4);
    /** sIDR2: output address size (0b0101: 48 bits). */
    public static final BitField SIDR2_OAS = new BitField("OAS", 4, 4);
    /** sIDR2: upstream bus size (0b0101: 49 bits). */
    public static final BitField SIDR2_UBS = new BitField("UBS", 8, 4);
    /** sIDR2: AArch64 4 KiB granule. */
    public static final BitField SIDR2_PTFS_4K = BitField.bit("PTFSv8_4kB", 12);

    /** sGFSR and FSR: multiple faults (a fault while one was recorded). */
    public static final int FSR_MULTI = 1 << 31;
    /** sGFSR: invalid context fault. */
    public static final int SGFSR_ICF = 1;
    /** sGFSR: unidentified stream fault. */
    public static final int SGFSR_USF = 1 << 1;
    /** sGFSR: stream match conflict fault. */
    public static final int SGFSR_SMCF = 1 << 2;
    /** sGFSR: unimplemented context bank fault. */
    public static final int SGFSR_UCBF = 1 << 3;
    /** sGFSR: the fault bits besides MULTI (ICF to UUT). */
    public static final int SGFSR_FAULTS = 0x1ff;
    /** sGFSYNR0 and FSYNR0: write (not read). */
    public static final int SGFSYNR0_WNR = 1 << 1;

    /** SMRn: valid. */
    public static final BitField SMR_VALID = BitField.bit("VALID", 31);
    /** SMRn: StreamID bits to ignore. */
    public static final BitField SMR_MASK = new BitField("MASK", 16, 15);
    /** SMRn: StreamID to match. */
    public static final BitField SMR_ID = new BitField("ID", 0, 15);

    /** S2CRn: type. */
    public static final BitField S2CR_TYPE = new BitField("TYPE", 16, 2);
    /** S2CRn TYPE: translate through the context bank CBNDX. */
    public static final int S2CR_TRANSLATE = 0;
    /** S2CRn TYPE: bypass. */
    public static final int S2CR_BYPASS = 1;
    /** S2CRn TYPE: fault (an invalid context fault). */
    public static final int S2CR_FAULT = 2;
    /** S2CRn: context bank index. */
    public static final BitField S2CR_CBNDX = new BitField("CBNDX", 0, 8);
    /** S2CRn: the bits stored (CBNDX, TYPE and the attribute fields, without effect here; EXIDVALID RES0). */
    public static final int S2CR_STORED = 0x3fff_fbff;

    /** CBARn: type (0b00: stage 2 context). */
    public static final BitField CBAR_TYPE = new BitField("TYPE", 16, 2);
    /** CBARn: VMID. */
    public static final BitField CBAR_VMID = new BitField("VMID", 0, 8);
    /** CBARn: the bits stored (VMID, stage 1 attributes that have no effect here, TYPE). */
    public static final int CBAR_STORED = 0x0003_ffff;
    /** CBA2Rn: AArch64 translation (VA64). */
    public static final int CBA2R_VA64 = 1;

    /** SCTLR: translation enable (0: the context bypasses). */
    public static final int SCTLR_M = 1;
    /** SCTLR: TEX remap enable (stored, no effect). */
    public static final int SCTLR_TRE = 1 << 1;
    /** SCTLR: access flag enable (stored; AArch64 descriptors always check AF). */
    public static final int SCTLR_AFE = 1 << 2;
    /** SCTLR: access flag fault disable: a descriptor's AF 0 is taken as 1. */
    public static final int SCTLR_AFFD = 1 << 3;
    /** SCTLR: context fault report enable. */
    public static final int SCTLR_CFRE = 1 << 5;
    /** SCTLR: context fault interrupt enable. */
    public static final int SCTLR_CFIE = 1 << 6;
    /** SCTLR: the bits stored (bits 22:0; bits 31:23 RES0). */
    public static final int SCTLR_STORED = 0x007f_ffff;

    /** TCR (VTCR format): input size 2^(64 - T0SZ). */
    public static final BitField TCR_T0SZ = new BitField("T0SZ", 0, 6);
    /** TCR: start level (4 KiB granule: 0 level 2, 1 level 1, 2 level 0). */
    public static final BitField TCR_SL0 = new BitField("SL0", 6, 2);
    /** TCR: granule (0b00: 4 KiB). */
    public static final BitField TCR_TG0 = new BitField("TG0", 14, 2);
    /** TCR: output size (0b000 32 bits ... 0b101 48 bits). */
    public static final BitField TCR_PS = new BitField("PS", 16, 3);
    /** TCR: the bits stored (bits 18:0). */
    public static final int TCR_STORED = 0x0007_ffff;

    /** FSR: translation fault. */
    public static final int FSR_TF = 1 << 1;
    /** FSR: access flag fault. */
    public static final int FSR_AFF = 1 << 2;
    /** FSR: permission fault. */
    public static final int FSR_PF = 1 << 3;
    /** FSR: external fault (an abort on a descriptor fetch). */
    public static final int FSR_EF = 1 << 4;
    /** FSR: address size fault. */
    public static final int FSR_ASF = 1 << 7;
    /** FSR: the fault bits besides MULTI (TF to UUT). */
    public static final int FSR_FAULTS = 0x1fe;

    /** FSYNR0: the level of the walk that faulted. */
    public static final BitField FSYNR0_PLVL = new BitField("PLVL", 0, 2);
    /** FSYNR0: write (not read). */
    public static final int FSYNR0_WNR = 1 << 4;
    /** FSYNR0: the fault was on a translation table walk. */
    public static final int FSYNR0_PTWF = 1 << 10;

    /** sTLBGSTATUS and TLBSTATUS: a synchronization is active. */
    public static final int TLBSTATUS_ACTIVE = 1;

    private static final Smmuv2Register[] GR0_FIXED = new Smmuv2Register[0x80 / 4];
    private static final Smmuv2Register[] CB_FIXED = new Smmuv2Register[PAGE / 4];

    static
    {
        for (final Smmuv2Register r : values())
        {
            if (r.space == Space.GR0 && r.offset < 0x80)
            {
                GR0_FIXED[r.offset >>> 2] = r;
            }
            else if (r.space == Space.CB)
            {
                CB_FIXED[r.offset >>> 2] = r;
            }
        }
    }

    private final Space space;
    private final int offset;
    private final int width;

    Smmuv2Register(final Space space, final int offset, final int width)
    {
        this.space = space;
        this.offset = offset;
        this.width = width;
    }

    /** @return the register's space */
    public Space space()
    {
        return space;
    }

    /** @return its offset within its space (page), or the offset of an array's first element */
    public int offset()
    {
        return offset;
    }

    /** @return its width in bytes, 4 or 8 */
    public int width()
    {
        return width;
    }

    /**
     * @param offset an offset within global space 0, below 0x80
     * @return the register that starts there, or null
     */
    static Smmuv2Register gr0(final int offset)
    {
        return offset >= 0 && offset < 0x80 && (offset & 3) == 0 ? GR0_FIXED[offset >>> 2] : null;
    }

    /**
     * @param offset an offset within a context bank's page
     * @return the register that starts there, or null
     */
    static Smmuv2Register cb(final int offset)
    {
        return offset >= 0 && offset < PAGE && (offset & 3) == 0 ? CB_FIXED[offset >>> 2] : null;
    }
}
