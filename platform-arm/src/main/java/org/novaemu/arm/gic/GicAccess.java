// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

/** What software may do with a declared GIC register, as this implementation answers it. */
public enum GicAccess
{
    /** Read and write. */
    READ_WRITE,
    /** Read-only: writes are ignored. */
    READ,
    /** Write-only: reads return zero. */
    WRITE,
    /** Reads return state; writing a one sets the bit, a zero does nothing (ISENABLER, ISPENDR, ISACTIVER). */
    SET,
    /** Reads return state; writing a one clears the bit, a zero does nothing (ICENABLER, ICPENDR, ICACTIVER). */
    CLEAR,
    /** Present in the frame but not implemented by this GIC (legacy, security or NMI registers): RAZ/WI. */
    RAZ_WI
}
