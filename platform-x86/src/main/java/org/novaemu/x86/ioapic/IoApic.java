// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.ioapic;

import org.novaemu.bus.Bus;
import org.novaemu.bus.MmioDevice;
import org.novaemu.irq.IrqInput;
import org.novaemu.irq.IrqLine;
import org.novaemu.irq.Trigger;
import org.novaemu.util.Require;
import org.novaemu.x86.apic.MsiMessage;

/**
 * An I/O APIC of version 0x20 (82093AA datasheet; ICH I/O APIC with the EOI register): IOREGSEL at 0x00,
 * IOWIN at 0x10 and the EOI register at 0x40, each a 32-bit register; ID, version and arbitration
 * registers and {@code pins} redirection entries of 64 bits ({@link IoApicRegister}, {@link RedirectionEntry}).
 *
 * <p>An entry in compatibility format sends an interrupt message to {@code 0xFEEx_xxxx} with its
 * destination, mode and vector; an entry in remappable format (bit 48 set, VT-d specification 5.1.5.1)
 * sends its interrupt index instead ({@link MsiMessage}). Messages are memory writes on the bus carrying the
 * I/O APIC's own source ID, so interrupt remapping can validate it. Input lines carry "asserted"; the
 * polarity bit is stored but, as in QEMU and KVM, the wire's electrical polarity is not modelled (decision
 * X6). Edge inputs latch while masked; a level input is in service (Remote IRR) from delivery until an EOI
 * for its vector, broadcast by a local APIC or written to the EOI register, and is sent again if still
 * asserted. Delivery Status is always 0: messages leave at once.
 */
public final class IoApic implements MmioDevice
{
    /** Redirection entry: delivery status (read-only; {@link RedirectionEntry#DELIVERY_STATUS}). */
    public static final long RTE_DELIVERY_STATUS = RedirectionEntry.DELIVERY_STATUS.mask();
    /** Redirection entry: active low ({@link RedirectionEntry#POLARITY}). */
    public static final long RTE_ACTIVE_LOW = RedirectionEntry.POLARITY.mask();
    /** Redirection entry: Remote IRR (read-only; {@link RedirectionEntry#REMOTE_IRR}). */
    public static final long RTE_REMOTE_IRR = RedirectionEntry.REMOTE_IRR.mask();
    /** Redirection entry: level triggered ({@link RedirectionEntry#TRIGGER_MODE}). */
    public static final long RTE_LEVEL = RedirectionEntry.TRIGGER_MODE.mask();
    /** Redirection entry: masked ({@link RedirectionEntry#MASK}). */
    public static final long RTE_MASKED = RedirectionEntry.MASK.mask();
    /** Redirection entry: remappable format ({@link RedirectionEntry#INTERRUPT_FORMAT}). */
    public static final long RTE_REMAPPABLE = RedirectionEntry.INTERRUPT_FORMAT.mask();
    /** The version register's version. */
    public static final int VERSION = 0x20;

    private final int pins;
    private final long sourceId;
    private final Bus bus;
    private final long[] rte;
    private final IrqInput[] inputs;
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
        // 120 entries take the indexes up to 0xFF, all that the 8-bit IOREGSEL reaches.
        this.pins = (int) Require.inRange("pins", pins, 1, 120);
        this.sourceId = sourceId;
        this.bus = Require.nonNull("bus", bus);
        this.rte = new long[pins];
        this.inputs = new IrqInput[pins];
        for (int p = 0; p < pins; p++)
        {
            inputs[p] = new IrqInput(p, Trigger.EDGE, false, this::send); // a masked edge is lost (X6)
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
        Require.inRange("pin", pin, 0, pins - 1);
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
        final int vector = RedirectionEntry.vector(e);
        messages++;
        if (RedirectionEntry.isRemappable(e))
        {
            // The vector lets the EOI find the entry; the IRTE decides the rest.
            bus.signalMessage(sourceId, MsiMessage.remappableAddress(RedirectionEntry.index(e), false), vector);
        }
        else
        {
            bus.signalMessage(sourceId, MsiMessage.compatibilityAddress(RedirectionEntry.destination(e),
                RedirectionEntry.logical(e)), MsiMessage.data(vector, RedirectionEntry.deliveryMode(e),
                RedirectionEntry.levelTriggered(e)));
        }
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
            if (RedirectionEntry.vector(rte[p]) == (vector & 0xff) && inputs[p].inService())
            {
                inputs[p].endOfInterrupt();
            }
        }
    }

    private void writeEntry(final int pin, final boolean high, final int value)
    {
        final long old = rte[pin];
        final long v = high ? (long) value << 32 | old & 0xffff_ffffL
            : old & 0xffff_ffff_0000_0000L | value & 0xffff_ffffL;
        rte[pin] = v & RedirectionEntry.WRITABLE;
        // Mask first, then change the trigger mode, then unmask: an entry being masked sends nothing on the way.
        final boolean masked = RedirectionEntry.masked(rte[pin]);
        if (masked)
        {
            inputs[pin].setMasked(true);
        }
        inputs[pin].setTrigger(RedirectionEntry.levelTriggered(rte[pin]) ? Trigger.LEVEL : Trigger.EDGE);
        if (!masked)
        {
            inputs[pin].setMasked(false);
        }
    }

    /** @return the indirect register IOREGSEL selects, as IOWIN reads it; beyond the table 0 */
    private int readRegister(final int index)
    {
        final IoApicRegister reg = IoApicRegister.atIndex(index);
        if (reg == IoApicRegister.ID || reg == IoApicRegister.ARB)
        {
            return (int) IoApicRegister.IDENTIFICATION.encode(id); // the arbitration ID is the ID (82093AA 3.2.3)
        }
        if (reg == IoApicRegister.VER)
        {
            return (int) (IoApicRegister.VERSION.encode(VERSION)
                | IoApicRegister.MAXIMUM_REDIRECTION_ENTRY.encode(pins - 1));
        }
        final int pin = index - IoApicRegister.REDTBL.address() >>> 1;
        if (reg == IoApicRegister.REDTBL && pin < pins)
        {
            final long e = entry(pin);
            return (index & 1) == 0 ? (int) e : (int) (e >>> 32);
        }
        return 0;
    }

    @Override
    public long read(final long offset, final int size, final long requester)
    {
        final IoApicRegister reg = IoApicRegister.atOffset(offset);
        if (reg == IoApicRegister.IOREGSEL)
        {
            return select;
        }
        if (reg == IoApicRegister.IOWIN)
        {
            return readRegister(select) & 0xffffffffL;
        }
        return 0; // the EOI register is write-only; the rest is reserved
    }

    @Override
    public void write(final long offset, final int size, final long value, final long requester)
    {
        final IoApicRegister reg = IoApicRegister.atOffset(offset);
        if (reg == IoApicRegister.IOREGSEL)
        {
            select = (int) value & 0xff;
        }
        else if (reg == IoApicRegister.IOWIN)
        {
            writeRegister(select, (int) value);
        }
        else if (reg == IoApicRegister.EOI)
        {
            eoi((int) value & 0xff);
        }
    }

    /** An IOWIN write: the ID and the redirection entries are writable; VER and ARB are read-only. */
    private void writeRegister(final int index, final int value)
    {
        final IoApicRegister reg = IoApicRegister.atIndex(index);
        if (reg == IoApicRegister.ID)
        {
            id = (int) IoApicRegister.IDENTIFICATION.extract(value);
        }
        final int pin = index - IoApicRegister.REDTBL.address() >>> 1;
        if (reg == IoApicRegister.REDTBL && pin < pins)
        {
            writeEntry(pin, (index & 1) != 0, value);
        }
    }
}
