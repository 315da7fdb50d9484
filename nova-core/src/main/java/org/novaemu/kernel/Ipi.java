// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/** The interprocessor interrupts the kernel sends itself (NOVA's RRQ and RKE). */
public enum Ipi
{
    /** Remote run queue: SCs released to the target CPU are waiting to be made ready there. */
    RRQ,
    /** Remote kernel entry: the target CPU must enter the kernel (to see a recall, a flushed space). */
    RKE
}
