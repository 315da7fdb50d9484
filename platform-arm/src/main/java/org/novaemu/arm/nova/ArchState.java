// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

import org.novaemu.kernel.Ec;
import org.novaemu.kernel.User;

/**
 * The AArch64 architectural UTCB layout and MTD of host ECs (specification 7.6.3 and 7.6.4; NOVA's
 * {@code Utcb_arch} and {@code Mtd_arch}): what an exception, STARTUP or RECALL event moves into the handler's
 * UTCB, and what the handler's reply moves back. Offsets are UTCB words (8 bytes): X0 to X30 at 0 to 30,
 * SP_EL0 31, TPIDR_EL0 32, TPIDRRO_EL0 33, ELR_EL2 60, SPSR_EL2 61, ESR_EL2 62, FAR_EL2 63.
 *
 * <p>A host EC has the state of bits 2, 4, 5, 25 and 26; the others concern vCPUs (EL1, EL2 control, timer,
 * GIC and spaces) and have no effect, as on NOVA, where a host EC has no vCPU state to move. FPR (bit 3)
 * moves nothing (neither NOVA's {@code Utcb_arch} nor the specification's table gives it state) and ICI
 * (bit 1) invalidates an instruction cache the model does not have. On reply only the condition flags NZCV
 * of SPSR_EL2 are taken (the other bits become 0: EL0, AArch64, no masks); ESR_EL2 and FAR_EL2 are read-only.
 * (docs/decisions.md A26, A27.)
 */
public final class ArchState
{
    /** MTD bit 0, POISON: kill the EC on reply. */
    public static final int POISON = 1;
    /** MTD bit 1, ICI: invalidate the local instruction cache on reply. */
    public static final int ICI = 1 << 1;
    /** MTD bit 2, GPR: X0 to X30. */
    public static final int GPR = 1 << 2;
    /** MTD bit 3, FPR: the floating-point registers. */
    public static final int FPR = 1 << 3;
    /** MTD bit 4, EL0_SP: SP_EL0. */
    public static final int EL0_SP = 1 << 4;
    /** MTD bit 5, EL0_IDR: TPIDR_EL0 and TPIDRRO_EL0. */
    public static final int EL0_IDR = 1 << 5;
    /** MTD bit 25, EL2_ELR_SPSR: ELR_EL2 (the IP) and SPSR_EL2 (of which a host EC's reply sets NZCV). */
    public static final int EL2_ELR_SPSR = 1 << 25;
    /** MTD bit 26, EL2_ESR_FAR: ESR_EL2 and FAR_EL2, read-only. */
    public static final int EL2_ESR_FAR = 1 << 26;

    /** UTCB word of SP_EL0. */
    public static final int SP_EL0_WORD = 0x0f8 / 8;
    /** UTCB word of TPIDR_EL0; TPIDRRO_EL0 follows. */
    public static final int TPIDR_EL0_WORD = 0x100 / 8;
    /** UTCB word of ELR_EL2. */
    public static final int ELR_WORD = 0x1e0 / 8;
    /** UTCB word of SPSR_EL2. */
    public static final int SPSR_WORD = 0x1e8 / 8;
    /** UTCB word of ESR_EL2. */
    public static final int ESR_WORD = 0x1f0 / 8;
    /** UTCB word of FAR_EL2. */
    public static final int FAR_WORD = 0x1f8 / 8;

    /** The EC register number of TPIDR_EL0 ({@link org.novaemu.kernel.Abi#AARCH64}); TPIDRRO_EL0 follows. */
    public static final int TPIDR_EL0 = 32;
    /** SPSR's condition flags N, Z, C, V (bits 31:28): all of SPSR_EL2 a host EC's handler may set. */
    public static final long SPSR_NZCV = 0xfL << 28;

    private static final int X30 = 30;
    private static final int SP_EL0 = 31;
    /**
     * The exception classes whose FAR_EL2 is valid: instruction aborts and PC alignment (0x20 to 0x22), data
     * aborts (0x24, 0x25) and watchpoints (0x34, 0x35); other events report FAR 0, so that no stale address
     * leaks (NOVA's {@code Utcb_arch::load}).
     */
    private static final long FAR_VALID = 0x3L << 0x34 | 0x3L << 0x24 | 0x7L << 0x20;

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
        if ((mtd & GPR) != 0)
        {
            for (int r = 0; r <= X30; r++)
            {
                handler.setUtcb(r, from.gpr(r));
            }
        }
        if ((mtd & EL0_SP) != 0)
        {
            handler.setUtcb(SP_EL0_WORD, from.gpr(SP_EL0));
        }
        if ((mtd & EL0_IDR) != 0)
        {
            handler.setUtcb(TPIDR_EL0_WORD, from.gpr(TPIDR_EL0));
            handler.setUtcb(TPIDR_EL0_WORD + 1, from.gpr(TPIDR_EL0 + 1));
        }
        if ((mtd & EL2_ELR_SPSR) != 0)
        {
            handler.setUtcb(ELR_WORD, from.ip());
            handler.setUtcb(SPSR_WORD, from.flags());
        }
        if ((mtd & EL2_ESR_FAR) != 0)
        {
            final int event = from.exceptionEvent();
            handler.setUtcb(ESR_WORD, Esr.forEvent(event, from.exceptionSyndrome()));
            handler.setUtcb(FAR_WORD, event < 64 && (FAR_VALID >>> event & 1) != 0 ? from.exceptionAddress() : 0);
        }
    }

    /**
     * Event reply: the state {@code mtd} selects, from the handler's UTCB back into the EC; read-only state
     * (ESR_EL2, FAR_EL2) is ignored and SPSR_EL2 keeps only the condition flags written.
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
        if ((mtd & GPR) != 0)
        {
            for (int r = 0; r <= X30; r++)
            {
                to.setGpr(r, handler.utcb(r));
            }
        }
        if ((mtd & EL0_SP) != 0)
        {
            to.setGpr(SP_EL0, handler.utcb(SP_EL0_WORD));
        }
        if ((mtd & EL0_IDR) != 0)
        {
            to.setGpr(TPIDR_EL0, handler.utcb(TPIDR_EL0_WORD));
            to.setGpr(TPIDR_EL0 + 1, handler.utcb(TPIDR_EL0_WORD + 1));
        }
        if ((mtd & EL2_ELR_SPSR) != 0)
        {
            to.setIp(handler.utcb(ELR_WORD));
            to.setFlags(handler.utcb(SPSR_WORD) & SPSR_NZCV);
        }
        return true;
    }
}
