// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

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
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] utcb;
    private final long utcbFrame;
    private final long utcbAddress;
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
        this.utcbFrame = utcbFrame;
        this.utcbAddress = utcbAddress;
        this.utcb = kernel.memory().page(utcbFrame);
        pd.hst().update(utcbAddress >>> 12, 0, SpaceMem.entry(utcbFrame >>> 12, Perm.MEM_R | Perm.MEM_W,
            kernel.platform().kernelPageAttributes(), true));
    }

    /** @return the physical address of the UTCB */
    public long utcbFrame()
    {
        return utcbFrame;
    }

    /** @return where the UTCB is mapped in the PD's host space */
    public long utcbAddress()
    {
        return utcbAddress;
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
        return (long) WORD.get(utcb, checkWord(word) << 3);
    }

    @Override
    public void setUtcb(final int word, final long value)
    {
        WORD.set(utcb, checkWord(word) << 3, value);
    }

    private static int checkWord(final int word)
    {
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
