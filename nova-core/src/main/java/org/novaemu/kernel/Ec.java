// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import org.novaemu.trace.Trace;

/**
 * An execution context: a thread (host EC) or virtual CPU in a PD, permanently bound to one CPU. It holds
 * the user state that its PD's {@link Program} runs on and that hypercalls read and write, and the
 * kernel's record of why it is not running.
 *
 * <p>Invariants: a RUNNABLE EC can be entered; a BLOCKED EC waits in exactly one semaphore's queue, with
 * its deadline timer armed if it gave one; SCs that tried to run a non-runnable EC are parked on it and
 * go back to their ready queue when it becomes runnable again.
 */
public final class Ec extends Kobject implements User
{
    /** Can be entered. */
    static final int RUNNABLE = 0;
    /** Waits in a semaphore's queue. */
    static final int BLOCKED = 1;
    /** A local EC waiting for a portal call (new, or after ipc_reply). */
    static final int WAITING = 2;
    /** Waits for the reply to its ipc_call; its SC runs the callee. */
    static final int CALLING = 3;
    /** Its ipc_call found the callee busy; its SC helps the callee until it is free, then the call is retried. */
    static final int HELPING = 4;
    /** Killed: an event had no usable portal. It never runs again. */
    static final int DEAD = 5;
    /** A vCPU whose guest halted; a RECALL makes it runnable. */
    static final int HALTED = 6;

    /** Pending-event bit: STARTUP, raised when the first SC is bound to a global EC. */
    static final int EVENT_STARTUP = 1;
    /** Pending-event bit: RECALL, raised by ctrl_ec. */
    static final int EVENT_RECALL = 2;
    /** Pending-event bit: an exception of the running instruction; it goes out before the others. */
    static final int EVENT_EXCEPTION = 4;

    /** Words in a UTCB. */
    public static final int UTCB_WORDS = 512;

    private final Kernel kernel;
    private final Pd pd;
    private final int cpu;
    private final Abi abi;
    private final boolean global;
    private final boolean vcpu;
    private final long[] gpr;
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The translation cache of its host-space accesses ({@link HostAccess}). */
    final long[] tlb = HostAccess.emptyTlb();
    /** Whether it may use the FPU (create_ec's F). */
    boolean fpu;
    private byte[] utcb; // its frame's bytes, taken on first use: a sparse memory keeps untouched UTCBs out of the heap
    private final long utcbFrame;
    private final long utcbAddress;
    private final long serial;
    private long ip;
    private long flags;

    int state = RUNNABLE;
    Ec caller;
    Ec callee;
    Ec helpee;
    boolean retry;
    boolean helpingEvent;
    boolean inEvent;
    int events;
    boolean hasSc;
    long evt;
    Sm blockedOn;
    Ec nextWaiter;
    Ec prevWaiter;
    /** The deadline of its blocked down, its place in its CPU's {@link Timeouts} (-1: none), its arrival there. */
    long deadline;
    int timeoutIndex = -1;
    long arrival;
    Sc parked;

    /** The pending exception: its event number (or the NOVA event's being delivered), syndrome and address. */
    int exceptionEvent;
    /** The hypercall and status of its last failing hypercalls, and how many failed so in a row (U25). */
    int failKey;
    /** How many hypercalls in a row failed with {@link #failKey}. */
    int failStreak;
    long exceptionSyndrome;
    long exceptionAddress;

    /**
     * Creates a host EC and maps its UTCB into the PD's host space with the kernel bit, so that it can be
     * read and written there but never delegated (specification, "User Thread Control Block").
     *
     * @param kernel the kernel
     * @param pd the PD the EC runs in; it has a host space
     * @param cpu the CPU it is bound to
     * @param global whether it is a global thread (runs on SCs) rather than a local one (runs on portal calls)
     * @param evtBase its event selector base
     * @param sp its initial stack pointer
     * @param utcbFrame the physical address of its UTCB, a zeroed frame of kernel memory
     * @param utcbAddress where the UTCB is mapped in the PD's host space
     */
    Ec(final Kernel kernel, final Pd pd, final int cpu, final boolean global, final long evtBase, final long sp,
       final long utcbFrame, final long utcbAddress)
    {
        this(kernel, pd, cpu, global, false, evtBase, sp, utcbFrame, utcbAddress);
    }

    private Ec(final Kernel kernel, final Pd pd, final int cpu, final boolean global, final boolean vcpu,
               final long evtBase, final long sp, final long frame, final long address)
    {
        super(Kind.EC);
        this.kernel = kernel;
        this.pd = pd;
        this.cpu = cpu;
        this.abi = kernel.platform().abi();
        this.global = global;
        this.vcpu = vcpu;
        this.gpr = new long[abi.gprs()];
        this.evt = evtBase;
        this.state = global ? RUNNABLE : WAITING;
        this.gpr[abi.sp()] = sp;
        this.flags = abi.initialFlags();
        this.utcbFrame = vcpu ? -1 : frame;
        this.utcbAddress = vcpu ? -1 : address;
        this.serial = kernel.nextEcSerial();
        if (address >= 0)
        {
            pd.hst().update(address >>> 12, 0, SpaceMem.entry(frame >>> 12, Perm.MEM_R | Perm.MEM_W,
                kernel.platform().attributes().kernelPages(), true));
        }
    }

    /**
     * Creates a vCPU: a global EC without a UTCB whose user mode is a guest, run by the platform
     * ({@link Vcpus#run}); its events use the guest event selectors.
     *
     * @param kernel the kernel
     * @param pd the PD (its host space maps the vCPU's page, if it has one)
     * @param cpu the CPU it is bound to
     * @param evtBase its event selector base
     * @param sp its initial stack pointer
     * @param page the vCPU's page of kernel memory (its state; on Intel the virtual-APIC page)
     * @param pageAddress where to map that page in the PD's host space, or -1 not to map it
     * @return the vCPU
     */
    static Ec vcpu(final Kernel kernel, final Pd pd, final int cpu, final long evtBase, final long sp,
                   final long page, final long pageAddress)
    {
        return new Ec(kernel, pd, cpu, true, true, evtBase, sp, page, pageAddress);
    }

    /** @return whether it is a vCPU */
    public boolean isVcpu()
    {
        return vcpu;
    }

    /** @return the physical address of the UTCB */
    public long utcbFrame()
    {
        return utcbFrame;
    }

    @Override
    public long ecSerial()
    {
        return serial;
    }

    /** @return where the UTCB is mapped in the PD's host space (-1 for a vCPU) */
    @Override
    public long utcbAddress()
    {
        return utcbAddress;
    }

    /**
     * @return the EC that runs when this one is scheduled, as {@link #activate} finds it, without changing
     *         anything
     */
    Ec running()
    {
        Ec e = this;
        while (e.state == CALLING || e.state == HELPING && e.helpee.state != WAITING && !e.helpee.isKilled())
        {
            e = e.state == CALLING ? e.callee : e.helpee;
        }
        return e;
    }

    /**
     * The EC its SC actually runs: following the chain of calls (donation) and of helping to its end. A
     * helping EC whose callee has become free is the end: it retries its call.
     *
     * @return that EC
     */
    Ec activate()
    {
        Ec e = this;
        while (true)
        {
            if (e.state == CALLING)
            {
                e = e.callee;
            }
            else if (e.state == HELPING)
            {
                if (e.helpee.state == WAITING || e.helpee.isKilled())
                {
                    e.state = RUNNABLE;
                    e.helpee = null;
                    e.retry = !e.helpingEvent; // a helped event is delivered again from its pending bit
                    e.helpingEvent = false;
                    return e;
                }
                e = e.helpee;
            }
            else
            {
                return e;
            }
        }
    }

    /** @return the kernel it belongs to */
    Kernel kernel()
    {
        return kernel;
    }

    /** @return the kernel of the CPU this EC is bound to */
    CpuKernel cpuKernel()
    {
        return kernel.cpuKernel(cpu);
    }

    /**
     * Ends a blocking down: writes its status and makes the EC and the SCs parked on it runnable again.
     *
     * @param status the down's status
     */
    void resume(final Status status)
    {
        state = RUNNABLE;
        blockedOn = null;
        if (timeoutIndex >= 0)
        {
            cpuKernel().removeTimeout(this);
        }
        setParam(0, status.code());
        final Trace trace = kernel.engine().trace();
        if (trace.enabled())
        {
            trace.record(NovaTrace.WAKE, serial, status.code(), cpu());
        }
        unpark();
    }

    /**
     * Makes the SCs parked on this now runnable EC ready again: at once on the CPU that runs (or for an event
     * on the EC's own CPU), through an RRQ IPI from another CPU.
     */
    void unpark()
    {
        Sc sc = parked;
        parked = null;
        while (sc != null)
        {
            final Sc next = sc.nextParked;
            sc.nextParked = null;
            kernel.cpuKernel(sc.cpu()).ready(sc);
            sc = next;
        }
    }

    /** @return the PD the EC runs in */
    public Pd pd()
    {
        return pd;
    }

    @Override
    public int cpu()
    {
        return cpu;
    }

    /** @return whether it is a global thread */
    public boolean isGlobal()
    {
        return global;
    }

    /** @return whether it was killed or its last capability is gone */
    public boolean isKilled()
    {
        return state == DEAD || isDead();
    }

    /**
     * @return its state by name: RUNNABLE, BLOCKED (on a semaphore), WAITING (a local EC for a portal call),
     *         CALLING, HELPING, DEAD or HALTED (a vCPU)
     */
    public String stateName()
    {
        return switch (state)
        {
            case RUNNABLE -> "RUNNABLE";
            case BLOCKED -> "BLOCKED";
            case WAITING -> "WAITING";
            case CALLING -> "CALLING";
            case HELPING -> "HELPING";
            case DEAD -> "DEAD";
            default -> "HALTED";
        };
    }

    /** @return the semaphore it is blocked on, or null */
    public Sm blockedOn()
    {
        return state == BLOCKED ? blockedOn : null;
    }

    /** @return whether it can be entered now */
    public boolean isRunnable()
    {
        return state == RUNNABLE;
    }

    /** @return the register ABI */
    public Abi abi()
    {
        return abi;
    }

    @Override
    public long ip()
    {
        return ip;
    }

    @Override
    public void setIp(final long value)
    {
        ip = value;
    }

    @Override
    public long flags()
    {
        return flags;
    }

    @Override
    public void setFlags(final long value)
    {
        flags = value;
    }

    @Override
    public long gpr(final int n)
    {
        return gpr[n];
    }

    @Override
    public void setGpr(final int n, final long value)
    {
        gpr[n] = value;
    }

    @Override
    public long param(final int i)
    {
        return gpr[abi.register(i)];
    }

    @Override
    public void setParam(final int i, final long value)
    {
        gpr[abi.register(i)] = value;
    }

    @Override
    public long utcb(final int word)
    {
        final int offset = checkWord(word) << 3;
        final byte[] u = utcb;
        // no page for a read
        return u != null ? (long) WORD.get(u, offset) : kernel.memory().read64(utcbFrame + offset);
    }

    @Override
    public void setUtcb(final int word, final long value)
    {
        final int offset = checkWord(word) << 3;
        WORD.set(utcbPage(), offset, value);
    }

    /**
     * Pends a vCPU's VM exit, to go out through its event portal {@code evt + event}.
     *
     * @param event the exit's event number, below SEL_GST/ARCH
     */
    void pendExit(final int event)
    {
        pend(event, 0, 0);
    }

    /** Pends an exception of the running instruction: it goes out before the EC returns to user mode. */
    void pend(final int event, final long syndrome, final long address)
    {
        exceptionEvent = event;
        exceptionSyndrome = syndrome;
        exceptionAddress = address;
        events |= EVENT_EXCEPTION;
    }

    @Override
    public long read(final long address, final int size)
    {
        return HostAccess.read(this, address, size);
    }

    @Override
    public void write(final long address, final int size, final long value)
    {
        HostAccess.write(this, address, size, value);
    }

    /**
     * The program at the instruction pointer: the boot module whose code the IP's page maps with XU.
     *
     * @return the program, or null if the fetch faults (the exception is then pending)
     */
    Program program()
    {
        return HostAccess.program(this, ip);
    }

    @Override
    public long in(final int port, final int size)
    {
        return UserInstructions.in(this, port, size);
    }

    @Override
    public void out(final int port, final int size, final long value)
    {
        UserInstructions.out(this, port, size, value);
    }

    @Override
    public long rdmsr(final long msr)
    {
        throw UserInstructions.refuse(this, Instruction.MSR);
    }

    @Override
    public void wrmsr(final long msr, final long value)
    {
        throw UserInstructions.refuse(this, Instruction.MSR);
    }

    /** @return whether it may use the FPU (create_ec's F; the root EC has it) */
    public boolean hasFpu()
    {
        return fpu;
    }

    @Override
    public void fpu()
    {
        if (!fpu)
        {
            throw UserInstructions.refuse(this, Instruction.FPU);
        }
        cpuKernel().useFpu(this);
    }

    @Override
    public void raise(final int event, final long syndrome)
    {
        if (event < 0 || event >= kernel.platform().ec().hostArchEvents())
        {
            throw new IllegalArgumentException("event must be below SEL_HST/ARCH, was " + event);
        }
        pend(event, syndrome, 0);
        throw Fault.INSTANCE;
    }

    /**
     * @return the number of the event delivered last or pending now: an exception's (x86 vector, Arm exception
     *         class), or STARTUP's and RECALL's (SEL_ARCH + 0 and 1) once they go out
     */
    public int exceptionEvent()
    {
        return exceptionEvent;
    }

    /** @return the pending exception's syndrome (x86 error code, Arm ESR) */
    public long exceptionSyndrome()
    {
        return exceptionSyndrome;
    }

    /** @return the pending exception's faulting address (x86 CR2, Arm FAR), 0 if it has none */
    public long exceptionAddress()
    {
        return exceptionAddress;
    }

    private byte[] utcbPage()
    {
        final byte[] u = utcb;
        return u != null ? u : (utcb = kernel.memory().page(utcbFrame));
    }

    private int checkWord(final int word)
    {
        if (utcbFrame < 0)
        {
            throw new IllegalStateException("a vCPU has no UTCB");
        }
        if (word < 0 || word >= UTCB_WORDS)
        {
            throw new IndexOutOfBoundsException("UTCB word must be 0 to 511, was " + word);
        }
        return word;
    }

    @Override
    public void charge(final long cycles)
    {
        kernel.simCpu(cpu).advance(cycles);
    }

    @Override
    public long stc()
    {
        return kernel.engine().now();
    }
}
