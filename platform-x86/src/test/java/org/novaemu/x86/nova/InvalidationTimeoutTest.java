// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.devices.MultiQueueDevice;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.Status;
import org.novaemu.pci.PciFunction;
import org.novaemu.x86.X86Machine;

/**
 * assign_dev's TIMEOUT (specification 5.5.2: "an SMMU command timed out at the hardware level"), reached by
 * holding the VT-d unit's invalidation queue ({@code Vtd.stallInvalidations}), and what assign_int does
 * meanwhile (decision X27).
 */
class InvalidationTimeoutTest
{
    private static final long DC = 30;
    private static final long PD_A = 31;
    private static final long PD_B = 32;
    private static final long DMA_A = 33;
    private static final long DMA_B = 34;
    private static final long SM = 35;

    private final PciFunction[] device = new PciFunction[1];
    private final X86Machine m = X86Machine.builder().pcie((t, e) ->
        device[0] = t.root().rootPort().add(new MultiQueueDevice("nic", 4, e))).build();
    private final Kernel k = m.kernel();

    private Status assignDev(final long dma)
    {
        return Script.direct(k, u -> Calls.assignDev(u, DC, dma));
    }

    private void setUp()
    {
        Script.ok(k, u -> Calls.createPd(u, PD_A, Kind.PD.op(), Kernel.ROOT_PD));
        Script.ok(k, u -> Calls.createPd(u, PD_B, Kind.PD.op(), Kernel.ROOT_PD));
        Script.ok(k, u -> Calls.createPd(u, DMA_A, Kind.DMA.op(), PD_A));
        Script.ok(k, u -> Calls.createPd(u, DMA_B, Kind.DMA.op(), PD_B));
        Script.ok(k, u -> Calls.createDc(u, DC, Kernel.ROOT_PD, device[0].requesterId(), X86Machine.VTD_BASE, 0));
    }

    @Test
    void reassigningADeviceWhileTheQueueIsHeldTimesOutAndWorksOnceItRuns()
    {
        setUp();
        m.vtd().stallInvalidations(true);
        assertThat(assignDev(DMA_A)).isEqualTo(Status.SUCCESS); // a first assignment invalidates nothing
        assertThat(assignDev(DMA_B)).isEqualTo(Status.TIMEOUT); // the old entry's caches must go: no answer
        m.vtd().stallInvalidations(false);                       // the held descriptors complete now
        assertThat(assignDev(DMA_A)).isEqualTo(Status.SUCCESS);
    }

    @Test
    void assignIntDoesNotTimeOutButAFullQueueStopsAssignDev()
    {
        setUp();
        assertThat(assignDev(DMA_A)).isEqualTo(Status.SUCCESS);
        Script.ok(k, u -> Calls.createInterruptSm(u, SM, Kernel.ROOT_PD, 40));
        m.vtd().stallInvalidations(true);
        // Each assign_int posts an IEC invalidation and a wait: 128 of them fill the 256-slot queue.
        final Ec root = k.rootEc();
        for (int i = 0; i < 130; i++)
        {
            final int slot = i % 200;
            Calls.assignInt(root, SM, DC, true, 0, slot, 0);
            assertThat(k.hypercall(root)).as("assign_int %d", i).isEqualTo(Status.SUCCESS);
        }
        assertThat(assignDev(DMA_B)).isEqualTo(Status.TIMEOUT);
        m.vtd().stallInvalidations(false);
        assertThat(assignDev(DMA_A)).isEqualTo(Status.SUCCESS);
        assertThat(m.vtd().faults()).isZero();
    }
}
