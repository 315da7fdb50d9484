// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu;

import org.novaemu.kernel.PageTableFormat;
import org.novaemu.kernel.Perm;
import org.novaemu.util.BitField;

/**
 * VMSAv8-64 stage 2 descriptors with 4 KiB granules (Arm ARM DDI 0487 M.a, D8.3 translation table descriptor
 * formats), as NOVA's AArch64 DMA page tables ({@code Dpt}) hold them: bits 1:0 0b11 for a table (levels 0 to 2)
 * or a page (level 3), 0b01 for a block (levels 1 and 2: 1 GiB and 2 MiB), 0bx0 invalid; S2AP read (bit 6) and
 * write (bit 7); the Access flag (bit 10); the next table's or the output address in bits 47:12; stage 2 MemAttr
 * (bits 5:2) and SH (bits 9:8) from the capability's memory attributes. NOVA's DMA spaces are written in this
 * format, so an STE can point the SMMU straight at a space, and the SMMU's walk ({@code Stage2Translation})
 * reads them with the same fields. The walk uses validity, type, S2AP, AF and the address; memory types are not
 * modelled.
 */
public final class Stage2Format implements PageTableFormat
{
    /** The one instance. */
    public static final Stage2Format INSTANCE = new Stage2Format();

    /** Valid. */
    public static final BitField VALID = BitField.bit("valid", 0);
    /** Table (levels 0 to 2) or page (level 3) when set, block when clear. */
    public static final BitField TABLE = BitField.bit("table/page", 1);
    /** Stage 2 memory attributes. */
    public static final BitField MEM_ATTR = new BitField("MemAttr", 2, 4);
    /** S2AP[0]: reads allowed. */
    public static final BitField S2AP_READ = BitField.bit("S2AP read", 6);
    /** S2AP[1]: writes allowed. */
    public static final BitField S2AP_WRITE = BitField.bit("S2AP write", 7);
    /** Shareability. */
    public static final BitField SH = new BitField("SH", 8, 2);
    /** Access flag: 0 faults (F_ACCESS) unless the STE disables Access flag faults. */
    public static final BitField AF = BitField.bit("AF", 10);
    /** The next table's or the output address, bits 47:12. */
    public static final BitField ADDRESS = new BitField("address", 12, 36);

    /** NOVA's MAIR encodings by CA (MAD bits 2:0; 4 is reserved): Device-nGnRnE ... Normal WB. */
    private static final int[] MAIR = {0x00, 0x04, 0x08, 0x0c, 0x00, 0x44, 0xbb, 0xff};

    private Stage2Format()
    {
    }

    /**
     * The stage 2 MemAttr of a capability's memory attributes, as NOVA's {@code Memattr::cache_s2} derives it
     * from the MAIR encoding of its CA: Device types keep their two bits, Normal types their outer and inner
     * cacheability (Normal write-back is 0b1111).
     *
     * @param attributes the attributes, CA in bits 2:0 and SH in bits 4:3 (specification 7.6.5)
     * @return the MemAttr field's value
     */
    static int memAttr(final long attributes)
    {
        final int mair = MAIR[(int) attributes & 7];
        return mair >>> 4 & 0b1100 | mair >>> 2 & 0b0011;
    }

    @Override
    public long leaf(final long frame, final int perms, final long attributes, final int level)
    {
        if ((perms & 0xf) == 0)
        {
            return 0; // no permissions: no mapping, as NOVA's Dpt::page_attr
        }
        return frame << 12 | ((perms & Perm.MEM_W) != 0 ? S2AP_WRITE.mask() : 0)
            | ((perms & Perm.MEM_R) != 0 ? S2AP_READ.mask() : 0)
            | SH.encode(attributes >>> 3 & 3) | MEM_ATTR.encode(memAttr(attributes))
            | (level == 0 ? TABLE.mask() : 0) | AF.mask() | VALID.mask();
    }

    @Override
    public long table(final long table)
    {
        return table | TABLE.mask() | VALID.mask();
    }
}
