// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

import org.novaemu.util.BitField;

/**
 * The fields of the spurious-interrupt vector register (Intel SDM volume 3A, 11.9, figure 11-23): the vector
 * an acknowledge returns when nothing is deliverable any more, the APIC's software enable, focus processor
 * checking, and the suppression of EOI broadcasts (directed EOI, 11.8.5).
 */
public final class Svr
{
    /** Spurious vector. */
    public static final BitField VECTOR = new BitField("Spurious Vector", 0, 8);
    /** APIC software enable. */
    public static final BitField APIC_ENABLE = BitField.bit("APIC Software Enable", 8);
    /** Focus processor checking disabled (stored; lowest priority uses no focus processor here). */
    public static final BitField FOCUS_DISABLE = BitField.bit("Focus Processor Checking", 9);
    /** EOI-broadcast suppression: a level-triggered vector's EOI is not broadcast to the I/O APICs. */
    public static final BitField SUPPRESS_EOI_BROADCAST = BitField.bit("EOI-Broadcast Suppression", 12);
    /** The bits software may write. */
    public static final int WRITABLE = (int) (VECTOR.mask() | APIC_ENABLE.mask() | FOCUS_DISABLE.mask()
        | SUPPRESS_EOI_BROADCAST.mask());

    private Svr()
    {
    }
}
