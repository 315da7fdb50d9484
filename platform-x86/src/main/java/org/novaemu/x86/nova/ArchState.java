// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import org.novaemu.kernel.Ec;
import org.novaemu.kernel.User;

/**
 * The x86_64 architectural UTCB layout and MTD of host ECs (specification 8.6.3 and 8.6.4): what an
 * exception, STARTUP or RECALL event moves into the handler's UTCB, and what the handler's reply moves back.
 * Host ECs use bits 1 to 4 and 6; the others concern vCPUs and have no effect here. Offsets are UTCB words
 * (8 bytes): GPRs in their encoding order at 0 to 15 (RSP is word 4), RFLAGS 16, RIP 17, the
 * qualifications 20 to 22.
 */
public final class ArchState
{
    /** MTD: kill the EC on reply. */
    public static final int POISON = 1;
    /** MTD: RAX to RDI, RSP included. */
    public static final int GPR_0_7 = 1 << 1;
    /** MTD: R8 to R15. */
    public static final int GPR_8_15 = 1 << 2;
    /** MTD: RFLAGS. */
    public static final int RFLAGS = 1 << 3;
    /** MTD: RIP. */
    public static final int RIP = 1 << 4;
    /** MTD: the qualifications (read only): error code and page-fault address. */
    public static final int QUAL = 1 << 6;

    /** UTCB word of RFLAGS. */
    public static final int RFLAGS_WORD = 0x80 / 8;
    /** UTCB word of RIP. */
    public static final int RIP_WORD = 0x88 / 8;
    /** UTCB word of the first qualification (the exception's error code). */
    public static final int QUAL_WORD = 0xa0 / 8;

    // RFLAGS on reply: AC, IF and bit 1 are forced set; VIP, VIF, VM, RF, NT and IOPL forced clear.
    private static final long RFLAGS_SET = 1 << 18 | 1 << 9 | 2;
    private static final long RFLAGS_CLEAR = 1 << 20 | 1 << 19 | 1 << 17 | 1 << 16 | 1 << 14 | 3 << 12;

    private ArchState()
    {
    }

    /**
     * Event delivery: the state {@code mtd} selects, from the EC into the handler's UTCB.
     *
     * @param from the EC the event belongs to
     * @param mtd the event portal's MTD
     * @param handler the handler
     */
    public static void save(final Ec from, final int mtd, final User handler)
    {
        if ((mtd & GPR_0_7) != 0)
        {
            for (int r = 0; r < 8; r++)
            {
                handler.setUtcb(r, from.gpr(r));
            }
        }
        if ((mtd & GPR_8_15) != 0)
        {
            for (int r = 8; r < 16; r++)
            {
                handler.setUtcb(r, from.gpr(r));
            }
        }
        if ((mtd & RFLAGS) != 0)
        {
            handler.setUtcb(RFLAGS_WORD, from.flags());
        }
        if ((mtd & RIP) != 0)
        {
            handler.setUtcb(RIP_WORD, from.ip());
        }
        if ((mtd & QUAL) != 0)
        {
            handler.setUtcb(QUAL_WORD, from.exceptionSyndrome());     // error code, 0 if none
            handler.setUtcb(QUAL_WORD + 1, from.exceptionAddress()); // CR2 for #PF, else 0
            handler.setUtcb(QUAL_WORD + 2, 0);
        }
    }

    /**
     * Event reply: the state {@code mtd} selects, from the handler's UTCB back into the EC. Read-only items
     * (QUAL) are ignored; RFLAGS keeps its forced bits.
     *
     * @param handler the handler
     * @param mtd the reply's MTD
     * @param to the EC the event belonged to
     * @return false if the MTD has POISON: the kernel kills the EC
     */
    public static boolean load(final User handler, final int mtd, final Ec to)
    {
        if ((mtd & POISON) != 0)
        {
            return false;
        }
        if ((mtd & GPR_0_7) != 0)
        {
            for (int r = 0; r < 8; r++)
            {
                to.setGpr(r, handler.utcb(r));
            }
        }
        if ((mtd & GPR_8_15) != 0)
        {
            for (int r = 8; r < 16; r++)
            {
                to.setGpr(r, handler.utcb(r));
            }
        }
        if ((mtd & RFLAGS) != 0)
        {
            to.setFlags(handler.utcb(RFLAGS_WORD) & ~RFLAGS_CLEAR | RFLAGS_SET);
        }
        if ((mtd & RIP) != 0)
        {
            to.setIp(handler.utcb(RIP_WORD));
        }
        return true;
    }

    /**
     * @param write whether the access wrote
     * @param fetch whether it was an instruction fetch
     * @param present whether the page was mapped (a protection fault) or not
     * @return the #PF error code of a user-mode access: P (bit 0), W/R (bit 1), U/S (bit 2), I/D (bit 4)
     */
    public static long pageFaultErrorCode(final boolean write, final boolean fetch, final boolean present)
    {
        return (present ? 1 : 0) | (write ? 2 : 0) | 4 | (fetch ? 16 : 0);
    }
}
