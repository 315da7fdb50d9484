// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;

import org.novaemu.devices.MultiQueueDevice;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Status;
import org.novaemu.pci.Header;
import org.novaemu.pci.MsixCapability;
import org.novaemu.pci.PciFunction;

/**
 * For tests: the root task's hypercalls run directly on its EC (no engine run), and what a driver writes
 * to a device's configuration space and MSI-X table, through ECAM and the BAR as a CPU would.
 */
public final class Root
{
    private Root()
    {
    }

    /**
     * @param m the machine
     * @param setup sets the hypercall's registers
     * @return its status
     */
    public static Status status(final X86Machine m, final Consumer<Ec> setup)
    {
        final Ec root = m.kernel().rootEc();
        setup.accept(root);
        return m.kernel().hypercall(root);
    }

    /**
     * Runs a hypercall that must succeed.
     *
     * @param m the machine
     * @param setup sets its registers
     */
    public static void ok(final X86Machine m, final Consumer<Ec> setup)
    {
        assertThat(status(m, setup)).isEqualTo(Status.SUCCESS);
    }

    /**
     * @param f a function
     * @return the address of its configuration space in its segment's ECAM window
     */
    public static long config(final PciFunction f)
    {
        return X86Machine.ecam(f.bdf() >>> 16) + ((long) (f.bdf() & 0xffff) << 12);
    }

    /** Turns memory decoding and bus mastering on. */
    public static void enable(final X86Machine m, final PciFunction f)
    {
        m.bus().write(config(f) + Header.COMMAND.offset(), 2, Header.COMMAND_MEMORY | Header.COMMAND_BUS_MASTER);
    }

    /** Writes MSI-X entry {@code entry} (unmasked), enables MSI-X, memory decoding and bus mastering. */
    public static void msix(final X86Machine m, final MultiQueueDevice d, final int entry, final long address,
                            final long data)
    {
        MsixCapability.writeEntry(m.bus()::write, d.barAddress(2), entry, address, data);
        MsixCapability.enable(m.bus()::write, config(d) + d.msix().offset());
        enable(m, d);
    }
}
