// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bench;

import org.novaemu.arm.ArmMachine;
import org.novaemu.arm.gic.Intid;
import org.novaemu.arm.nova.GicInterrupts;
import org.novaemu.devices.MultiQueueDevice;
import org.novaemu.kernel.Abi;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Status;
import org.novaemu.machine.Machine;
import org.novaemu.pci.Header;
import org.novaemu.pci.MsixCapability;
import org.novaemu.pci.Topology;
import org.novaemu.sim.Engine;
import org.novaemu.x86.X86Machine;
import org.novaemu.x86.nova.Vectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The whole path of one device MSI-X interrupt with NOVA, on x86 or Arm ({@code arch}): a multi-queue device
 * raises an MSI-X vector whose table entry holds what assign_int returned, and the message crosses the bus.
 * <ul>
 *   <li>{@code x86}, an {@link X86Machine}: to the APIC window, where VT-d remaps it (interrupt entry cache,
 *       source-ID check), the target local APIC takes it into its IRR and wakes its halted CPU.</li>
 *   <li>{@code arm}, an {@link ArmMachine}: a DMA write of the EventID to GITS_TRANSLATER carrying the function's
 *       DeviceID (the root complex's {@code msi-map}); the ITS translates the pair (its translation cache, else
 *       a walk of the device table, the ITT and the collection table), the target redistributor makes the LPI
 *       pending, its CPU interface raises the PE's IRQ.</li>
 * </ul>
 * Then, the same on both, the kernel's interrupt entry ups the semaphore in the interrupt's slot, the driver's
 * thread returns from ctrl_sm down, does its work and downs again ({@link DriverThreads}), and the CPU halts.
 * One operation is one interrupt: the raise, and the engine run until the CPU halts again.
 *
 * <p>{@code sources} are MSI-X table entries, round robin, a number or {@value #MAX}: every source the
 * architecture's interrupt numbers allow, {@value #X86_MAX} on x86 and {@value #ARM_MAX} on Arm, so that one run
 * of {@code -p arch=x86,arm -p sources=64,max} measures both limits (a number beyond the architecture's limit is
 * refused at set-up, naming {@code sources}).
 * <ul>
 *   <li>x86: devices of up to 2,048 entries each. NOVA's x86 interrupt semaphores are bounded by 215 vector slots
 *       per CPU (and 65,512 MSI GSIs), so when sources exceed {@code 215 x cpus} several entries of one device
 *       share a GSI, as a driver with more queues than vectors shares them (docs/decisions.md X15).</li>
 *   <li>Arm: devices of {@value #ARM_EVENTS} entries, EventIDs 0 to 13, one LPI each from INTID 8192: the
 *       maximum is every LPI of 16 INTID bits, on 4,096 devices (NOVA's GITS driver holds that many ITTs). The
 *       semaphore table is global and indexed by INTID, so every source has a semaphore of its own.</li>
 * </ul>
 * Each semaphore has its own thread, on CPU {@code s mod cpus}.
 */
public class MsiDeliveryBenchmark extends NanosPerOp
{
    /** The {@code sources} value meaning every source the architecture allows. */
    static final String MAX = "max";
    /** The most sources on x86: MSI-X entries of 32 devices (sharing NOVA's 65,512 MSI GSIs). */
    static final int X86_MAX = 65_536;
    /** The most sources on Arm: every LPI of 16 INTID bits, 8192 to 65535. */
    static final int ARM_MAX = GicInterrupts.NUM_LPI;
    /** The EventIDs of each device on Arm: {@value #ARM_MAX} LPIs fill 4,096 devices. */
    static final int ARM_EVENTS = 14;

    private static final long PARK = 1;
    private static final long HANDLER = 0x800;  // + CPU
    private static final long SM = 0x1000;      // + semaphore
    private static final long EC = 0x10000;     // + semaphore
    private static final long SC = 0x20000;     // + semaphore
    private static final long EVT = 0x30000;    // + 64 CPU on x86 (STARTUP at + 32), + 128 CPU on Arm (at + 64)
    private static final long DC = 0x3c000;     // + device (the object space ends at 2^18)

    @Param({"x86", "arm"})
    String arch;

    @Param({"1", "64", "4096", MAX})
    String sources;

    @Param({"1", "16", "256"})
    int cpus;

    private Machine machine;
    private Engine engine;
    private MultiQueueDevice[] devices;
    private int count;
    private int perDevice;
    private int next;
    private DriverThreads driver;

    /**
     * @param arch {@code x86} or {@code arm}
     * @param sources a number from 1 to the architecture's limit, or {@value #MAX} for the limit
     * @return the number of sources
     * @throws IllegalArgumentException naming {@code arch} or {@code sources} otherwise
     */
    static int parseSources(final String arch, final String sources)
    {
        final int max = switch (arch)
        {
            case "x86" -> X86_MAX;
            case "arm" -> ARM_MAX;
            default -> throw new IllegalArgumentException("arch must be x86 or arm, was " + arch);
        };
        if (MAX.equals(sources))
        {
            return max;
        }
        final int n;
        try
        {
            n = Integer.parseInt(sources);
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException("sources must be a number or " + MAX + ", was " + sources, e);
        }
        if (n < 1 || n > max)
        {
            throw new IllegalArgumentException("sources must be 1 to " + max + " on " + arch + " (or " + MAX
                + "), was " + n);
        }
        return n;
    }

    /** Builds the machine this benchmark measures, once per trial. */
    @Setup
    public void setUp()
    {
        count = parseSources(arch, sources);
        if ("arm".equals(arch))
        {
            setUpArm();
        }
        else
        {
            setUpX86();
        }
    }

    private void setUpX86()
    {
        driver = new DriverThreads(PARK, org.novaemu.x86.nova.ArchState.RIP_WORD, org.novaemu.x86.nova.ArchState.RIP,
            Abi.X86_64.sp());
        perDevice = Math.min(count, MsixCapability.MAX_VECTORS);
        final int n = (count + perDevice - 1) / perDevice;
        devices = new MultiQueueDevice[n];
        final int semaphores = Math.min(Math.min(count, cpus * Vectors.SLOTS), (1 << 16) - X86Machine.PINS);
        final int perDeviceSms = Math.min(perDevice, semaphores / n);
        final X86Machine m = X86Machine.builder().cpus(cpus).gsis(X86Machine.PINS + semaphores)
            .kernelMemory(Math.min(1L << 30, (64L << 20) + 8192L * semaphores))
            .pcie((Topology t, Engine e) -> {
                final Topology.Downstream port = t.root().rootPort();
                for (int d = 0; d < n; d++)
                {
                    devices[d] = port.add(new MultiQueueDevice("nic" + d, queues(d), e));
                }
            })
            .build();
        machine = m;
        engine = m.engine();
        final Kernel kernel = m.kernel();
        startupPortals(64, 32, org.novaemu.x86.nova.ArchState.RIP);
        final long threadUtcbs = Kernel.ROOT_IMAGE_SIZE + 4096L * cpus;
        final long[] address = new long[perDeviceSms];
        final long[] data = new long[perDeviceSms];
        for (int d = 0; d < n; d++)
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
            for (int v = 0; v < dev.queues(); v++)
            {
                entry(dev, v, address[v % perDeviceSms], data[v % perDeviceSms]);
            }
            enable(dev, X86Machine.ECAM_BASE);
        }
        start(semaphores);
    }

    private void setUpArm()
    {
        driver = new DriverThreads(PARK, org.novaemu.arm.nova.ArchState.ELR_WORD,
            org.novaemu.arm.nova.ArchState.EL2_ELR_SPSR, Abi.AARCH64.sp());
        perDevice = Math.min(count, ARM_EVENTS);
        final int n = (count + perDevice - 1) / perDevice;
        devices = new MultiQueueDevice[n];
        final ArmMachine m = ArmMachine.builder().cpus(cpus)
            .kernelMemory(Math.min(1L << 30, (64L << 20) + 8192L * count))
            .pcie((Topology t, Engine e) -> {
                Topology.Downstream port = null;
                for (int d = 0; d < n; d++)
                {
                    if (d % 256 == 0)
                    {
                        port = t.root().rootPort(); // 256 functions on each root port's bus
                    }
                    devices[d] = port.add(new MultiQueueDevice("nic" + d, queues(d), e));
                }
            })
            .build();
        machine = m;
        engine = m.engine();
        final Kernel kernel = m.kernel();
        startupPortals(128, 64, org.novaemu.arm.nova.ArchState.EL2_ELR_SPSR);
        final long threadUtcbs = Kernel.ROOT_IMAGE_SIZE + 4096L * cpus;
        for (int d = 0; d < n; d++)
        {
            final MultiQueueDevice dev = devices[d];
            final long dc = DC + d;
            // DTD word 0 is the DeviceID (63:32) and StreamID (31:0), as the function's requester ID carries them;
            // no SMMU (word 1); word 2 names the GITS.
            call(u -> Calls.createDc(u, dc, Kernel.ROOT_PD, dev.requesterId(), 0, ArmMachine.GITS_BASE));
            for (int j = 0; j < dev.queues(); j++)
            {
                final int s = d * perDevice + j;
                final int cpu = s % cpus;
                final int event = j;
                call(u -> Calls.createInterruptSm(u, SM + s, Kernel.ROOT_PD, Intid.LPI + s));
                final Ec root = kernel.rootEc();
                Calls.assignInt(root, SM + s, dc, true, cpu, event, 0);
                check(kernel.hypercall(root), "assign_int");
                entry(dev, j, root.param(1), root.param(2));
                call(u -> Calls.createEc(u, EC + s, Kernel.ROOT_PD, true, threadUtcbs + 4096L * s, EVT + 128L * cpu,
                    cpu, SM + s));
                call(u -> Calls.createSc(u, SC + s, Kernel.ROOT_PD, EC + s, 1, 100, 0));
            }
            enable(dev, ArmMachine.ecam(0));
        }
        start(count);
    }

    /** @return device d's MSI-X entries: {@code perDevice}, the last device the rest */
    private int queues(final int d)
    {
        return Math.min(perDevice, count - d * perDevice);
    }

    /** Each CPU's STARTUP portal (at event {@code startup} of its {@code stride} selectors) to its handler EC. */
    private void startupPortals(final int stride, final int startup, final int ipMtd)
    {
        call(u -> Calls.createSm(u, PARK, Kernel.ROOT_PD, 0));
        for (int c = 0; c < cpus; c++)
        {
            final int cpu = c;
            final long pt = EVT + (long) stride * cpu + startup;
            call(u -> Calls.createEc(u, HANDLER + cpu, Kernel.ROOT_PD, false, Kernel.ROOT_IMAGE_SIZE + 4096L * cpu, 0,
                cpu, 0));
            call(u -> Calls.createPt(u, pt, Kernel.ROOT_PD, HANDLER + cpu, DriverThreads.STARTUP));
            call(u -> Calls.ctrlPt(u, pt, cpu, ipMtd));
        }
    }

    /** Writes MSI-X table entry v: the message address and data, unmasked. */
    private void entry(final MultiQueueDevice dev, final int v, final long address, final long data)
    {
        final long table = dev.barAddress(2);
        machine.bus().write(table + 16L * v, 8, address);
        machine.bus().write(table + 16L * v + 8, 4, data);
        machine.bus().write(table + 16L * v + 12, 4, 0);
    }

    /** Enables the function's MSI-X, its memory space and its bus mastering through ECAM. */
    private void enable(final MultiQueueDevice dev, final long ecam)
    {
        final long config = ecam + ((long) dev.bdf() << 12);
        machine.bus().write(config + dev.msix().offset() + 2, 2, MsixCapability.ENABLE);
        machine.bus().write(config + Header.COMMAND.offset(), 2, Header.COMMAND_MEMORY | Header.COMMAND_BUS_MASTER);
    }

    /** Starts the root and lets every thread start and wait. */
    private void start(final int threads)
    {
        machine.kernel().start(driver);
        engine.runFor(1_000_000 + 2_000L * (threads / cpus + 1));
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
        next = i + 1 == count ? 0 : i + 1;
        devices[i / perDevice].raise(i % perDevice);
        engine.runFor(2_000);
        return driver.handled();
    }

    /** @return the machine's engine, once set up (TracedDeliveryBenchmark turns its trace on) */
    Engine engine()
    {
        return engine;
    }

    /** @return interrupts taken since set-up (for tests) */
    long handled()
    {
        return driver.handled();
    }

    /** @return the number of sources (for tests) */
    int count()
    {
        return count;
    }

    /** @return the machine, an {@link X86Machine} or an {@link ArmMachine} (for tests) */
    Machine machine()
    {
        return machine;
    }

    private void call(final java.util.function.Consumer<Ec> setup)
    {
        DriverThreads.call(machine.kernel(), setup);
    }
}
