// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

/**
 * A driver of the kernel's own that owns SPIs no semaphore can hold: an SMMU's fault and queue interrupts (NOVA's
 * {@code Smmu::using_iid} and {@code Smmu::interrupt}; A191, A212). {@link GicInterrupts} configures each of its
 * INTIDs at boot on the BSP, refuses them as ISDs (create_sm BAD_PAR) and, when its entry takes one, calls
 * {@link #interrupt} on the CPU that took it and deactivates it. One role for every SMMU driver, so that the GIC's
 * half does not name each; an abstract class rather than an interface so that the role stays package-private
 * while the drivers are public.
 */
abstract class IntidOwner
{
    /** @return the INTIDs (SPIs) the kernel owns for this driver, configured at boot in this order */
    abstract int[] intids();

    /**
     * @return whether those SPIs are configured level-sensitive (the unit holds its output while a fault is
     *         recorded) rather than edge-triggered (the unit pulses it)
     */
    abstract boolean levelTriggered();

    /**
     * The handler, called by the kernel's GIC entry on the CPU that took the SPI, before its deactivation.
     * Allocates nothing.
     *
     * @param intid one of {@link #intids()}
     */
    abstract void interrupt(int intid);
}
