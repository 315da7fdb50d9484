// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * Where the five hypercall parameters live in each architecture's general-purpose registers
 * (specification, "Hypercall Interface" of the x86_64 and AArch64 bindings).
 */
public enum Abi
{
    /**
     * x86_64: RDI, RSI, RDX, RAX, R8, in the architectural GPR numbering (RAX = 0 ... R15 = 15); RSP is 4.
     * SYSRET jumps to RCX with RFLAGS from R11, and NOVA returns with RCX = RIP (the instruction after the
     * SYSCALL, or the portal's IP) and R11 = RFLAGS = 0x202 (specification 8.7).
     */
    X86_64(16, 4, 0x40202, 7, 6, 2, 0, 8)
    {
        @Override
        public long flagsAfterHypercall(final long flags)
        {
            return 0x202;
        }

        @Override
        void returnToUser(final Ec ec)
        {
            ec.setFlags(flagsAfterHypercall(ec.flags()));
            ec.setGpr(1, ec.ip());  // RCX
            ec.setGpr(11, ec.flags()); // R11
        }
    },
    /**
     * AArch64: X0 to X4; registers 0 to 30 are X0 to X30, 31 is SP_EL0, and 32 and 33 are the EL0 thread ID
     * registers TPIDR_EL0 and TPIDRRO_EL0, the rest of NOVA's EL0 exception frame ({@code Exc_regs}). ERET
     * restores SPSR and changes none of the general-purpose registers (specification 7.7).
     */
    AARCH64(34, 31, 0, 0, 1, 2, 3, 4)
    {
        @Override
        public long flagsAfterHypercall(final long flags)
        {
            return flags;
        }

        @Override
        void returnToUser(final Ec ec)
        {
            // nothing besides the outputs
        }
    };

    /** The number of hypercall parameter registers. */
    public static final int PARAMETERS = 5;

    private final int gprs;
    private final int sp;
    private final long initialFlags;
    private final int[] map;

    Abi(final int gprs, final int sp, final long initialFlags, final int... map)
    {
        this.gprs = gprs;
        this.sp = sp;
        this.initialFlags = initialFlags;
        this.map = map;
    }

    /**
     * @param flags the flags register before a hypercall
     * @return after it
     */
    public abstract long flagsAfterHypercall(long flags);

    /**
     * What the return to user mode after a hypercall, or the entry at a portal, does to registers besides
     * the outputs.
     *
     * @param ec the EC about to run
     */
    abstract void returnToUser(Ec ec);

    /** @return the flags register of a new EC: x86 RFLAGS AC, IF and bit 1 (0x40202); AArch64 PSTATE 0 (EL0) */
    public long initialFlags()
    {
        return initialFlags;
    }

    /**
     * @return the number of registers an EC keeps: the general-purpose ones and, on AArch64, SP_EL0,
     *         TPIDR_EL0 and TPIDRRO_EL0
     */
    public int gprs()
    {
        return gprs;
    }

    /** @return the ELF e_machine value of the architecture's executables: EM_X86_64 or EM_AARCH64 */
    public int elfMachine()
    {
        return this == X86_64 ? 0x3e : 0xb7;
    }

    /** @return the register number of the user stack pointer */
    public int sp()
    {
        return sp;
    }

    /**
     * @param parameter the parameter position, 0 to 4
     * @return the GPR number that holds it
     */
    public int register(final int parameter)
    {
        return map[parameter];
    }
}
