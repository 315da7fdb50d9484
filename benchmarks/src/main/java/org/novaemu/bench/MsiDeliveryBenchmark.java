// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bench;

import org.novaemu.devices.MultiQueueDevice;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Status;
import org.novaemu.pci.Header;
import org.novaemu.pci.MsixCapability;
import org.novaemu.pci.Topology;
import org.novaemu.sim.Engine;
import org.novaemu.x86.X86Machine;
import org.novaemu.x86.nova.ArchState;
import org.novaemu.x86.nova.Vectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The whole x86 path of one device interrupt, on an {@link X86Machine} with NOVA: a multi-queue device
 * raises an MSI-X vector (its table entry holds what assign_int returned), the message crosses the bus to
 * the APIC window, VT-d remaps it (interrupt entry cache, source-ID check), the target local APIC takes it
 * into its IRR and wakes its halted CPU, the kernel's interrupt entry ups the semaphore in the vector's
 * slot, the driver's interrupt thread returns from ctrl_sm down, does its work and downs again, and the
 * CPU halts. One operation is one interrupt: the raise, and the engine run until the CPU halts again.
 *
 * <p>{@code sources} are MSI-X table entries, round robin: devices of up to 2,048 entries each. NOVA's x86
 * interrupt semaphores are bounded by 215 vector slots per CPU (and 65,512 MSI GSIs), so when sources
 * exceed {@code 215 x cpus} several entries of one device share a GSI, as a driver with more queues than
 * vectors shares them (docs/decisions.md X15). Each semaphore has its own thread, on CPU {@code s mod cpus}.
 */
public class MsiDeliveryBenchmark extends NanosPerOp
{
    private static final long PARK = 1;
    private static final long DC = 0x100;       // + device
    private static final long HANDLER = 0x800;  // + CPU
    private static final long SM = 0x1000;      // + semaphore
    private static final long EC = 0x10000;     // + semaphore
    private static final long SC = 0x20000;     // + semaphore
    private static final long EVT = 0x30000;    // + 64 CPU; STARTUP at + 32

    @Param({"1", "64", "4096", "65536"})
    int sources;

    @Param({"1", "16", "256"})
    int cpus;

    private X86Machine machine;
    private Engine engine;
    private MultiQueueDevice[] devices;
    private int perDevice;
    private int next;
    private final DriverThreads driver = new DriverThreads(PARK, ArchState.RIP_WORD, ArchState.RIP,
        org.novaemu.kernel.Abi.X86_64.sp());

    /** Builds the machine this benchmark measures, once per trial. */
    @Setup
    public void setUp()
    {
        final int count = (sources + MsixCapability.MAX_VECTORS - 1) / MsixCapability.MAX_VECTORS;
        perDevice = sources / count;
        devices = new MultiQueueDevice[count];
        final int semaphores = Math.min(Math.min(sources, cpus * Vectors.SLOTS), (1 << 16) - X86Machine.PINS);
        final int perDeviceSms = Math.min(perDevice, semaphores / count);
        machine = X86Machine.builder().cpus(cpus).gsis(X86Machine.PINS + semaphores)
            .kernelMemory(Math.min(1L << 30, (64L << 20) + 8192L * semaphores))
            .pcie((Topology t, Engine e) -> {
                final Topology.Downstream port = t.root().rootPort();
                for (int d = 0; d < count; d++)
                {
                    devices[d] = port.add(new MultiQueueDevice("nic" + d, perDevice, e));
                }
            })
            .build();
        engine = machine.engine();
        final Kernel kernel = machine.kernel();
        call(u -> Calls.createSm(u, PARK, Kernel.ROOT_PD, 0));
        for (int c = 0; c < cpus; c++)
        {
            final int cpu = c;
            call(u -> Calls.createEc(u, HANDLER + cpu, Kernel.ROOT_PD, false, Kernel.ROOT_IMAGE_SIZE + 4096L * cpu, 0,
                cpu, 0));
            call(u -> Calls.createPt(u, EVT + 64L * cpu + 32, Kernel.ROOT_PD, HANDLER + cpu, DriverThreads.STARTUP));
            call(u -> Calls.ctrlPt(u, EVT + 64L * cpu + 32, cpu, ArchState.RIP));
        }
        final long threadUtcbs = Kernel.ROOT_IMAGE_SIZE + 4096L * cpus;
        final long[] address = new long[perDeviceSms];
        final long[] data = new long[perDeviceSms];
        for (int d = 0; d < count; d++)
        {
            final MultiQueueDevice dev = devices[d];
            final long dc = DC + d;
            call(u -> Calls.createDc(u, dc, Kernel.ROOT_PD, dev.requesterId(), X86Machine.VTD_BASE, 0));
            for (int j = 0; j < perDeviceSms; j++)
            {
                final int s = d * perDeviceSms + j;
                final int cpu = s % cpus;
                call(u -> Calls.createInterruptSm(u, SM + s, Kernel.ROOT_PD, X86Machine.PINS + s));
                final Ec root = kernel.rootEc();
                Calls.assignInt(root, SM + s, dc, true, cpu, s / cpus, 0);
                check(kernel.hypercall(root), "assign_int");
                address[j] = root.param(1);
                data[j] = root.param(2);
                call(u -> Calls.createEc(u, EC + s, Kernel.ROOT_PD, true, threadUtcbs + 4096L * s, EVT + 64L * cpu,
                    cpu, SM + s));
                call(u -> Calls.createSc(u, SC + s, Kernel.ROOT_PD, EC + s, 1, 100, 0));
            }
            final long table = dev.barAddress(2);
            for (int v = 0; v < perDevice; v++)
            {
                machine.bus().write(table + 16L * v, 8, address[v % perDeviceSms]);
                machine.bus().write(table + 16L * v + 8, 4, data[v % perDeviceSms]);
                machine.bus().write(table + 16L * v + 12, 4, 0);
            }
            final long config = X86Machine.ECAM_BASE + ((long) dev.bdf() << 12);
            machine.bus().write(config + dev.msix().offset() + 2, 2, MsixCapability.ENABLE);
            machine.bus().write(config + Header.COMMAND.offset(), 2, Header.COMMAND_MEMORY | Header.COMMAND_BUS_MASTER);
        }
        kernel.start(driver);
        engine.runFor(1_000_000 + 2_000L * (semaphores / cpus + 1)); // every thread starts and waits
        driver.reset();
    }

    private static void check(final Status s, final String what)
    {
        if (s != Status.SUCCESS)
        {
            throw new IllegalStateException(what + ": " + s);
        }
    }

    /** @return interrupts the driver's threads have taken */
    @Benchmark
    public long deliver()
    {
        final int i = next;
        next = i + 1 == sources ? 0 : i + 1;
        devices[i / perDevice].raise(i % perDevice);
        engine.runFor(2_000);
        return driver.handled();
    }

    /** @return interrupts taken since set-up (for tests) */
    long handled()
    {
        return driver.handled();
    }

    /** @return the machine (for tests) */
    X86Machine machine()
    {
        return machine;
    }

    private void call(final java.util.function.Consumer<Ec> setup)
    {
        DriverThreads.call(machine.kernel(), setup);
    }
}
