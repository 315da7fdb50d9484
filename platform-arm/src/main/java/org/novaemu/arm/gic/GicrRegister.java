// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

import org.novaemu.util.BitField;

/**
 * A redistributor's registers (IHI 0069, chapter 12, redistributor register map), at their offset from the
 * redistributor's RD_base: the control and LPI registers in the RD_base frame, the SGI, PPI and extended PPI registers
 * in the SGI_base frame 64 KiB above it. The SGI frame's arrays continue into their extended registers: {@link
 * #ISENABLER} register 0 is GICR_ISENABLER0, registers 1 and 2 are GICR_ISENABLER1E and 2E (extended PPIs 1056 to 1087
 * and 1088 to 1119); {@link #IPRIORITYR} registers 8 to 23 are GICR_IPRIORITYR8E to 23E; {@link #ICFGR} registers 2 to
 * 5 are GICR_ICFGR2E to 5E. Offsets of no register are reserved: RAZ/WI.
 *
 * <p>Every register takes 32-bit accesses, IPRIORITYR byte accesses too, and the 64-bit ones 64-bit accesses too
 * (decision A5).
 */
public enum GicrRegister implements GicRegister
{
    /** Control ({@link #CTLR_ENABLE_LPIS} and the other CTLR fields). */
    CTLR(0x0000, 1, 4, 0x4, GicAccess.READ_WRITE),
    /** Implementer identification. */
    IIDR(0x0004, 1, 4, GicdRegister.IIDR_VALUE, GicAccess.READ),
    /** Type ({@link GicrTyper}). */
    TYPER(0x0008, 1, 8, 0, GicAccess.READ),
    /** Error reporting status (optional; not implemented). */
    STATUSR(0x0010, 1, 4, 0, GicAccess.RAZ_WI),
    /** Power management: ProcessorSleep and ChildrenAsleep. */
    WAKER(0x0014, 1, 4, 0x6, GicAccess.READ_WRITE),
    /** Set LPI pending (DirectLPI). */
    SETLPIR(0x0040, 1, 8, 0, GicAccess.WRITE),
    /** Clear LPI pending (DirectLPI). */
    CLRLPIR(0x0048, 1, 8, 0, GicAccess.WRITE),
    /** LPI configuration table base. */
    PROPBASER(0x0070, 1, 8, 0, GicAccess.READ_WRITE),
    /** LPI pending table base. */
    PENDBASER(0x0078, 1, 8, 0, GicAccess.READ_WRITE),
    /** Invalidate one LPI's cached configuration. */
    INVLPIR(0x00a0, 1, 8, 0, GicAccess.WRITE),
    /** Invalidate every LPI's cached configuration. */
    INVALLR(0x00b0, 1, 8, 0, GicAccess.WRITE),
    /** Synchronize: bit 0 Busy. */
    SYNCR(0x00c0, 1, 4, 0, GicAccess.READ),
    /** Peripheral ID 4. */
    PIDR4(0xffd0, 1, 4, 0x44, GicAccess.READ),
    /** Peripheral ID 5. */
    PIDR5(0xffd4, 1, 4, 0, GicAccess.READ),
    /** Peripheral ID 6. */
    PIDR6(0xffd8, 1, 4, 0, GicAccess.READ),
    /** Peripheral ID 7. */
    PIDR7(0xffdc, 1, 4, 0, GicAccess.READ),
    /** Peripheral ID 0: 0x93, an Arm redistributor. */
    PIDR0(0xffe0, 1, 4, 0x93, GicAccess.READ),
    /** Peripheral ID 1. */
    PIDR1(0xffe4, 1, 4, 0xb4, GicAccess.READ),
    /** Peripheral ID 2: ArchRev 3 in bits 7:4. */
    PIDR2(0xffe8, 1, 4, 0x3b, GicAccess.READ),
    /** Peripheral ID 3. */
    PIDR3(0xffec, 1, 4, 0, GicAccess.READ),
    /** Component ID 0. */
    CIDR0(0xfff0, 1, 4, 0x0d, GicAccess.READ),
    /** Component ID 1. */
    CIDR1(0xfff4, 1, 4, 0xf0, GicAccess.READ),
    /** Component ID 2. */
    CIDR2(0xfff8, 1, 4, 0x05, GicAccess.READ),
    /** Component ID 3. */
    CIDR3(0xfffc, 1, 4, 0xb1, GicAccess.READ),
    /** Interrupt group: IGROUPR0, IGROUPR1E, IGROUPR2E. */
    IGROUPR(0x1_0080, 3, 4, 0, GicAccess.READ_WRITE),
    /** Set-enable: ISENABLER0, ISENABLER1E, ISENABLER2E. */
    ISENABLER(0x1_0100, 3, 4, 0, GicAccess.SET),
    /** Clear-enable: ICENABLER0, ICENABLER1E, ICENABLER2E. */
    ICENABLER(0x1_0180, 3, 4, 0, GicAccess.CLEAR),
    /** Set-pending: ISPENDR0, ISPENDR1E, ISPENDR2E. */
    ISPENDR(0x1_0200, 3, 4, 0, GicAccess.SET),
    /** Clear-pending: ICPENDR0, ICPENDR1E, ICPENDR2E. */
    ICPENDR(0x1_0280, 3, 4, 0, GicAccess.CLEAR),
    /** Set-active: ISACTIVER0, ISACTIVER1E, ISACTIVER2E. */
    ISACTIVER(0x1_0300, 3, 4, 0, GicAccess.SET),
    /** Clear-active: ICACTIVER0, ICACTIVER1E, ICACTIVER2E. */
    ICACTIVER(0x1_0380, 3, 4, 0, GicAccess.CLEAR),
    /** Priority: IPRIORITYR0 to 7, then IPRIORITYR8E to 23E (byte-accessible). */
    IPRIORITYR(0x1_0400, 24, 4, 0, GicAccess.READ_WRITE),
    /** Configuration: ICFGR0 (SGIs, edge, read-only), ICFGR1 (PPIs), ICFGR2E to 5E. */
    ICFGR(0x1_0c00, 6, 4, 0, GicAccess.READ_WRITE),
    /** Group modifier (RAZ/WI with one security state). */
    IGRPMODR(0x1_0d00, 3, 4, 0, GicAccess.RAZ_WI),
    /** Non-secure access control (RAZ/WI with one security state). */
    NSACR(0x1_0e00, 1, 4, 0, GicAccess.RAZ_WI),
    /** Non-maskable interrupt property (GICv3.3 NMI, not implemented). */
    INMIR(0x1_0f80, 3, 4, 0, GicAccess.RAZ_WI);

    /** The offset of the SGI_base frame from RD_base. */
    public static final int SGI_BASE = 0x1_0000;
    /** The size of one redistributor: RD_base and SGI_base, 64 KiB each (GICv3, no virtual LPIs). */
    public static final int FRAMES = 0x2_0000;

    /** CTLR: LPIs enabled. */
    public static final BitField CTLR_ENABLE_LPIS = BitField.bit("EnableLPIs", 0);
    /** CTLR: clear enable supported (0: EnableLPIs stays set once set; decision A9). */
    public static final BitField CTLR_CES = BitField.bit("CES", 1);
    /** CTLR: LPI invalidate registers supported (read-only 1). */
    public static final BitField CTLR_IR = BitField.bit("IR", 2);
    /** CTLR: register write pending (read-only). */
    public static final BitField CTLR_RWP = BitField.bit("RWP", 3);
    /** CTLR: disable the PE's participation in 1-of-N distribution of group 0 SPIs. */
    public static final BitField CTLR_DPG0 = BitField.bit("DPG0", 24);
    /** CTLR: disable the PE's participation in 1-of-N distribution of (non-secure) group 1 SPIs. */
    public static final BitField CTLR_DPG1NS = BitField.bit("DPG1NS", 25);
    /** CTLR: the same for secure group 1 (RAZ/WI with one security state). */
    public static final BitField CTLR_DPG1S = BitField.bit("DPG1S", 26);
    /** CTLR: upstream write pending (read-only 0: upstream writes complete at once). */
    public static final BitField CTLR_UWP = BitField.bit("UWP", 31);

    /** WAKER: the PE is asleep; the redistributor forwards nothing to it. */
    public static final BitField WAKER_PROCESSOR_SLEEP = BitField.bit("ProcessorSleep", 1);
    /** WAKER: the interface to the PE is quiescent (read-only). */
    public static final BitField WAKER_CHILDREN_ASLEEP = BitField.bit("ChildrenAsleep", 2);

    /** PROPBASER: the number of LPI INTID bits the table covers, minus one. */
    public static final BitField PROPBASER_ID_BITS = new BitField("IDbits", 0, 5);
    /** PROPBASER and PENDBASER: inner cacheability. */
    public static final BitField BASER_INNER_CACHE = new BitField("InnerCache", 7, 3);
    /** PROPBASER and PENDBASER: shareability. */
    public static final BitField BASER_SHAREABILITY = new BitField("Shareability", 10, 2);
    /** PROPBASER: the configuration table's physical address, bits 51:12. */
    public static final BitField PROPBASER_PA = new BitField("Physical_Address", 12, 40);
    /** PENDBASER: the pending table's physical address, bits 51:16 (64 KiB aligned). */
    public static final BitField PENDBASER_PA = new BitField("Physical_Address", 16, 36);
    /** PROPBASER and PENDBASER: outer cacheability. */
    public static final BitField BASER_OUTER_CACHE = new BitField("OuterCache", 56, 3);
    /** PENDBASER: the pending table is zero (write-only; reads 0). */
    public static final BitField PENDBASER_PTZ = BitField.bit("PTZ", 62);
    /** PROPBASER: the bits software may write. */
    public static final long PROPBASER_WRITABLE = PROPBASER_ID_BITS.mask() | BASER_INNER_CACHE.mask()
        | BASER_SHAREABILITY.mask() | PROPBASER_PA.mask() | BASER_OUTER_CACHE.mask();
    /** PENDBASER: the bits software may write and read back (PTZ is written, never read). */
    public static final long PENDBASER_WRITABLE = BASER_INNER_CACHE.mask() | BASER_SHAREABILITY.mask()
        | PENDBASER_PA.mask() | BASER_OUTER_CACHE.mask();

    /** The register at each 32-bit word of the frame, null for reserved words. */
    private static final GicrRegister[] BY_WORD = GicRegister.index(values(), new GicrRegister[FRAMES >>> 2]);

    private final Layout layout;

    GicrRegister(final int offset, final int count, final int width, final long reset, final GicAccess access)
    {
        this.layout = new Layout(offset, count, width, reset, access);
    }

    @Override
    public Layout layout()
    {
        return layout;
    }

    /** @return whether byte accesses are supported: IPRIORITYR's */
    @Override
    public boolean byteAccessible()
    {
        return this == IPRIORITYR;
    }

    /**
     * @param at an offset from RD_base
     * @return the register whose bytes include it, or null for a reserved offset
     */
    public static GicrRegister at(final long at)
    {
        return at >= 0 && at < FRAMES ? BY_WORD[(int) at >>> 2] : null;
    }
}
