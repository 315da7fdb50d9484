// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import org.novaemu.arm.ArmMachine;
import org.novaemu.machine.Machine;
import org.novaemu.pci.Capability;
import org.novaemu.pci.Header;
import org.novaemu.pci.MsiCapability;
import org.novaemu.pci.MsixCapability;
import org.novaemu.pci.PciFunction;
import org.novaemu.x86.X86Machine;

/**
 * What a driver writes to program a function's MSI-X entry and enable it, through ECAM and the table's BAR as a
 * CPU would: the entry's address and data (unmasked), MSI-X Enable with Function Mask clear (PCIe 7.7.2), and
 * memory decoding with bus mastering on (without which the function sends nothing). {@link RootScript#msix} does
 * it with what assign_int returned; a test forging a device's MSI does it with another's.
 */
public final class PciMsi
{
    private PciMsi()
    {
    }

    /**
     * @param m the machine
     * @param f a function
     * @return the address of its configuration space in its segment's ECAM window
     */
    public static long config(final Machine m, final PciFunction f)
    {
        final int s = f.bdf() >>> 16;
        final long ecam = m instanceof ArmMachine ? ArmMachine.ecam(s) : X86Machine.ecam(s);
        return ecam + ((long) (f.bdf() & 0xffff) << 12);
    }

    /**
     * Programs MSI-X entry {@code entry} and enables MSI-X, memory decoding and bus mastering.
     *
     * @param m the machine
     * @param f the function
     * @param entry its MSI-X table entry
     * @param address the message address (assign_int's second output register)
     * @param data the message data (its third)
     * @throws IllegalArgumentException if the function has no MSI-X capability or no such entry
     */
    public static void msix(final Machine m, final PciFunction f, final int entry, final long address,
                     final long data)
    {
        final Capability c = f.find(Capability.ID_MSIX, false);
        if (!(c instanceof MsixCapability))
        {
            throw new IllegalArgumentException(f.name() + " has no MSI-X capability");
        }
        final MsixCapability x = (MsixCapability) c;
        if (entry < 0 || entry >= x.vectors())
        {
            throw new IllegalArgumentException("entry must be below " + f.name() + "'s " + x.vectors()
                + " MSI-X entries, was " + entry);
        }
        final long config = config(m, f);
        final long tableOffset = m.bus().read(config + x.offset() + 4, 4) & ~7L;
        MsixCapability.writeEntry(m.bus()::write, f.barAddress(x.bir()) + tableOffset, entry, address, data);
        MsixCapability.enable(m.bus()::write, config + x.offset());
        m.bus().write(config + Header.COMMAND.offset(), 2, Header.COMMAND_MEMORY | Header.COMMAND_BUS_MASTER);
    }

    /**
     * Programs the function's MSI capability (one vector: Multiple Message Enable 0) with an address and data,
     * enables MSI, memory decoding and bus mastering (PCI Local Bus 3.0, 6.8.1).
     *
     * @param m the machine
     * @param f the function
     * @param address the message address (assign_int's second output register)
     * @param data the message data (its third; 16 bits go into the register)
     * @throws IllegalArgumentException if the function has no MSI capability
     */
    public static void msi(final Machine m, final PciFunction f, final long address, final long data)
    {
        final Capability c = f.find(Capability.ID_MSI, false);
        if (c == null)
        {
            throw new IllegalArgumentException(f.name() + " has no MSI capability");
        }
        final long cap = config(m, f) + c.offset();
        final boolean wide = (m.bus().read(cap + 2, 2) & MsiCapability.ADDRESS64) != 0;
        m.bus().write(cap + 4, 4, address & 0xffff_fffcL);
        if (wide)
        {
            m.bus().write(cap + 8, 4, address >>> 32);
        }
        m.bus().write(cap + (wide ? 0xc : 8), 2, data & 0xffff);
        m.bus().write(cap + 2, 2, MsiCapability.ENABLE);
        m.bus().write(config(m, f) + Header.COMMAND.offset(), 2, Header.COMMAND_MEMORY | Header.COMMAND_BUS_MASTER);
    }
}
