// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bench;

import org.novaemu.arm.ArmMachine;
import org.novaemu.arm.nova.ArchState;
import org.novaemu.irq.IrqLine;
import org.novaemu.kernel.Abi;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Kernel;
import org.novaemu.sim.Engine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The whole Arm path of one wired interrupt, on an {@link ArmMachine} with NOVA, the counterpart of
 * {@link MsiDeliveryBenchmark}: a device line raises an edge on an SPI or ESPI, the distributor routes it by
 * IROUTER to its PE's redistributor and CPU interface, which asserts the PE's IRQ; the kernel's entry
 * acknowledges it (ICC_IAR1, priority drop at once under EOImode 1) and ups the semaphore in the INTID's slot;
 * the driver's thread returns from ctrl_sm down, does its work and downs again, which deactivates the
 * interrupt (ICC_DIR), and the PE waits. One operation is one interrupt.
 *
 * <p>{@code sources} are INTIDs, round robin: SPIs from 32, then ESPIs from 4096; 2,012 is every SPI and
 * ESPI NOVA's tables have (988 + 1,024). Each has its own semaphore and thread, on CPU {@code s mod cpus}.
 */
public class SpiDeliveryBenchmark extends NanosPerOp
{
    /** Every SPI and ESPI of NOVA's global tables. */
    static final int ALL = 988 + 1024;

    private static final long PARK = 1;
    private static final long HANDLER = 0x800;  // + CPU
    private static final long SM = 0x1000;      // + semaphore
    private static final long EC = 0x10000;     // + semaphore
    private static final long SC = 0x20000;     // + semaphore
    private static final long EVT = 0x30000;    // + 128 CPU; STARTUP at + 64 (SEL_HST/ARCH)

    @Param({"1", "64", "2012"})
    int sources;

    @Param({"1", "16", "256"})
    int cpus;

    private ArmMachine machine;
    private Engine engine;
    private IrqLine[] lines;
    private int next;
    private final DriverThreads driver = new DriverThreads(PARK, ArchState.ELR_WORD, ArchState.EL2_ELR_SPSR,
        Abi.AARCH64.sp());

    /**
     * @param s a source
     * @return its INTID: SPIs from 32, then ESPIs from 4096
     */
    static int intid(final int s)
    {
        return s < 988 ? 32 + s : 4096 + s - 988;
    }

    /** Builds the machine this benchmark measures, once per trial. */
    @Setup
    public void setUp()
    {
        machine = ArmMachine.builder().cpus(cpus).spis(988).espis(1024)
            .kernelMemory(Math.min(1L << 30, (64L << 20) + 8192L * sources)).build();
        engine = machine.engine();
        call(u -> Calls.createSm(u, PARK, Kernel.ROOT_PD, 0));
        for (int c = 0; c < cpus; c++)
        {
            final int cpu = c;
            call(u -> Calls.createEc(u, HANDLER + cpu, Kernel.ROOT_PD, false, Kernel.ROOT_IMAGE_SIZE + 4096L * cpu, 0,
                cpu, 0));
            call(u -> Calls.createPt(u, EVT + 128L * cpu + 64, Kernel.ROOT_PD, HANDLER + cpu, DriverThreads.STARTUP));
            call(u -> Calls.ctrlPt(u, EVT + 128L * cpu + 64, cpu, ArchState.EL2_ELR_SPSR));
        }
        final long threadUtcbs = Kernel.ROOT_IMAGE_SIZE + 4096L * cpus;
        lines = new IrqLine[sources];
        for (int s = 0; s < sources; s++)
        {
            final int sm = s;
            final int cpu = s % cpus;
            call(u -> Calls.createInterruptSm(u, SM + sm, Kernel.ROOT_PD, intid(sm)));
            call(u -> Calls.assignInt(u, SM + sm, 0, true, cpu, 0, 0)); // edge, unmasked
            call(u -> Calls.createEc(u, EC + sm, Kernel.ROOT_PD, true, threadUtcbs + 4096L * sm, EVT + 128L * cpu,
                cpu, SM + sm));
            call(u -> Calls.createSc(u, SC + sm, Kernel.ROOT_PD, EC + sm, 1, 100, 0));
            lines[s] = machine.spi(intid(s));
        }
        machine.kernel().start(driver);
        engine.runFor(1_000_000 + 2_000L * (sources / cpus + 1)); // every thread starts and waits
        driver.reset();
    }

    /** @return interrupts the driver's threads have taken */
    @Benchmark
    public long deliver()
    {
        final int i = next;
        next = i + 1 == sources ? 0 : i + 1;
        lines[i].pulse(); // an edge
        engine.runFor(2_000);
        return driver.handled();
    }

    /** @return interrupts taken since set-up (for tests) */
    long handled()
    {
        return driver.handled();
    }

    /** @return the machine (for tests) */
    ArmMachine machine()
    {
        return machine;
    }

    private void call(final java.util.function.Consumer<Ec> setup)
    {
        DriverThreads.call(machine.kernel(), setup);
    }
}
