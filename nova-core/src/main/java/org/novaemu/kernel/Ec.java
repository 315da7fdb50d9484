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
        super(Kind.EC);
        this.kernel = kernel;
        this.pd = pd;
        this.cpu = cpu;
        this.abi = kernel.platform().abi();
        this.global = global;
        this.gpr = new long[abi.gprs()];
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
