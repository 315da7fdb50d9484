// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Perm;
import org.novaemu.kernel.Program;
import org.novaemu.kernel.RootImage;
import org.novaemu.kernel.Status;
import org.novaemu.kernel.User;
import org.novaemu.machine.Machine;
import org.novaemu.pci.MsixCapability;
import org.novaemu.pci.PciFunction;
import org.novaemu.util.Require;
import org.novaemu.x86.nova.Vectors;

/**
 * A root task written top to bottom: each step is one hypercall whose registers a {@code Consumer<User>} loads
 * (with nova-core's {@link Calls}), and the kit runs the steps in order on NOVA's root EC as a {@link Program},
 * one hypercall per step, the next step continuing where the last returned, so no test keeps instruction-pointer
 * labels (docs/decisions.md U1). {@link #call} stops the script unless the call succeeds and {@link #failure()}
 * names the call and its status; {@link #attempt} and {@link #probe} hand back the status in a {@link Call}. The
 * helpers add the steps of what NOVA root tasks always do, the same on x86 and Arm: a driver PD with its spaces
 * ({@link #driverPd}), a DC for a PCI function ({@link #dc}), an interrupt thread on a CPU
 * ({@link #interruptThread}), and an MSI-X vector bound to one ({@link #msix}).
 *
 * <p>The script is fixed once started; after its last step the root EC waits on a semaphore of its own for ever
 * (the script's first step creates it). Selectors the helpers take come from {@link #selector()}, from
 * {@link #FIRST_SELECTOR} upwards; a test may use selectors below it freely.
 */
public final class RootScript
{
    /** The first selector the kit takes in the root's object space; lower ones are the test's own. */
    public static final long FIRST_SELECTOR = 0x1000;
    /** The end of the kit's selectors; event selector bases follow. */
    static final long LAST_SELECTOR = 0x2_0000;
    /** The event selector base of CPU c in a PD the kit starts threads in is this plus eventsPerCpu c. */
    static final long EVENTS = 0x2_0000;
    /** Where the kit's own code (threads, STARTUP handlers, portals) lies, in the root image's code. */
    static final long KIT_CODE = RootImage.ENTRY + 0x10_0000;
    static final long THREAD_ENTRY = KIT_CODE;
    static final long THREAD_LOOP = KIT_CODE + 1;
    static final long STARTUP_HANDLER = KIT_CODE + 2;
    static final long PARKED = KIT_CODE + 3;
    static final long PORTALS = KIT_CODE + 0x800;
    /** UTCBs of the ECs the kit creates, in their PDs' host spaces: above the root image's 1 GiB. */
    static final long UTCBS = Kernel.ROOT_IMAGE_SIZE;
    /** The priority of interrupt threads: below the root's, so the script runs to its end first. */
    public static final int THREAD_PRIO = 100;

    private final Machine machine;
    private final Arch arch;
    private final Kernel kernel;
    private final List<Step> steps = new ArrayList<>();
    private final List<IrqThread> threads = new ArrayList<>();
    private final List<Consumer<User>> portals = new ArrayList<>();
    private final Map<PciFunction, Long> dcs = new HashMap<>();
    private final Set<PciFunction> assignedDevs = new HashSet<>();
    private final Map<Long, Long> handlers = new HashMap<>();
    private final Map<Long, Long> startupHandlers = new HashMap<>();
    private final Set<Long> ownStartup = new HashSet<>();
    private final Map<Long, Boolean> codeMapped = new HashMap<>();
    private final int[] slots;
    private final int[] msiNumbers;
    private final long park;
    private long nextSelector = FIRST_SELECTOR;
    private int utcbs;
    private long novaHst = -1;
    private long module = -1;
    private boolean started;
    private boolean finished;
    private String failure;

    /** One step: a hypercall (call non-null) or an action between calls. */
    private record Step(Consumer<User> setup, Call call, boolean probe)
    {
    }

    /**
     * A script for the root task of a booted machine whose kernel has not been started.
     *
     * @param machine the machine
     */
    public RootScript(final Machine machine)
    {
        this.machine = Require.nonNull("machine", machine);
        this.arch = Arch.of(machine);
        this.kernel = machine.kernel();
        final int cpus = kernel.platform().layout().cpus();
        this.slots = new int[cpus];
        this.msiNumbers = new int[Math.max(1, machine.segments())];
        this.park = selector();
        call("create_sm park (kit)", u -> Calls.createSm(u, park, Kernel.ROOT_PD, 0));
    }

    /** @return the machine */
    public Machine machine()
    {
        return machine;
    }

    /** @return its architecture */
    public Arch arch()
    {
        return arch;
    }

    /**
     * @return a fresh selector of the root's object space, from {@link #FIRST_SELECTOR} upwards
     * @throws IllegalStateException when the kit's selectors are used up
     */
    public long selector()
    {
        if (nextSelector == LAST_SELECTOR)
        {
            throw new IllegalStateException("the kit's " + (LAST_SELECTOR - FIRST_SELECTOR) + " selectors are used up");
        }
        return nextSelector++;
    }

    /**
     * Adds a hypercall that must succeed: otherwise the script stops there and {@link #failure()} is
     * "{@code what}: STATUS".
     *
     * @param what the call, as a failure names it
     * @param setup loads the hypercall's registers (it runs in the root EC when the step is reached, so it may use
     *        earlier calls' outputs)
     * @return the call's handle
     */
    public Call call(final String what, final Consumer<User> setup)
    {
        return add(what, setup, true, false);
    }

    /**
     * Adds a hypercall whose status the test checks itself: the script goes on whatever it returns.
     *
     * @param what the call
     * @param setup loads its registers
     * @return the call's handle, with the status once made
     */
    public Call attempt(final String what, final Consumer<User> setup)
    {
        return add(what, setup, false, false);
    }

    /**
     * Adds a hypercall as {@link #attempt} does, and snapshots the root's object space just before and after it,
     * for {@code NovaAssertions.assertThat(call).changedNothing()}.
     *
     * @param what the call
     * @param setup loads its registers
     * @return the call's handle, with the status and both snapshots once made
     */
    public Call probe(final String what, final Consumer<User> setup)
    {
        return add(what, setup, false, true);
    }

    /**
     * Adds work the root EC does between two hypercalls (writing a device's registers, say), with no hypercall.
     *
     * @param action what it does
     * @return this script
     */
    public RootScript act(final Consumer<User> action)
    {
        checkNotStarted();
        steps.add(new Step(Require.nonNull("action", action), null, false));
        return this;
    }

    private Call add(final String what, final Consumer<User> setup, final boolean checked, final boolean probe)
    {
        checkNotStarted();
        final Call c = new Call(Require.nonNull("what", what), checked);
        steps.add(new Step(Require.nonNull("setup", setup), c, probe));
        return c;
    }

    private void checkNotStarted()
    {
        if (started)
        {
            throw new IllegalStateException("the script has started: add steps before start()");
        }
    }

    // ---- Helpers ------------------------------------------------------------------------------------------

    /**
     * Adds the steps that make a driver PD: create_pd of the PD, its object, host and DMA space, and on x86 its
     * PIO space (an EC's PD needs one). On Arm, where the SMMU translates an MSI as any write, the ITS's
     * translation frame is mapped into the DMA space at its own address (it is what assign_int returns).
     *
     * @return the PD's selectors
     */
    public DriverPd driverPd()
    {
        return driverPd(Startup.ROOT);
    }

    /**
     * Adds the steps that make a driver PD as {@link #driverPd()} does, choosing who replies to its interrupt
     * threads' STARTUP events: with {@link Startup#OWN_PD} the first thread on each CPU adds a local EC of the PD
     * on that CPU (running the kit's code, mapped into the PD) whose portal is the PD's STARTUP portal there.
     *
     * @param startup who handles its threads' STARTUP
     * @return the PD's selectors
     */
    public DriverPd driverPd(final Startup startup)
    {
        Require.nonNull("startup", startup);
        final DriverPd d = new DriverPd(selector(), selector(), selector(), selector(),
            arch.hasPio() ? selector() : -1);
        call("create_pd driver", u -> Calls.createPd(u, d.pd(), Kind.PD.op(), Kernel.ROOT_PD));
        call("create_pd driver object space", u -> Calls.createPd(u, d.obj(), Kind.OBJ.op(), d.pd()));
        call("create_pd driver host space", u -> Calls.createPd(u, d.hst(), Kind.HST.op(), d.pd()));
        call("create_pd driver DMA space", u -> Calls.createPd(u, d.dma(), Kind.DMA.op(), d.pd()));
        if (arch.hasPio())
        {
            call("create_pd driver PIO space", u -> Calls.createPd(u, d.pio(), Kind.PIO.op(), d.pd()));
        }
        if (startup == Startup.OWN_PD)
        {
            ownStartup.add(d.pd());
        }
        if (arch.doorbell() != 0)
        {
            final long hst = novaHst();
            call("ctrl_pd MSI doorbell into the driver's DMA space", u -> Calls.ctrlPd(u, hst, d.dma(),
                arch.doorbell() >>> 12, 0, arch.doorbell() >>> 12, Perm.MEM_W, arch.deviceMemory()));
        }
        return d;
    }

    /**
     * Adds create_dc for a PCI function in the root PD, its DTD as firmware describes the function (x86: SBDF and
     * the segment's VT-d unit; Arm: StreamID and DeviceID from the root complex, the SMMU and the ITS). A second
     * call for the same function returns the same DC.
     *
     * @param f the function
     * @return the DC's selector
     */
    public long dc(final PciFunction f)
    {
        final Long known = dcs.get(Require.nonNull("f", f));
        if (known != null)
        {
            return known;
        }
        final long sel = selector();
        final long[] dtd = arch.dtd(machine, f.bdf(), dcs.size()); // the n-th DC: an SMMUv2's group and bank n
        call("create_dc " + f.name(), u -> Calls.createDc(u, sel, Kernel.ROOT_PD, dtd[0], dtd[1], dtd[2]));
        dcs.put(f, sel);
        return sel;
    }

    /**
     * Adds assign_dev of a function's DC (made by {@link #dc} if need be) to a driver's DMA space.
     *
     * @param f the function
     * @param d the driver PD
     * @return the call
     */
    public Call assignDev(final PciFunction f, final DriverPd d)
    {
        final long dc = dc(f);
        assignedDevs.add(f);
        return call("assign_dev " + f.name(), u -> Calls.assignDev(u, dc, d.dma()));
    }

    /**
     * Binds MSI-X entry {@code entry} of a function to a new interrupt thread on {@code cpu} in {@code d}: the
     * function's DC (and assign_dev to the driver's DMA space, once), an interrupt semaphore for the next MSI
     * (x86: the next GSI from PIN_NUM of the function's segment; Arm: the next LPI), assign_int to the CPU (x86:
     * its next free vector slot; Arm: the entry as EventID), the returned address and data written into the entry,
     * MSI-X and bus mastering enabled, and the thread ({@link #interruptThread}).
     *
     * @param d the driver PD, or {@link DriverPd#ROOT}
     * @param f the function
     * @param entry its MSI-X table entry
     * @param cpu the CPU
     * @param handler what the thread does per interrupt (charging cycles, say), or null for nothing
     * @return the thread
     */
    public IrqThread msix(final DriverPd d, final PciFunction f, final int entry, final int cpu,
                          final Consumer<User> handler)
    {
        Require.inRange("entry", entry, 0, MsixCapability.MAX_VECTORS - 1);
        return bind(d, f, entry, cpu, handler);
    }

    /** An MSI-X entry, or with entry -1 the MSI, bound to a new thread. */
    private IrqThread bind(final DriverPd d, final PciFunction f, final int entry, final int cpu,
                           final Consumer<User> handler)
    {
        Require.nonNull("d", d);
        Require.inRange("cpu", cpu, 0, slots.length - 1);
        final long dc = dc(f);
        if (!d.isRoot() && assignedDevs.add(f))
        {
            call("assign_dev " + f.name(), u -> Calls.assignDev(u, dc, d.dma()));
        }
        final int segment = f.bdf() >>> 16;
        final long isd = arch.msiIsd(machine, segment, arch == Arch.X86 ? msiNumbers[segment]++ : msiNumbers[0]++);
        final int index = arch == Arch.X86 ? slots[cpu]++ : Math.max(0, entry);
        if (arch == Arch.X86 && index >= Vectors.SLOTS)
        {
            throw new IllegalArgumentException("cpu " + cpu + " has no free vector slot (NOVA has " + Vectors.SLOTS
                + " per CPU)");
        }
        final long sm = selector();
        call("create_sm ISD 0x" + Long.toHexString(isd), u -> Calls.createInterruptSm(u, sm, Kernel.ROOT_PD, isd));
        final Call attach = call("assign_int " + f.name() + (entry < 0 ? " MSI" : " entry " + entry) + " to CPU "
            + cpu, u -> Calls.assignInt(u, sm, dc, true, cpu, index, 0));
        if (entry < 0)
        {
            act(u -> PciMsi.msi(machine, f, attach.out(1), attach.out(2)));
        }
        else
        {
            act(u -> PciMsi.msix(machine, f, entry, attach.out(1), attach.out(2)));
        }
        final IrqThread t = interruptThread(d, cpu, sm, isd, handler);
        t.attach(attach);
        return t;
    }

    /**
     * Binds a function's MSI (its MSI capability, one vector) to a new interrupt thread on {@code cpu} in {@code d},
     * as {@link #msix} does an MSI-X entry: on Arm its EventID is 0. The function must not use MSI-X as well (a
     * function with MSI-X enabled sends no MSI).
     *
     * @param d the driver PD, or {@link DriverPd#ROOT}
     * @param f the function
     * @param cpu the CPU
     * @param handler what the thread does per interrupt, or null
     * @return the thread
     */
    public IrqThread msi(final DriverPd d, final PciFunction f, final int cpu, final Consumer<User> handler)
    {
        return bind(d, f, -1, cpu, handler);
    }

    /**
     * Starts an interrupt thread the NOVA way: the semaphore delegated to the PD (with down permission), a global
     * EC on {@code cpu} in the PD whose STARTUP portal (a local EC on that CPU, of the root made once per CPU, or
     * of the PD itself if it was made with {@link Startup#OWN_PD}) starts it at the kit's thread code, and an SC.
     * The thread loops in ctrl_sm down on the semaphore; each SUCCESS is a wake-up the handle counts, after which
     * {@code handler} runs in the thread.
     *
     * @param d the PD, or {@link DriverPd#ROOT}
     * @param cpu the CPU
     * @param sm the semaphore's selector in the root's object space
     * @param isd the ISD it was created with, for the handle (or -1)
     * @param handler what the thread does per wake-up, or null
     * @return the thread
     */
    public IrqThread interruptThread(final DriverPd d, final int cpu, final long sm, final long isd,
                                     final Consumer<User> handler)
    {
        Require.nonNull("d", d);
        Require.inRange("cpu", cpu, 0, slots.length - 1);
        final long evt = EVENTS + (long) arch.eventsPerCpu() * cpu;
        if (!d.isRoot())
        {
            mapCode(d);
        }
        final long startupEc = startupPortal(d, cpu, evt);
        final long smInPd = sm; // the same selector in the driver's object space
        if (!d.isRoot())
        {
            call("ctrl_pd semaphore to the driver",
                u -> Calls.ctrlPd(u, Kernel.ROOT_OBJ, d.obj(), sm, 0, smInPd, Perm.SM_CTRLDN, 0));
        }
        final long ec = selector();
        final long sc = selector();
        final IrqThread t = new IrqThread(kernel, ec, smInPd, isd, cpu, handler, startupEc);
        final int index = threads.size();
        threads.add(t);
        final long utcb = utcb();
        call("create_ec interrupt thread on CPU " + cpu,
            u -> Calls.createEc(u, ec, d.pd(), true, utcb, evt, cpu, index));
        call("create_sc interrupt thread on CPU " + cpu,
            u -> Calls.createSc(u, sc, d.pd(), ec, 1, THREAD_PRIO, 0));
        return t;
    }

    /**
     * Adds a portal whose handler, a local EC of the root on {@code cpu}, runs {@code handler} and replies.
     *
     * @param cpu the handler's CPU
     * @param handler what the handler does per call (reading and writing the UTCB, charging cycles), or null
     * @return the portal
     */
    public Portal portal(final int cpu, final Consumer<User> handler)
    {
        Require.inRange("cpu", cpu, 0, slots.length - 1);
        final long ec = selector();
        final long pt = selector();
        final long ip = PORTALS + portals.size();
        portals.add(handler);
        final long utcb = utcb();
        call("create_ec portal handler on CPU " + cpu, u -> Calls.createEc(u, ec, Kernel.ROOT_PD, false, utcb, 0,
            cpu, 0));
        call("create_pt", u -> Calls.createPt(u, pt, Kernel.ROOT_PD, ec, ip));
        return new Portal(pt, cpu);
    }

    private long utcb()
    {
        return UTCBS + 4096L * utcbs++;
    }

    private long novaHst()
    {
        if (novaHst < 0)
        {
            final long sel = selector();
            novaHst = sel;
            call("ctrl_pd NOVA host space (kit)",
                u -> Calls.ctrlPd(u, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_HST, 0, sel, 0x3f, 0));
        }
        return novaHst;
    }

    /** The kit's code page into a driver's host space, once: its threads run there. */
    private void mapCode(final DriverPd d)
    {
        if (codeMapped.containsKey(d.pd()))
        {
            return;
        }
        codeMapped.put(d.pd(), true);
        if (module < 0)
        {
            module = kernel.addModule(code);
        }
        final long hst = novaHst();
        final long at = module;
        call("ctrl_pd kit code into the driver", u -> Calls.ctrlPd(u, hst, d.hst(), at >>> 12, 0, KIT_CODE >>> 12,
            Perm.MEM_R | Perm.MEM_XU, arch.ram()));
    }

    /**
     * The STARTUP portal of a PD's threads on a CPU, once per PD and CPU: bound to a root local EC there (once per
     * CPU), or to the PD's own local EC there if it handles its own events.
     *
     * @return the selector of the local EC that handles it, in the root's object space
     */
    private long startupPortal(final DriverPd d, final int cpu, final long evt)
    {
        final long key = d.pd() << 16 | cpu;
        final Long known = startupHandlers.get(key);
        if (known != null)
        {
            return known;
        }
        final boolean own = ownStartup.contains(d.pd());
        Long handler = own ? null : handlers.get((long) cpu);
        if (handler == null)
        {
            final long sel = selector();
            final long utcb = utcb();
            final long pd = own ? d.pd() : Kernel.ROOT_PD;
            call("create_ec STARTUP handler on CPU " + cpu + (own ? " in the driver" : ""),
                u -> Calls.createEc(u, sel, pd, false, utcb, 0, cpu, 0));
            if (!own)
            {
                handlers.put((long) cpu, sel);
            }
            handler = sel;
        }
        startupHandlers.put(key, handler);
        final long ec = handler;
        final long owner = own ? d.pd() : Kernel.ROOT_PD; // a portal belongs to its EC's PD (create_pt, 5.3.4)
        final long pt = d.isRoot() ? evt + arch.startup() : selector();
        call("create_pt STARTUP on CPU " + cpu, u -> Calls.createPt(u, pt, owner, ec, STARTUP_HANDLER));
        call("ctrl_pt STARTUP on CPU " + cpu, u -> Calls.ctrlPt(u, pt, cpu, arch.ipMtd()));
        if (!d.isRoot())
        {
            call("ctrl_pd STARTUP portal to the driver on CPU " + cpu, u -> Calls.ctrlPd(u, Kernel.ROOT_OBJ, d.obj(),
                pt, 0, evt + arch.startup(), Perm.PT_EVENT, 0));
        }
        return ec;
    }

    // ---- Running ------------------------------------------------------------------------------------------

    /**
     * Starts the kernel with this script as the root task (the standard root image).
     *
     * @return this script
     * @throws IllegalStateException if the kernel is already started
     */
    public RootScript start()
    {
        checkNotStarted();
        started = true;
        kernel.start(code);
        return this;
    }

    /**
     * Starts the script if need be and runs the machine until every step is done and every interrupt thread has
     * started.
     *
     * @param budget the most cycles to run
     * @return this script
     * @throws AssertionError naming the call and status that stopped the script, or naming the condition if the
     *         budget ran out first
     */
    public RootScript run(final long budget)
    {
        if (!started)
        {
            start();
        }
        Runs.until(machine, this::ready, "the root script to finish and its threads to start", budget);
        check();
        return this;
    }

    /** @return whether the script is past its last step or stopped by a failed call */
    public boolean finished()
    {
        return finished;
    }

    /** @return whether the script finished without failure and every interrupt thread has started */
    public boolean ready()
    {
        if (failure != null)
        {
            return true;
        }
        if (!finished)
        {
            return false;
        }
        for (final IrqThread t : threads)
        {
            if (!t.started())
            {
                return false;
            }
        }
        return true;
    }

    /** @return "call: STATUS" of the checked call that stopped the script, or null */
    public String failure()
    {
        return failure;
    }

    /**
     * @throws AssertionError if a checked call failed, naming it and its status
     */
    public void check()
    {
        if (failure != null)
        {
            throw new AssertionError("root script stopped at " + failure);
        }
    }

    /** @return the interrupt threads, in the order added */
    public List<IrqThread> threads()
    {
        return List.copyOf(threads);
    }

    // ---- The code -----------------------------------------------------------------------------------------

    private final Program code = this::step;

    private int step(final User u)
    {
        final long ip = u.ip();
        if (ip == THREAD_ENTRY || ip == THREAD_LOOP)
        {
            return thread(u, ip);
        }
        if (ip == STARTUP_HANDLER)
        {
            // A thread's STARTUP event: it starts at the kit's thread code, its stack pointer (its index) untouched.
            u.setUtcb(arch.ipWord(), THREAD_ENTRY);
            Calls.reply(u, arch.ipMtd());
            return Program.HYPERCALL;
        }
        if (ip >= PORTALS && ip < PORTALS + portals.size())
        {
            final Consumer<User> h = portals.get((int) (ip - PORTALS));
            if (h != null)
            {
                h.accept(u);
            }
            Calls.reply(u, 0);
            return Program.HYPERCALL;
        }
        if (ip >= RootImage.ENTRY && ip < KIT_CODE)
        {
            return script(u, (int) (ip - RootImage.ENTRY));
        }
        return park(u);
    }

    /** Label i: step i - 1's hypercall has returned (its status in the registers); step i is next. */
    private int script(final User u, final int label)
    {
        int i = label;
        if (i > 0)
        {
            final Step done = steps.get(i - 1);
            final Status s = Calls.status(u);
            done.call().completed(s, u.param(1), u.param(2), u.param(3), u.param(4), u.stc(),
                done.probe() ? snapshot() : null);
            if (done.call().checked() && s != Status.SUCCESS)
            {
                failure = done.call().what() + ": " + s;
                finished = true;
                return park(u);
            }
        }
        while (i < steps.size() && steps.get(i).call() == null)
        {
            steps.get(i).setup().accept(u);
            i++;
        }
        if (i == steps.size())
        {
            finished = true;
            return park(u);
        }
        final Step next = steps.get(i);
        next.setup().accept(u);
        next.call().issued(u.stc(), next.probe() ? snapshot() : null);
        u.setIp(RootImage.ENTRY + i + 1);
        return Program.HYPERCALL;
    }

    private ObjectSpaceSnapshot snapshot()
    {
        return ObjectSpaceSnapshot.of(kernel.root());
    }

    private int park(final User u)
    {
        Calls.down(u, park, false, 0);
        u.setIp(PARKED);
        return Program.HYPERCALL;
    }

    private int thread(final User u, final long ip)
    {
        final long index = u.gpr(arch.abi().sp());
        if (index < 0 || index >= threads.size())
        {
            // Only ECs the script created run here, with their index in the stack pointer: anything else is a test
            // that started an EC at the kit's code itself.
            throw new IllegalStateException("EC " + u.ecSerial() + " runs the kit's thread code with stack pointer "
                + index + ", which names none of the script's " + threads.size() + " interrupt threads");
        }
        final IrqThread t = threads.get((int) index);
        if (ip == THREAD_ENTRY)
        {
            t.start();
        }
        else if (Calls.status(u) == Status.SUCCESS)
        {
            t.woke(u);
        }
        else
        {
            t.failed();
        }
        Calls.down(u, t.smSelector(), false, 0);
        u.setIp(THREAD_LOOP);
        return Program.HYPERCALL;
    }
}
