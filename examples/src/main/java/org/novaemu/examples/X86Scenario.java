// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import org.novaemu.devices.MultiQueueDevice;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Program;
import org.novaemu.kernel.RootImage;
import org.novaemu.pci.Header;
import org.novaemu.pci.MsixCapability;
import org.novaemu.x86.X86Machine;

/**
 * The README's whole-system example: an x86 machine with one PCIe device, a root task that gives the
 * device a DC and an interrupt semaphore on CPU 0 and waits on it, the device's MSI-X entry programmed with
 * what assign_int returned, one interrupt, and when the root task woke up.
 */
public final class X86Scenario
{
    private X86Scenario()
    {
    }

    /**
     * @param args ignored
     */
    public static void main(final String[] args)
    {
        final MultiQueueDevice[] nic = new MultiQueueDevice[1];
        final X86Machine m = X86Machine.builder().cpus(4)
            .pcie((topology, engine) -> nic[0] = topology.root().rootPort().add(new MultiQueueDevice("nic", 4, engine)))
            .build();

        final long[] msi = new long[2];
        final long[] woke = new long[1];
        m.kernel().start(Program.relocated(RootImage.ENTRY, u -> { // code numbered from its entry
            switch ((int) u.ip())
            {
                case 0 -> Calls.createDc(u, 1, Kernel.ROOT_PD, nic[0].requesterId(), X86Machine.VTD_BASE, 0);
                case 1 -> Calls.createInterruptSm(u, 2, Kernel.ROOT_PD, 100);    // GSI 100
                case 2 -> Calls.assignInt(u, 2, 1, true, 0, 0, 0);               // CPU 0, slot 0
                case 3 -> {
                    msi[0] = u.param(1);                                         // 0xFEE0_0018
                    msi[1] = u.param(2);                                         // 100
                    Calls.down(u, 2, false, 0);
                }
                default -> {
                    woke[0] = u.stc();
                    Calls.down(u, 2, false, 0);
                }
            }
            u.setIp(Math.min(u.ip() + 1, 4));
            return Program.HYPERCALL;
        }));
        m.engine().runFor(100_000);

        // Program MSI-X entry 0 as a driver would, then let the device raise queue 0 at cycle 200,000.
        MsixCapability.writeEntry(m.bus()::write, nic[0].barAddress(2), 0, msi[0], msi[1]);
        final long config = X86Machine.ECAM_BASE + ((long) nic[0].bdf() << 12);
        MsixCapability.enable(m.bus()::write, config + nic[0].msix().offset());
        m.bus().write(config + Header.COMMAND.offset(), 2, Header.COMMAND_MEMORY | Header.COMMAND_BUS_MASTER);
        m.engine().post(200_000, arg -> nic[0].raise(0), 0);
        m.engine().runUntil(300_000);

        System.out.printf("MSI %x/%d, raised at 200000, root woke at %d (%d cycles later)%n", msi[0], msi[1],
            woke[0], woke[0] - 200_000);
    }
}
