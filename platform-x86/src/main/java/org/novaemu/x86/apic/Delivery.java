// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

/** Delivery modes of the ICR, the LVT entries, IOAPIC redirection entries and MSIs (SDM 3A, 11.6.1). */
public final class Delivery
{
    /** Fixed. */
    public static final int FIXED = 0;
    /** Lowest priority. */
    public static final int LOWEST = 1;
    /** SMI. */
    public static final int SMI = 2;
    /** NMI. */
    public static final int NMI = 4;
    /** INIT (or INIT level de-assert). */
    public static final int INIT = 5;
    /** Start-up. */
    public static final int STARTUP = 6;
    /** ExtINT. */
    public static final int EXTINT = 7;

    private Delivery()
    {
    }
}
