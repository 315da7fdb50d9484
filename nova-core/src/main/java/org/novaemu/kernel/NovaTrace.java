// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import java.util.Locale;

import org.novaemu.trace.TraceKind;
import org.novaemu.trace.TraceRole;

/**
 * Trace kinds of the NOVA kernel (codes {@code 0x100-0x1ff}, decision T2). ECs are named by their serial
 * number ({@link Ec#ecSerial()}), 0 for none (the idle SC); semaphores by selector and ISD. Each kind's
 * arguments are listed as (a, b, c).
 */
public enum NovaTrace implements TraceKind.Described
{
    /** A hypercall enters the kernel: (number, selector, calling EC). Begins a slice named by the number. */
    HYPERCALL(0x100, TraceRole.BEGIN, "number selector ec"),
    /** The hypercall returns: (number, status code or -1 if the EC blocked, calling EC). Ends the slice. */
    HYPERCALL_DONE(0x101, TraceRole.END, "number status ec"),
    /** The CPU switches SCs: (EC of the SC it ran or 0, EC of the SC it runs now or 0, the new SC's priority). */
    SWITCH(0x102, TraceRole.INSTANT, "from to prio"),
    /** The kernel's interrupt entry on the CPU: (0, 0, 0). Begins a slice. */
    INTERRUPT(0x103, TraceRole.BEGIN, "a b c"),
    /** The interrupt entry returns: (0, 0, 0). Ends the slice. */
    INTERRUPT_DONE(0x104, TraceRole.END, "a b c"),
    /** An up: (selector, or -1 for an interrupt's, ISD or 0, counter after it). */
    SM_UP(0x105, TraceRole.INSTANT, "selector isd counter"),
    /** A down: (selector, ISD or 0, counter before it: 0 means the EC blocks). */
    SM_DOWN(0x106, TraceRole.INSTANT, "selector isd counter"),
    /** A blocked EC resumes: (EC, status its call returns, its CPU). Ends an interrupt's flow arrow. */
    WAKE(0x107, TraceRole.WAKE, "ec status cpu"),
    /** A down on an interrupt semaphore deactivates its interrupt: (ISD, routed CPU, 0). */
    DEACTIVATE(0x108, TraceRole.INSTANT, "isd cpu c"),
    /** The kernel sends an IPI: (target CPU, {@link Ipi} ordinal, 0). */
    IPI(0x109, TraceRole.INSTANT, "cpu ipi c"),
    /** An IPI arrived at the CPU's interrupt entry: ({@link Ipi} ordinal, 0, 0). */
    IPI_ARRIVED(0x10a, TraceRole.INSTANT, "ipi b c"),
    /** The CPU's timer fired: (timeouts that expired, timeouts left, 0). */
    TIMER(0x10b, TraceRole.INSTANT, "expired left c");

    private final Spec spec;

    NovaTrace(final int code, final TraceRole role, final String args)
    {
        this.spec = new Spec(code, role, args);
    }

    @Override
    public Spec spec()
    {
        return spec;
    }

    @Override
    public String label(final long a, final long b, final long c)
    {
        return switch (this)
        {
            case HYPERCALL, HYPERCALL_DONE -> Hypercall.of(a).name().toLowerCase(Locale.ROOT);
            case IPI, IPI_ARRIVED -> name() + ' ' + Ipi.values()[(int) (this == IPI ? b : a) & 1];
            case WAKE -> "wake EC " + a;
            default -> name();
        };
    }
}
