// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.cpu;

import org.novaemu.util.Require;

/**
 * A System register's encoding, the five fields MRS and MSR name it by (Arm ARM, C5.3, "op0, op1, CRn, CRm,
 * op2"), with the two packings in use: as the instructions hold it in bits 20:5, and compact in bits 15:0 (as
 * {@code S3_0_C12_C12_0} spells it). The Generic Timer's registers ({@link SysReg}) and the GIC's CPU interface
 * registers share it.
 *
 * @param op0 op0, 0 to 3
 * @param op1 op1, 0 to 7
 * @param crn CRn, 0 to 15
 * @param crm CRm, 0 to 15
 * @param op2 op2, 0 to 7
 */
public record SysRegEncoding(int op0, int op1, int crn, int crm, int op2)
{
    /**
     * @param op0 op0
     * @param op1 op1
     * @param crn CRn
     * @param crm CRm
     * @param op2 op2
     * @throws IllegalArgumentException for a field out of its range
     */
    public SysRegEncoding
    {
        Require.inRange("op0", op0, 0, 3);
        Require.inRange("op1", op1, 0, 7);
        Require.inRange("crn", crn, 0, 15);
        Require.inRange("crm", crm, 0, 15);
        Require.inRange("op2", op2, 0, 7);
    }

    /** @return the encoding as MRS and MSR hold it in bits 20:5 (Linux's {@code sys_reg}) */
    public int instruction()
    {
        return op0 << 19 | op1 << 16 | crn << 12 | crm << 8 | op2 << 5;
    }

    /** @return the encoding packed in bits 15:0: op0 15:14, op1 13:11, CRn 10:7, CRm 6:3, op2 2:0 */
    public int packed()
    {
        return packed(op0, op1, crn, crm, op2);
    }

    /**
     * @param op0 op0
     * @param op1 op1
     * @param crn CRn
     * @param crm CRm
     * @param op2 op2
     * @return the fields packed in bits 15:0, each masked to its width
     */
    public static int packed(final int op0, final int op1, final int crn, final int crm, final int op2)
    {
        return (op0 & 3) << 14 | (op1 & 7) << 11 | (crn & 15) << 7 | (crm & 15) << 3 | op2 & 7;
    }
}
