// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Costs;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Script;
import org.novaemu.sim.Engine;
import org.novaemu.x86.X86Machine;
import org.novaemu.x86.apic.ApicRegister;

/**
 * The x86 interrupt entry: a device's MSI reaches a local APIC through interrupt remapping, the APIC wakes
 * its halted CPU, the kernel's entry takes the vector and ups the semaphore in its slot, and the driver
 * waiting in ctrl_sm down runs; a vector whose slot is empty is ended and counted.
 */
class InterruptEntryTest
{
    private static final long SM = 10;
    private static final long DC = 11;
    private static final int SLOT = 5;
    private static final int GSI = 40;
    private static final long DEVICE = 0x0100;

    @Test
    void aDeviceMsiWakesTheDriverThroughTheLocalApicAndTheKernel()
    {
        final X86Machine m = X86Machine.builder().cpus(2).build();
        final Engine engine = m.engine();
        final Kernel kernel = m.kernel();
        final List<String> log = new ArrayList<>();
        final long[] msi = new long[2];
        final List<String> failed = new ArrayList<>();
        kernel.start(Script.calls(List.of(
                u -> Calls.createDc(u, DC, Kernel.ROOT_PD, DEVICE, X86Machine.VTD_BASE, 0),
                u -> Calls.createInterruptSm(u, SM, Kernel.ROOT_PD, GSI),
                u -> Calls.assignInt(u, SM, DC, true, 0, SLOT, 0),
                u -> {
                    msi[0] = u.param(1);
                    msi[1] = u.param(2);
                    Calls.down(u, SM, false, 0);
                },
                u -> {
                    log.add("woke at " + u.stc() + " " + Calls.status(u));
                    Calls.down(u, SM, false, 0);
                }), failed));
        engine.runUntil(10_000);
        assertThat(kernel.simCpu(0).isBlocked()).isTrue();
        assertThat(failed).isEmpty();

        engine.post(50_000, arg -> m.bus().signalMessage(DEVICE, msi[0], (int) msi[1]), 0);
        engine.runUntil(100_000);
        assertThat(log).hasSize(1);
        final long woke = Long.parseLong(log.get(0).split(" ")[2]);
        assertThat(woke).isBetween(50_000L + Costs.X86_64.hypercall(), 54_000L);
        assertThat(log.get(0)).endsWith("SUCCESS");
        final InterruptEntry entry = m.platform().interrupts();
        assertThat(entry.taken()).isEqualTo(1);
        assertThat(m.apic(0).inService(Vectors.VEC_GSI + SLOT)).isFalse(); // the entry ended it with an EOI

        // A vector whose slot no semaphore holds (here a self IPI, as a stale route would deliver it) is ended
        // at the APIC and counted as spurious; nobody wakes.
        engine.post(200_000, arg -> m.apic(0).writeMsr(ApicRegister.SELF_IPI.msr(), Vectors.VEC_GSI + SLOT + 1), 0);
        engine.runUntil(300_000);
        assertThat(entry.spurious()).isEqualTo(1);
        assertThat(m.apic(0).inService(Vectors.VEC_GSI + SLOT + 1)).isFalse();
        assertThat(log).hasSize(1);
    }

    @Test
    void anEdgeBeforeThePinsFirstAssignmentIsNotSeenByTheFirstDown()
    {
        final X86Machine m = X86Machine.builder().build();
        final org.novaemu.irq.IrqLine line = new org.novaemu.irq.IrqLine("gsi3", 3, m.engine().trace());
        m.ioapic().connect(line, 3);
        line.pulse(); // while the pin is masked, as every pin is until its first assign_int
        final List<String> failed = new ArrayList<>();
        m.kernel().start(Script.calls(List.of(
                u -> Calls.createInterruptSm(u, SM, Kernel.ROOT_PD, 3),
                u -> Calls.assignInt(u, SM, 0, true, 0, SLOT, 0), // edge, active high, unmasked
                u -> Calls.down(u, SM, false, u.stc() + 100_000),
                u -> Calls.down(u, SM, false, 0)), failed));
        m.engine().runUntil(1_000_000);
        assertThat(failed).containsExactly("call 2 TIMEOUT"); // no stale edge woke the first down
    }
}
