// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.vtd;

import org.novaemu.util.BitField;

/**
 * The registers of a VT-d remapping hardware unit that the model has (Intel VT-d specification, chapter 10:
 * 10.4 register descriptions), at their offset from the unit's base, with their width in bytes, and the
 * fields software uses. The fault recording registers start at CAP.FRO and the IOTLB registers at
 * ECAP.IRO; their offsets here are this unit's ({@link Vtd#CAP}, {@link Vtd#ECAP}).
 *
 * <p>Both the model ({@link Vtd}) and NOVA's driver that programs it ({@code SmmuItl}) name registers and
 * fields here. A 64-bit register may be accessed as a whole or as two 32-bit halves (10.2).
 */
public enum VtdRegister
{
    /** Version (10.4.1). */
    VER(0x000, 4),
    /** Capability (10.4.2). */
    CAP(0x008, 8),
    /** Extended capability (10.4.3). */
    ECAP(0x010, 8),
    /** Global command (10.4.4; write-only, reads 0). */
    GCMD(0x018, 4),
    /** Global status (10.4.5). */
    GSTS(0x01c, 4),
    /** Root table address (10.4.6). */
    RTADDR(0x020, 8),
    /** Context command (10.4.7). */
    CCMD(0x028, 8),
    /** Fault status (10.4.9). */
    FSTS(0x034, 4),
    /** Fault event control (10.4.10). */
    FECTL(0x038, 4),
    /** Fault event data (10.4.11). */
    FEDATA(0x03c, 4),
    /** Fault event address (10.4.12). */
    FEADDR(0x040, 4),
    /** Fault event upper address (10.4.13). */
    FEUADDR(0x044, 4),
    /** Invalidation queue head. */
    IQH(0x080, 8),
    /** Invalidation queue tail. */
    IQT(0x088, 8),
    /** Invalidation queue address. */
    IQA(0x090, 8),
    /** Invalidation completion status. */
    ICS(0x09c, 4),
    /** Invalidation completion event control. */
    IECTL(0x0a0, 4),
    /** Invalidation completion event data. */
    IEDATA(0x0a4, 4),
    /** Invalidation completion event address. */
    IEADDR(0x0a8, 4),
    /** Invalidation completion event upper address. */
    IEUADDR(0x0ac, 4),
    /** Interrupt remapping table address. */
    IRTA(0x0b8, 8),
    /** Fault recording registers (10.4.14): {@link Vtd#FAULT_RECORDS} of 128 bits ({@link FaultRecord}). */
    FRCD(0x200, 16),
    /** Invalidate address (10.4.8.2), the first IOTLB register. */
    IVA(0x300, 8),
    /** IOTLB invalidate (10.4.8.1). */
    IOTLB(0x308, 8);

    /** CAP: number of domains supported, {@code 2^(4 + 2 ND)}. */
    public static final BitField CAP_ND = new BitField("ND", 0, 3);
    /** CAP: supported adjusted guest address widths (bit 1: 39-bit, 3 levels; bit 2: 48-bit, 4 levels). */
    public static final BitField CAP_SAGAW = new BitField("SAGAW", 8, 5);
    /** CAP: maximum guest address width minus one. */
    public static final BitField CAP_MGAW = new BitField("MGAW", 16, 6);
    /** CAP: fault-recording register offset in 16-byte units. */
    public static final BitField CAP_FRO = new BitField("FRO", 24, 10);
    /** CAP: second-level large page support (bit 0: 2 MiB, bit 1: 1 GiB). */
    public static final BitField CAP_SLLPS = new BitField("SLLPS", 34, 4);
    /** CAP: page-selective invalidation. */
    public static final BitField CAP_PSI = BitField.bit("PSI", 39);
    /** CAP: number of fault-recording registers minus one. */
    public static final BitField CAP_NFR = new BitField("NFR", 40, 8);
    /** CAP: maximum address mask value of a page-selective invalidation. */
    public static final BitField CAP_MAMV = new BitField("MAMV", 48, 6);

    /** ECAP: queued invalidation. */
    public static final BitField ECAP_QI = BitField.bit("QI", 1);
    /** ECAP: interrupt remapping. */
    public static final BitField ECAP_IR = BitField.bit("IR", 3);
    /** ECAP: extended interrupt mode (x2APIC destinations). */
    public static final BitField ECAP_EIM = BitField.bit("EIM", 4);
    /** ECAP: IOTLB register offset in 16-byte units. */
    public static final BitField ECAP_IRO = new BitField("IRO", 8, 10);
    /** ECAP: maximum handle mask value of an IEC invalidation. */
    public static final BitField ECAP_MHMV = new BitField("MHMV", 20, 4);

    /** GCMD: translation enable. */
    public static final int GCMD_TE = 1 << 31;
    /** GCMD: set root table pointer (latches RTADDR). */
    public static final int GCMD_SRTP = 1 << 30;
    /** GCMD: queued invalidation enable. */
    public static final int GCMD_QIE = 1 << 26;
    /** GCMD: interrupt remapping enable. */
    public static final int GCMD_IRE = 1 << 25;
    /** GCMD: set interrupt remap table pointer (latches IRTA). */
    public static final int GCMD_SIRTP = 1 << 24;
    /** GCMD: compatibility format interrupts pass (without EIME). */
    public static final int GCMD_CFI = 1 << 23;

    /** GSTS: translation enabled. */
    public static final int GSTS_TES = GCMD_TE;
    /** GSTS: root table pointer latched. */
    public static final int GSTS_RTPS = GCMD_SRTP;
    /** GSTS: queued invalidation enabled. */
    public static final int GSTS_QIES = GCMD_QIE;
    /** GSTS: interrupt remapping enabled. */
    public static final int GSTS_IRES = GCMD_IRE;
    /** GSTS: interrupt remap table pointer latched. */
    public static final int GSTS_IRTPS = GCMD_SIRTP;
    /** GSTS: compatibility format interrupts pass. */
    public static final int GSTS_CFIS = GCMD_CFI;

    /** FSTS: primary fault overflow (RW1C). */
    public static final int FSTS_PFO = 1;
    /** FSTS: primary pending fault (a fault record has F set). */
    public static final int FSTS_PPF = 1 << 1;
    /** FSTS: advanced fault overflow (RW1C). */
    public static final int FSTS_AFO = 1 << 2;
    /** FSTS: invalidation queue error (RW1C): the queue stopped at its head. */
    public static final int FSTS_IQE = 1 << 4;
    /** FSTS: invalidation completion error (RW1C). */
    public static final int FSTS_ICE = 1 << 5;
    /** FSTS: invalidation time-out error (RW1C). */
    public static final int FSTS_ITE = 1 << 6;
    /** FSTS: the bits software clears by writing 1. */
    public static final int FSTS_RW1C = FSTS_PFO | FSTS_AFO | FSTS_IQE | FSTS_ICE | FSTS_ITE;
    /** FSTS: fault record index, the first record to read once PPF is set. */
    public static final BitField FSTS_FRI = new BitField("FRI", 8, 8);

    /** FECTL and IECTL: interrupt mask. */
    public static final int EVENT_IM = 1 << 31;
    /** FECTL and IECTL: interrupt pending, held while masked. */
    public static final int EVENT_IP = 1 << 30;

    /** CCMD: invalidate context cache; set to start, clear when done. */
    public static final BitField CCMD_ICC = BitField.bit("ICC", 63);
    /** CCMD: context invalidation request granularity ({@link ContextCacheInvalidation#GLOBAL} ...). */
    public static final BitField CCMD_CIRG = new BitField("CIRG", 61, 2);
    /** CCMD: context actual invalidation granularity. */
    public static final BitField CCMD_CAIG = new BitField("CAIG", 59, 2);
    /** CCMD: function mask. */
    public static final BitField CCMD_FM = new BitField("FM", 32, 2);
    /** CCMD: source ID. */
    public static final BitField CCMD_SID = new BitField("SID", 16, 16);
    /** CCMD: domain ID. */
    public static final BitField CCMD_DID = new BitField("DID", 0, 16);

    /** IOTLB: invalidate IOTLB; set to start, clear when done. */
    public static final BitField IOTLB_IVT = BitField.bit("IVT", 63);
    /** IOTLB: invalidation request granularity ({@link IotlbInvalidation#GLOBAL} ...). */
    public static final BitField IOTLB_IIRG = new BitField("IIRG", 60, 2);
    /** IOTLB: actual invalidation granularity. */
    public static final BitField IOTLB_IAIG = new BitField("IAIG", 57, 2);
    /** IOTLB: domain ID. */
    public static final BitField IOTLB_DID = new BitField("DID", 32, 16);

    /** IVA: the page-selective invalidation's address. */
    public static final BitField IVA_ADDR = new BitField("ADDR", 12, 52);
    /** IVA: invalidation hint (stored; the unit caches no non-leaf entries). */
    public static final BitField IVA_IH = BitField.bit("IH", 6);
    /** IVA: address mask, {@code 2^AM} pages. */
    public static final BitField IVA_AM = new BitField("AM", 0, 6);

    /** IQA: queue size, {@code 256 << QS} descriptors. */
    public static final BitField IQA_QS = new BitField("QS", 0, 3);
    /** IQT and IQH: the descriptor index (bits 18:4 of the byte offset). */
    public static final BitField IQ_OFFSET = new BitField("QT", 4, 15);
    /** ICS: invalidation wait descriptor complete. */
    public static final int ICS_IWC = 1;

    /** IRTA: table size, {@code 2^(S+1)} entries. */
    public static final BitField IRTA_S = new BitField("S", 0, 4);
    /** IRTA: extended interrupt mode, x2APIC destinations. */
    public static final BitField IRTA_EIME = BitField.bit("EIME", 11);

    /** The physical address bits a table pointer has here, 51:12. */
    public static final long ADDRESS = 0x000f_ffff_ffff_f000L;

    /** The registers by offset / 4, from 0 to 0x3FF; null where none starts. */
    private static final VtdRegister[] BY_DWORD = new VtdRegister[0x100];

    static
    {
        for (final VtdRegister r : values())
        {
            BY_DWORD[r.offset >>> 2] = r;
        }
    }

    private final int offset;
    private final int width;

    VtdRegister(final int offset, final int width)
    {
        this.offset = offset;
        this.width = width;
    }

    /** @return the register's offset from the unit's base */
    public int offset()
    {
        return offset;
    }

    /** @return its width in bytes: 4, 8, or 16 for each fault recording register */
    public int width()
    {
        return width;
    }

    /**
     * @param offset an offset from the unit's base
     * @return the register that starts exactly there (for the fault recording registers: any offset
     *         within them), or null
     */
    public static VtdRegister at(final int offset)
    {
        if (offset >= FRCD.offset && offset < FRCD.offset + FRCD.width * Vtd.FAULT_RECORDS)
        {
            return FRCD;
        }
        return offset >= 0 && offset < 0x400 && (offset & 3) == 0 ? BY_DWORD[offset >>> 2] : null;
    }

    /**
     * @param offset an offset from the unit's base
     * @return the 64-bit register whose upper half starts there, or null
     */
    public static VtdRegister upperHalfAt(final int offset)
    {
        final VtdRegister r = at(offset - 4);
        return r != null && r.width == 8 && offset == r.offset + 4 ? r : null;
    }
}
