// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import org.HdrHistogram.Histogram;
import org.novaemu.kernel.Abi;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Program;
import org.novaemu.kernel.Status;
import org.novaemu.kernel.User;

/**
 * The driver's code: one interrupt thread per vector, as NOVA drivers are written. A thread starts at
 * {@link #ENTRY} with its semaphore's selector in its stack pointer (the root task's choice at create_ec),
 * reports that it runs by an up of {@link #STARTED}, then loops: down the semaphore, read the time its device wrote
 * back for the vector, account the latency,
 * do the handler's work, down again. The histogram and counters stand for the statistics page a real
 * driver would keep; recording into them allocates nothing.
 */
final class DriverThreads implements Program
{
    /** Where the code is mapped in the driver's host space. */
    static final long ENTRY = 0x40_0000L;
    /** Where the devices' write-back area is mapped in the driver's host space: 8 bytes per vector. */
    static final long WRITEBACK = 0x800_0000L;
    /** The semaphore every thread ups once when it has started (the root task waits for all). */
    static final long STARTED = 0x30000;
    /** Cycles of handler work per interrupt. */
    static final long HANDLER_CYCLES = 200;

    private static final long LOOP = ENTRY + 1;
    private final int sp;
    private final int cpus;
    private final Histogram latency = new Histogram(1, 1L << 40, 3);
    private final long[] perCpu;
    private final long[] perVector;
    private final long[] worst;
    private long delivered;
    private long wrongCpu;
    private long errors;
    private Runnable progress = () -> { };

    /**
     * @param abi the target's ABI (which register is the stack pointer)
     * @param cpus the machine's CPUs; vector g's thread must run on CPU g mod cpus
     * @param vectors the vectors in all
     */
    DriverThreads(final Abi abi, final int cpus, final int vectors)
    {
        this.sp = abi.sp();
        this.cpus = cpus;
        this.perCpu = new long[cpus];
        this.perVector = new long[vectors];
        this.worst = new long[vectors];
    }

    @Override
    public int step(final User u)
    {
        final long sm = u.gpr(sp);
        if (u.ip() == ENTRY)
        {
            Calls.up(u, STARTED);
            u.setIp(ENTRY + 2);
            return HYPERCALL;
        }
        if (u.ip() == LOOP)
        {
            if (Calls.status(u) == Status.SUCCESS)
            {
                final long g = sm; // the root task put vector g's semaphore at selector g of the driver
                final long raisedAt = u.read(WRITEBACK + 8 * g, 8);
                final long cycles = Math.max(1, u.stc() - raisedAt);
                latency.recordValue(cycles);
                worst[(int) g] = Math.max(worst[(int) g], cycles);
                perVector[(int) g]++;
                if ((++delivered & 1023) == 0)
                {
                    progress.run();
                }
                perCpu[u.cpu()]++;
                if (g % cpus != u.cpu())
                {
                    wrongCpu++;
                }
                u.charge(HANDLER_CYCLES);
            }
            else
            {
                errors++;
            }
        }
        Calls.down(u, sm, false, 0);
        u.setIp(LOOP);
        return HYPERCALL;
    }

    /**
     * @param every1024 told after every 1,024th delivery, for the demo's progress line (reads, changes nothing)
     */
    void onProgress(final Runnable every1024)
    {
        this.progress = every1024;
    }

    /** @return latencies from the device's raise to the thread running, in cycles */
    Histogram latency()
    {
        return latency;
    }

    /** @return interrupts the threads took */
    long delivered()
    {
        return delivered;
    }

    /** @return interrupts taken on another CPU than the one the root task assigned */
    long wrongCpu()
    {
        return wrongCpu;
    }

    /** @return downs that did not succeed */
    long errors()
    {
        return errors;
    }

    /**
     * @param g a vector
     * @return interrupts its thread took
     */
    long deliveredTo(final int g)
    {
        return perVector[g];
    }

    /**
     * @param g a vector
     * @return its longest latency in cycles
     */
    long worstLatency(final int g)
    {
        return worst[g];
    }

    /**
     * @param cpu a CPU
     * @return interrupts its threads took
     */
    long delivered(final int cpu)
    {
        return perCpu[cpu];
    }
}
