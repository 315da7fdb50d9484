// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.irq;

/** How an interrupt controller input samples its line. */
public enum Trigger
{
    /** A rising edge latches one interrupt; the level afterwards does not matter. */
    EDGE,
    /** The input is pending for as long as the line is high; servicing does not clear a high line. */
    LEVEL
}
