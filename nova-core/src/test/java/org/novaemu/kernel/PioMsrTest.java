// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novaemu.kernel.Kernel.ROOT_NOVA_OBJ;
import static org.novaemu.kernel.Kernel.ROOT_OBJ;
import static org.novaemu.kernel.Kernel.ROOT_PD;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.novaemu.sim.Engine;

/** ctrl_pd between port I/O spaces and between MSR spaces (x86). */
class PioMsrTest
{
    private static final long NOVA_PIO = 40;
    private static final long ROOT_PIO = 41;
    private static final long NOVA_MSR = 42;
    private static final long MY_MSR = 43;

    private Kernel kernel;
    private Ec root;

    private Status ctrlPd(final long src, final long dst, final long ssb, final int ord, final long dsb, final int pmm)
    {
        Calls.ctrlPd(root, src, dst, ssb, ord, dsb, pmm, 0);
        return kernel.hypercall(root);
    }

    @BeforeEach
    void takeTheNovaSpaces()
    {
        kernel = new Kernel(TestPlatform.x86().platform(), Engine.builder().build(), Costs.X86_64);
        root = kernel.rootEc();
        assertThat(ctrlPd(ROOT_NOVA_OBJ, ROOT_OBJ, Kernel.NOVA_PIO, 0, NOVA_PIO, 0x3f)).isEqualTo(Status.SUCCESS);
        assertThat(ctrlPd(ROOT_NOVA_OBJ, ROOT_OBJ, Kernel.NOVA_ROOT_PIO, 0, ROOT_PIO, 0x3f)).isEqualTo(Status.SUCCESS);
        assertThat(ctrlPd(ROOT_NOVA_OBJ, ROOT_OBJ, Kernel.NOVA_MSR, 0, NOVA_MSR, 0x3f)).isEqualTo(Status.SUCCESS);
        Calls.createPd(root, MY_MSR, Kind.MSR.op(), ROOT_PD);
        assertThat(kernel.hypercall(root)).isEqualTo(Status.SUCCESS);
    }

    private SpacePio rootPio()
    {
        return (SpacePio) kernel.root().obj().object(ROOT_PIO);
    }

    @Test
    void portsAreDelegatedInAlignedBlocksToTheSamePortNumbers()
    {
        assertThat(rootPio().perms(0x60)).isZero();
        assertThat(ctrlPd(NOVA_PIO, ROOT_PIO, 0x60, 4, 0x60, 1)).isEqualTo(Status.SUCCESS);
        for (int port = 0x60; port < 0x70; port++)
        {
            assertThat(rootPio().perms(port)).isEqualTo(1);
        }
        assertThat(rootPio().perms(0x70)).isZero();
        // The withheld port stays inaccessible even when its whole block is delegated.
        assertThat(ctrlPd(NOVA_PIO, ROOT_PIO, 0xb0, 3, 0xb0, 1)).isEqualTo(Status.SUCCESS);
        assertThat(rootPio().perms(0xb1)).isEqualTo(1);
        assertThat(rootPio().perms(0xb2)).isZero();
        // Revoke with pmm 0, in place.
        assertThat(ctrlPd(ROOT_PIO, ROOT_PIO, 0x60, 3, 0x60, 0)).isEqualTo(Status.SUCCESS);
        assertThat(rootPio().perms(0x67)).isZero();
        assertThat(rootPio().perms(0x68)).isEqualTo(1);
    }

    @Test
    void portDelegationRejectsMovedMisalignedAndOversizedRanges()
    {
        assertThat(ctrlPd(NOVA_PIO, ROOT_PIO, 0x60, 4, 0x70, 1)).isEqualTo(Status.BAD_PAR); // ssb != dsb
        assertThat(ctrlPd(NOVA_PIO, ROOT_PIO, 0x68, 4, 0x68, 1)).isEqualTo(Status.BAD_PAR); // misaligned
        assertThat(ctrlPd(NOVA_PIO, ROOT_PIO, 0, 17, 0, 1)).isEqualTo(Status.BAD_PAR);      // beyond 2^16
        assertThat(ctrlPd(NOVA_PIO, NOVA_MSR, 0, 0, 0, 1)).isEqualTo(Status.BAD_CAP);       // PIO to MSR
        assertThat(ctrlPd(ROOT_PIO, NOVA_PIO, 0, 0, 0, 1)).isEqualTo(Status.BAD_CAP);       // no GRANT on NOVA's
        assertThat(ctrlPd(NOVA_PIO, ROOT_PIO, 0, 16, 0, 1)).isEqualTo(Status.SUCCESS);      // all 2^16 ports
        assertThat(rootPio().perms(0xffff)).isEqualTo(1);
    }

    @Test
    void msrsAreDelegatedWithReadAndWriteMasked()
    {
        final SpaceMsr mine = (SpaceMsr) kernel.root().obj().object(MY_MSR);
        assertThat(ctrlPd(NOVA_MSR, MY_MSR, 0, 13, 0, 3)).isEqualTo(Status.SUCCESS);
        assertThat(mine.perms(0x10)).isEqualTo(1);
        assertThat(mine.perms(0x174)).isEqualTo(3);
        assertThat(mine.perms(0x175)).isZero();
        assertThat(ctrlPd(NOVA_MSR, MY_MSR, 0xc000_0000L, 13, 0xc000_0000L, 1)).isEqualTo(Status.SUCCESS);
        assertThat(mine.perms(0xc000_0080L)).isEqualTo(1); // W masked off
        assertThat(SpaceMsr.valid(0x2000)).isFalse();
        assertThat(ctrlPd(NOVA_MSR, MY_MSR, 0, 14, 0, 3)).isEqualTo(Status.BAD_PAR);               // 0x3fff invalid
        // Single selectors between the two ranges and beyond the high one (decision K40).
        for (final long gap : new long[] {0x2000, 0xbfff_ffffL, 0xc000_2000L, 0xffff_ffffL})
        {
            assertThat(ctrlPd(NOVA_MSR, MY_MSR, gap, 0, gap, 3)).as("MSR %#x", gap).isEqualTo(Status.BAD_PAR);
            assertThat(mine.perms(gap)).isZero();
        }
        assertThat(ctrlPd(NOVA_MSR, MY_MSR, 0x80_0000_00L, 31, 0x80_0000_00L, 3)).isEqualTo(Status.BAD_PAR);
        assertThat(ctrlPd(NOVA_MSR, MY_MSR, 0x10, 0, 0x11, 3)).isEqualTo(Status.BAD_PAR);        // ssb != dsb
        assertThat(ctrlPd(MY_MSR, NOVA_MSR, 0x10, 0, 0x10, 3)).isEqualTo(Status.BAD_CAP);        // no GRANT
        assertThat(ctrlPd(NOVA_MSR, ROOT_PIO, 0x10, 0, 0x10, 3)).isEqualTo(Status.BAD_CAP);      // MSR to PIO
    }
}
