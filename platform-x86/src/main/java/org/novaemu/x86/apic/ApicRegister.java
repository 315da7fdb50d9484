// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

/**
 * The local APIC's registers (Intel SDM volume 3A, 11.4.1, table 11-1, and 11.12.1.2, table 11-6): the
 * xAPIC MMIO offset and the x2APIC MSR, which is {@code 0x800 + offset / 16}. The ISR, TMR and IRR each span
 * eight registers from their first one. Each register says what software may do with it in either mode:
 * APR, DFR and the ICR's high half exist only in xAPIC mode (the x2APIC ICR is one 64-bit MSR), SELF IPI
 * only as an MSR, and ID and LDR are read-only in x2APIC mode. Both the model ({@link LocalApic}) and a
 * driver that programs it name registers here.
 *
 * <p>Two MSRs outside the x2APIC range belong to the local APIC as well: {@link #MSR_APIC_BASE}
 * (IA32_APIC_BASE, SDM 3A 11.4.4) and {@link #MSR_TSC_DEADLINE} (IA32_TSC_DEADLINE, 11.5.4.1).
 */
public enum ApicRegister
{
    /** Local APIC ID (read-only in x2APIC mode). */
    ID(0x020, Access.READ_WRITE, Access.READ),
    /** Version. */
    VERSION(0x030, Access.READ, Access.READ),
    /** Task priority. */
    TPR(0x080, Access.READ_WRITE, Access.READ_WRITE),
    /** Arbitration priority (xAPIC only). */
    APR(0x090, Access.READ, Access.NONE),
    /** Processor priority. */
    PPR(0x0a0, Access.READ, Access.READ),
    /** End of interrupt. */
    EOI(0x0b0, Access.WRITE, Access.WRITE),
    /** Remote read (xAPIC only; P6 and later processors do not implement it, and neither does the model). */
    RRD(0x0c0, Access.NONE, Access.NONE),
    /** Logical destination (read-only in x2APIC mode, where it derives from the ID). */
    LDR(0x0d0, Access.READ_WRITE, Access.READ),
    /** Destination format (xAPIC only). */
    DFR(0x0e0, Access.READ_WRITE, Access.NONE),
    /** Spurious interrupt vector ({@link Svr}). */
    SVR(0x0f0, Access.READ_WRITE, Access.READ_WRITE),
    /** In-service register, bits 31:0; seven more follow. */
    ISR(0x100, Access.READ, Access.READ),
    /** Trigger mode register, bits 31:0; seven more follow. */
    TMR(0x180, Access.READ, Access.READ),
    /** Interrupt request register, bits 31:0; seven more follow. */
    IRR(0x200, Access.READ, Access.READ),
    /** Error status (a write latches the errors seen since the last one). */
    ESR(0x280, Access.READ_WRITE, Access.READ_WRITE),
    /** LVT corrected machine check interrupt ({@link Lvt}). */
    LVT_CMCI(0x2f0, Access.READ_WRITE, Access.READ_WRITE),
    /** Interrupt command ({@link Icr}), low half; in x2APIC mode the whole 64-bit ICR. */
    ICR(0x300, Access.READ_WRITE, Access.READ_WRITE),
    /** Interrupt command, high half (xAPIC only). */
    ICR_HIGH(0x310, Access.READ_WRITE, Access.NONE),
    /** LVT timer. */
    LVT_TIMER(0x320, Access.READ_WRITE, Access.READ_WRITE),
    /** LVT thermal sensor. */
    LVT_THERMAL(0x330, Access.READ_WRITE, Access.READ_WRITE),
    /** LVT performance monitoring counters. */
    LVT_PMC(0x340, Access.READ_WRITE, Access.READ_WRITE),
    /** LVT LINT0. */
    LVT_LINT0(0x350, Access.READ_WRITE, Access.READ_WRITE),
    /** LVT LINT1. */
    LVT_LINT1(0x360, Access.READ_WRITE, Access.READ_WRITE),
    /** LVT error. */
    LVT_ERROR(0x370, Access.READ_WRITE, Access.READ_WRITE),
    /** Timer initial count. */
    TIMER_INITIAL(0x380, Access.READ_WRITE, Access.READ_WRITE),
    /** Timer current count. */
    TIMER_CURRENT(0x390, Access.READ, Access.READ),
    /** Timer divide configuration. */
    TIMER_DIVIDE(0x3e0, Access.READ_WRITE, Access.READ_WRITE),
    /** Self IPI (x2APIC only). */
    SELF_IPI(0x3f0, Access.NONE, Access.WRITE);

    /** The IA32_APIC_BASE MSR: base address, BSP, x2APIC enable and global enable (SDM 3A, 11.4.4). */
    public static final int MSR_APIC_BASE = 0x1b;
    /** The IA32_TSC_DEADLINE MSR of the timer's TSC-deadline mode (SDM 3A, 11.5.4.1). */
    public static final int MSR_TSC_DEADLINE = 0x6e0;
    /** The first x2APIC MSR. */
    public static final int MSR_X2APIC = 0x800;

    /** The registers by offset / 16: 64 slots, ISR, TMR and IRR in eight each, null where none is. */
    private static final ApicRegister[] BY_INDEX = new ApicRegister[64];

    static
    {
        for (final ApicRegister r : values())
        {
            final int span = r == ISR || r == TMR || r == IRR ? 8 : 1;
            for (int i = 0; i < span; i++)
            {
                BY_INDEX[(r.offset >>> 4) + i] = r;
            }
        }
    }

    /** What software may do with a register in one mode (tables 11-1 and 11-6); anything else is an error. */
    public enum Access
    {
        /** The register does not exist in this mode. */
        NONE,
        /** Read-only. */
        READ,
        /** Write-only. */
        WRITE,
        /** Read and write. */
        READ_WRITE
    }

    private final int offset;
    private final Access xapic;
    private final Access x2apic;

    ApicRegister(final int offset, final Access xapic, final Access x2apic)
    {
        this.offset = offset;
        this.xapic = xapic;
        this.x2apic = x2apic;
    }

    /** @return the xAPIC MMIO offset (for SELF IPI, the offset its MSR stands for) */
    public int offset()
    {
        return offset;
    }

    /** @return the x2APIC MSR, or -1 if the register has none */
    public int msr()
    {
        return x2apic != Access.NONE ? MSR_X2APIC + (offset >>> 4) : -1;
    }

    /**
     * @param x2 whether the APIC is in x2APIC mode
     * @return what software may do with the register in that mode
     */
    public Access access(final boolean x2)
    {
        return x2 ? x2apic : xapic;
    }

    /**
     * @param x2 whether the APIC is in x2APIC mode
     * @return whether software may read the register in that mode
     */
    public boolean readable(final boolean x2)
    {
        final Access a = access(x2);
        return a == Access.READ || a == Access.READ_WRITE;
    }

    /**
     * @param x2 whether the APIC is in x2APIC mode
     * @return whether software may write the register in that mode
     */
    public boolean writable(final boolean x2)
    {
        final Access a = access(x2);
        return a == Access.WRITE || a == Access.READ_WRITE;
    }

    /**
     * @param offset an offset in the APIC page; bits 3:0 are ignored, as the 16-byte register slots do
     * @return the register whose slot it falls in (ISR, TMR and IRR for all eight of theirs), or null for a
     *         reserved slot or an offset beyond the register page's 1 KiB
     */
    public static ApicRegister atOffset(final int offset)
    {
        return offset >= 0 && offset < 0x400 ? BY_INDEX[offset >>> 4] : null;
    }

    /**
     * @param msr an MSR number
     * @return the register the MSR stands for in x2APIC mode, or null outside 0x800 to 0x83F or for a
     *         reserved one (an xAPIC-only register is returned: see {@link #access})
     */
    public static ApicRegister atMsr(final int msr)
    {
        return msr >= MSR_X2APIC && msr < MSR_X2APIC + 64 ? BY_INDEX[msr - MSR_X2APIC] : null;
    }
}
