// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import org.novaemu.sim.Agent;
import org.novaemu.sim.SimCpu;
import org.novaemu.trace.Trace;

/**
 * The kernel on one CPU: the loop that runs the highest-priority ready SC's EC, enters the kernel for its
 * hypercalls, accounts time to SCs, rotates them when their budget runs out, and halts the CPU when
 * nothing is ready. Releases from other CPUs arrive through an RRQ IPI (the platform's, or an event
 * {@link Costs#ipi()} later); timeouts of downs with a deadline wait in a per-CPU heap behind the
 * platform's timer (or an event, where the platform has none).
 */
final class CpuKernel implements Agent, KernelEvents
{
    private final Kernel kernel;
    private final int cpu;
    private final Costs costs;
    final Scheduler ready = new Scheduler();
    private final int rrq;
    private final int timer;
    private final Timeouts timeouts = new Timeouts();
    private Sc releaseHead;
    private Sc releaseTail;
    private SimCpu sim;
    private Sc idle;
    /** The EC whose state the CPU's FPU holds (lazy switching), or null. */
    private Ec fpuOwner;
    private Sc current;
    private long since;
    private boolean interrupt;
    private final int irq;
    private final Trace trace;
    /** The EC the last traced switch went to (0: idle): a blocked EC's SC is no longer current. */
    private long tracedEc;
    /** When the CPU halted, or -1 while it runs. */
    private long haltedSince = -1;
    /** Its counters (U24), plain fields here so that counting is one increment; {@link #stats} reads them. */
    final CpuStats stats = new CpuStats(this);
    /** Cycles in the kernel. */
    long kernelCycles;
    /** Cycles halted, up to the last wake-up. */
    long haltedCycles;
    /** Kernel entries for interrupts. */
    long interruptEntries;
    /** Interrupts handed to their slot. */
    long interrupts;
    /** SC switches. */
    long switches;
    /** Hypercalls by number x status ({@link CpuStats#STATUSES} columns). */
    final long[] hypercalls = new long[16 * CpuStats.STATUSES];

    CpuKernel(final Kernel kernel, final int cpu)
    {
        this.trace = kernel.engine().trace();
        this.kernel = kernel;
        this.cpu = cpu;
        this.costs = kernel.costs();
        this.rrq = kernel.engine().newTimer(arg -> drainReleases(), cpu);
        this.irq = kernel.engine().newTimer(arg -> raiseInterrupt(), cpu);
        this.timer = kernel.engine().newTimer(arg -> timerExpired(), cpu);
    }

    void attach(final SimCpu simCpu)
    {
        this.sim = simCpu;
    }

    /** Sets the CPU's idle SC, which is charged the time the CPU is halted; the CPU starts halted. */
    void setIdle(final Sc sc)
    {
        idle = sc;
        current = sc;
        since = sim.time();
        haltedSince = since;
    }

    /**
     * @param sc an SC of this CPU
     * @param now the current time
     * @return its consumed time, including the stint it is running now
     */
    long usedNow(final Sc sc, final long now)
    {
        return sc == current ? sc.used + Math.max(0, now - since) : sc.used;
    }

    @Override
    public void run(final SimCpu s)
    {
        if (haltedSince >= 0)
        {
            haltedCycles += s.time() - haltedSince; // woken: the halt is over
            haltedSince = -1;
        }
        while (s.time() < s.limit())
        {
            final long now = s.time();
            account(now);
            if (interrupt)
            {
                takeInterrupts(s); // an interrupt point: between user steps, as between instructions
                kernelCycles += s.time() - now;
                continue;
            }
            final Sc sc = ready.top();
            if (sc == null)
            {
                if (current != idle)
                {
                    switches++;
                    if (trace.enabled())
                    {
                        switched(idle);
                    }
                    current = idle; // the halted time is the idle SC's
                    kernel.platform().control().makeCurrent(cpu, 0); // the idle SC is of class 0
                }
                haltedSince = s.time();
                s.block(); // HLT: a release or an interrupt wakes the CPU
                return;
            }
            if (sc.left == 0)
            {
                sc.left = sc.budget; // spent (perhaps before a preemption): refill and go to the tail
                ready.rotate(sc);
                continue;
            }
            if (sc != current)
            {
                if (trace.enabled())
                {
                    switched(sc);
                }
                current = sc;
                since = now;
                kernel.platform().control().makeCurrent(cpu, sc.cos()); // the SC's class of service (8.3)
                s.advance(costs.contextSwitch());
                switches++;
                kernelCycles += s.time() - now;
                continue;
            }
            final Ec ec = sc.ec().activate();
            if (!ec.isRunnable())
            {
                ready.remove(sc);
                sc.nextParked = ec.parked;
                ec.parked = sc;
                current = null;
                continue;
            }
            if (ec.retry)
            {
                ec.retry = false; // the callee it helped is free: the ipc_call runs again
                final long entry = s.time();
                kernel.hypercall(ec, s, true);
                kernelCycles += s.time() - entry;
                continue;
            }
            if (ec.events != 0)
            {
                Ipc.deliverEvent(ec); // pending events go out before the EC returns to user mode
                kernelCycles += s.time() - now;
                continue;
            }
            if (ec.isVcpu())
            {
                final int exit = kernel.platform().vcpus().run(ec);
                if (exit < 0)
                {
                    ec.state = Ec.HALTED; // its SCs park on it until a RECALL
                }
                else
                {
                    ec.pendExit(exit);
                    s.advance(costs.hypercall()); // the VM exit enters the kernel
                    kernelCycles += costs.hypercall();
                }
                continue;
            }
            final Program program = ec.program();
            if (program == null)
            {
                s.advance(costs.hypercall()); // the fetch faulted: enter the kernel for the exception
                kernelCycles += costs.hypercall();
                continue;
            }
            final int result;
            try
            {
                result = program.step(ec);
            }
            catch (final Fault f)
            {
                s.advance(costs.hypercall()); // an exception enters the kernel like a hypercall does
                kernelCycles += costs.hypercall();
                continue;
            }
            if (result == Program.HYPERCALL)
            {
                final long entry = s.time();
                kernel.hypercall(ec, s, false);
                kernelCycles += s.time() - entry;
            }
            else if (s.time() == now)
            {
                s.advance(1); // a preemption point costs at least a cycle, so time always moves
            }
        }
    }

    /** Records a switch from the current SC to {@code sc}: out of line, for tracing only. */
    private void switched(final Sc sc)
    {
        final long to = serial(sc);
        trace.record(NovaTrace.SWITCH, tracedEc, to, sc == idle ? 0 : sc.prio());
        tracedEc = to;
    }

    /** @return the serial number of an SC's EC, 0 for none or the idle SC */
    private long serial(final Sc sc)
    {
        return sc == null || sc == idle ? 0 : sc.ec().ecSerial();
    }

    /** @return the cycles halted up to now, the halt in progress included */
    long idleNow()
    {
        final long halted = haltedCycles;
        return haltedSince < 0 ? halted : halted + Math.max(0, kernel.engine().now() - haltedSince);
    }

    /** Charges the time since the last look to the running SC. */
    void account(final long now)
    {
        final Sc c = current;
        if (c != null)
        {
            final long elapsed = now - since;
            c.used += elapsed;
            c.left = Math.max(0, c.left - elapsed);
            since = now;
        }
    }

    /** The kernel's interrupt entry, out of line so that the loop stays small for the JIT. */
    private void takeInterrupts(final SimCpu s)
    {
        interrupt = false;
        interruptEntries++;
        trace.record(NovaTrace.INTERRUPT, 0, 0, 0);
        s.advance(costs.hypercall());
        kernel.platform().interrupts().handle(cpu, this);
        trace.record(NovaTrace.INTERRUPT_DONE, 0, 0, 0);
    }

    /** The platform's interrupt controller has something for this CPU: take it at the next interrupt point. */
    @Override
    public void interruptPending()
    {
        final int here = kernel.engine().currentCpu();
        if (here >= 0 && here != cpu)
        {
            // From another CPU's run: through an event at the sender's time, so that the target does not
            // take it earlier than it was sent (the engine's skew bound, decision S4).
            kernel.engine().arm(irq, kernel.engine().now());
            return;
        }
        raiseInterrupt();
    }

    private void raiseInterrupt()
    {
        interrupt = true;
        sim.wake();
    }

    @Override
    public boolean interrupt(final int slot)
    {
        interrupts++;
        final Sm sm = kernel.routes().sm(slot);
        if (sm == null)
        {
            return false;
        }
        final KernelObserver o = kernel.observer();
        if (o != null)
        {
            o.interrupt(cpu, sm, sm.firstWaiter());
        }
        sm.up();
        if (trace.enabled())
        {
            trace.record(NovaTrace.SM_UP, -1, sm.isd(), sm.counter());
        }
        return true;
    }

    @Override
    public void ipiArrived(final Ipi kind)
    {
        trace.record(NovaTrace.IPI_ARRIVED, kind.ordinal(), 0, 0);
        if (kind == Ipi.RRQ)
        {
            drainReleases();
        }
        // RKE: entering the kernel was the point; a pending recall goes out before the EC runs again.
    }

    /**
     * Makes a new or released SC of this CPU ready: at once if this CPU or no CPU runs, else through the
     * release queue and an RRQ IPI.
     */
    void ready(final Sc sc)
    {
        final int here = kernel.engine().currentCpu();
        if (here < 0 || here == cpu)
        {
            makeReady(sc);
        }
        else
        {
            release(sc);
        }
    }

    /** Makes an SC of this CPU ready now and wakes the CPU if it halted. */
    void makeReady(final Sc sc)
    {
        ready.enqueue(sc);
        sim.wake();
    }

    /** Releases an SC to this CPU from another one: it becomes ready when the RRQ IPI arrives. */
    private void release(final Sc sc)
    {
        sc.nextReleased = null;
        if (releaseHead == null)
        {
            releaseHead = sc;
            ipi(Ipi.RRQ); // the first release sends the IPI; later ones join the list it drains
        }
        else
        {
            releaseTail.nextReleased = sc;
        }
        releaseTail = sc;
    }

    /**
     * @param ec an EC of this CPU
     * @return whether it is the EC this CPU runs: the end of its current SC's call and helping chain
     */
    boolean runs(final Ec ec)
    {
        return current != null && current != idle && current.ec().running() == ec && ec.isRunnable();
    }

    /** Sends an IPI to this CPU, through the platform if it can. */
    void ipi(final Ipi kind)
    {
        trace.record(NovaTrace.IPI, cpu, kind.ordinal(), 0);
        if (!kernel.platform().interrupts().sendIpi(cpu, kind) && kind == Ipi.RRQ)
        {
            kernel.engine().arm(rrq, kernel.engine().now() + costs.ipi());
        }
    }

    /**
     * Starts a timeout on this CPU.
     *
     * @param ec an EC of this CPU, blocked in a down
     * @param deadline its absolute deadline
     */
    void addTimeout(final Ec ec, final long deadline)
    {
        if (timeouts.add(ec, deadline))
        {
            program(deadline);
        }
    }

    /** Ends a timeout; the timer may still fire for it and then finds nothing due, as NOVA's does. */
    void removeTimeout(final Ec ec)
    {
        timeouts.remove(ec);
    }

    private void program(final long deadline)
    {
        final long at = Math.max(deadline, kernel.engine().now());
        if (!kernel.platform().timer().arm(cpu, at))
        {
            kernel.engine().arm(timer, at);
        }
    }

    /**
     * The CPU's timer fired: every timeout that is due expires, in deadline order, and the timer is programmed again.
     */
    @Override
    public void timerExpired()
    {
        final long now = kernel.engine().now();
        Ec ec;
        int expired = 0;
        while ((ec = timeouts.expired(now)) != null)
        {
            expired++;
            if (ec.state == Ec.BLOCKED)
            {
                ec.blockedOn.timeout(ec);
            }
        }
        trace.record(NovaTrace.TIMER, expired, timeouts.size(), 0);
        if (timeouts.size() > 0)
        {
            program(timeouts.earliest());
        }
    }

    /** The RRQ IPI arrived: the released SCs become ready in the order they were released. */
    private void drainReleases()
    {
        Sc sc = releaseHead;
        releaseHead = null;
        releaseTail = null;
        while (sc != null)
        {
            final Sc next = sc.nextReleased;
            sc.nextReleased = null;
            makeReady(sc);
            sc = next;
        }
    }

    /**
     * An EC with F used the FPU: if another EC's state is in it, the kernel switches it (NOVA's #NM path,
     * absorbed: no event) and charges the switch.
     *
     * @param ec the EC
     */
    void useFpu(final Ec ec)
    {
        if (fpuOwner != ec)
        {
            fpuOwner = ec;
            ec.charge(costs.fpuSwitch());
        }
    }
}
