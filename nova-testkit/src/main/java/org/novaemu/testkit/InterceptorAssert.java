// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import org.assertj.core.api.AbstractAssert;
import org.novaemu.kernel.Hypercall;
import org.novaemu.kernel.Status;

/** Assertions on what an {@link Interceptor} recorded. */
public final class InterceptorAssert extends AbstractAssert<InterceptorAssert, Interceptor>
{
    InterceptorAssert(final Interceptor actual)
    {
        super(actual, InterceptorAssert.class);
    }

    /**
     * Asserts that interrupt {@code isd} reached EC {@code ec} on CPU {@code cpu} at a cycle from {@code from} to
     * {@code from + within}.
     *
     * @param isd the interrupt's ISD (x86 segment:GSI, Arm INTID)
     * @param ec the EC's serial number
     * @param cpu the CPU
     * @param from the earliest cycle (when the device raised it, say)
     * @param within the most cycles after {@code from}
     * @return this
     */
    public InterceptorAssert delivered(final long isd, final long ec, final int cpu, final long from,
                                       final long within)
    {
        isNotNull();
        for (final Interceptor.Delivery d : actual.deliveries(isd))
        {
            if (d.ec() == ec && d.cpu() == cpu && d.cycle() >= from && d.cycle() - from <= within)
            {
                return this;
            }
        }
        failWithMessage("Expected ISD 0x%s to reach EC %s on CPU %s within %s cycles of cycle %s, but its "
            + "deliveries were %s", Long.toHexString(isd), ec, cpu, within, from, actual.deliveries(isd));
        return this;
    }

    /**
     * Asserts that a thread's interrupt reached it on its CPU within {@code within} cycles of {@code from}.
     *
     * @param t the interrupt thread (its ISD, EC and CPU)
     * @param from the earliest cycle
     * @param within the most cycles after {@code from}
     * @return this
     */
    public InterceptorAssert delivered(final IrqThread t, final long from, final long within)
    {
        return delivered(t.isd(), t.ecSerial(), t.cpu(), from, within);
    }

    /**
     * Asserts that interrupt {@code isd} was never delivered.
     *
     * @param isd the ISD
     * @return this
     */
    public InterceptorAssert deliveredNothingOf(final long isd)
    {
        isNotNull();
        if (!actual.deliveries(isd).isEmpty())
        {
            failWithMessage("Expected no delivery of ISD 0x%s, but there were %s", Long.toHexString(isd),
                actual.deliveries(isd));
        }
        return this;
    }

    /**
     * Asserts that no interrupt reached the thread: the kernel handed none to its semaphore (by the ISD it was
     * created with), whether the thread waited or not, and woke its EC with none (docs/decisions.md U9).
     *
     * @param t the interrupt thread
     * @return this
     */
    public InterceptorAssert deliveredNothingTo(final IrqThread t)
    {
        isNotNull();
        final long ec = t.ecSerial();
        for (final Interceptor.Delivery d : actual.deliveries())
        {
            if (d.ec() == ec || t.isd() >= 0 && d.isd() == t.isd())
            {
                failWithMessage("Expected no interrupt to reach %s (EC %s), but one did: %s", t, ec, d);
            }
        }
        return this;
    }

    /**
     * Asserts that some EC made hypercall {@code call} and it returned {@code status}.
     *
     * @param call the hypercall
     * @param status the status
     * @return this
     */
    public InterceptorAssert made(final Hypercall call, final Status status)
    {
        isNotNull();
        for (final Interceptor.HypercallRecord h : actual.hypercalls(call))
        {
            if (h.status() == status)
            {
                return this;
            }
        }
        failWithMessage("Expected a %s returning %s, but its records were %s", call, status, actual.hypercalls(call));
        return this;
    }
}
