// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.ioapic;

import org.novaemu.bus.Bus;
import org.novaemu.bus.MmioDevice;
import org.novaemu.irq.IrqInput;
import org.novaemu.irq.IrqLine;
import org.novaemu.irq.Trigger;

/**
 * An I/O APIC of version 0x20 (82093AA datasheet; ICH I/O APIC with the EOI register): IOREGSEL at 0x00,
 * IOWIN at 0x10 and the EOI register at 0x40, each a 32-bit register; ID, version and arbitration
 * registers and {@code pins} redirection entries of 64 bits.
 *
 * <p>An entry in compatibility format sends an interrupt message to {@code 0xFEEx_xxxx} with its
 * destination, mode and vector; an entry in remappable format (bit 48 set, VT-d specification 5.1.5.1)
 * sends its interrupt index instead. Messages are memory writes on the bus carrying the I/O APIC's own
 * source ID, so interrupt remapping can validate it. Input lines carry "asserted"; the polarity bit is
 * stored but, as in QEMU and KVM, the wire's electrical polarity is not modelled (decision X6). Edge inputs latch while masked; a level input is in
 * service (Remote IRR) from delivery until an EOI for its vector, broadcast by a local APIC or written to
 * the EOI register, and is sent again if still asserted. Delivery Status is always 0: messages leave at
 * once.
 */
public final class IoApic implements MmioDevice
{
    /** Redirection entry: delivery status (read-only). */
    public static final long RTE_DELIVERY_STATUS = 1 << 12;
    /** Redirection entry: active low. */
    public static final long RTE_ACTIVE_LOW = 1 << 13;
    /** Redirection entry: Remote IRR (read-only). */
    public static final long RTE_REMOTE_IRR = 1 << 14;
    /** Redirection entry: level triggered. */
    public static final long RTE_LEVEL = 1 << 15;
    /** Redirection entry: masked. */
    public static final long RTE_MASKED = 1 << 16;
    /** Redirection entry: remappable format. */
    public static final long RTE_REMAPPABLE = 1L << 48;
    /** The version register's version. */
    public static final int VERSION = 0x20;

    private static final long RTE_WRITABLE = 0xffff_0000_0001_afffL;

    private final int pins;
    private final long sourceId;
    private final Bus bus;
    private final long[] rte;
    private final IrqInput[] inputs;
    private final boolean[] line;
    private int select;
    private int id;
    private long messages;

    /**
     * @param id the I/O APIC ID at reset
     * @param pins its inputs, 1 to 120 (24 for the classic part)
     * @param sourceId the requester ID its messages carry (its DMAR device scope)
     * @param bus where messages go
     */
    public IoApic(final int id, final int pins, final long sourceId, final Bus bus)
    {
        if (pins < 1 || pins > 120)
        {
            throw new IllegalArgumentException("pins must be 1 to 120 (what IOREGSEL reaches), was " + pins);
        }
        if (bus == null)
        {
            throw new IllegalArgumentException("bus must not be null");
        }
        this.pins = pins;
        this.sourceId = sourceId;
        this.bus = bus;
        this.rte = new long[pins];
        this.inputs = new IrqInput[pins];
        this.line = new boolean[pins];
        for (int p = 0; p < pins; p++)
        {
            inputs[p] = new IrqInput(p, Trigger.EDGE, this::send);
        }
        this.id = id & 0xf;
        reset();
    }

    /** Every entry masked, edge, vector 0. */
    public void reset()
    {
        for (int p = 0; p < pins; p++)
        {
            rte[p] = RTE_MASKED;
            inputs[p].setTrigger(Trigger.EDGE);
            inputs[p].setMasked(true);
        }
        select = 0;
    }

    /** @return the number of inputs */
    public int pins()
    {
        return pins;
    }

    /** @return how many messages it has sent */
    public long messages()
    {
        return messages;
    }

    /**
     * Wires a line (a device's INTx, an ISA IRQ) to an input.
     *
     * @param irq the line
     * @param pin the input
     */
    public void connect(final IrqLine irq, final int pin)
    {
        if (pin < 0 || pin >= pins)
        {
            throw new IllegalArgumentException("pin must be 0 to " + (pins - 1) + ", was " + pin);
        }
        irq.connect(this::lineChanged, pin);
    }

    /**
     * @param pin an input
     * @return the level of the line wired to it
     */
    public boolean inputLevel(final int pin)
    {
        return inputs[pin].level();
    }

    /**
     * @param pin an input
     * @return its redirection entry as a guest reads it
     */
    public long entry(final int pin)
    {
        return rte[pin] | (inputs[pin].inService() ? RTE_REMOTE_IRR : 0);
    }

    private void lineChanged(final int pin, final boolean high)
    {
        if (pin < 0 || pin >= pins)
        {
            return;
        }
        line[pin] = high;
        inputs[pin].levelChanged(pin, high); // lines carry "asserted"; polarity is the wire's, not modelled
    }

    /** An input turned deliverable: send its message; a level input goes in service until its EOI. */
    private void send(final int pin)
    {
        if (!inputs[pin].acknowledge())
        {
            return;
        }
        final long e = rte[pin];
        final int vector = (int) e & 0xff;
        final long address;
        final int data;
        if ((e & RTE_REMAPPABLE) != 0)
        {
            final int handle = (int) (e >>> 49) & 0x7fff | (int) (e >>> 11 & 1) << 15;
            address = 0xfee0_0000L | (handle & 0x7fff) << 5 | 1 << 4 | (handle >>> 15) << 2;
            data = vector; // the vector lets the EOI find the entry; the IRTE decides the rest
        }
        else
        {
            address = 0xfee0_0000L | (e >>> 56 & 0xff) << 12 | (e >>> 11 & 1) << 2;
            final boolean level = (e & RTE_LEVEL) != 0;
            data = vector | (int) (e >>> 8 & 7) << 8 | (level ? 1 << 15 | 1 << 14 : 0);
        }
        messages++;
        bus.signalMessage(sourceId, address, data);
    }

    /**
     * An EOI for a vector (broadcast by a local APIC, or written to the EOI register): level entries with
     * that vector leave service, and are sent again if their line is still asserted.
     *
     * @param vector the vector
     */
    public void eoi(final int vector)
    {
        for (int p = 0; p < pins; p++)
        {
            if ((rte[p] & 0xff) == (vector & 0xff) && inputs[p].inService())
            {
                inputs[p].endOfInterrupt();
            }
        }
    }

    private void writeEntry(final int pin, final boolean high, final int value)
    {
        final long old = rte[pin];
        final long v = high ? (long) value << 32 | old & 0xffff_ffffL : old & 0xffff_ffff_0000_0000L | value & 0xffff_ffffL;
        rte[pin] = v & RTE_WRITABLE;
        // Mask first, then change the trigger mode, then unmask: an entry being masked sends nothing on the way.
        final boolean masked = (rte[pin] & RTE_MASKED) != 0;
        if (masked)
        {
            inputs[pin].setMasked(true);
        }
        inputs[pin].setTrigger((rte[pin] & RTE_LEVEL) != 0 ? Trigger.LEVEL : Trigger.EDGE);
        if (!masked)
        {
            inputs[pin].setMasked(false);
        }
    }

    private int readRegister(final int index)
    {
        if (index == 0)
        {
            return id << 24;
        }
        if (index == 1)
        {
            return VERSION | (pins - 1) << 16;
        }
        if (index == 2)
        {
            return id << 24;
        }
        final int pin = index - 0x10 >>> 1;
        if (index >= 0x10 && pin < pins)
        {
            final long e = entry(pin);
            return (index & 1) == 0 ? (int) e : (int) (e >>> 32);
        }
        return 0;
    }

    @Override
    public long read(final long offset, final int size, final long requester)
    {
        if (offset == 0x00)
        {
            return select;
        }
        if (offset == 0x10)
        {
            return readRegister(select) & 0xffffffffL;
        }
        return 0; // the EOI register is write-only; the rest is reserved
    }

    @Override
    public void write(final long offset, final int size, final long value, final long requester)
    {
        if (offset == 0x00)
        {
            select = (int) value & 0xff;
        }
        else if (offset == 0x10)
        {
            if (select == 0)
            {
                id = (int) value >>> 24 & 0xf;
            }
            final int pin = select - 0x10 >>> 1;
            if (select >= 0x10 && pin < pins)
            {
                writeEntry(pin, (select & 1) != 0, (int) value);
            }
        }
        else if (offset == 0x40)
        {
            eoi((int) value & 0xff);
        }
    }
}
