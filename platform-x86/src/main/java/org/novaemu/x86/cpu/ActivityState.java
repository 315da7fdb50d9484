// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.cpu;

/**
 * A logical processor's activity state (SDM 3C, "Guest Non-Register State": the activity-state field
 * encodes the same four).
 */
public enum ActivityState
{
    /** Executing instructions. */
    ACTIVE,
    /** Halted by HLT: an unmasked interrupt, an NMI, an SMI or INIT wakes it. */
    HLT,
    /** After a triple fault: only INIT leaves it. */
    SHUTDOWN,
    /** An application processor after INIT: waits for a start-up IPI. */
    WAIT_FOR_SIPI
}
