// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.core;

import java.util.Arrays;

import org.novaemu.arm.cpu.SysRegEncoding;

/**
 * The System registers a bare core holds itself, with their MRS/MSR encodings (Arm ARM, the registers' own
 * pages): the exception registers of EL1, the stack pointer selection, the PSTATE fields MRS and MSR reach, and
 * a software thread ID. What a write keeps is decision A65; the GIC's CPU interface and the Generic Timer have
 * registers of their own ({@link org.novaemu.arm.gic.IccRegister}, {@link org.novaemu.arm.cpu.SysReg}).
 */
public enum El1Register
{
    /** Saved Program Status Register: PSTATE when the last exception was taken to EL1. */
    SPSR_EL1(3, 0, 4, 0, 0, true),
    /** Exception Link Register: where ERET returns to. */
    ELR_EL1(3, 0, 4, 0, 1, true),
    /** The EL0 stack pointer (accessible while PSTATE.SP is 1). */
    SP_EL0(3, 0, 4, 1, 0, true),
    /** PSTATE.SP: 0 selects SP_EL0, 1 SP_EL1. */
    SPSEL(3, 0, 4, 2, 0, true),
    /** The current exception level in bits 3:2, read-only (1: EL1). */
    CURRENT_EL(3, 0, 4, 2, 2, false),
    /** Exception Syndrome Register. */
    ESR_EL1(3, 0, 5, 2, 0, true),
    /** Fault Address Register. */
    FAR_EL1(3, 0, 6, 0, 0, true),
    /** Vector Base Address Register; bits 10:0 are RES0 (the table is 2 KiB aligned). */
    VBAR_EL1(3, 0, 12, 0, 0, true),
    /** Software thread ID register of EL1. */
    TPIDR_EL1(3, 0, 13, 0, 4, true),
    /** PSTATE.{N, Z, C, V} in bits 31:28. */
    NZCV(3, 3, 4, 2, 0, true),
    /** PSTATE.{D, A, I, F} in bits 9:6. */
    DAIF(3, 3, 4, 2, 1, true);

    private static final int[] ENCODINGS;
    private static final El1Register[] BY_ENCODING;

    static
    {
        final El1Register[] all = values();
        final int[] e = new int[all.length];
        for (int i = 0; i < all.length; i++)
        {
            e[i] = all[i].fields.packed();
        }
        Arrays.sort(e);
        ENCODINGS = e;
        BY_ENCODING = new El1Register[all.length];
        for (final El1Register r : all)
        {
            BY_ENCODING[Arrays.binarySearch(e, r.fields.packed())] = r;
        }
    }

    private final SysRegEncoding fields;
    private final boolean writable;

    El1Register(final int op0, final int op1, final int crn, final int crm, final int op2, final boolean writable)
    {
        this.fields = new SysRegEncoding(op0, op1, crn, crm, op2);
        this.writable = writable;
    }

    /** @return its op0, op1, CRn, CRm and op2, as MRS and MSR name it */
    public SysRegEncoding fields()
    {
        return fields;
    }

    /** @return whether MSR may write it; an MSR of the others is UNDEFINED */
    public boolean writable()
    {
        return writable;
    }

    /**
     * @param packed an encoding packed as {@link SysRegEncoding#packed()}
     * @return the register with that encoding, or null if the core holds none
     */
    static El1Register at(final int packed)
    {
        final int i = Arrays.binarySearch(ENCODINGS, packed);
        return i >= 0 ? BY_ENCODING[i] : null;
    }
}
