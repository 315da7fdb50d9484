// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.vtd;

import org.novaemu.bus.Bus;

/**
 * One of a VT-d unit's event interrupts, the fault event (Intel VT-d specification 10.4.10 to 10.4.13) or
 * the invalidation completion event (the IECTL, IEDATA, IEADDR and IEUADDR registers of 10.4): a control
 * register with interrupt mask (IM) and pending (IP), and the message's data and 64-bit address. An event
 * while masked is held as pending and sent when software unmasks it (7.3). Messages carry the unit's own
 * requester ID and are never remapped.
 */
final class VtdEvent
{
    private final Bus bus;
    private final long requesterId;
    private int control = VtdRegister.EVENT_IM; // masked after reset
    private int data;
    private long address;

    /**
     * @param bus where the message goes
     * @param requesterId the unit's requester ID
     */
    VtdEvent(final Bus bus, final long requesterId)
    {
        this.bus = bus;
        this.requesterId = requesterId;
    }

    /** The event happened: it is sent, or held as pending while masked. */
    void signal()
    {
        if ((control & VtdRegister.EVENT_IM) != 0)
        {
            control |= VtdRegister.EVENT_IP;
            return;
        }
        bus.signalMessage(requesterId, address, data);
    }

    /** The condition that made the event pending is gone (10.4.10: IP clears with it). */
    void clearPending()
    {
        control &= ~VtdRegister.EVENT_IP;
    }

    /** @return the control register */
    long control()
    {
        return control & 0xffffffffL;
    }

    /** @return the data register */
    long data()
    {
        return data & 0xffffffffL;
    }

    /** @return the address register */
    long address()
    {
        return address & 0xffffffffL;
    }

    /** @return the upper address register */
    long upperAddress()
    {
        return address >>> 32;
    }

    /**
     * A write of the control register: only IM is writable, and clearing it sends an event held while
     * masked.
     *
     * @param v the value written
     */
    void writeControl(final long v)
    {
        final int written = (int) v & VtdRegister.EVENT_IM | control & VtdRegister.EVENT_IP;
        if ((control & VtdRegister.EVENT_IM) != 0
            && (written & (VtdRegister.EVENT_IM | VtdRegister.EVENT_IP)) == VtdRegister.EVENT_IP)
        {
            bus.signalMessage(requesterId, address, data);
            control = written & ~VtdRegister.EVENT_IP;
            return;
        }
        control = written;
    }

    /** @param v the data register's new value */
    void writeData(final long v)
    {
        data = (int) v;
    }

    /** @param v the address register's new value; bits 1:0 are reserved */
    void writeAddress(final long v)
    {
        address = address & ~0xffffffffL | v & 0xffff_fffcL;
    }

    /** @param v the upper address register's new value */
    void writeUpperAddress(final long v)
    {
        address = address & 0xffffffffL | v << 32;
    }
}
