// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86;

import org.novaemu.devices.MultiQueueDevice;
import org.novaemu.pci.Header;
import org.novaemu.pci.MsixCapability;
import org.novaemu.pci.PciFunction;

/**
 * For tests: what a driver writes to a device's configuration space and MSI-X table, through ECAM and the
 * BAR as a CPU would. Root tasks are scripted with nova-core's {@code Script}.
 */
public final class PciDriver
{
    private PciDriver()
    {
    }

    /**
     * @param f a function
     * @return the address of its configuration space in its segment's ECAM window
     */
    public static long config(final PciFunction f)
    {
        return X86Machine.ecam(f.bdf() >>> 16) + ((long) (f.bdf() & 0xffff) << 12);
    }

    /**
     * Turns memory decoding and bus mastering on.
     *
     * @param m the machine
     * @param f the function
     */
    public static void enable(final X86Machine m, final PciFunction f)
    {
        m.bus().write(config(f) + Header.COMMAND.offset(), 2, Header.COMMAND_MEMORY | Header.COMMAND_BUS_MASTER);
    }

    /**
     * Writes MSI-X entry {@code entry} (unmasked), enables MSI-X, memory decoding and bus mastering.
     *
     * @param m the machine
     * @param d the device
     * @param entry the table entry
     * @param address the message address
     * @param data the message data
     */
    public static void msix(final X86Machine m, final MultiQueueDevice d, final int entry, final long address,
                            final long data)
    {
        MsixCapability.writeEntry(m.bus()::write, d.barAddress(2), entry, address, data);
        MsixCapability.enable(m.bus()::write, config(d) + d.msix().offset());
        enable(m, d);
    }
}
