// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

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

    /** Pending-event bit: STARTUP, raised when the first SC is bound to a global EC. */
    static final int EVENT_STARTUP = 1;
    /** Pending-event bit: RECALL, raised by ctrl_ec. */
    static final int EVENT_RECALL = 2;

    /** Words in a UTCB. */
    public static final int UTCB_WORDS = 512;

    private final Kernel kernel;
    private final Pd pd;
    private final int cpu;
    private final Abi abi;
    private final boolean global;
    private final long[] gpr;
    private final long[] utcb = new long[UTCB_WORDS];
    private long ip;

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
    int deadlineTimer = -1;
    Sc parked;

    /**
     * @param kernel the kernel
     * @param pd the PD the EC runs in
     * @param cpu the CPU it is bound to
     * @param global whether it is a global thread (runs on SCs) rather than a local one (runs on portal calls)
     */
    Ec(final Kernel kernel, final Pd pd, final int cpu, final boolean global)
    {
        this(kernel, pd, cpu, global, 0, 0);
    }

    /**
     * @param kernel the kernel
     * @param pd the PD the EC runs in
     * @param cpu the CPU it is bound to
     * @param global whether it is a global thread
     * @param evtBase its event selector base
     * @param sp its initial stack pointer
     */
    Ec(final Kernel kernel, final Pd pd, final int cpu, final boolean global, final long evtBase, final long sp)
    {
        super(Kind.EC);
        this.kernel = kernel;
        this.pd = pd;
        this.cpu = cpu;
        this.abi = kernel.platform().abi();
        this.global = global;
        this.gpr = new long[abi.gprs()];
        this.evt = evtBase;
        this.state = global ? RUNNABLE : WAITING;
        this.gpr[abi.sp()] = sp;
    }

    /**
     * The EC its SC actually runs: following the chain of calls (donation) and of helping to its end.
     * A helping EC whose callee has become free is the end: it retries its call.
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
        return utcb[word];
    }

    @Override
    public void setUtcb(final int word, final long value)
    {
        utcb[word] = value;
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
