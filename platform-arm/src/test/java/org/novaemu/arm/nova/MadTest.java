// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Perm;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.SpaceMem;
import org.novaemu.kernel.Status;

/** The Arm MAD of ctrl_pd out of the NOVA host space (specification 7.6.5): CA and SH, their reserved values (A33). */
class MadTest
{
    private static final long NOVA_HST = 40;
    private static final long ROOT_HST = 41;
    private static final long FRAME = 0x1000_0000L >>> 12;

    private static Kernel kernel()
    {
        final Kernel kernel = ArmKernel.boot().kernel();
        Script.ok(kernel, r -> Calls.ctrlPd(r, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_HST, 0, NOVA_HST,
            0x1f, 0));
        Script.ok(kernel, r -> Calls.ctrlPd(r, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_ROOT_HST, 0,
            ROOT_HST, 0x1f, 0));
        return kernel;
    }

    @Test
    void caFourAndShOneAreReservedEverythingElseIsStoredInTheCapability()
    {
        final Kernel kernel = kernel();
        long dest = 0x9_0000;
        for (int sh = 0; sh < 4; sh++)
        {
            for (int ca = 0; ca < 8; ca++)
            {
                final int mad = sh << 3 | ca;
                final long d = dest++;
                final Status s = Script.direct(kernel, r -> Calls.ctrlPd(r, NOVA_HST, ROOT_HST, FRAME, 0, d,
                    Perm.MEM_R | Perm.MEM_W, mad));
                final long entry = kernel.root().hst().lookup(d);
                if (ca == 4 || sh == 1)
                {
                    assertThat(s).as("mad %x", mad).isEqualTo(Status.BAD_PAR);
                    assertThat(entry).isZero();
                }
                else
                {
                    assertThat(s).as("mad %x", mad).isEqualTo(Status.SUCCESS);
                    assertThat(SpaceMem.attributes(entry)).isEqualTo(mad);
                }
            }
        }
    }

    @Test
    void bitsAboveShAreIgnoredAsNovaDoes()
    {
        final Kernel kernel = kernel();
        assertThat(Script.direct(kernel, r -> Calls.ctrlPd(r, NOVA_HST, ROOT_HST, FRAME, 0, 0x9_0000, Perm.MEM_R,
            0xffff_ffe0 | 0x1f))).isEqualTo(Status.SUCCESS);
        assertThat(SpaceMem.attributes(kernel.root().hst().lookup(0x9_0000))).isEqualTo(0x1f);
        assertThat(Script.direct(kernel, r -> Calls.ctrlPd(r, NOVA_HST, ROOT_HST, FRAME, 0, 0x9_0001, Perm.MEM_R,
            0xffff_ffe0 | 0x0c))).isEqualTo(Status.BAD_PAR); // SH 1 (and CA 4)
    }

    @Test
    void theKernelMapsItsOwnPagesAsInnerShareableWriteBackMemory()
    {
        final Kernel kernel = kernel();
        final long utcb = kernel.root().hst().lookup(kernel.rootUtcbAddress() >>> 12);
        final long hip = kernel.root().hst().lookup(kernel.hipAddress() >>> 12);
        assertThat(SpaceMem.attributes(utcb)).isEqualTo(ArmPlatform.KERNEL_PAGES).isEqualTo(0x1f);
        assertThat(SpaceMem.attributes(hip)).isEqualTo(0x1f);
    }
}
