// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.HipField;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.SpacePio;
import org.novaemu.x86.X86Machine;
import org.novaemu.x86.acpi.Fadt;

/**
 * The NOVA PIO space withholds what specification 8.4.2 lists, the FADT's PM1a/PM1b/PM2 control blocks and
 * SMI_CMD, which the kernel finds through the RSDP the firmware left (its address also in the HIP); every
 * other port is granted. The root task takes the space and delegates all 65,536 ports into one of its own.
 */
class NovaPioSpaceTest
{
    private static final long NOVA_PIO = 40;
    private static final long PORTS = 41;

    private static SpacePio everything(final X86Machine m)
    {
        final Kernel k = m.kernel();
        Script.ok(k, u -> Calls.ctrlPd(u, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_PIO, 0, NOVA_PIO, 0x1f,
            0));
        Script.ok(k, u -> Calls.createPd(u, PORTS, Kind.PIO.op(), Kernel.ROOT_PD));
        Script.ok(k, u -> Calls.ctrlPd(u, NOVA_PIO, PORTS, 0, 16, 0, 1, 0));
        return (SpacePio) k.root().obj().object(PORTS);
    }

    @Test
    void theFadtsControlBlocksAndSmiCmdAreWithheldTheRestGranted()
    {
        final X86Machine m = X86Machine.builder().build();
        assertThat(m.kernel().hip().get(HipField.ACPI_RSDP)).isEqualTo(X86Machine.ACPI_TABLES);
        final SpacePio ports = everything(m);
        for (final int port : new int[] {0xb2, 0x604, 0x605, 0x650})
        {
            assertThat(ports.perms(port)).as("port %#x", port).isZero();
        }
        for (final int port : new int[] {0x00, 0x60, 0xb3, 0x600, 0x603, 0x606, 0x608, 0x64f, 0x651, 0xcf8, 0xffff})
        {
            assertThat(ports.perms(port)).as("port %#x", port).isEqualTo(1);
        }
    }

    @Test
    void theBuildersBlocksAreTheOnesWithheld()
    {
        final SpacePio ports = everything(X86Machine.builder().fadt(new Fadt(0x2e, 0x1004, 0x1104, 0, 4, 0)).build());
        for (final int port : new int[] {0x2e, 0x1004, 0x1007, 0x1104, 0x1107})
        {
            assertThat(ports.perms(port)).as("port %#x", port).isZero();
        }
        assertThat(ports.perms(0x1008)).isEqualTo(1);
        assertThat(ports.perms(0x604)).isEqualTo(1);
        assertThat(ports.perms(0xb2)).isEqualTo(1);
    }

    @Test
    void withoutAcpiTheHipHasNoRsdpAndEveryPortIsGranted()
    {
        final X86Machine m = X86Machine.builder().fadt(null).build();
        assertThat(m.kernel().hip().get(HipField.ACPI_RSDP)).isEqualTo(-1L);
        final SpacePio ports = everything(m);
        assertThat(ports.perms(0x604)).isEqualTo(1);
        assertThat(ports.perms(0xb2)).isEqualTo(1);
    }
}
