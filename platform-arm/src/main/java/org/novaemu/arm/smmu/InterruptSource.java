// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu;

import org.novaemu.irq.IrqLine;

/**
 * One of the SMMU's register-configured interrupt sources, the event queue's or the global errors' (IHI 0070
 * G.b, 3.18.2): a pulse on its wired output, if the board wired one, and an MSI if its *_IRQ_CFG0 address is not
 * zero; both when both are there. The wired outputs are edge-triggered: a pulse per trigger.
 */
final class InterruptSource
{
    private final IrqLine line;
    private final SmmuAccess access;
    private long address;
    private int data;
    private int attributes;

    /**
     * @param line the wired output, or null
     * @param access where MSIs go
     */
    InterruptSource(final IrqLine line, final SmmuAccess access)
    {
        this.line = line;
        this.access = access;
    }

    /**
     * The source triggers.
     *
     * @return false if its MSI aborted
     */
    boolean trigger()
    {
        if (line != null)
        {
            line.pulse();
        }
        return address == 0 || access.msi(address, data);
    }

    /** @return *_IRQ_CFG0 */
    long address()
    {
        return address;
    }

    /** @param v *_IRQ_CFG0's new value: ADDR, bits above the output address size not stored */
    void writeAddress(final long v)
    {
        address = v & SmmuRegister.IRQ_CFG0_ADDR.mask() & (1L << SmmuAccess.OAS) - 1;
    }

    /** @return *_IRQ_CFG1 */
    long data()
    {
        return data & 0xffffffffL;
    }

    /** @param v *_IRQ_CFG1's new value */
    void writeData(final long v)
    {
        data = (int) v;
    }

    /** @return *_IRQ_CFG2 */
    long attributes()
    {
        return attributes;
    }

    /** @param v *_IRQ_CFG2's new value: SH and MemAttr, stored (MSIs carry no memory type here) */
    void writeAttributes(final long v)
    {
        attributes = (int) (v & SmmuRegister.IRQ_CFG2_ATTR.mask());
    }
}
