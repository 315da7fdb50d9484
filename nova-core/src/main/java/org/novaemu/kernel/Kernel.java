// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import org.novaemu.bus.Bus;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.sim.Engine;
import org.novaemu.sim.SimCpu;
import org.novaemu.trace.Trace;
import org.novaemu.util.Require;

/**
 * The architecture-neutral NOVA kernel: the boot-time objects and the hypercall entry. It holds the NOVA
 * object space and the root PD as the specification's boot section lists them ("Initial Capabilities").
 *
 * <p>Each CPU runs a {@link CpuKernel} on a simulated CPU of the engine. All sixteen hypercalls are
 * dispatched (docs/execution-model.md).
 */
public final class Kernel
{
    /** NOVA object space: the console semaphore. */
    public static final long NOVA_CONSOLE_SM = SpaceObj.SELECTORS - 1;
    /** NOVA object space: the NOVA object space (TAKE). */
    public static final long NOVA_OBJ = SpaceObj.SELECTORS - 2;
    /** NOVA object space: the NOVA host space (TAKE). */
    public static final long NOVA_HST = SpaceObj.SELECTORS - 3;
    /** NOVA object space: the NOVA PIO space (TAKE; x86 only). */
    public static final long NOVA_PIO = SpaceObj.SELECTORS - 4;
    /** NOVA object space: the NOVA MSR space (TAKE; x86 only). */
    public static final long NOVA_MSR = SpaceObj.SELECTORS - 5;
    /** NOVA object space: the root object space. */
    public static final long NOVA_ROOT_OBJ = SpaceObj.SELECTORS - 6;
    /** NOVA object space: the root host space. */
    public static final long NOVA_ROOT_HST = SpaceObj.SELECTORS - 7;
    /** NOVA object space: the root PIO space (x86 only). */
    public static final long NOVA_ROOT_PIO = SpaceObj.SELECTORS - 8;

    /** Root object space: the NOVA object space (TAKE). */
    public static final long ROOT_NOVA_OBJ = SpaceObj.SELECTORS - 1;
    /** Root object space: the root object space. */
    public static final long ROOT_OBJ = SpaceObj.SELECTORS - 2;
    /** Root object space: the root PD. */
    public static final long ROOT_PD = SpaceObj.SELECTORS - 3;
    /** Root object space: the root EC. */
    public static final long ROOT_EC = SpaceObj.SELECTORS - 4;
    /** Root object space: the root SC. */
    public static final long ROOT_SC = SpaceObj.SELECTORS - 5;

    /** The root SC's budget in milliseconds. */
    public static final int ROOT_BUDGET_MS = 1000;

    private final Platform platform;
    private final Engine engine;
    private final Costs costs;
    private final Pd nova = new Pd();
    private final Pd root = new Pd();
    private long ecSerials;
    private final CpuKernel[] cpus;
    private final SimCpu[] simCpus;
    private final Ec rootEc;
    private final Sc rootSc;
    private final Syscall syscall;
    private final InterruptRoutes routes;
    private final Hip hip;
    private final long hipFrame;
    private final MbufConsole console;
    private final Bus bus;
    private final PhysicalMemory memory;
    private final KernelMemory kernelMemory;
    private final SpaceMem novaHst;
    private final BootModules modules;
    private KernelObserver observer;

    /**
     * Boots the kernel on a machine with nothing but memory: a bus of its own on which all 2^52 bytes of
     * physical address space are RAM.
     *
     * @param platform the architecture-specific half
     * @param engine the simulation engine
     * @param costs what kernel paths cost
     */
    public Kernel(final Platform platform, final Engine engine, final Costs costs)
    {
        this(platform, engine, costs, allRam(engine));
    }

    /** A bus on which every physical address is RAM. */
    private static Bus allRam(final Engine engine)
    {
        final Bus bus = new Bus(new PhysicalMemory(), engine.trace());
        bus.mapRam("ram", 0, PhysicalMemory.LIMIT);
        bus.reportTo(engine.failures());
        return bus;
    }

    /**
     * Boots the kernel: creates one simulated CPU per platform CPU, the NOVA object space and the root PD
     * with its initial capabilities, and puts the HIP and the root UTCB into the kernel's memory. Nothing
     * runs until {@link #start}.
     *
     * @param platform the architecture-specific half
     * @param engine the simulation engine
     * @param costs what kernel paths cost
     * @param bus the machine's bus: user memory accesses go through it
     */
    public Kernel(final Platform platform, final Engine engine, final Costs costs, final Bus bus)
    {
        this.platform = Require.nonNull("platform", platform);
        this.engine = Require.nonNull("engine", engine);
        this.costs = Require.nonNull("costs", costs);
        this.bus = Require.nonNull("bus", bus);
        this.memory = bus.memory();
        this.modules = new BootModules(platform.layout().moduleBase());
        final Layout layout = platform.layout();
        this.kernelMemory = new KernelMemory(layout.kernelMemoryBase(), layout.kernelMemorySize());
        // The console's page is kernel memory's first frame, and the only one the NOVA host space grants
        // (specification C.1: the root may delegate it to a console consumer).
        final long mbuf = frameOrThrow();
        memory.fill(mbuf, MbufConsole.SIZE, 0);
        this.novaHst = SpaceMem.nova(nova, layout.hostSelectorBits(),
            Withheld.of((mbuf >>> 12) + 1, kernelMemory.endPage(), layout.protectedMemory()));
        Require.inRange("platform.layout().cpus()", layout.cpus(), 1, SpaceObj.SELECTORS - 8);
        this.routes = new InterruptRoutes(platform.interrupts());
        cpus = new CpuKernel[layout.cpus()];
        simCpus = new SimCpu[layout.cpus()];
        for (int cpu = 0; cpu < cpus.length; cpu++)
        {
            cpus[cpu] = new CpuKernel(this, cpu);
            simCpus[cpu] = engine.addCpu(cpus[cpu], false);
            cpus[cpu].attach(simCpus[cpu]);
        }
        final KernelMemory heap = kernelMemory;
        heap.account(nova);
        heap.account(root);
        heap.account(novaHst);
        final SpaceObj novaObj = heap.account((SpaceObj) nova.newSpace(Kind.OBJ, 0));
        final SpaceObj rootObj = heap.account((SpaceObj) root.newSpace(Kind.OBJ, 0));
        final SpaceMem rootHst = heap.account((SpaceMem) root.newSpace(Kind.HST, layout.hostSelectorBits()));
        final boolean x86Spaces = platform.supports(Kind.PIO);
        final Space rootPio = x86Spaces ? heap.account(root.newSpace(Kind.PIO, 0)) : null;

        // The kernel's own object space refers to itself, which keeps it alive.
        boot(novaObj, NOVA_OBJ, novaObj, Perm.SPACE_TAKE);
        final Sm consoleSm = heap.account(Sm.regular(0));
        boot(novaObj, NOVA_CONSOLE_SM, consoleSm, consoleSm.definedPerms());
        this.console = new MbufConsole(memory, mbuf, consoleSm);
        boot(novaObj, NOVA_HST, novaHst, Perm.SPACE_TAKE);
        if (x86Spaces)
        {
            final SpacePio pio = heap.account((SpacePio) nova.newSpace(Kind.PIO, 0));
            for (int port = 0; port < SpacePio.SELECTORS; port++)
            {
                pio.set(port, platform.ports().portWithheld(port) ? 0 : 1);
            }
            boot(novaObj, NOVA_PIO, pio, Perm.SPACE_TAKE);
        }
        if (platform.supports(Kind.MSR))
        {
            final SpaceMsr msr = heap.account((SpaceMsr) nova.newSpace(Kind.MSR, 0));
            for (int i = 0; i < 2 * SpaceMsr.RANGE; i++)
            {
                final long n = i < SpaceMsr.RANGE ? i : SpaceMsr.HIGH + i - SpaceMsr.RANGE;
                msr.set(n, platform.ports().msrPerms(n));
            }
            boot(novaObj, NOVA_MSR, msr, Perm.SPACE_TAKE);
        }
        boot(novaObj, NOVA_ROOT_OBJ, rootObj, Kind.OBJ.perms());
        boot(novaObj, NOVA_ROOT_HST, rootHst, Kind.HST.perms());
        if (rootPio != null)
        {
            boot(novaObj, NOVA_ROOT_PIO, rootPio, Kind.PIO.perms());
        }
        for (int cpu = 0; cpu < layout.cpus(); cpu++)
        {
            final Sc idle = newSc(null, cpu, 0, ROOT_BUDGET_MS, 0);
            cpus[cpu].setIdle(idle);
            boot(novaObj, cpu, idle, Perm.SC_CTRL);
        }

        rootEc = newEc(root, 0, true, 0, 0, rootUtcbAddress());
        rootEc.fpu = true; // the root EC has the FPU (specification 6.2)
        rootSc = newSc(rootEc, 0, Sc.PRIO_MAX, ROOT_BUDGET_MS, 0);
        rootEc.hasSc = true; // the root EC starts at its entry, not through STARTUP
        boot(rootObj, ROOT_NOVA_OBJ, novaObj, Perm.SPACE_TAKE);
        boot(rootObj, ROOT_OBJ, rootObj, Kind.OBJ.perms());
        boot(rootObj, ROOT_PD, root, Kind.PD.perms());
        boot(rootObj, ROOT_EC, rootEc, Kind.EC.perms());
        boot(rootObj, ROOT_SC, rootSc, Kind.SC.perms());
        this.syscall = new Syscall(this);
        this.hip = Hip.build(platform, engine.clock().hz(), kernelMemory.firstPage() << 12,
            kernelMemory.endPage() << 12, console);
        this.hipFrame = frameOrThrow();
        writeHip();
        bootMap(rootHst, hipAddress() >>> 12, 0,
            SpaceMem.entry(hipFrame >>> 12, Perm.MEM_R, platform.attributes().kernelPages(), true));
        if (SpaceMem.perms(rootHst.lookup(rootUtcbAddress() >>> 12)) == 0)
        {
            throw new IllegalStateException(TOO_SMALL); // the root UTCB's tables did not fit
        }
        rootEc.setGpr(platform.abi().sp(), hipAddress());
        // The boot loader's registers, preserved for the root (x86 8.1.2: RDI, RSI; Arm 7.1.2: X0 to X2).
        final BootInfo boot = layout.bootInfo();
        rootEc.setParam(0, boot.register0());
        rootEc.setParam(1, boot.register1());
        if (platform.abi() != Abi.X86_64)
        {
            rootEc.setParam(2, boot.register2());
        }
        console.print("NOVA Microhypervisor (novaemu, " + platform.abi().name().toLowerCase(java.util.Locale.ROOT)
            + "): " + layout.cpus() + " CPUs, STC " + engine.clock().hz() + " Hz, kernel memory "
            + (kernelMemory.endPage() - kernelMemory.firstPage()) * 4 + " KiB\n");
    }

    private static final String TOO_SMALL = "kernel memory (platform.kernelMemorySize()) is exhausted";

    /** Stores a boot-time capability; a kernel memory too small for the boot objects is a configuration error. */
    private static void boot(final SpaceObj space, final long sel, final Kobject obj, final int perms)
    {
        if (!space.store(sel, obj, perms))
        {
            throw new IllegalStateException(TOO_SMALL);
        }
    }

    /** Makes a boot-time mapping, which must fit in kernel memory. */
    private static void bootMap(final SpaceMem space, final long sel, final int ord, final long entry)
    {
        if (!space.update(sel, ord, entry))
        {
            throw new IllegalStateException(TOO_SMALL);
        }
    }

    /** @return the kernel memory and its accounting */
    KernelMemory heap()
    {
        return kernelMemory;
    }

    /**
     * Creates a host EC with a UTCB from kernel memory, mapped at {@code utcbAddress} in the PD's host space.
     *
     * @throws IllegalStateException if kernel memory is exhausted (callers check first, {@code Syscall.admit})
     */
    Ec newEc(final Pd pd, final int cpu, final boolean global, final long evt, final long sp, final long utcbAddress)
    {
        return kernelMemory.account(new Ec(this, pd, cpu, global, evt, sp, frameOrThrow(), utcbAddress));
    }

    /**
     * Creates a vCPU with its page of kernel memory, mapped at {@code pageAddress} unless that is -1.
     *
     * @throws IllegalStateException if kernel memory is exhausted (callers check first)
     */
    Ec newVcpu(final Pd pd, final int cpu, final long evt, final long sp, final long pageAddress)
    {
        return kernelMemory.account(Ec.vcpu(this, pd, cpu, evt, sp, frameOrThrow(), pageAddress));
    }

    /** @return where tests make kernel-memory allocations of creating hypercalls fail (MEM_OBJ, MEM_CAP) */
    public AllocationFaults allocationFaults()
    {
        return kernelMemory.faults();
    }

    /**
     * @return where tests make an operation of another CPU run inside a hypercall, between its checks and
     *         their use, to reach the ABORTED paths of races ({@link RacePoint})
     */
    public Interleavings interleavings()
    {
        return syscall.interleavings();
    }

    /** @return the memory-buffer console the kernel writes to (specification C.1; HIP MBUF start and end) */
    public MbufConsole console()
    {
        return console;
    }

    /** @return the next EC's serial number ({@link User#ecSerial}) */
    long nextEcSerial()
    {
        return ++ecSerials;
    }

    private long frameOrThrow()
    {
        final long frame = allocateFrame();
        if (frame < 0)
        {
            throw new IllegalStateException(TOO_SMALL);
        }
        return frame;
    }

    /**
     * @return a zeroed frame of kernel memory, or -1 if none is left
     */
    long allocateFrame()
    {
        final long frame = kernelMemory.allocate();
        if (frame >= 0)
        {
            memory.fill(frame, PhysicalMemory.PAGE_SIZE, 0);
        }
        return frame;
    }

    /** Returns a frame of kernel memory. */
    void freeFrame(final long frame)
    {
        kernelMemory.free(frame);
    }

    /** @return the machine's bus */
    public Bus bus()
    {
        return bus;
    }

    /** @return the machine's physical memory */
    public PhysicalMemory memory()
    {
        return memory;
    }

    /** @return the NOVA host space: physical memory as the root may take it */
    public SpaceMem novaHst()
    {
        return novaHst;
    }

    /** @return the Hypervisor Information Page */
    public Hip hip()
    {
        return hip;
    }

    /**
     * @return where the HIP is mapped in the root host space: the last page of user memory, which is also
     *         the root EC's initial stack pointer
     */
    public long hipAddress()
    {
        return ((1L << platform.layout().hostSelectorBits()) - 1) << 12;
    }

    /** @return where the root EC's UTCB is mapped: the page below the HIP */
    public long rootUtcbAddress()
    {
        return hipAddress() - 0x1000;
    }

    /**
     * The end of {@link RootImage#standard()}'s virtual range: from here to the root UTCB, the root host space
     * is free for the root's own mappings (its ECs' UTCBs, for instance).
     */
    public static final long ROOT_IMAGE_SIZE = RootImage.MAX_SIZE;

    /**
     * Starts the root task with {@link RootImage#standard()}: headers and code from {@link RootImage#TEXT},
     * entered at {@link RootImage#ENTRY}, data from {@link RootImage#DATA} to 1 GiB.
     *
     * @param rootProgram the root task
     * @see #start(Program, byte[])
     */
    public void start(final Program rootProgram)
    {
        start(rootProgram, RootImage.standard());
    }

    /**
     * Starts the root task from an image laid out as {@code image} describes.
     *
     * @param rootProgram the root task
     * @param image its segments and entry point
     * @throws IllegalStateException if the kernel is already started, or kernel memory cannot hold the tables
     *                               that map the image (the platform's kernelMemorySize)
     * @throws IllegalArgumentException if the image reaches into the root's UTCB and HIP pages
     * @see #start(Program, byte[])
     */
    public void start(final Program rootProgram, final RootImage image)
    {
        // An image the caller built that the loader refuses is a configuration error, named as such.
        final int r = load(rootProgram, Require.nonNull("image", image).elf(platform.abi().elfMachine()));
        if (r == RootLoader.OUT_OF_MEMORY)
        {
            throw new IllegalStateException(TOO_SMALL);
        }
        if (r == RootLoader.INVALID)
        {
            throw new IllegalArgumentException("image reaches the root UTCB at 0x"
                + Long.toHexString(rootUtcbAddress()));
        }
    }

    /**
     * Starts the root task as NOVA does (its root loader; specification 6.2, "Initial State"): places
     * {@code elf} as boot module 0 (its code is {@code rootProgram}), maps each loadable segment of that ELF
     * executable into the root host space at its virtual address with its permissions, and nothing else
     * besides the HIP and the root UTCB, fills the HIP's root image fields, and makes the root SC ready on
     * CPU 0, to enter at the ELF entry point. An image that is not an executable for this architecture, with
     * a segment the loader refuses, or whose tables kernel memory cannot hold (docs/decisions.md K41) starts
     * no root: the console says so and the run has nothing to do.
     *
     * @param rootProgram the root task's code
     * @param elf the start of the executable file, at most 1 GiB; its segments' file offsets count from here
     *            and its pages beyond {@code elf.length} read as zero
     * @return whether the root was started
     * @throws IllegalStateException if the kernel is already started
     */
    public boolean start(final Program rootProgram, final byte[] elf)
    {
        return load(rootProgram, elf) == RootLoader.LOADED;
    }

    private int load(final Program rootProgram, final byte[] elf)
    {
        if (modules.rootPlaced())
        {
            throw new IllegalStateException("the kernel is already started");
        }
        Require.nonNull("rootProgram", rootProgram);
        Require.inRange("elf.length", Require.nonNull("elf", elf).length, 0, RootImage.MAX_SIZE);
        final long ra = modules.place(0, rootProgram);
        memory.writeBytes(ra, elf, 0, elf.length);
        final RootLoader loader = new RootLoader(memory, root.hst(), platform.attributes().kernelPages(),
            rootUtcbAddress());
        final int r = loader.load(ra, platform.abi().elfMachine());
        if (r != RootLoader.LOADED)
        {
            console.print(r == RootLoader.INVALID ? "ROOT: Invalid image\n" : "ROOT: Out of memory\n");
            return r;
        }
        hip.set(HipField.ROOT_START, loader.start()).set(HipField.ROOT_END, loader.end());
        hip.seal();
        writeHip();
        rootEc.setIp(loader.entry());
        cpus[rootSc.cpu()].makeReady(rootSc);
        return r;
    }

    private void writeHip()
    {
        final byte[] bytes = hip.bytes();
        memory.writeBytes(hipFrame, bytes, 0, bytes.length);
    }

    /**
     * Places a program in physical memory as the next boot module, as a boot loader places the images it
     * was given. A PD runs it once its host space maps the module's pages with XU at the EC's instruction
     * pointer: the root task delegates them out of the NOVA host space as it would an executable's.
     * Module 0 is the root task's (placed by {@link #start}, or reserved if modules are added first).
     *
     * @param program the code
     * @return the module's physical address: its 1 GiB holds the program's code and initial data
     */
    public long addModule(final Program program)
    {
        return modules.place(modules.next(), Require.nonNull("program", program));
    }

    /**
     * @param physical a physical address
     * @return the program of the boot module that holds it, or null
     */
    Program module(final long physical)
    {
        return modules.at(physical);
    }

    Sc newSc(final Ec ec, final int cpu, final int prio, final int budgetMs, final int cos)
    {
        final long ticks = Math.max(1, engine.clock().cyclesFromNanos(budgetMs * 1_000_000L));
        return kernelMemory.account(new Sc(ec, cpu, prio, budgetMs, ticks, cos));
    }

    /** @return the kernel of one CPU */
    CpuKernel cpuKernel(final int cpu)
    {
        return cpus[cpu];
    }

    /** @return the simulation engine */
    public Engine engine()
    {
        return engine;
    }

    /** @return the cost table */
    public Costs costs()
    {
        return costs;
    }

    /**
     * @param cpu a CPU number
     * @return its simulated CPU
     */
    public SimCpu simCpu(final int cpu)
    {
        return simCpus[cpu];
    }

    /**
     * @param cpu a CPU number
     * @return what its hardware reports to the kernel: a machine wires the CPU's interrupt line to
     *         {@link KernelEvents#interruptPending}
     */
    public KernelEvents events(final int cpu)
    {
        return cpus[cpu];
    }

    /** @return the SM table and the owners of interrupt routes */
    InterruptRoutes routes()
    {
        return routes;
    }

    /** @return the architecture-specific half */
    public Platform platform()
    {
        return platform;
    }

    /** @return the kernel's own PD, owner of the NOVA spaces */
    public Pd nova()
    {
        return nova;
    }

    /** @return the root PD */
    public Pd root()
    {
        return root;
    }

    /** @return the root EC, on the boot CPU */
    public Ec rootEc()
    {
        return rootEc;
    }

    /** @return the root SC */
    public Sc rootSc()
    {
        return rootSc;
    }

    /**
     * Executes the hypercall in {@code ec}'s registers and writes the status into the first hypercall
     * register (zero-extended, docs/decisions.md K4), outputs into the others.
     *
     * @param ec the calling EC
     * @return the status, or null if the EC blocked (its status is written when it resumes)
     */
    public Status hypercall(final Ec ec)
    {
        return hypercall(ec, null, false);
    }

    /**
     * The kernel entry of a CPU's hypercall: charges the entry to the CPU, then executes it as
     * {@link #hypercall(Ec)} does; traced as a slice from before the entry to the return.
     *
     * @param ec the calling EC
     * @param cpu the CPU to charge {@link Costs#hypercall()} to, or null for none
     * @param again whether this runs an ipc_call again that blocked helping its callee: it was counted then (as
     *              blocked), so it is not counted again (U24)
     * @return the status, or null if the EC blocked
     */
    Status hypercall(final Ec ec, final SimCpu cpu, final boolean again)
    {
        final KernelObserver o = observer;
        final Trace trace = engine.trace();
        final long word = ec.param(0); // the statistics count every call by its number
        final int number = (int) word & 0xf;
        if (trace.enabled())
        {
            trace.record(NovaTrace.HYPERCALL, number, word >>> 8, ec.ecSerial());
        }
        if (cpu != null)
        {
            cpu.advance(costs.hypercall());
        }
        final Status s = syscall.execute(ec);
        if (o != null)
        {
            o.hypercall(ec, Hypercall.of(word), Hypercall.selector(word), s);
        }
        ec.abi().returnToUser(ec);
        if (!again)
        {
            cpus[ec.cpu()].hypercalls[number * CpuStats.STATUSES + (s != null ? s.code() : CpuStats.BLOCKED)]++;
        }
        if (s != null)
        {
            ec.setParam(0, s.code());
            if (s == Status.SUCCESS || s == Status.TIMEOUT)
            {
                if (ec.failStreak != 0)
                {
                    ec.failStreak = 0; // progress: a success, or a timeout (time passed)
                }
            }
            else
            {
                HypercallLoop.failed(ec, number, s);
            }
        }
        if (trace.enabled())
        {
            trace.record(NovaTrace.HYPERCALL_DONE, number, s != null ? s.code() : -1, ec.ecSerial());
        }
        return s;
    }

    /**
     * Sets the one observer of hypercalls and interrupt deliveries (a test kit's interceptor), replacing any.
     *
     * @param o the observer, or null for none
     */
    public void observe(final KernelObserver o)
    {
        observer = o;
    }

    /** @return the observer, or null */
    KernelObserver observer()
    {
        return observer;
    }

    /** @return the number of CPUs the kernel runs on */
    public int cpuCount()
    {
        return cpus.length;
    }

    /**
     * @param cpu a CPU
     * @return the kernel's counters of that CPU (decision U24)
     */
    public CpuStats stats(final int cpu)
    {
        return cpus[(int) Require.inRange("cpu", cpu, 0, cpus.length - 1)].stats;
    }
}
