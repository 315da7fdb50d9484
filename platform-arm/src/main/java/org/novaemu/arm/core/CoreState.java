// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.core;

/** Whether a bare core executes, waits in WFI, or is powered off (PSCI's OFF: only CPU_ON starts it). */
public enum CoreState
{
    /** Executing instructions. */
    RUNNING,
    /** In the low-power state of WFI: an IRQ or FIQ signal, masked or not, ends it. */
    WAITING_FOR_INTERRUPT,
    /** Powered off: a secondary PE before CPU_ON, or a PE that ended the system with SYSTEM_OFF or SYSTEM_RESET. */
    OFF
}
