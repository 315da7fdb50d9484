// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.ioapic;

import org.novaemu.util.BitField;

/**
 * The I/O APIC's registers (Intel 82093AA I/O APIC datasheet, section 3): three in memory, at their offset
 * from the I/O APIC's base, and the indirect ones software reaches by writing their index to IOREGSEL and
 * then reading or writing IOWIN. The EOI register at 0x40 is the one Intel's chipset I/O APICs of version
 * 0x20 add (ICH and PCH datasheets, "I/O APIC EOI"). Both the model ({@link IoApic}) and a driver that
 * programs it name registers here.
 */
public enum IoApicRegister
{
    /** I/O register select: the index of the indirect register IOWIN reaches (memory, 32 bits). */
    IOREGSEL(false, 0x00),
    /** I/O window: the selected indirect register (memory, 32 bits). */
    IOWIN(false, 0x10),
    /** EOI: ends the level-triggered entries with the written vector, as a broadcast EOI does (memory). */
    EOI(false, 0x40),
    /** I/O APIC ID (indirect, 82093AA 3.2.1). */
    ID(true, 0x00),
    /** I/O APIC version and the number of redirection entries (indirect, read-only, 3.2.2). */
    VER(true, 0x01),
    /** Arbitration ID (indirect, read-only, 3.2.3). */
    ARB(true, 0x02),
    /**
     * Redirection table: entry {@code n}'s bits 31:0 at index {@code 0x10 + 2n}, bits 63:32 at
     * {@code 0x11 + 2n} ({@link RedirectionEntry}; indirect, 3.2.4).
     */
    REDTBL(true, 0x10);

    /** ID register: the I/O APIC's ID. */
    public static final BitField IDENTIFICATION = new BitField("IOAPIC Identification", 24, 4);
    /** VER register: the implementation's version. */
    public static final BitField VERSION = new BitField("APIC Version", 0, 8);
    /** VER register: the number of redirection entries minus one. */
    public static final BitField MAXIMUM_REDIRECTION_ENTRY = new BitField("Maximum Redirection Entry", 16, 8);
    /** ARB register: the bus arbitration ID (the I/O APIC's ID here: no APIC bus arbitration is modelled). */
    public static final BitField ARBITRATION_ID = new BitField("IOAPIC Arbitration ID", 24, 4);

    private final boolean indirect;
    private final int address;

    IoApicRegister(final boolean indirect, final int address)
    {
        this.indirect = indirect;
        this.address = address;
    }

    /** @return whether the register is reached through IOREGSEL and IOWIN */
    public boolean indirect()
    {
        return indirect;
    }

    /** @return the memory offset, or for an indirect register its index (for REDTBL, entry 0's low half) */
    public int address()
    {
        return address;
    }

    /**
     * @param pin a redirection entry
     * @return the index of its bits 31:0
     */
    public static int redirectionLow(final int pin)
    {
        return REDTBL.address + 2 * pin;
    }

    /**
     * @param pin a redirection entry
     * @return the index of its bits 63:32
     */
    public static int redirectionHigh(final int pin)
    {
        return REDTBL.address + 2 * pin + 1;
    }

    /**
     * @param offset an offset from the I/O APIC's base
     * @return the memory-mapped register exactly there, or null
     */
    public static IoApicRegister atOffset(final long offset)
    {
        if (offset == IOREGSEL.address)
        {
            return IOREGSEL;
        }
        if (offset == IOWIN.address)
        {
            return IOWIN;
        }
        return offset == EOI.address ? EOI : null;
    }

    /**
     * @param index an IOREGSEL value, 0 to 255
     * @return the indirect register it selects (REDTBL for every index from 0x10 on), or null
     */
    public static IoApicRegister atIndex(final int index)
    {
        switch (index)
        {
            case 0x00:
                return ID;
            case 0x01:
                return VER;
            case 0x02:
                return ARB;
            default:
                return index >= REDTBL.address ? REDTBL : null;
        }
    }
}
