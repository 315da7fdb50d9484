// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

import org.novaemu.util.BitField;

/**
 * The local vector table (Intel SDM volume 3A, 11.5.1, figure 11-8): the seven entries, each with its
 * register and the fields it has, and the fields of an entry. Every entry has a vector and a mask; the
 * timer adds its mode, LINT0 and LINT1 their polarity and trigger mode, all but the timer and the error
 * entry a delivery mode.
 */
public enum Lvt
{
    /** The APIC timer: vector, mask, timer mode. */
    TIMER(ApicRegister.LVT_TIMER, 0x7_00ff),
    /** The thermal sensor: vector, delivery mode, mask. */
    THERMAL(ApicRegister.LVT_THERMAL, 0x1_07ff),
    /** The performance monitoring counters: vector, delivery mode, mask. */
    PMC(ApicRegister.LVT_PMC, 0x1_07ff),
    /** LINT0: vector, delivery mode, polarity, trigger mode, mask. */
    LINT0(ApicRegister.LVT_LINT0, 0x1_a7ff),
    /** LINT1: vector, delivery mode, polarity, trigger mode, mask. */
    LINT1(ApicRegister.LVT_LINT1, 0x1_a7ff),
    /** APIC errors: vector, mask. */
    ERROR(ApicRegister.LVT_ERROR, 0x1_00ff),
    /** Corrected machine-check interrupts: vector, delivery mode, mask. */
    CMCI(ApicRegister.LVT_CMCI, 0x1_07ff);

    /** Vector. */
    public static final BitField VECTOR = new BitField("Vector", 0, 8);
    /** Delivery mode ({@link Delivery}). */
    public static final BitField DELIVERY_MODE = new BitField("Delivery Mode", 8, 3);
    /** Delivery status (read-only; 0 here: delivery is at once). */
    public static final BitField DELIVERY_STATUS = BitField.bit("Delivery Status", 12);
    /** Interrupt input pin polarity: 1 active low (LINT0, LINT1). */
    public static final BitField POLARITY = BitField.bit("Interrupt Input Pin Polarity", 13);
    /** Remote IRR (read-only; LINT0, LINT1). */
    public static final BitField REMOTE_IRR = BitField.bit("Remote IRR", 14);
    /** Trigger mode: 1 level (LINT0, LINT1). */
    public static final BitField TRIGGER_MODE = BitField.bit("Trigger Mode", 15);
    /** Mask: 1 inhibits the interrupt. */
    public static final BitField MASK = BitField.bit("Mask", 16);
    /** Timer mode (timer only): {@link #ONE_SHOT}, {@link #PERIODIC} or {@link #TSC_DEADLINE}. */
    public static final BitField TIMER_MODE = new BitField("Timer Mode", 17, 2);

    /** Timer mode: one-shot, counting down the initial count once. */
    public static final int ONE_SHOT = 0;
    /** Timer mode: periodic, reloading the initial count. */
    public static final int PERIODIC = 1;
    /** Timer mode: TSC deadline, firing when the TSC reaches IA32_TSC_DEADLINE (SDM 3A, 11.5.4.1). */
    public static final int TSC_DEADLINE = 2;

    private final ApicRegister register;
    private final int writable;

    Lvt(final ApicRegister register, final int writable)
    {
        this.register = register;
        this.writable = writable;
    }

    /** @return the entry's register */
    public ApicRegister register()
    {
        return register;
    }

    /** @return the bits software may write: the entry's fields, no reserved or read-only bits */
    public int writable()
    {
        return writable;
    }

    /**
     * @param register a register
     * @return the LVT entry it holds, or null if it is not one
     */
    public static Lvt of(final ApicRegister register)
    {
        switch (register)
        {
            case LVT_TIMER:
                return TIMER;
            case LVT_THERMAL:
                return THERMAL;
            case LVT_PMC:
                return PMC;
            case LVT_LINT0:
                return LINT0;
            case LVT_LINT1:
                return LINT1;
            case LVT_ERROR:
                return ERROR;
            case LVT_CMCI:
                return CMCI;
            default:
                return null;
        }
    }
}
