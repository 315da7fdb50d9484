// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.novaemu.bus.DmaTranslation;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Hypercall;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Kobject;
import org.novaemu.kernel.Perm;
import org.novaemu.kernel.RacePoint;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.Status;
import org.novaemu.x86.X86Machine;
import org.novaemu.x86.acpi.PowerState;

/**
 * The races of assign_dev and ctrl_hw on a whole x86 machine, reached through forced interleavings
 * ({@link Kernel#interleavings}, docs/decisions.md K45): a root EC on CPU 1 acts between the root EC's
 * checks and the hardware; the loser gets ABORTED and the hardware keeps the winner's configuration.
 */
class RaceTest
{
    private static final long DC = 20;
    private static final long DMA_A = 21;
    private static final long DMA_B = 22;
    private static final long NOVA_HST = 23;
    private static final long OTHER = 24;
    private static final long DEV = 0x0100; // 01:00.0
    private static final long IOVA = 0x40_0123L;

    private final X86Machine m = X86Machine.builder().cpus(2).build();
    private final Kernel kernel = m.kernel();
    private final Ec other;

    RaceTest()
    {
        Script.ok(kernel, u -> Calls.createEc(u, OTHER, Kernel.ROOT_PD, false, 0x3000_0000L, 0, 1, 0));
        other = (Ec) kernel.root().obj().object(OTHER);
    }

    /** A hypercall of the root EC on CPU 1, which must return {@code status}. */
    private void onOtherCpu(final Consumer<Ec> setup, final Status status)
    {
        setup.accept(other);
        assertThat(kernel.hypercall(other)).isEqualTo(status);
    }

    /** Two DMA spaces that map the device's IOVA to different frames, and a DC for the device. */
    private void dmaSpaces()
    {
        Script.ok(kernel, u -> Calls.ctrlPd(u, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_HST, 0, NOVA_HST,
            0x3f, 0));
        Script.ok(kernel, u -> Calls.createPd(u, DMA_A, Kind.DMA.op(), Kernel.ROOT_PD));
        Script.ok(kernel, u -> Calls.createPd(u, DMA_B, Kind.DMA.op(), Kernel.ROOT_PD));
        Script.ok(kernel, u -> Calls.ctrlPd(u, NOVA_HST, DMA_A, 0x80123, 0, IOVA >>> 12, Perm.MEM_R, 0));
        Script.ok(kernel, u -> Calls.ctrlPd(u, NOVA_HST, DMA_B, 0x80777, 0, IOVA >>> 12, Perm.MEM_R, 0));
        Script.ok(kernel, u -> Calls.createDc(u, DC, Kernel.ROOT_PD, DEV, X86Machine.VTD_BASE, 0));
    }

    @Test
    void aConcurrentAssignDevThroughTheSameDcPrevails()
    {
        dmaSpaces();
        kernel.interleavings().at(RacePoint.ASSIGN_DEV,
            () -> onOtherCpu(u -> Calls.assignDev(u, DC, DMA_B), Status.SUCCESS));
        assertThat(Script.direct(kernel, u -> Calls.assignDev(u, DC, DMA_A))).isEqualTo(Status.ABORTED);
        assertThat(m.vtd().translate(DEV, IOVA, 8, false)).isEqualTo(0x8077_7123L); // the winner's space
        // Without a race, the same call goes through.
        Script.ok(kernel, u -> Calls.assignDev(u, DC, DMA_A));
        assertThat(m.vtd().translate(DEV, IOVA, 8, false)).isEqualTo(0x8012_3123L);
    }

    @Test
    void aDmaSpaceDestroyedMeanwhileIsNotAssigned()
    {
        dmaSpaces();
        final Kobject space = kernel.root().obj().object(DMA_A);
        kernel.interleavings().at(RacePoint.ASSIGN_DEV, () -> kernel.root().obj().store(DMA_A, null, 0));
        assertThat(Script.direct(kernel, u -> Calls.assignDev(u, DC, DMA_A))).isEqualTo(Status.ABORTED);
        assertThat(space.isDead()).isTrue();
        assertThat(m.vtd().translate(DEV, IOVA, 8, false)).isEqualTo(DmaTranslation.FAULT); // not assigned
    }

    @Test
    void anSStateTransitionLosesToAConcurrentOneThatPrevailed()
    {
        // CPU 1 enters S5 (the call does not return) while the root's S1 is between its checks and the FADT.
        kernel.interleavings().at(RacePoint.CTRL_HW, () -> onOtherCpu(
            u -> u.setParam(0, Hypercall.CTRL_HW.encode(0, 5 | 7 << 3 | 7 << 6)), null));
        assertThat(Script.direct(kernel, u -> u.setParam(0, Hypercall.CTRL_HW.encode(0, 1 | 1 << 3))))
            .isEqualTo(Status.ABORTED);
        assertThat(m.acpi().transitions()).isEqualTo(1);
        assertThat(m.acpi().lastTransition()).isEqualTo(PowerState.S5);
    }
}
