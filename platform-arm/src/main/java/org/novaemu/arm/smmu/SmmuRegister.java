// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu;

import org.novaemu.util.BitField;

/**
 * The registers of the SMMUv3 Non-secure programming interface that the model has (IHI 0070 G.b, 6.2 register
 * overview and 6.3 register formats), at their offset from the SMMU's base, with their width in bytes, and the
 * fields software uses. Page 0 is the first 64 KiB; page 1 (from {@link #PAGE_1}) holds the event queue's
 * producer and consumer indexes. Offsets of no register, the page 0 offsets 0xA8 and 0xAC included, are reserved
 * and RAZ/WI (decision A101).
 *
 * <p>Both the model ({@link Smmuv3}) and NOVA's driver that programs it name registers and fields here. A 64-bit
 * register may be accessed as a whole or as two 32-bit halves (6.2).
 */
public enum SmmuRegister
{
    /** Identification 0 (6.3.1): features. */
    IDR0(0x0000, 4),
    /** Identification 1 (6.3.2): table and queue sizes. */
    IDR1(0x0004, 4),
    /** Identification 2 (6.3.3): VATOS (zero). */
    IDR2(0x0008, 4),
    /** Identification 3 (6.3.4): SMMUv3.1 and later features (zero). */
    IDR3(0x000c, 4),
    /** Identification 4 (6.3.5): IMPLEMENTATION DEFINED (zero). */
    IDR4(0x0010, 4),
    /** Identification 5 (6.3.6): output address size and granules. */
    IDR5(0x0014, 4),
    /** Implementation identification (6.3.7). */
    IIDR(0x0018, 4),
    /** Architecture identification (6.3.8). */
    AIDR(0x001c, 4),
    /** Control 0 (6.3.9): the enables; each takes effect when {@link #CR0ACK} shows it. */
    CR0(0x0020, 4),
    /** Control 0 acknowledge (6.3.10). */
    CR0ACK(0x0024, 4),
    /** Control 1 (6.3.11): table and queue access attributes. */
    CR1(0x0028, 4),
    /** Control 2 (6.3.12). */
    CR2(0x002c, 4),
    /** Status (6.3.13; no dormant hint: zero). */
    STATUSR(0x0040, 4),
    /** Global bypass attributes (6.3.14): abort or bypass while SMMUEN is 0. */
    GBPA(0x0044, 4),
    /** Interrupt control (6.3.16). */
    IRQ_CTRL(0x0050, 4),
    /** Interrupt control acknowledge (6.3.18). */
    IRQ_CTRLACK(0x0054, 4),
    /** Global errors (6.3.19): an error is active while its bit differs from {@link #GERRORN}'s. */
    GERROR(0x0060, 4),
    /** Global errors acknowledge (6.3.20). */
    GERRORN(0x0064, 4),
    /** Global error MSI address (6.3.21). */
    GERROR_IRQ_CFG0(0x0068, 8),
    /** Global error MSI data (6.3.22). */
    GERROR_IRQ_CFG1(0x0070, 4),
    /** Global error MSI attributes (6.3.23). */
    GERROR_IRQ_CFG2(0x0074, 4),
    /** Stream table base (6.3.24). */
    STRTAB_BASE(0x0080, 8),
    /** Stream table configuration (6.3.25). */
    STRTAB_BASE_CFG(0x0088, 4),
    /** Command queue base (6.3.26). */
    CMDQ_BASE(0x0090, 8),
    /** Command queue producer index (6.3.27). */
    CMDQ_PROD(0x0098, 4),
    /** Command queue consumer index and error (6.3.28). */
    CMDQ_CONS(0x009c, 4),
    /** Event queue base (6.3.29). */
    EVENTQ_BASE(0x00a0, 8),
    /** Event queue MSI address (6.3.30). */
    EVENTQ_IRQ_CFG0(0x00b0, 8),
    /** Event queue MSI data (6.3.31). */
    EVENTQ_IRQ_CFG1(0x00b8, 4),
    /** Event queue MSI attributes (6.3.32). */
    EVENTQ_IRQ_CFG2(0x00bc, 4),
    /** Event queue producer index, in page 1 (6.3.95). */
    EVENTQ_PROD(0x100a8, 4),
    /** Event queue consumer index, in page 1 (6.3.96). */
    EVENTQ_CONS(0x100ac, 4);

    /** The offset of page 1. */
    public static final int PAGE_1 = 0x1_0000;
    /** The size of the register frame: two 64 KiB pages. */
    public static final int FRAME = 0x2_0000;

    /** IDR0: stage 2 translation. */
    public static final BitField IDR0_S2P = BitField.bit("S2P", 0);
    /** IDR0: stage 1 translation. */
    public static final BitField IDR0_S1P = BitField.bit("S1P", 1);
    /** IDR0: translation table formats (0b10: VMSAv8-64). */
    public static final BitField IDR0_TTF = new BitField("TTF", 2, 2);
    /** IDR0: coherent access to tables, structures and queues. */
    public static final BitField IDR0_COHACC = BitField.bit("COHACC", 4);
    /** IDR0: broadcast TLB maintenance. */
    public static final BitField IDR0_BTM = BitField.bit("BTM", 5);
    /** IDR0: hardware translation table updates. */
    public static final BitField IDR0_HTTU = new BitField("HTTU", 6, 2);
    /** IDR0: hypervisor stage 1 contexts. */
    public static final BitField IDR0_HYP = BitField.bit("Hyp", 9);
    /** IDR0: PCIe ATS. */
    public static final BitField IDR0_ATS = BitField.bit("ATS", 10);
    /** IDR0: message-signalled interrupts. */
    public static final BitField IDR0_MSI = BitField.bit("MSI", 13);
    /** IDR0: WFE wake-up events (CMD_SYNC SIG_SEV). */
    public static final BitField IDR0_SEV = BitField.bit("SEV", 14);
    /** IDR0: page request interface. */
    public static final BitField IDR0_PRI = BitField.bit("PRI", 16);
    /** IDR0: 16-bit VMIDs. */
    public static final BitField IDR0_VMID16 = BitField.bit("VMID16", 18);
    /** IDR0: translation table endianness (0b10: little-endian). */
    public static final BitField IDR0_TTENDIAN = new BitField("TTENDIAN", 21, 2);
    /** IDR0: stall model (0b01: stall not supported). */
    public static final BitField IDR0_STALL_MODEL = new BitField("STALL_MODEL", 24, 2);
    /** IDR0: terminate model (1: terminated transactions abort). */
    public static final BitField IDR0_TERM_MODEL = BitField.bit("TERM_MODEL", 26);
    /** IDR0: multi-level stream tables (0b01: 2-level supported). */
    public static final BitField IDR0_ST_LEVEL = new BitField("ST_LEVEL", 27, 2);

    /** IDR1: StreamID bits. */
    public static final BitField IDR1_SIDSIZE = new BitField("SIDSIZE", 0, 6);
    /** IDR1: SubstreamID bits. */
    public static final BitField IDR1_SSIDSIZE = new BitField("SSIDSIZE", 6, 5);
    /** IDR1: log2 of the event queue's maximum entries. */
    public static final BitField IDR1_EVENTQS = new BitField("EVENTQS", 16, 5);
    /** IDR1: log2 of the command queue's maximum entries. */
    public static final BitField IDR1_CMDQS = new BitField("CMDQS", 21, 5);
    /** IDR1: queue base addresses fixed. */
    public static final BitField IDR1_QUEUES_PRESET = BitField.bit("QUEUES_PRESET", 29);
    /** IDR1: table base addresses fixed. */
    public static final BitField IDR1_TABLES_PRESET = BitField.bit("TABLES_PRESET", 30);

    /** IDR5: output address size (0b101: 48 bits). */
    public static final BitField IDR5_OAS = new BitField("OAS", 0, 3);
    /** IDR5: 4 KiB translation granule. */
    public static final BitField IDR5_GRAN4K = BitField.bit("GRAN4K", 4);
    /** IDR5: 16 KiB translation granule. */
    public static final BitField IDR5_GRAN16K = BitField.bit("GRAN16K", 5);
    /** IDR5: 64 KiB translation granule. */
    public static final BitField IDR5_GRAN64K = BitField.bit("GRAN64K", 6);

    /** CR0 and CR0ACK: translation enable. */
    public static final int CR0_SMMUEN = 1;
    /** CR0 and CR0ACK: event queue writes enabled. */
    public static final int CR0_EVENTQEN = 1 << 2;
    /** CR0 and CR0ACK: command queue processing enabled. */
    public static final int CR0_CMDQEN = 1 << 3;

    /** CR1: stream table and translation table access attributes (TABLE_SH, TABLE_OC, TABLE_IC). */
    public static final BitField CR1_TABLE = new BitField("TABLE_*", 6, 6);
    /** CR1: queue access attributes (QUEUE_SH, QUEUE_OC, QUEUE_IC). */
    public static final BitField CR1_QUEUE = new BitField("QUEUE_*", 0, 6);
    /** CR2: record C_BAD_STREAMID for invalid StreamIDs. */
    public static final int CR2_RECINVSID = 1 << 1;

    /** GBPA: update request; reads 1 until the new attributes apply (here: never, they apply at once). */
    public static final int GBPA_UPDATE = 1 << 31;
    /** GBPA: abort all transactions while SMMUEN is 0. */
    public static final int GBPA_ABORT = 1 << 20;
    /** GBPA: the attribute fields (INSTCFG, PRIVCFG, SHCFG, ALLOCCFG, MTCFG, MemAttr) and ABORT. */
    public static final int GBPA_FIELDS = 0x001f_3f1f;

    /** IRQ_CTRL and IRQ_CTRLACK: global error interrupt enable. */
    public static final int IRQ_CTRL_GERROR_IRQEN = 1;
    /** IRQ_CTRL and IRQ_CTRLACK: event queue interrupt enable. */
    public static final int IRQ_CTRL_EVENTQ_IRQEN = 1 << 2;

    /** GERROR and GERRORN: command queue error (CMDQ_CONS.ERR says which). */
    public static final int GERROR_CMDQ_ERR = 1;
    /** GERROR and GERRORN: an event queue write aborted. */
    public static final int GERROR_EVENTQ_ABT_ERR = 1 << 2;
    /** GERROR and GERRORN: a CMD_SYNC MSI aborted. */
    public static final int GERROR_MSI_CMDQ_ABT_ERR = 1 << 4;
    /** GERROR and GERRORN: an event queue MSI aborted. */
    public static final int GERROR_MSI_EVENTQ_ABT_ERR = 1 << 5;
    /** GERROR and GERRORN: a GERROR MSI aborted. */
    public static final int GERROR_MSI_GERROR_ABT_ERR = 1 << 7;
    /** GERROR and GERRORN: the error bits this SMMU has. */
    public static final int GERROR_ERRORS = GERROR_CMDQ_ERR | GERROR_EVENTQ_ABT_ERR | GERROR_MSI_CMDQ_ABT_ERR
        | GERROR_MSI_EVENTQ_ABT_ERR | GERROR_MSI_GERROR_ABT_ERR;

    /** *_IRQ_CFG0: the MSI address, bits 55:2; zero sends no MSI. */
    public static final BitField IRQ_CFG0_ADDR = new BitField("ADDR", 2, 54);
    /** *_IRQ_CFG2: the MSI's shareability and memory type (SH, MemAttr). */
    public static final BitField IRQ_CFG2_ATTR = new BitField("SH, MemAttr", 0, 6);

    /** STRTAB_BASE: read-allocate hint. */
    public static final BitField STRTAB_BASE_RA = BitField.bit("RA", 62);
    /** STRTAB_BASE: the table's address, bits 55:6. */
    public static final BitField STRTAB_BASE_ADDR = new BitField("ADDR", 6, 50);
    /** STRTAB_BASE_CFG: log2 of the entries (StreamIDs) the table covers. */
    public static final BitField STRTAB_LOG2SIZE = new BitField("LOG2SIZE", 0, 6);
    /** STRTAB_BASE_CFG: the 2-level split point (6, 8 or 10; others behave as 6). */
    public static final BitField STRTAB_SPLIT = new BitField("SPLIT", 6, 5);
    /** STRTAB_BASE_CFG: format (0 linear, 1 2-level; others behave as 0). */
    public static final BitField STRTAB_FMT = new BitField("FMT", 16, 2);
    /** STRTAB_BASE_CFG.FMT: linear. */
    public static final int FMT_LINEAR = 0;
    /** STRTAB_BASE_CFG.FMT: 2-level. */
    public static final int FMT_2LEVEL = 1;

    /** CMDQ_BASE and EVENTQ_BASE: read-allocate (command queue) or write-allocate (event queue) hint. */
    public static final BitField Q_BASE_ALLOC = BitField.bit("RA/WA", 62);
    /** CMDQ_BASE and EVENTQ_BASE: the queue's address, bits 55:5. */
    public static final BitField Q_BASE_ADDR = new BitField("ADDR", 5, 51);
    /** CMDQ_BASE and EVENTQ_BASE: log2 of the queue's entries. */
    public static final BitField Q_BASE_LOG2SIZE = new BitField("LOG2SIZE", 0, 5);
    /** PROD and CONS: the index with its wrap bit above it (bits 19:0 at most). */
    public static final BitField Q_INDEX = new BitField("WR/RD", 0, 20);
    /** CMDQ_CONS: the error code of the command at RD ({@link CommandQueue#CERROR_ILL} ...). */
    public static final BitField CMDQ_CONS_ERR = new BitField("ERR", 24, 7);
    /** EVENTQ_PROD: overflow flag, toggled when an event is lost to a full queue. */
    public static final int EVENTQ_PROD_OVFLG = 1 << 31;
    /** EVENTQ_CONS: overflow acknowledge flag. */
    public static final int EVENTQ_CONS_OVACKFLG = 1 << 31;

    /** The page 0 registers by offset / 4, below 0x100; null where none starts. */
    private static final SmmuRegister[] PAGE0 = new SmmuRegister[0x40];

    static
    {
        for (final SmmuRegister r : values())
        {
            if (r.offset < PAGE_1)
            {
                PAGE0[r.offset >>> 2] = r;
            }
        }
    }

    private final int offset;
    private final int width;

    SmmuRegister(final int offset, final int width)
    {
        this.offset = offset;
        this.width = width;
    }

    /** @return the register's offset from the SMMU's base */
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
     * @param offset an offset from the SMMU's base
     * @return the register that starts exactly there, or null
     */
    public static SmmuRegister at(final int offset)
    {
        if (offset == EVENTQ_PROD.offset)
        {
            return EVENTQ_PROD;
        }
        if (offset == EVENTQ_CONS.offset)
        {
            return EVENTQ_CONS;
        }
        return offset >= 0 && offset < 0x100 && (offset & 3) == 0 ? PAGE0[offset >>> 2] : null;
    }

    /**
     * @param offset an offset from the SMMU's base
     * @return the 64-bit register whose upper half starts there, or null
     */
    public static SmmuRegister upperHalfAt(final int offset)
    {
        final SmmuRegister r = at(offset - 4);
        return r != null && r.width == 8 ? r : null;
    }
}
