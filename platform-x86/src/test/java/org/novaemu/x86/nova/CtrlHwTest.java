// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Hypercall;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Status;
import org.novaemu.x86.X86Machine;
import org.novaemu.x86.acpi.Fadt;
import org.novaemu.x86.acpi.PowerState;

/**
 * ctrl_hw on x86 (specification 5.5.1): S-state transitions and reset through the FADT's fixed hardware
 * (ICH9's SLP_TYP values: S1 1, S3 5, S4 6, S5 7), and every status it returns.
 */
class CtrlHwTest
{
    private final X86Machine m = X86Machine.builder().cpus(2).build();
    private final Kernel k = m.kernel();
    private final Ec root = k.rootEc();

    /** ctrl_hw OP with desc: S [2:0], A [5:3], B [8:6]. */
    private Status ctrlHw(final int op, final long desc)
    {
        root.setParam(0, Hypercall.CTRL_HW.encode(op, desc));
        return k.hypercall(root);
    }

    private static long sleep(final int s, final int a, final int b)
    {
        return s | a << 3 | b << 6;
    }

    @Test
    void aShallowSleepStateReturnsSuccessUponTheWakeup()
    {
        assertThat(ctrlHw(0, sleep(3, 5, 5))).isEqualTo(Status.SUCCESS);
        assertThat(m.acpi().lastTransition()).isEqualTo(PowerState.S3);
        assertThat(m.acpi().state()).isEqualTo(PowerState.WORKING);
        assertThat(ctrlHw(0, sleep(1, 1, 0))).isEqualTo(Status.SUCCESS);
        assertThat(m.acpi().transitions()).isEqualTo(2);
    }

    @Test
    void softOffDoesNotReturnAndStopsTheMachine()
    {
        assertThat(ctrlHw(0, sleep(5, 7, 7))).isNull(); // no status: the caller never returns
        assertThat(m.acpi().state()).isEqualTo(PowerState.S5);
        assertThat(root.param(0) & 0xff).isNotEqualTo(Status.SUCCESS.code()); // nothing was written back
        // Another CPU's transition after it loses (ABORTED).
        assertThat(ctrlHw(0, sleep(1, 1, 0))).isEqualTo(Status.ABORTED);
    }

    @Test
    void resetGoesThroughTheResetRegisterAndDoesNotReturn()
    {
        assertThat(ctrlHw(0, 0)).isNull();
        assertThat(m.acpi().state()).isEqualTo(PowerState.RESET);
    }

    @Test
    void unsupportedStatesAndOpsHaveTheirStatus()
    {
        assertThat(ctrlHw(0, 2)).isEqualTo(Status.BAD_FTR);               // S2 (decision X28)
        assertThat(ctrlHw(0, 6)).isEqualTo(Status.BAD_FTR);               // S6
        assertThat(ctrlHw(0, 7)).isEqualTo(Status.BAD_FTR);               // S7
        assertThat(ctrlHw(1, 0)).isEqualTo(Status.BAD_PAR);               // OP 1 to 3 do not exist
        assertThat(m.acpi().transitions()).isZero();                       // nothing happened
        // Bits above B are ignored, as NOVA reads the descriptor.
        assertThat(ctrlHw(0, sleep(1, 1, 0) | 1L << 9)).isEqualTo(Status.SUCCESS);
        assertThat(m.acpi().transitions()).isEqualTo(1);
    }

    @Test
    void qosWithoutRdtLocksAnEmptyConfigurationOnceAndHasNoClassesToConfigure()
    {
        assertThat(ctrlHw(5, 0 | 0xfL << 16)).isEqualTo(Status.ABORTED); // no configuration yet
        assertThat(ctrlHw(7, 0)).isEqualTo(Status.ABORTED);
        assertThat(ctrlHw(4, 1)).isEqualTo(Status.BAD_PAR);             // CDP L3: not supported
        assertThat(ctrlHw(4, 2)).isEqualTo(Status.BAD_PAR);             // CDP L2: not supported
        assertThat(ctrlHw(4, 0)).isEqualTo(Status.SUCCESS);             // locked
        assertThat(ctrlHw(4, 0)).isEqualTo(Status.ABORTED);             // only once per CPU
        assertThat(ctrlHw(5, 0 | 0xfL << 16)).isEqualTo(Status.BAD_PAR); // no L3 COS MSRs
        assertThat(ctrlHw(6, 0 | 0xfL << 16)).isEqualTo(Status.BAD_PAR); // no L2 COS MSRs
        assertThat(ctrlHw(7, 0)).isEqualTo(Status.BAD_PAR);             // no MBA
    }

    @Test
    void withoutAcpiOrAResetRegisterTheFeatureIsMissing()
    {
        final X86Machine bare = X86Machine.builder().fadt(null).build();
        final Ec r = bare.kernel().rootEc();
        r.setParam(0, Hypercall.CTRL_HW.encode(0, 5 | 7 << 3));
        assertThat(bare.kernel().hypercall(r)).isEqualTo(Status.BAD_FTR);
        assertThat(bare.acpi()).isNull();
        final X86Machine noReset = X86Machine.builder().fadt(new Fadt(0xb2, 0x604, 0, 0, 2, 0)).build();
        final Ec r2 = noReset.kernel().rootEc();
        r2.setParam(0, Hypercall.CTRL_HW.encode(0, 0));
        assertThat(noReset.kernel().hypercall(r2)).isEqualTo(Status.BAD_FTR);
    }

    @Test
    void withoutRdtOnlyClassOfServiceZeroExists()
    {
        Calls.createEc(root, 30, Kernel.ROOT_PD, true, 0x3000_0000L, 0, 0, 0);
        assertThat(k.hypercall(root)).isEqualTo(Status.SUCCESS);
        Calls.createSc(root, 31, Kernel.ROOT_PD, 30, 1, 1, 1);
        assertThat(k.hypercall(root)).isEqualTo(Status.BAD_PAR); // COS 1 (decision K39)
        assertThat(k.root().obj().object(31)).isNull();
        Calls.createSc(root, 31, Kernel.ROOT_PD, 30, 1, 1, 0);
        assertThat(k.hypercall(root)).isEqualTo(Status.SUCCESS);
    }
}
