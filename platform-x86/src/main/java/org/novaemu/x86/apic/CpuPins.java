// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

/**
 * What a local APIC signals to its processor core: that a fixed interrupt may be deliverable (the core then
 * asks {@link LocalApic#acknowledge}), and the interrupts that bypass IRR and ISR.
 */
public interface CpuPins
{
    /** A fixed interrupt above the processor priority is pending (INTR). */
    void interruptPending();

    /** An NMI was delivered. */
    void nmi();

    /** An SMI was delivered. */
    void smi();

    /** An INIT was delivered. */
    void init();

    /**
     * A start-up IPI was delivered.
     *
     * @param vector the start page: the core starts at {@code vector << 12}
     */
    void startup(int vector);

    /** An ExtINT was delivered: the core takes its vector from the 8259 on acknowledge. */
    void extInt();
}
