// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import org.novaemu.bus.AccessRule;
import org.novaemu.bus.Bus;
import org.novaemu.bus.RequesterId;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.sim.Clock;
import org.novaemu.sim.Engine;
import org.novaemu.sim.SimCpu;

/**
 * The main demo: a 256-CPU machine in which a 4,096-queue device delivers packets by DMA and
 * interrupts by MSI, and each CPU halts until an interrupt wakes it, handles every pending vector, and
 * halts again. It runs the scenario twice and shows that both runs leave the same trace digest.
 */
public final class Demo
{
    /** Cycles a CPU spends on one packet. */
    static final long HANDLER_CYCLES = 400;

    private Demo()
    {
    }

    /**
     * What one run measured.
     *
     * @param simulatedCycles simulated time at the end
     * @param events events fired
     * @param packets packets the device sent
     * @param interrupts interrupts the CPUs took (fewer than packets when they coalesce)
     * @param handled packets the CPUs handled
     * @param checksum sum of the first byte of every packet the CPUs read
     * @param digest the trace digest
     * @param traceRecords trace records written
     */
    record Result(long simulatedCycles, long events, long packets, long interrupts, long handled, long checksum,
                  long digest, long traceRecords)
    {
    }

    /**
     * Builds the machine and runs it.
     *
     * @param cpus the number of CPUs
     * @param queues the number of device queues
     * @param cycles how long to run
     * @param seed the seed of the device's packet timing
     * @return what the run measured
     */
    static Result run(final int cpus, final int queues, final long cycles, final long seed)
    {
        final Engine engine = Engine.builder().clock(Clock.ofMhz(2_000)).quantum(2_000).tracing(true).build();
        final PhysicalMemory memory = new PhysicalMemory();
        final Bus bus = new Bus(memory, engine.trace());
        bus.mapRam("ram", 0, 1L << 30);
        final MsiWindow window = new MsiWindow(engine, cpus);
        bus.mapMmio("msi", MsiWindow.BASE, MsiWindow.SIZE, window, AccessRule.DWORD);

        final long ringBase = 0x100_0000L;
        final long statusBase = 0x10_0000L;
        final long[] handled = new long[1];
        final long[] interrupts = new long[1];
        final long[] checksum = new long[1];
        final long[] consumed = new long[queues];
        for (int i = 0; i < cpus; i++)
        {
            engine.addCpu((SimCpu cpu) -> {
                int vector;
                while (cpu.time() < cpu.limit() && (vector = window.take(cpu.index())) >= 0)
                {
                    // The queue this vector stands for (see PacketSource): drain its ring up to the status count.
                    final int q = (vector - 32) * cpus + cpu.index();
                    interrupts[0]++;
                    final long produced = bus.read(statusBase + 8L * q, 8);
                    for (long n = consumed[q]; n < produced; n++)
                    {
                        checksum[0] += bus.read(PacketSource.ring(ringBase, q) + (n % PacketSource.RING)
                            * PacketSource.PACKET, 1);
                        handled[0]++;
                        cpu.advance(HANDLER_CYCLES);
                    }
                    consumed[q] = produced;
                    cpu.advance(HANDLER_CYCLES / 4); // EOI and return from the handler
                }
                if (cpu.time() < cpu.limit())
                {
                    cpu.block(); // HLT: nothing pending
                }
            }, false);
        }
        final PacketSource nic = new PacketSource(engine, bus, RequesterId.pci(0, 1, 0, 0), ringBase, statusBase,
            queues, 200_000, seed);
        engine.runUntil(cycles);
        return new Result(engine.now(), engine.firedEvents(), nic.sent(), interrupts[0], handled[0], checksum[0],
            engine.trace().digest(), engine.trace().written());
    }

    /**
     * Runs the demo.
     *
     * @param args ignored
     */
    public static void main(final String[] args)
    {
        final int cpus = 256;
        final int queues = 4_096;
        final long cycles = 20_000_000; // 10 ms at 2 GHz
        System.out.printf("NOVA emulator demo: %d CPUs, a %d-queue device, %d ms simulated%n",
            cpus, queues, cycles / 2_000_000);
        Result first = null;
        for (int round = 1; round <= 2; round++)
        {
            final long t0 = System.nanoTime(); // host time, for the report only
            final Result r = run(cpus, queues, cycles, 2026);
            final double hostMs = (System.nanoTime() - t0) / 1e6;
            System.out.printf("run %d: %,d packets by DMA + MSI, %,d handled in %,d interrupts, %,d events, "
                    + "%,d trace records, digest %016x (%.0f ms host)%n",
                round, r.packets(), r.handled(), r.interrupts(), r.events(), r.traceRecords(), r.digest(), hostMs);
            if (first == null)
            {
                first = r;
            }
            else
            {
                System.out.println(first.equals(r) ? "deterministic: both runs match to the cycle"
                    : "NOT deterministic: the runs differ");
            }
        }
    }
}
