// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

/**
 * The local APIC's registers (Intel SDM volume 3A, table 11-1 and table 11-6): the xAPIC MMIO offset and
 * the x2APIC MSR, which is {@code 0x800 + offset / 16}. The ISR, TMR and IRR each span eight registers
 * from their first one; registers the x2APIC does not have carry MSR -1, SELF IPI exists only as an MSR.
 */
public enum ApicRegister
{
    /** Local APIC ID. */
    ID(0x020),
    /** Version. */
    VERSION(0x030),
    /** Task priority. */
    TPR(0x080),
    /** Arbitration priority (xAPIC only). */
    APR(0x090, false),
    /** Processor priority (read-only). */
    PPR(0x0a0),
    /** End of interrupt (write-only). */
    EOI(0x0b0),
    /** Remote read (xAPIC only, not implemented by P6 and later processors). */
    RRD(0x0c0, false),
    /** Logical destination. */
    LDR(0x0d0),
    /** Destination format (xAPIC only). */
    DFR(0x0e0, false),
    /** Spurious interrupt vector. */
    SVR(0x0f0),
    /** In-service register, bits 31:0; seven more follow. */
    ISR(0x100),
    /** Trigger mode register, bits 31:0; seven more follow. */
    TMR(0x180),
    /** Interrupt request register, bits 31:0; seven more follow. */
    IRR(0x200),
    /** Error status. */
    ESR(0x280),
    /** LVT corrected machine check interrupt. */
    LVT_CMCI(0x2f0),
    /** Interrupt command, low half (x2APIC: the whole 64-bit ICR). */
    ICR(0x300),
    /** Interrupt command, high half (xAPIC only). */
    ICR_HIGH(0x310, false),
    /** LVT timer. */
    LVT_TIMER(0x320),
    /** LVT thermal sensor. */
    LVT_THERMAL(0x330),
    /** LVT performance monitoring counters. */
    LVT_PMC(0x340),
    /** LVT LINT0. */
    LVT_LINT0(0x350),
    /** LVT LINT1. */
    LVT_LINT1(0x360),
    /** LVT error. */
    LVT_ERROR(0x370),
    /** Timer initial count. */
    TIMER_INITIAL(0x380),
    /** Timer current count (read-only). */
    TIMER_CURRENT(0x390),
    /** Timer divide configuration. */
    TIMER_DIVIDE(0x3e0),
    /** Self IPI (x2APIC only, write-only). */
    SELF_IPI(0x3f0);

    /** The IA32_APIC_BASE MSR. */
    public static final int MSR_APIC_BASE = 0x1b;
    /** The IA32_TSC_DEADLINE MSR. */
    public static final int MSR_TSC_DEADLINE = 0x6e0;
    /** The first x2APIC MSR. */
    public static final int MSR_X2APIC = 0x800;

    private final int offset;
    private final boolean x2apic;

    ApicRegister(final int offset)
    {
        this(offset, true);
    }

    ApicRegister(final int offset, final boolean x2apic)
    {
        this.offset = offset;
        this.x2apic = x2apic;
    }

    /** @return the xAPIC MMIO offset */
    public int offset()
    {
        return offset;
    }

    /** @return the x2APIC MSR, or -1 if the register has none */
    public int msr()
    {
        return x2apic ? MSR_X2APIC + (offset >>> 4) : -1;
    }
}
