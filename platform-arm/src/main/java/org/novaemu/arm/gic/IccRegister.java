// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

import java.util.Arrays;

import org.novaemu.arm.cpu.SysRegEncoding;
import org.novaemu.util.BitField;

/**
 * The CPU interface's system registers (IHI 0069, chapter 12) this GIC implements, with their MRS/MSR encodings
 * (op0, op1, CRn, CRm, op2), access and reset value. A core's MRS or MSR finds its register with {@link #at}
 * and then calls {@link GicCpuInterface#read} or {@link GicCpuInterface#write}; an encoding not here (the
 * EL3 registers, ICC_ASGI1R_EL1, ICC_NMIAR1_EL1, AP0R1 to AP0R3 and AP1R1 to AP1R3, which five priority bits
 * do not have; decision A13) and an access against {@link #readable()} or {@link #writable()} are UNDEFINED
 * for the core to raise.
 */
public enum IccRegister
{
    /** Priority mask (bits 7:3 implemented). */
    PMR_EL1(3, 0, 4, 6, 0, GicAccess.READ_WRITE, 0),
    /** Interrupt acknowledge, group 0. */
    IAR0_EL1(3, 0, 12, 8, 0, GicAccess.READ, 0),
    /** End of interrupt, group 0. */
    EOIR0_EL1(3, 0, 12, 8, 1, GicAccess.WRITE, 0),
    /** Highest priority pending interrupt, group 0. */
    HPPIR0_EL1(3, 0, 12, 8, 2, GicAccess.READ, 0),
    /** Binary point, group 0 (minimum 2). */
    BPR0_EL1(3, 0, 12, 8, 3, GicAccess.READ_WRITE, 2),
    /** Active priorities, group 0 (one bit per group priority). */
    AP0R0_EL1(3, 0, 12, 8, 4, GicAccess.READ_WRITE, 0),
    /** Active priorities, group 1. */
    AP1R0_EL1(3, 0, 12, 9, 0, GicAccess.READ_WRITE, 0),
    /** Deactivate interrupt (with EOImode 1). */
    DIR_EL1(3, 0, 12, 11, 1, GicAccess.WRITE, 0),
    /** Running priority. */
    RPR_EL1(3, 0, 12, 11, 3, GicAccess.READ, 0xff),
    /** Generate a group 1 SGI ({@link Sgi1r}). */
    SGI1R_EL1(3, 0, 12, 11, 5, GicAccess.WRITE, 0),
    /** Generate a group 0 SGI (same format). */
    SGI0R_EL1(3, 0, 12, 11, 7, GicAccess.WRITE, 0),
    /** Interrupt acknowledge, group 1. */
    IAR1_EL1(3, 0, 12, 12, 0, GicAccess.READ, 0),
    /** End of interrupt, group 1. */
    EOIR1_EL1(3, 0, 12, 12, 1, GicAccess.WRITE, 0),
    /** Highest priority pending interrupt, group 1. */
    HPPIR1_EL1(3, 0, 12, 12, 2, GicAccess.READ, 0),
    /** Binary point, group 1 (minimum 3). */
    BPR1_EL1(3, 0, 12, 12, 3, GicAccess.READ_WRITE, 3),
    /** Control: CBPR, EOImode and the read-only description of the interface. */
    CTLR_EL1(3, 0, 12, 12, 4, GicAccess.READ_WRITE, IccRegister.CTLR_RESET),
    /** System register enable at EL1 (RAO/WI: no memory-mapped CPU interface). */
    SRE_EL1(3, 0, 12, 12, 5, GicAccess.READ_WRITE, 0x7),
    /** Group 0 enable. */
    IGRPEN0_EL1(3, 0, 12, 12, 6, GicAccess.READ_WRITE, 0),
    /** Group 1 enable. */
    IGRPEN1_EL1(3, 0, 12, 12, 7, GicAccess.READ_WRITE, 0),
    /** System register enable at EL2 (RAO/WI, EL1 access to ICC_SRE_EL1 enabled). */
    SRE_EL2(3, 4, 12, 9, 5, GicAccess.READ_WRITE, 0xf);

    /** CTLR: common binary point (BPR0 serves group 1 too). */
    public static final BitField CTLR_CBPR = BitField.bit("CBPR", 0);
    /** CTLR: EOImode 1, EOIR drops priority only and DIR deactivates. */
    public static final BitField CTLR_EOIMODE = BitField.bit("EOImode", 1);
    /** CTLR: priority mask hint enable (RAZ/WI). */
    public static final BitField CTLR_PMHE = BitField.bit("PMHE", 6);
    /** CTLR: the number of priority bits minus one (read-only 4). */
    public static final BitField CTLR_PRI_BITS = new BitField("PRIbits", 8, 3);
    /** CTLR: INTID bits (read-only 0: 16 bits). */
    public static final BitField CTLR_ID_BITS = new BitField("IDbits", 11, 3);
    /** CTLR: SEI support (read-only 0). */
    public static final BitField CTLR_SEIS = BitField.bit("SEIS", 14);
    /** CTLR: affinity level 3 supported (read-only 1). */
    public static final BitField CTLR_A3V = BitField.bit("A3V", 15);
    /** CTLR: range selector supported (read-only 1: SGI targets' Aff0 0 to 255). */
    public static final BitField CTLR_RSS = BitField.bit("RSS", 18);
    /** CTLR: extended INTID range supported (read-only 1). */
    public static final BitField CTLR_EXT_RANGE = BitField.bit("ExtRange", 19);
    /** The read-only fields of ICC_CTLR_EL1: five priority bits, 16 INTID bits, A3V, RSS and ExtRange. */
    public static final long CTLR_RESET = 4 << 8 | 1 << 15 | 1 << 18 | 1 << 19;

    private static final int[] ENCODINGS;
    private static final IccRegister[] BY_ENCODING;

    static
    {
        final IccRegister[] all = values();
        final int[] e = new int[all.length];
        for (int i = 0; i < all.length; i++)
        {
            e[i] = all[i].encoding();
        }
        Arrays.sort(e);
        ENCODINGS = e;
        BY_ENCODING = new IccRegister[all.length];
        for (final IccRegister r : all)
        {
            BY_ENCODING[Arrays.binarySearch(e, r.encoding())] = r;
        }
    }

    private final SysRegEncoding fields;
    private final GicAccess access;
    private final long reset;

    IccRegister(final int op0, final int op1, final int crn, final int crm, final int op2, final GicAccess access,
                final long reset)
    {
        this.fields = new SysRegEncoding(op0, op1, crn, crm, op2);
        this.access = access;
        this.reset = reset;
    }

    /** @return its op0, op1, CRn, CRm and op2 */
    public SysRegEncoding fields()
    {
        return fields;
    }

    /** @return the encoding packed as {@code op0:op1:CRn:CRm:op2} in bits 15:0 (as {@code S3_0_C12_C12_0}) */
    public int encoding()
    {
        return fields.packed();
    }

    /** @return what software may do with it */
    public GicAccess access()
    {
        return access;
    }

    /** @return whether MRS may read it */
    public boolean readable()
    {
        return access == GicAccess.READ || access == GicAccess.READ_WRITE;
    }

    /** @return whether MSR may write it */
    public boolean writable()
    {
        return access == GicAccess.WRITE || access == GicAccess.READ_WRITE;
    }

    /** @return the value after reset, as read */
    public long reset()
    {
        return reset;
    }

    /**
     * @param op0 op0
     * @param op1 op1
     * @param crn CRn
     * @param crm CRm
     * @param op2 op2
     * @return the register with that encoding, or null if this GIC implements none
     */
    public static IccRegister at(final int op0, final int op1, final int crn, final int crm, final int op2)
    {
        final int i = Arrays.binarySearch(ENCODINGS, SysRegEncoding.packed(op0, op1, crn, crm, op2));
        return i >= 0 ? BY_ENCODING[i] : null;
    }
}
