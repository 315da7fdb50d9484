// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Perm;
import org.novaemu.kernel.Program;
import org.novaemu.kernel.RootImage;
import org.novaemu.kernel.Status;
import org.novaemu.kernel.User;
import org.novaemu.machine.Machine;

/**
 * The root task of the demo, written as a NOVA root task is: it finds the devices by walking ECAM, creates
 * a driver PD with host and DMA spaces, gives every device a DC and assigns it to the driver's DMA space,
 * creates an interrupt semaphore per MSI-X vector, assigns each to a CPU and slot with assign_int, writes
 * the returned address and data into the device's MSI-X table, hands the semaphore to the driver with an
 * interrupt thread (a global EC and an SC on that CPU), waits until every thread runs, and leaves it to a
 * thread of lowest priority to start the devices. Vector g (counted
 * across all devices) goes to CPU g mod cpus. It is one program for both architectures: what differs (the ABI,
 * where ECAM is, the DTD, the ISD and assign_int's index, memory attributes, the event selectors) it asks its
 * {@link Arch}. On x86 vector g takes slot g / cpus and its semaphore's ISD is segment << 16 | GSI, the GSI
 * being PIN_NUM plus the vector's index within its segment (PIN_NUM, GSI_NUM and the slots per CPU come from the
 * HIP); on Arm its ISD is LPI 8192 + g and its index the EventID, its MSI-X entry in the device.
 *
 * <p>Its loop state lives in registers R12 to R14, as a compiled program's would, so that every hypercall
 * (which clobbers only the parameter registers) is one step; the device table it builds while walking
 * ECAM is its data. A failing hypercall stops it with a message naming the call and the status.
 */
final class RootTask implements Program
{
    // The root's object space.
    private static final long NOVA_HST = 1;
    private static final long ROOT_HST = 2;
    private static final long DRV = 3;
    private static final long DRV_OBJ = 4;
    private static final long DRV_HST = 5;
    private static final long DRV_DMA = 6;
    private static final long PARK = 7;
    private static final long DRV_PIO = 8;
    private static final long STARTED = 9;
    private static final long STARTER_EC = 10;
    private static final long STARTER_SC = 11;
    /** The root's own event selector base, for the starter's STARTUP portal (at + 32 on x86, + 64 on Arm). */
    private static final long ROOT_EVT = 0x3f000;
    private static final long DC = 0x1000;       // + device
    private static final long HANDLER = 0x2000;  // + CPU: the local EC that answers STARTUP there
    private static final long STARTUP = 0x2800;  // + CPU: its portal
    private static final long SM = 0x4000;       // + vector
    private static final long EC = 0x14000;      // + vector
    private static final long SC = 0x24000;      // + vector

    /** The driver's event selector base on CPU c: 0x10000 + 64 c on x86, + 128 c on Arm. */
    private static final long DRV_EVT = 0x10000;

    // The root's host space.
    private static final long ECAM_VIRT = 0x10_0000_0000L;
    private static final long BAR_VIRT = 0x20_0000_0000L;
    private static final long HANDLER_UTCB = Kernel.ROOT_IMAGE_SIZE;
    // The driver's host space and DMA space; the write-back area's physical home.
    private static final long UTCB_VIRT = 0x40_0000_0000L; // below 1 TiB, Arm's host spaces (SBW_HST 28)
    private static final long WRITEBACK_IOVA = 0x1_0000_0000L;
    private static final long WRITEBACK_PHYS = 0x7000_0000L;

    // Code addresses, in the standard root image's code segment.
    private static final long BOOT = RootImage.ENTRY; // the root EC's entry
    private static final long PER_CPU = BOOT + 0x200;
    private static final long PER_DEVICE = BOOT + 0x300;
    private static final long PARKED = BOOT + 0x400;
    private static final long STARTUP_ENTRY = BOOT + 0x500;
    private static final long STARTER_STARTUP_ENTRY = BOOT + 0x501;
    private static final long STARTER = BOOT + 0x600;
    private static final int STARTER_PRIO = 1;

    private static final int R12 = 12;
    private static final int R13 = 13;
    private static final int R14 = 14;
    private static final int MMIO_CYCLES = 100;
    private static final int DRIVER_PRIO = 100;
    /**
     * The driver threads' budget: equal priorities take turns at least this often (a storm cannot hold a CPU longer).
     */
    static final int DRIVER_BUDGET_MS = 1;

    private final Arch arch;
    private final Machine machine;
    private final int sp;
    private final int cpus;
    private final int segments;
    private final long driverModule;
    private final long period;
    private final SplittableRandom periods;

    /** From the HIP: the MSIs there are (x86: PIN_NUM, GSI_NUM, VEC_NUM; Arm: LPI_NUM). */
    private Arch.MsiSpace msis;

    private final DeviceTable devs;

    private final BootStep[] boot;
    /** The first boot step done once per segment (mapping segment {@link #mapping}'s ECAM); the BAR window follows. */
    private final int mappingStep;
    private int mapping;
    private String pending;
    private String failure;
    private boolean ready;
    private long readyAt;
    private long hypercalls;

    /**
     * @param arch the architecture
     * @param machine the machine, for what its firmware tells a root task (the DTD's IDs on Arm)
     * @param cpus the machine's CPUs
     * @param segments the PCI segments, each with its ECAM and IOMMU where the machine puts them (what a root task
     *        learns from ACPI's MCFG and DMAR tables, or the device tree)
     * @param driverModule the physical address of the driver's boot module
     * @param period the mean cycles between a device's interrupts once started
     * @param seed the seed of the devices' periods (each within 25 % of the mean)
     */
    RootTask(final Arch arch, final Machine machine, final int cpus, final int segments, final long driverModule,
             final long period, final long seed)
    {
        this.arch = arch;
        this.machine = machine;
        this.sp = arch.abi().sp();
        this.devs = new DeviceTable(ECAM_VIRT, BAR_VIRT, arch.mmio64(0), MMIO_CYCLES);
        this.boot = bootSteps();
        this.mappingStep = firstPerSegmentStep();
        this.cpus = cpus;
        this.segments = segments;
        this.driverModule = driverModule;
        this.period = period;
        this.periods = new SplittableRandom(seed);
    }

    /** @return whether every device is set up and started */
    boolean ready()
    {
        return ready;
    }

    /** @return the STC at which every device had been started */
    long readyAt()
    {
        return readyAt;
    }

    /** @return why set-up stopped, or null */
    String failure()
    {
        return failure;
    }

    /** @return devices found */
    int devices()
    {
        return devs.count();
    }

    /** @return vectors set up */
    int vectors()
    {
        return devs.vectors();
    }

    /** @return hypercalls the root task made */
    long hypercalls()
    {
        return hypercalls;
    }

    /**
     * @param device a device found
     * @return its BAR 0 (registers)
     */
    long registers(final int device)
    {
        return devs.bar0(device);
    }

    /** @return how many devices the starter has started so far (in the order found) */
    int started()
    {
        return devs.started();
    }

    /**
     * @param device a device started
     * @return the STC at which it was
     */
    long startedAt(final int device)
    {
        return devs.startedAt(device);
    }

    @Override
    public int step(final User u)
    {
        final long ip = u.ip();
        if (ip == STARTUP_ENTRY)
        {
            // A driver thread's STARTUP event: it starts at the driver's entry, its stack pointer untouched.
            u.setUtcb(arch.ipWord(), DriverThreads.ENTRY);
            Calls.reply(u, arch.ipMtd());
            return HYPERCALL;
        }
        if (ip == STARTER_STARTUP_ENTRY)
        {
            u.setUtcb(arch.ipWord(), STARTER);
            Calls.reply(u, arch.ipMtd());
            return HYPERCALL;
        }
        if (ip == STARTER)
        {
            return starter(u);
        }
        if (pending != null && Calls.status(u) != Status.SUCCESS)
        {
            failure = pending + ": " + Calls.status(u);
            return park(u);
        }
        if (ip < PER_CPU)
        {
            return boot(u, (int) (ip - BOOT));
        }
        if (ip == PER_CPU)
        {
            return perCpu(u);
        }
        if (ip == PER_DEVICE)
        {
            return perDevice(u);
        }
        return park(u);
    }

    private int call(final User u, final String what, final long next)
    {
        pending = what;
        hypercalls++;
        u.setIp(next);
        return HYPERCALL;
    }

    private int park(final User u)
    {
        pending = null;
        Calls.down(u, PARK, false, 0);
        u.setIp(PARKED);
        return HYPERCALL;
    }

    /**
     * The boot steps, in order: semaphores, spaces, the driver PD, its code and the memory it shares with its devices.
     */
    private BootStep[] bootSteps()
    {
        final int rw = Perm.MEM_R | Perm.MEM_W;
        final int uc = arch.deviceMemory();
        final int wb = arch.ram();
        final BootStep[] steps = {
            new BootStep("create_sm park", u -> Calls.createSm(u, PARK, Kernel.ROOT_PD, 0)),
            new BootStep("create_sm started", u -> Calls.createSm(u, STARTED, Kernel.ROOT_PD, 0)),
            new BootStep("ctrl_pd NOVA host space",
                u -> Calls.ctrlPd(u, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_HST, 0, NOVA_HST, 0x3f, 0)),
            new BootStep("ctrl_pd root host space",
                u -> Calls.ctrlPd(u, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_ROOT_HST, 0, ROOT_HST, 0x3f,
                    0)),
            new BootStep("create_pd driver", u -> Calls.createPd(u, DRV, Kind.PD.op(), Kernel.ROOT_PD)),
            new BootStep("create_pd driver object space", u -> Calls.createPd(u, DRV_OBJ, Kind.OBJ.op(), DRV)),
            new BootStep("create_pd driver host space", u -> Calls.createPd(u, DRV_HST, Kind.HST.op(), DRV)),
            new BootStep("create_pd driver DMA space", u -> Calls.createPd(u, DRV_DMA, Kind.DMA.op(), DRV)),
            // x86: an EC's PD needs a PIO space, even an empty one; Arm has none.
            arch.needsPioSpace()
                ? new BootStep("create_pd driver PIO space", u -> Calls.createPd(u, DRV_PIO, Kind.PIO.op(), DRV))
                : null,
            new BootStep("ctrl_pd started to the driver",
                u -> Calls.ctrlPd(u, Kernel.ROOT_OBJ, DRV_OBJ, STARTED, 0, DriverThreads.STARTED, Perm.SM_CTRLUP, 0)),
            // Each segment's ECAM (256 MiB) and 64-bit BAR window, uncacheable, into the root's host space:
            // segment s's ECAM at ECAM_VIRT + 256 MiB s, so that a 32-bit segment:bus:dev.fn << 12 indexes it.
            new BootStep("ctrl_pd ECAM of segment", u -> Calls.ctrlPd(u, NOVA_HST, ROOT_HST,
                arch.ecam(mapping) >>> 12, 16, ECAM_VIRT + ((long) mapping << 28) >>> 12, rw, uc), true),
            new BootStep("ctrl_pd BAR window of segment", u -> Calls.ctrlPd(u, NOVA_HST, ROOT_HST,
                arch.mmio64(mapping) >>> 12, Long.numberOfTrailingZeros(Arch.MMIO64_SIZE >>> 12),
                devs.virtual(arch.mmio64(mapping)) >>> 12, rw, uc), true),
            new BootStep("ctrl_pd driver code", u -> Calls.ctrlPd(u, NOVA_HST, DRV_HST, driverModule >>> 12, 0,
                DriverThreads.ENTRY >>> 12, Perm.MEM_R | Perm.MEM_XU, wb)),
            new BootStep("ctrl_pd write-back area (driver)", u -> {
                enumerate(u); // the area's size depends on the vectors found
                Calls.ctrlPd(u, NOVA_HST, DRV_HST, WRITEBACK_PHYS >>> 12, writebackOrder(),
                    DriverThreads.WRITEBACK >>> 12, Perm.MEM_R, wb);
            }),
            new BootStep("ctrl_pd write-back area (devices)", u -> Calls.ctrlPd(u, NOVA_HST, DRV_DMA,
                WRITEBACK_PHYS >>> 12, writebackOrder(), WRITEBACK_IOVA >>> 12, rw, 0)),
            // Arm: the SMMU translates a device's MSI as any write (IHI 0070 16.4), so the ITS's doorbell page goes
            // into the devices' DMA space at its own address, which assign_int returns (A200). x86: VT-d takes
            // MSIs before DMA remapping.
            arch.doorbell() != 0
                ? new BootStep("ctrl_pd MSI doorbell (devices)", u -> Calls.ctrlPd(u, NOVA_HST, DRV_DMA,
                    arch.doorbell() >>> 12, 0, arch.doorbell() >>> 12, Perm.MEM_W, uc))
                : null,
        };
        return Arrays.stream(steps).filter(Objects::nonNull).toArray(BootStep[]::new);
    }

    private int firstPerSegmentStep()
    {
        int i = 0;
        while (!boot[i].perSegment())
        {
            i++;
        }
        return i;
    }

    private int boot(final User u, final int i)
    {
        if (i == mappingStep + 2 && ++mapping < segments)
        {
            return boot(u, mappingStep); // the next segment's two windows
        }
        if (i < boot.length)
        {
            boot[i].registers().accept(u);
            if (failure != null)
            {
                return park(u);
            }
            return call(u, boot[i].perSegment() ? boot[i].what() + " " + mapping : boot[i].what(), BOOT + i + 1);
        }
        u.setGpr(R12, 0);
        u.setGpr(R14, 0);
        return perCpu(u);
    }

    /** The order of the write-back area: 8 bytes per vector, in 4 KiB pages, a power of two. */
    private int writebackOrder()
    {
        final long pages = Math.max(1, (8L * vectors() + 0xfff) >>> 12);
        return 64 - Long.numberOfLeadingZeros(pages - 1);
    }

    /**
     * Per CPU: a local EC and portal that start the driver's threads there, delegated as the driver's STARTUP portal.
     */
    private int perCpu(final User u)
    {
        final int c = (int) u.gpr(R12);
        final int s = (int) u.gpr(R14);
        if (c == cpus)
        {
            u.setGpr(R12, 0);
            u.setGpr(R13, devs.count() == 0 ? 0 : -2);
            u.setGpr(R14, 0);
            return perDevice(u);
        }
        u.setGpr(R14, s == 3 ? 0 : s + 1);
        if (s == 3)
        {
            u.setGpr(R12, c + 1);
        }
        switch (s)
        {
            case 0:
                Calls.createEc(u, HANDLER + c, Kernel.ROOT_PD, false, HANDLER_UTCB + 4096L * c, 0, c, 0);
                return call(u, "create_ec startup handler on CPU " + c, PER_CPU);
            case 1:
                Calls.createPt(u, STARTUP + c, Kernel.ROOT_PD, HANDLER + c, STARTUP_ENTRY);
                return call(u, "create_pt startup on CPU " + c, PER_CPU);
            case 2:
                Calls.ctrlPt(u, STARTUP + c, c, arch.ipMtd());
                return call(u, "ctrl_pt startup on CPU " + c, PER_CPU);
            default:
                Calls.ctrlPd(u, Kernel.ROOT_OBJ, DRV_OBJ, STARTUP + c, 0, driverEvents(c) + arch.startup(),
                    Perm.PT_EVENT, 0);
                return call(u, "ctrl_pd startup portal to the driver on CPU " + c, PER_CPU);
        }
    }

    /**
     * Per device: create_dc and assign_dev, then per vector create_sm, assign_int (and the MSI-X entry),
     * the semaphore to the driver, create_ec and create_sc; then the device is enabled.
     */
    private int perDevice(final User u)
    {
        final int d = (int) u.gpr(R12);
        final int v = (int) u.gpr(R13);
        final int s = (int) u.gpr(R14);
        if (d == devs.count())
        {
            // Wait until every driver thread has started (one up each), then start the devices.
            if (v < vectors())
            {
                u.setGpr(R13, v + 1);
                u.setGpr(R14, 0);
                Calls.down(u, STARTED, false, 0);
                return call(u, "down started", PER_DEVICE);
            }
            // Then a thread of lowest priority starts the devices, so that the driver's threads preempt it.
            final int k = (int) u.gpr(R14);
            u.setGpr(R14, k + 1);
            switch (k)
            {
                case 0:
                    Calls.createPt(u, ROOT_EVT + arch.startup(), Kernel.ROOT_PD, HANDLER, STARTER_STARTUP_ENTRY);
                    return call(u, "create_pt starter's STARTUP", PER_DEVICE);
                case 1:
                    Calls.ctrlPt(u, ROOT_EVT + arch.startup(), 0, arch.ipMtd());
                    return call(u, "ctrl_pt starter's STARTUP", PER_DEVICE);
                case 2:
                    Calls.createEc(u, STARTER_EC, Kernel.ROOT_PD, true, HANDLER_UTCB + 4096L * cpus, ROOT_EVT, 0, 0);
                    return call(u, "create_ec starter", PER_DEVICE);
                case 3:
                    Calls.createSc(u, STARTER_SC, Kernel.ROOT_PD, STARTER_EC, 1000, STARTER_PRIO, 0);
                    return call(u, "create_sc starter", PER_DEVICE);
                default:
                    return park(u);
            }
        }
        if (v == -2)
        {
            u.setGpr(R13, -1);
            arch.createDc(u, DC + d, Kernel.ROOT_PD, machine, devs.bdf(d), d);
            return call(u, "create_dc " + devs.name(d), PER_DEVICE);
        }
        if (v == -1)
        {
            u.setGpr(R13, 0);
            Calls.assignDev(u, DC + d, DRV_DMA);
            return call(u, "assign_dev " + devs.name(d), PER_DEVICE);
        }
        final int g = devs.firstVector(d) + v;
        if (g == devs.firstVector(d + 1))
        {
            devs.enable(u, d, WRITEBACK_IOVA + 8L * devs.firstVector(d));
            u.setGpr(R12, d + 1);
            u.setGpr(R13, d + 1 == devs.count() ? 0 : -2); // after the last device, R13 counts the threads started
            return perDevice(u);
        }
        final int cpu = g % cpus;
        u.setGpr(R14, s == 4 ? 0 : s + 1);
        if (s == 4)
        {
            u.setGpr(R13, v + 1);
        }
        switch (s)
        {
            case 0:
                Calls.createInterruptSm(u, SM + g, Kernel.ROOT_PD, isd(d, v));
                return call(u, "create_sm ISD " + Long.toHexString(isd(d, v)), PER_DEVICE);
            case 1:
                Calls.assignInt(u, SM + g, DC + d, true, cpu, arch.index(g, v, cpus), 0);
                return call(u, "assign_int ISD " + Long.toHexString(isd(d, v)), PER_DEVICE);
            case 2:
                devs.writeMsix(u, d, v, u.param(1), u.param(2));
                Calls.ctrlPd(u, Kernel.ROOT_OBJ, DRV_OBJ, SM + g, 0, g, Perm.SM_CTRLDN, 0);
                return call(u, "ctrl_pd semaphore " + g + " to the driver", PER_DEVICE);
            case 3:
                Calls.createEc(u, EC + g, DRV, true, UTCB_VIRT + 4096L * g, driverEvents(cpu), cpu, g);
                return call(u, "create_ec driver thread " + g, PER_DEVICE);
            default:
                Calls.createSc(u, SC + g, DRV, EC + g, DRIVER_BUDGET_MS, DRIVER_PRIO, 0);
                return call(u, "create_sc driver thread " + g, PER_DEVICE);
        }
    }

    /** Vector v of device d's ISD: on x86 segment [31:16] and GSI [15:0] from PIN_NUM, on Arm its LPI. */
    private long isd(final int d, final int v)
    {
        return arch.isd(msis, devs.bdf(d) >>> 16, devs.segmentVector(d) + v, devs.firstVector(d) + v);
    }

    /** The driver's event selector base on CPU c. */
    private long driverEvents(final int c)
    {
        return DRV_EVT + (long) arch.eventsPerCpu() * c;
    }

    /**
     * The starter thread (CPU 0, lowest priority): one device per step, each at its own period within 25 %
     * of the mean and from queue d, since otherwise every device's first interrupt would be its queue 0 and
     * vector 0 of all of them lives on few CPUs. Its R12 counts the devices started; the device table notes when
     * each started, so that each can be stopped as long after (A201).
     */
    private int starter(final User u)
    {
        final int d = (int) u.gpr(R12);
        if (d == devs.count())
        {
            ready = true;
            readyAt = u.stc();
            Calls.down(u, PARK, false, 0);
            return HYPERCALL;
        }
        final long p = period * 3 / 4 + periods.nextLong(period / 2 + 1);
        devs.start(u, d, p);
        u.setGpr(R12, d + 1);
        return PREEMPT;
    }

    /**
     * Walks ECAM by brute force, as a simple root task does: every device number of every bus, every
     * function of a multi-function device; keeps the multi-queue devices, their BAR 0 and MSI-X table.
     */
    private void enumerate(final User u)
    {
        // The HIP's address is in the root EC's stack pointer at boot (NOVA's convention).
        msis = arch.msiSpace(u, u.gpr(sp));
        failure = devs.scan(u, segments);
        if (failure != null)
        {
            return;
        }
        final int vectors = devs.vectors();
        if (vectors > EC - SM)
        {
            failure = vectors + " vectors: more than this root task's " + (EC - SM) + " semaphore selectors";
            return;
        }
        final int numbered = msis.perSegment() ? devs.mostPerSegment() : vectors;
        if (vectors > (long) cpus * msis.perCpu() || (long) msis.first() + numbered > msis.end())
        {
            failure = vectors + " vectors do not fit " + cpus + " CPUs of " + msis.perCpu() + " each, or "
                + numbered + " the " + (msis.end() - msis.first()) + " MSIs";
        }
    }

}
