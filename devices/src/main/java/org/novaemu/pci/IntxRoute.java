// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

import org.novaemu.irq.IrqLine;
import org.novaemu.util.Require;

/**
 * A shared, level-triggered INTx wire as it arrives at the platform's interrupt controller after the
 * bridges' swizzling: asserted while any function driving it asserts (a wired OR).
 */
public final class IntxRoute
{
    private final IrqLine line;
    private int asserted;

    /**
     * @param line the platform's input (an IOAPIC pin, a GIC SPI)
     */
    public IntxRoute(final IrqLine line)
    {
        Require.nonNull("line", line);
        this.line = line;
    }

    /** @return the platform's input */
    public IrqLine line()
    {
        return line;
    }

    /** @return how many functions assert the wire now */
    public int asserted()
    {
        return asserted;
    }

    void drive(final boolean level)
    {
        asserted += level ? 1 : -1;
        line.set(asserted > 0);
    }
}
