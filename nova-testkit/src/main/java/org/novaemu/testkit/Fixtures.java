// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import org.novaemu.sim.Engine;
import org.novaemu.util.Require;

/**
 * Ready-made machines for benchmarks and tests in a user's own project (a JMH {@code @Setup} builds one, the
 * {@code @Benchmark} method calls {@link Msi#fire()}).
 */
public final class Fixtures
{
    /** Cycles the set-up may take before it fails. */
    static final long SETUP_BUDGET = 200_000_000L;
    /** Cycles one interrupt may take to reach its thread before {@link Msi#fire} fails. */
    static final long FIRE_BUDGET = 10_000_000L;

    private Fixtures()
    {
    }

    /**
     * Builds and sets up a machine with {@code devices} multi-queue devices of {@code vectors} MSI-X vectors each,
     * every vector bound to an interrupt thread of one driver PD; vector g (counted across devices) goes to CPU
     * g mod cpus. When it returns every thread waits on its semaphore.
     *
     * @param arch the architecture
     * @param cpus CPUs
     * @param devices devices, 1 to 32
     * @param vectors vectors per device
     * @return the fixture
     * @throws AssertionError if the set-up fails (naming the call and status)
     */
    public static Msi msi(final Arch arch, final int cpus, final int devices, final int vectors)
    {
        Require.inRange("devices", devices, 1, 32);
        final TestBed bed = TestBed.of(arch, cpus, devices, vectors);
        final RootScript root = bed.root();
        final DriverPd driver = root.driverPd();
        final IrqThread[] threads = new IrqThread[devices * vectors];
        for (int d = 0; d < devices; d++)
        {
            for (int v = 0; v < vectors; v++)
            {
                final int g = d * vectors + v;
                threads[g] = root.msix(driver, bed.device(d), v, g % cpus, null);
            }
        }
        root.run(SETUP_BUDGET);
        return new Msi(bed, threads, vectors);
    }

    /** A machine whose devices' vectors are wired to interrupt threads: {@link #fire} raises one and waits. */
    public static final class Msi
    {
        private final TestBed bed;
        private final IrqThread[] threads;
        private final int vectors;
        private int next;

        Msi(final TestBed bed, final IrqThread[] threads, final int vectors)
        {
            this.bed = bed;
            this.threads = threads;
            this.vectors = vectors;
        }

        /** @return the test bed */
        public TestBed bed()
        {
            return bed;
        }

        /**
         * @param device a device
         * @param vector one of its vectors
         * @return the thread its interrupt wakes
         */
        public IrqThread thread(final int device, final int vector)
        {
            return threads[device * vectors + vector];
        }

        /**
         * Raises the next vector in turn (round robin over all devices' vectors) and runs until its thread woke.
         *
         * @return cycles from the raise to the thread running
         */
        public long fire()
        {
            final int g = next;
            next = (next + 1) % threads.length;
            return fire(g / vectors, g % vectors);
        }

        /**
         * Raises a device's vector and runs until its thread woke.
         *
         * @param device the device
         * @param vector the vector
         * @return cycles from the raise to the thread running
         * @throws AssertionError if the thread did not wake within 10 million cycles
         */
        public long fire(final int device, final int vector)
        {
            // Runs.until's loop without its condition object and message: a benchmark measures this path, and
            // it must not allocate after warm-up (FixturesTest; docs/decisions.md U13)
            final IrqThread t = thread(device, vector);
            final long before = t.wakes();
            final Engine e = bed.machine().engine();
            final long raisedAt = e.now();
            final long end = raisedAt + FIRE_BUDGET;
            bed.device(device).raise(vector);
            while (t.wakes() == before)
            {
                if (e.now() >= end)
                {
                    throw new AssertionError("device " + device + " vector " + vector + " waking " + t
                        + " did not happen within " + FIRE_BUDGET + " cycles");
                }
                e.runUntil(Math.min(end, e.now() + Runs.SLICE));
            }
            return t.lastWake() - raisedAt;
        }
    }
}
