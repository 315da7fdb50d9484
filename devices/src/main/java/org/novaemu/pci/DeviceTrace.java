// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

import org.novaemu.trace.TraceKind;
import org.novaemu.trace.TraceRole;

/**
 * Trace kinds of devices (codes {@code 0x400-0x4ff}, decision T2); arguments listed as (a, b, c). A device's
 * DMA is recorded by the bus it goes through ({@code CoreTrace.DMA_READ}, {@code DMA_WRITE}, {@code DMA_FAULT}:
 * requester, address, length or direction), once, not again here (decision T13).
 */
public enum DeviceTrace implements TraceKind.Described
{
    /** A function raised an interrupt: (requester ID, {@link #MSI_MECHANISM} 0 / MSI-X 1 / INTx pin 2, vector). */
    RAISE(0x400, TraceRole.RAISE, "requester mechanism vector");

    /** {@link #RAISE}'s mechanism: MSI. */
    public static final int MSI_MECHANISM = 0;
    /** {@link #RAISE}'s mechanism: MSI-X. */
    public static final int MSIX_MECHANISM = 1;
    /** {@link #RAISE}'s mechanism: the INTx pin, asserted. */
    public static final int PIN_MECHANISM = 2;

    private static final String[] MECHANISMS = {"MSI", "MSI-X", "INTx"};

    private final Spec spec;

    DeviceTrace(final int code, final TraceRole role, final String args)
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
        return MECHANISMS[(int) b % MECHANISMS.length] + (b == PIN_MECHANISM ? "" : " " + c);
    }
}
