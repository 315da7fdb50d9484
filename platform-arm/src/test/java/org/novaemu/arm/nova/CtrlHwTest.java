// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.arm.firmware.Psci;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.Status;

/**
 * ctrl_hw on Arm (specification 5.5.1, 7.3): S-state transitions through the firmware's PSCI as NOVA's
 * AArch64 half makes them, no QOS, no classes of service (A34).
 */
class CtrlHwTest
{
    private static Status ctrlHw(final Kernel kernel, final int op, final long desc)
    {
        return Script.direct(kernel, r -> Calls.ctrlHw(r, op, desc));
    }

    @Test
    void suspendToRamAndPowerOnSuspendGoThroughSystemSuspendAndReturn()
    {
        final Psci psci = new Psci(Psci.V1_1, true);
        final Kernel kernel = ArmKernel.boot(1, psci).kernel();
        assertThat(ctrlHw(kernel, 0, 3)).isEqualTo(Status.SUCCESS);
        assertThat(ctrlHw(kernel, 0, 2)).isEqualTo(Status.SUCCESS);
        assertThat(psci.suspensions()).isEqualTo(2);
        assertThat(psci.power()).isEqualTo(Psci.Power.ON);
        assertThat(kernel.rootEc().isRunnable()).isTrue();
    }

    @Test
    void powerOffDoesNotReturnAndALaterTransitionIsAborted()
    {
        final Psci psci = new Psci(Psci.V1_1, true);
        final Kernel kernel = ArmKernel.boot(1, psci).kernel();
        // S5 with A and B set: PSCI has no use for the _Sx values.
        assertThat(ctrlHw(kernel, 0, 5 | 7 << 3 | 7 << 6)).isNull();
        assertThat(psci.power()).isEqualTo(Psci.Power.OFF);
        assertThat(kernel.rootEc().isRunnable()).isFalse();
        assertThat(ctrlHw(kernel, 0, 0)).isEqualTo(Status.ABORTED);
        assertThat(ctrlHw(kernel, 0, 1)).isEqualTo(Status.BAD_FTR); // an unsupported state still says so first
    }

    @Test
    void resetIsS0AndGoesThroughSystemReset()
    {
        final Psci psci = new Psci(Psci.V0_2, false);
        final Kernel kernel = ArmKernel.boot(1, psci).kernel();
        assertThat(ctrlHw(kernel, 0, 0)).isNull();
        assertThat(psci.power()).isEqualTo(Psci.Power.RESET);
    }

    @Test
    void unsupportedStatesAreBadFeature()
    {
        final Psci psci = new Psci(Psci.V0_2, false);
        final Kernel kernel = ArmKernel.boot(1, psci).kernel();
        for (final int s : new int[] {1, 2, 3, 6, 7})
        {
            assertThat(ctrlHw(kernel, 0, s)).as("S%d", s).isEqualTo(Status.BAD_FTR);
        }
        // PSCI 1.0 without SYSTEM_SUSPEND: still no S2 or S3.
        final Kernel k10 = ArmKernel.boot(1, new Psci(Psci.V1_0, false)).kernel();
        assertThat(ctrlHw(k10, 0, 3)).isEqualTo(Status.BAD_FTR);
        // No PSCI at all: nothing.
        final Kernel none = ArmKernel.boot(1, null).kernel();
        for (int s = 0; s < 8; s++)
        {
            assertThat(ctrlHw(none, 0, s)).as("S%d", s).isEqualTo(Status.BAD_FTR);
        }
        assertThat(psci.power()).isEqualTo(Psci.Power.ON);
    }

    @Test
    void qosIsNotAFeatureAndThereIsOnlyClassOfServiceZero()
    {
        final Kernel kernel = ArmKernel.boot().kernel();
        for (int op = 4; op <= 7; op++)
        {
            assertThat(ctrlHw(kernel, op, 0)).as("OP %d", op).isEqualTo(Status.BAD_FTR);
        }
        assertThat(ctrlHw(kernel, 1, 0)).isEqualTo(Status.BAD_PAR);
        assertThat(kernel.platform().control().classesOfService(0)).isZero();
        // create_sc: COS must be 0 where there are none.
        assertThat(Script.direct(kernel, r -> Calls.createSc(r, 50, Kernel.ROOT_PD, Kernel.ROOT_EC, 1, 1, 1)))
            .isEqualTo(Status.BAD_PAR);
        assertThat(Script.direct(kernel, r -> Calls.createSc(r, 50, Kernel.ROOT_PD, Kernel.ROOT_EC, 1, 1, 0)))
            .isEqualTo(Status.SUCCESS);
    }
}
