// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

/**
 * The registers that decide which interrupt messages reach a local APIC (Intel SDM volume 3A, 11.6.2): the
 * APIC ID for physical destinations (11.4.6), and the logical destination and destination format registers
 * for logical ones (11.6.2.2). In x2APIC mode the ID is the initial ID and the logical destination derives
 * from it (11.12.10.2), both read-only; DFR does not exist there.
 */
final class ApicDestination
{
    private final int initialId;
    private int id;
    private int ldr;
    private int dfr;

    /** @param initialId the APIC ID at reset (the x2APIC ID) */
    ApicDestination(final int initialId)
    {
        this.initialId = initialId;
    }

    /** The state at reset: the xAPIC ID register holds the low 8 bits of the initial ID in bits 31:24. */
    void reset()
    {
        id = initialId << 24;
        init();
    }

    /** The state after INIT: the ID is kept, no logical destination, flat model (11.4.7.3). */
    void init()
    {
        ldr = 0;
        dfr = -1;
    }

    /**
     * @param x2 whether the APIC is in x2APIC mode
     * @return the APIC ID used for physical destinations: 8 bits in xAPIC mode, 32 in x2APIC mode
     */
    int id(final boolean x2)
    {
        return x2 ? initialId : id >>> 24;
    }

    /**
     * @param x2 whether the APIC is in x2APIC mode
     * @return the logical destination: xAPIC LDR[31:24], or the derived x2APIC LDR
     */
    int logicalId(final boolean x2)
    {
        return x2 ? x2apicLdr() : ldr >>> 24;
    }

    /** @return whether the destination format is flat (xAPIC DFR model 0xF) */
    boolean flatModel()
    {
        return (dfr >>> 28) == 0xf;
    }

    /** The x2APIC LDR: the cluster [31:16] from ID[19:4], one bit for ID[3:0]. */
    private int x2apicLdr()
    {
        return (initialId >>> 4) << 16 | 1 << (initialId & 15);
    }

    /**
     * @param reg {@link ApicRegister#ID}, {@link ApicRegister#LDR} or {@link ApicRegister#DFR}
     * @param x2 whether the APIC is in x2APIC mode
     * @return the register's value
     */
    int read(final ApicRegister reg, final boolean x2)
    {
        if (reg == ApicRegister.ID)
        {
            return x2 ? initialId : id;
        }
        return reg == ApicRegister.LDR ? x2 ? x2apicLdr() : ldr : dfr;
    }

    /**
     * An xAPIC write (all three are read-only or absent in x2APIC mode).
     *
     * @param reg {@link ApicRegister#ID}, {@link ApicRegister#LDR} or {@link ApicRegister#DFR}
     * @param value the value written
     */
    void write(final ApicRegister reg, final int value)
    {
        if (reg == ApicRegister.ID)
        {
            id = value & 0xff00_0000;
        }
        else if (reg == ApicRegister.LDR)
        {
            ldr = value & 0xff00_0000;
        }
        else
        {
            dfr = value | 0x0fff_ffff; // the model bits 31:28 only; the rest reads as ones
        }
    }
}
