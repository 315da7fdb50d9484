// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.Allocations;
import org.novaemu.arm.nova.GicInterrupts;
import org.novaemu.irq.IrqLine;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.Sm;

/**
 * NOVA's Arm interrupt path allocates nothing in steady state: a level SPI and an edge ESPI from their lines
 * through the GIC, the kernel's entry (acknowledge, priority drop, the semaphore's up through the kernel's
 * global table) and the deactivation a down makes. A warm-up, then many more rounds under the thread's
 * allocation counter.
 */
class SpiPathAllocationTest
{
    private static final int SPI = 40;
    private static final int ESPI = 4096 + 5;

    @Test
    void aLevelSpiAndAnEdgeEspiThroughTheEntryAndTheirDeactivationAllocateNothing()
    {
        final ArmMachine m = ArmMachine.builder().cpus(2).espis(32).build();
        final Kernel kernel = m.kernel();
        Script.ok(kernel, u -> Calls.createInterruptSm(u, 20, Kernel.ROOT_PD, SPI));
        Script.ok(kernel, u -> Calls.createInterruptSm(u, 21, Kernel.ROOT_PD, ESPI));
        Script.ok(kernel, u -> Calls.assignInt(u, 20, 0, true, 1, 0, 2)); // level, to CPU 1
        Script.ok(kernel, u -> Calls.assignInt(u, 21, 0, true, 0, 0, 0)); // edge, to CPU 0
        final Sm spi = (Sm) kernel.root().obj().object(20);
        final Sm espi = (Sm) kernel.root().obj().object(21);
        final IrqLine spiLine = m.spi(SPI);
        final IrqLine espiLine = m.spi(ESPI);
        final GicInterrupts entry = m.interrupts();
        final Runnable body = () -> {
            spiLine.raise();
            entry.handle(1, kernel.events(1));
            spiLine.lower();
            entry.deactivate(spi); // the driver's down on CPU 1
            espiLine.pulse();
            entry.handle(0, kernel.events(0));
            entry.deactivate(espi);
        };
        assertThat(Allocations.allocatedBy(body)).isLessThan(1024);
        assertThat(entry.taken()).isEqualTo(2 * 220_000L);
        assertThat(entry.spurious()).isZero();
        assertThat(spi.counter()).isEqualTo(220_000L);
        assertThat(espi.counter()).isEqualTo(220_000L);
    }
}
