// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.trace;

/**
 * How an exporter ({@link ChromeTrace}) shows the records of a {@link TraceKind}: on which track, as an instant
 * or as one end of a slice, and which records a flow arrow joins (a device's raise, the interrupt controller's
 * delivery and acknowledge, the wake-up the interrupt caused).
 */
public enum TraceRole
{
    /** An instant on the track of the record's CPU. */
    INSTANT,
    /** The start of a slice on the record's CPU; the kind's {@link TraceKind#label} names the slice. */
    BEGIN,
    /** The end of the innermost open slice on the record's CPU. */
    END,
    /** A slice that ended now on the record's CPU and started at argument a (cycles); b is its end. */
    SPAN,
    /** An instant on the track of the device whose requester ID is argument a. */
    DEVICE,
    /** A device's interrupt (argument a its requester ID): a flow arrow starts here. */
    RAISE,
    /**
     * The interrupt controller made an interrupt pending: argument a the CPU, b the vector or INTID. The newest
     * raise not yet delivered is bound to that CPU and vector.
     */
    DELIVER,
    /** The record's CPU acknowledged an interrupt, argument a its vector or INTID: its raise's arrow goes on. */
    ACK,
    /** An EC was woken, argument a its serial number: an acknowledged interrupt's arrow ends here. */
    WAKE,
    /** Not exported (too frequent or of no use on a timeline). */
    HIDDEN
}
