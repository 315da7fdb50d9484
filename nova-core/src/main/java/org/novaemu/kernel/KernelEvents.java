// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * What the hardware reports to the kernel on one CPU. A machine wires the CPU's interrupt line (a local
 * APIC's INTR, a GIC CPU interface's IRQ) to {@link #interruptPending}; the kernel then enters the
 * platform's interrupt entry ({@link Interrupts#handle}) at the CPU's next interrupt point and hands it this
 * callback for what it finds. Nothing here allocates.
 */
public interface KernelEvents
{
    /**
     * The CPU's interrupt controller has an interrupt for it: the CPU wakes if it halted, and at its next
     * interrupt point, between user steps, the kernel enters {@link Interrupts#handle}. Reports before that
     * point are merged into one.
     */
    void interruptPending();

    /**
     * An interrupt bound by assign_int arrived: the semaphore in its SM-table slot is upped, as by ctrl_sm
     * and without a capability (a counter at its limit stays there, docs/decisions.md K17).
     *
     * @param slot the SM-table slot ({@link Interrupts#slot})
     * @return false if no semaphore holds the slot (a spurious interrupt)
     */
    boolean interrupt(int slot);

    /**
     * An IPI the kernel sent ({@link Interrupts#sendIpi}) arrived on this CPU.
     *
     * @param kind what it asks for
     */
    void ipiArrived(Ipi kind);

    /** The CPU's deadline timer ({@link Timer#arm}) fired. */
    void timerExpired();
}
