// SPDX-License-Identifier: GPL-2.0-only
package org.example.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.novaemu.devices.MultiQueueDevice;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Program;
import org.novaemu.kernel.RootImage;
import org.novaemu.kernel.Status;
import org.novaemu.pci.Header;
import org.novaemu.pci.MsixCapability;
import org.novaemu.x86.X86Machine;

/**
 * What a user's project does with the published artifacts alone: boot an x86 machine with one PCIe device, give the
 * device a DC and an interrupt semaphore on CPU 0 from a root task, program its MSI-X entry with what assign_int
 * returned, raise one interrupt and see the root task wake on it.
 */
class BootTest
{
    @Test
    void anMsiWakesTheRootTaskThroughVtdAndTheKernel()
    {
        final MultiQueueDevice[] nic = new MultiQueueDevice[1];
        final X86Machine m = X86Machine.builder().cpus(4)
            .pcie((topology, engine) -> nic[0] = topology.root().rootPort().add(new MultiQueueDevice("nic", 4, engine)))
            .build();
        final long[] msi = new long[2];
        final Status[] status = new Status[3];
        final long[] woke = new long[1];
        m.kernel().start(Program.relocated(RootImage.ENTRY, u -> {
            switch ((int) u.ip())
            {
                case 0 -> Calls.createDc(u, 1, Kernel.ROOT_PD, nic[0].requesterId(), X86Machine.VTD_BASE, 0);
                case 1 -> {
                    status[0] = Calls.status(u);
                    Calls.createInterruptSm(u, 2, Kernel.ROOT_PD, 100);         // GSI 100
                }
                case 2 -> {
                    status[1] = Calls.status(u);
                    Calls.assignInt(u, 2, 1, true, 0, 0, 0);                    // CPU 0, vector slot 0
                }
                case 3 -> {
                    status[2] = Calls.status(u);
                    msi[0] = u.param(1);
                    msi[1] = u.param(2);
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
        assertThat(status).containsOnly(Status.SUCCESS);

        MsixCapability.writeEntry(m.bus()::write, nic[0].barAddress(2), 0, msi[0], msi[1]);
        final long config = X86Machine.ECAM_BASE + ((long) nic[0].bdf() << 12);
        MsixCapability.enable(m.bus()::write, config + nic[0].msix().offset());
        m.bus().write(config + Header.COMMAND.offset(), 2, Header.COMMAND_MEMORY | Header.COMMAND_BUS_MASTER);
        m.engine().post(200_000, arg -> nic[0].raise(0), 0);
        m.engine().runUntil(300_000);

        assertThat(msi).containsExactly(0xFEE0_0018L, 100L);
        assertThat(woke[0]).isEqualTo(200_400L);
    }

    @Test
    void theJarsNameTheirModules()
    {
        assertThat(moduleOf(Kernel.class)).isEqualTo("org.novaemu.core");
        assertThat(moduleOf(MultiQueueDevice.class)).isEqualTo("org.novaemu.devices");
        assertThat(moduleOf(X86Machine.class)).isEqualTo("org.novaemu.x86");
        assertThat(moduleOf(org.novaemu.testkit.Fixtures.class)).isEqualTo("org.novaemu.testkit");
    }

    /** The module name the module system gives the jar that holds {@code c}: its Automatic-Module-Name. */
    private static String moduleOf(final Class<?> c)
    {
        final Path jar;
        try
        {
            jar = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        }
        catch (final URISyntaxException e)
        {
            throw new IllegalStateException(e);
        }
        assertThat(jar.getFileName().toString()).as("an artifact, not a reactor's classes").endsWith(".jar");
        return ModuleFinder.of(jar).findAll().iterator().next().descriptor().name();
    }
}
