// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

/**
 * What a local APIC signals to its processor core: that a fixed interrupt may be deliverable (the core then
 * asks {@link LocalApic#acknowledge}), and the interrupts that bypass IRR and ISR. Each signal is ignored
 * unless the core overrides it.
 */
public interface CpuPins
{
    /** A fixed interrupt above the processor priority is pending (INTR). */
    default void interruptPending()
    {
    }

    /** An NMI was delivered. */
    default void nmi()
    {
    }

    /** An SMI was delivered. */
    default void smi()
    {
    }

    /** An INIT was delivered. */
    default void init()
    {
    }

    /**
     * A start-up IPI was delivered.
     *
     * @param vector the start page: the core starts at {@code vector << 12}
     */
    default void startup(final int vector)
    {
    }

    /** An ExtINT was delivered: the core takes its vector from the 8259 on acknowledge. */
    default void extInt()
    {
    }
}
