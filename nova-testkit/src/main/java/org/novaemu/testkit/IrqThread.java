// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import java.util.function.Consumer;

import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.User;

/**
 * An interrupt thread made by {@link RootScript#interruptThread} or {@link RootScript#msix}: a global EC with an
 * SC on its CPU, started through its PD's STARTUP portal ({@link Startup}), that loops in ctrl_sm down on its
 * interrupt semaphore, as NOVA drivers take interrupts. The handle counts its wake-ups and remembers the last one's
 * CPU and STC, so that tests and fixtures need no code of their own in the thread.
 */
public final class IrqThread
{
    private final Kernel kernel;
    private final long ecSel;
    private final long smSel;
    private final long isd;
    private final int cpu;
    private final Consumer<User> handler;
    private final long startupSel;
    private boolean started;
    private long wakes;
    private long errors;
    private long lastWake = -1;
    private int lastCpu = -1;
    private Call attach;

    IrqThread(final Kernel kernel, final long ecSel, final long smSel, final long isd, final int cpu,
              final Consumer<User> handler, final long startupSel)
    {
        this.startupSel = startupSel;
        this.kernel = kernel;
        this.ecSel = ecSel;
        this.smSel = smSel;
        this.isd = isd;
        this.cpu = cpu;
        this.handler = handler;
    }

    /** @return the EC's selector in the root's object space */
    public long ecSelector()
    {
        return ecSel;
    }

    /**
     * @return the selector, in the root's object space, of the local EC that replied to its STARTUP event: the
     *         root's on its CPU, or its own PD's ({@link Startup})
     */
    public long startupEcSelector()
    {
        return startupSel;
    }

    /** @return the semaphore's selector in the thread's own PD */
    public long smSelector()
    {
        return smSel;
    }

    /** @return the ISD its semaphore was created with (x86 segment:GSI; Arm the INTID), or -1 if not known */
    public long isd()
    {
        return isd;
    }

    /** @return the CPU it was created on */
    public int cpu()
    {
        return cpu;
    }

    /** The kernel's EC, once created (the kit's own tests; a user names it by selector or serial). */
    Ec ec()
    {
        final Object o = kernel.root().obj().object(ecSel);
        if (!(o instanceof Ec))
        {
            throw new IllegalStateException("the interrupt thread at selector 0x" + Long.toHexString(ecSel)
                + " has not been created yet");
        }
        return (Ec) o;
    }

    /** @return its EC's serial number ({@link Ec#ecSerial()}), once created */
    public long ecSerial()
    {
        return ec().ecSerial();
    }

    /** @return the assign_int call that bound its interrupt, or null if the thread was given a semaphore */
    public Call attach()
    {
        return attach;
    }

    /** @return whether the thread has run (STARTUP handled, first down made) */
    public boolean started()
    {
        return started;
    }

    /** @return how many downs returned SUCCESS: interrupts it took */
    public long wakes()
    {
        return wakes;
    }

    /** @return downs that returned another status */
    public long errors()
    {
        return errors;
    }

    /** @return the STC of its last wake-up, or -1 */
    public long lastWake()
    {
        return lastWake;
    }

    /** @return the CPU of its last wake-up, or -1 */
    public int lastCpu()
    {
        return lastCpu;
    }

    void attach(final Call c)
    {
        attach = c;
    }

    void start()
    {
        started = true;
    }

    void woke(final User u)
    {
        wakes++;
        lastWake = u.stc();
        lastCpu = u.cpu();
        if (handler != null)
        {
            handler.accept(u);
        }
    }

    void failed()
    {
        errors++;
    }

    @Override
    public String toString()
    {
        return "interrupt thread (EC selector 0x" + Long.toHexString(ecSel) + ", CPU " + cpu + ", ISD 0x"
            + Long.toHexString(isd) + ")";
    }
}
