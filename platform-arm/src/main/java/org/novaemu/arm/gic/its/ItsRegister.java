// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic.its;

import org.novaemu.arm.gic.GicAccess;
import org.novaemu.arm.gic.GicRegister;
import org.novaemu.arm.gic.GicdRegister;
import org.novaemu.util.BitField;

/**
 * An ITS's registers (IHI 0069, chapter 12, the ITS register map): the control frame of 64 KiB at the ITS's base and
 * GITS_TRANSLATER in the translation frame 64 KiB above it, with offsets from the base. Offsets of no register are
 * reserved: RAZ/WI. Both the model ({@link Its}) and a driver that programs it name registers and fields here.
 *
 * <p>Every register takes 32-bit accesses, and the 64-bit ones 64-bit accesses too (a 32-bit access reaches one half);
 * GITS_TRANSLATER takes 16-bit and 32-bit writes (decision A80). {@link #CMDERR} is IMPLEMENTATION DEFINED: it holds
 * the error of the command that stalled the queue (decision A86).
 */
public enum ItsRegister implements GicRegister
{
    /** Control: {@link #CTLR_ENABLED}, {@link #CTLR_QUIESCENT} (Quiescent at reset). */
    CTLR(0x0000, 1, 4, 0x8000_0000L, GicAccess.READ_WRITE),
    /** Implementer identification. */
    IIDR(0x0004, 1, 4, GicdRegister.IIDR_VALUE, GicAccess.READ),
    /** Type ({@link GitsTyper}). */
    TYPER(0x0008, 1, 8, 0, GicAccess.READ),
    /** Error reporting status (optional; not implemented). */
    STATUSR(0x0040, 1, 4, 0, GicAccess.RAZ_WI),
    /** Unmapped MSI (GITS_TYPER.UMSI 0: not implemented). */
    UMSIR(0x0048, 1, 8, 0, GicAccess.RAZ_WI),
    /** Command queue base: {@link #CBASER_VALID}, address, {@link #CBASER_SIZE}. */
    CBASER(0x0080, 1, 8, 0, GicAccess.READ_WRITE),
    /** Command queue write offset: {@link #QUEUE_OFFSET}, {@link #CWRITER_RETRY}. */
    CWRITER(0x0088, 1, 8, 0, GicAccess.READ_WRITE),
    /** Command queue read offset: {@link #QUEUE_OFFSET}, {@link #CREADR_STALLED}. */
    CREADR(0x0090, 1, 8, 0, GicAccess.READ),
    /** Translation table descriptors: BASER0 the device table, BASER1 the collection table, 2 to 7 none. */
    BASER(0x0100, 8, 8, 0, GicAccess.READ_WRITE),
    /** IMPLEMENTATION DEFINED: the {@link ItsError} code of the command that stalled the queue, 0 when none did. */
    CMDERR(0xc000, 1, 4, 0, GicAccess.READ),
    /** Peripheral ID 4. */
    PIDR4(0xffd0, 1, 4, 0x44, GicAccess.READ),
    /** Peripheral ID 5. */
    PIDR5(0xffd4, 1, 4, 0, GicAccess.READ),
    /** Peripheral ID 6. */
    PIDR6(0xffd8, 1, 4, 0, GicAccess.READ),
    /** Peripheral ID 7. */
    PIDR7(0xffdc, 1, 4, 0, GicAccess.READ),
    /** Peripheral ID 0: 0x94, an Arm ITS. */
    PIDR0(0xffe0, 1, 4, 0x94, GicAccess.READ),
    /** Peripheral ID 1. */
    PIDR1(0xffe4, 1, 4, 0xb4, GicAccess.READ),
    /** Peripheral ID 2: ArchRev 3 in bits 7:4 (GICv3). */
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
    /** Translation: a device's write of an EventID (write-only, 16 or 32 bits). */
    TRANSLATER(0x1_0040, 1, 4, 0, GicAccess.WRITE);

    /** The size of each frame: control, then translation. */
    public static final int FRAME = 0x1_0000;
    /** The size of the ITS's two frames together. */
    public static final int FRAMES = 0x2_0000;
    /** The size of a command in the queue. */
    public static final int COMMAND_SIZE = 32;
    /** The size of a command queue page (CBASER.Size counts them). */
    public static final int QUEUE_PAGE = 0x1000;

    /** CTLR: the ITS is enabled: it processes commands and translates. */
    public static final BitField CTLR_ENABLED = BitField.bit("Enabled", 0);
    /** CTLR: the ITS is disabled and has nothing in progress (read-only). */
    public static final BitField CTLR_QUIESCENT = BitField.bit("Quiescent", 31);

    /** CBASER and BASERn: inner cacheability. */
    public static final BitField INNER_CACHE = new BitField("InnerCache", 59, 3);
    /** CBASER and BASERn: outer cacheability. */
    public static final BitField OUTER_CACHE = new BitField("OuterCache", 53, 3);
    /** CBASER and BASERn: shareability. */
    public static final BitField SHAREABILITY = new BitField("Shareability", 10, 2);
    /** CBASER: the queue is valid. */
    public static final BitField CBASER_VALID = BitField.bit("Valid", 63);
    /** CBASER: the queue's physical address, bits 51:12. */
    public static final BitField CBASER_PA = new BitField("Physical_Address", 12, 40);
    /** CBASER: the queue's size in 4 KiB pages, minus one. */
    public static final BitField CBASER_SIZE = new BitField("Size", 0, 8);
    /** CBASER: the bits software may write and read back. */
    public static final long CBASER_WRITABLE = CBASER_VALID.mask() | INNER_CACHE.mask() | OUTER_CACHE.mask()
        | CBASER_PA.mask() | SHAREABILITY.mask() | CBASER_SIZE.mask();

    /** CWRITER and CREADR: the offset of a command in the queue, bits 19:5. */
    public static final BitField QUEUE_OFFSET = new BitField("Offset", 5, 15);
    /** CWRITER: restart a stalled queue at the command CREADR names (write-only; reads 0). */
    public static final BitField CWRITER_RETRY = BitField.bit("Retry", 0);
    /** CREADR: the queue stalled on a command error. */
    public static final BitField CREADR_STALLED = BitField.bit("Stalled", 0);

    /** BASERn: the table is valid. */
    public static final BitField BASER_VALID = BitField.bit("Valid", 63);
    /** BASERn: the table has two levels (RAZ/WI if the ITS supports flat tables only). */
    public static final BitField BASER_INDIRECT = BitField.bit("Indirect", 62);
    /** BASERn: what the table holds (read-only): {@link #TYPE_DEVICE}, {@link #TYPE_COLLECTION}, or 0. */
    public static final BitField BASER_TYPE = new BitField("Type", 56, 3);
    /** BASERn: the size of an entry in bytes, minus one (read-only). */
    public static final BitField BASER_ENTRY_SIZE = new BitField("Entry_Size", 48, 5);
    /** BASERn: the table's physical address, bits 47:12 (with 64 KiB pages, bits 15:12 hold address bits 51:48). */
    public static final BitField BASER_PA = new BitField("Physical_Address", 12, 36);
    /** BASERn: the page size: {@link #PAGE_4K}, {@link #PAGE_16K} or {@link #PAGE_64K}. */
    public static final BitField BASER_PAGE_SIZE = new BitField("Page_Size", 8, 2);
    /** BASERn: the table's size in pages, minus one. */
    public static final BitField BASER_SIZE = new BitField("Size", 0, 8);
    /** BASERn.Type: no table. */
    public static final int TYPE_NONE = 0;
    /** BASERn.Type: the device table. */
    public static final int TYPE_DEVICE = 1;
    /** BASERn.Type: the collection table. */
    public static final int TYPE_COLLECTION = 4;
    /** BASERn.Page_Size: 4 KiB. */
    public static final int PAGE_4K = 0;
    /** BASERn.Page_Size: 16 KiB. */
    public static final int PAGE_16K = 1;
    /** BASERn.Page_Size: 64 KiB (0b11, reserved, is treated as this). */
    public static final int PAGE_64K = 2;
    /** A level-1 entry of a two-level table: the level-2 page is valid. */
    public static final BitField LEVEL1_VALID = BitField.bit("Valid", 63);
    /** A level-1 entry of a two-level table: the level-2 page's physical address, bits 51:12. */
    public static final BitField LEVEL1_PA = new BitField("Physical_Address", 12, 40);
    /** The size of a level-1 entry. */
    public static final int LEVEL1_ENTRY_SIZE = 8;

    /** The register at each 32-bit word of the two frames, null for reserved words. */
    private static final ItsRegister[] BY_WORD = GicRegister.index(values(), new ItsRegister[FRAMES >>> 2]);

    private final Layout layout;

    ItsRegister(final int offset, final int count, final int width, final long reset, final GicAccess access)
    {
        this.layout = new Layout(offset, count, width, reset, access);
    }

    @Override
    public Layout layout()
    {
        return layout;
    }

    /** @return false: no ITS register takes byte accesses */
    @Override
    public boolean byteAccessible()
    {
        return false;
    }

    /**
     * @param size an access size in bytes
     * @return whether the register takes accesses of that size: GITS_TRANSLATER 16 and 32 bits, the others as
     *         {@link GicRegister#permits} says (decision A80)
     */
    @Override
    public boolean permits(final int size)
    {
        return this == TRANSLATER ? size == 2 || size == 4 : GicRegister.super.permits(size);
    }

    /**
     * @param page a BASERn.Page_Size encoding
     * @return the page size in bytes (0b11 is treated as 64 KiB)
     */
    public static int pageBytes(final int page)
    {
        return 0x1000 << 2 * Math.min(page, PAGE_64K);
    }

    /**
     * @param at an offset from the ITS's base
     * @return the register whose bytes include it, or null for a reserved offset
     */
    public static ItsRegister at(final long at)
    {
        return at >= 0 && at < FRAMES ? BY_WORD[(int) at >>> 2] : null;
    }
}
