// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import java.util.Locale;

import org.HdrHistogram.Histogram;
import org.novaemu.util.Require;

/**
 * The main demo: NOVA on an x86_64 machine with VT-d, a driver PD receiving the MSIs of hundreds of
 * devices through create_dc, create_sm with I=1, assign_dev and assign_int. The root task sets everything
 * up through hypercalls alone; the devices then raise interrupts for a while, and the summary states how
 * many were raised, delivered and lost, and their latency from the device to the driver's thread.
 *
 * <pre>
 * options: --cpus N (32)  --devices N (256)  --vectors N per device (16)  --period CYCLES (40000)
 *          --ms SIMULATED_MS (10)  --seed N (2026)  --segments N (1; each with its VT-d unit and GSI space)
 * </pre>
 */
public final class Demo
{
    private Demo()
    {
    }

    /**
     * @param args options, see the class comment
     */
    public static void main(final String[] args)
    {
        final MsiScenario.Config c;
        try
        {
            c = parse(args);
        }
        catch (final IllegalArgumentException e)
        {
            System.err.println("demo: " + e.getMessage());
            System.exit(2);
            return;
        }
        final long total = (long) c.devices() * c.vectors();
        System.out.printf(Locale.ROOT, "NOVA x86_64 demo: %d CPUs at %d MHz, %,d devices x %d MSI-X vectors = %,d "
                + "interrupt semaphores (%,d per CPU), %d PCI segment%s with VT-d interrupt and DMA remapping%n",
            c.cpus(), MsiScenario.CLOCK.hz() / 1_000_000, c.devices(), c.vectors(), total,
            (total + c.cpus() - 1) / c.cpus(), c.segments(), c.segments() == 1 ? "" : "s");
        final long t0 = System.nanoTime(); // host time, for the report only
        final MsiScenario.Result r = MsiScenario.run(c, false);
        final double hostS = (System.nanoTime() - t0) / 1e9;
        if (r.failure() != null)
        {
            System.out.println("set-up failed: " + r.failure());
            System.exit(1);
        }
        System.out.printf(Locale.ROOT, "set-up by the root task: %,d hypercalls, %.3f ms simulated%n",
            r.hypercalls(), ns(r.setupCycles()) / 1e6);
        System.out.printf(Locale.ROOT, "run: %d ms simulated, then the devices stop and the machine drains%n",
            c.duration() / (MsiScenario.CLOCK.hz() / 1000));
        System.out.printf(Locale.ROOT, "interrupts raised %,d, delivered %,d, lost %,d (coalesced in an IRR or never "
                + "delivered); on a wrong CPU %d, spurious %d, VT-d faults %d; per CPU %,d to %,d%n",
            r.raised(), r.delivered(), r.lost(), r.wrongCpu(), r.spurious(), r.vtdFaults(), r.minPerCpu(),
            r.maxPerCpu());
        final Histogram h = r.latency();
        final double[] ps = {50, 90, 99, 99.9, 100};
        final StringBuilder cycles = new StringBuilder("latency, device raise to driver thread, cycles:");
        final StringBuilder nanos = new StringBuilder("                                          ns:");
        for (final double p : ps)
        {
            final long v = p == 100 ? h.getMaxValue() : h.getValueAtPercentile(p);
            final String label = p == 100 ? "max" : "p" + (p == Math.rint(p) ? String.valueOf((int) p)
                : String.valueOf(p));
            cycles.append(String.format(Locale.ROOT, " %s %,d", label, v));
            nanos.append(String.format(Locale.ROOT, " %s %,.1f", label, ns(v)));
        }
        System.out.println(cycles);
        System.out.println(nanos);
        System.out.printf(Locale.ROOT, "host: %.2f s, %,.0f delivered interrupts per host second%n", hostS,
            r.delivered() / hostS);
        if (r.lost() != 0 || r.wrongCpu() != 0)
        {
            System.exit(1);
        }
    }

    private static double ns(final long cycles)
    {
        return cycles * 1e9 / MsiScenario.CLOCK.hz();
    }

    /** An int option: values beyond int stay out of range, so the range check names them. */
    private static int clamp(final long value)
    {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    /** Parses {@code --name value} pairs; an unknown or malformed option names itself. */
    static MsiScenario.Config parse(final String[] args)
    {
        int cpus = 32;
        int devices = 256;
        int vectors = 16;
        long period = 40_000;
        long ms = 10;
        long seed = 2026;
        int segments = 1;
        for (int i = 0; i < args.length; i++)
        {
            final String name = args[i];
            if (i + 1 == args.length)
            {
                throw new IllegalArgumentException(name + " needs a value");
            }
            final long value;
            try
            {
                value = Long.parseLong(args[++i]);
            }
            catch (final NumberFormatException e)
            {
                throw new IllegalArgumentException(name + " needs a number, was " + args[i]);
            }
            switch (name)
            {
                case "--cpus" -> cpus = clamp(value);
                case "--devices" -> devices = clamp(value);
                case "--vectors" -> vectors = clamp(value);
                case "--period" -> period = value;
                case "--ms" -> ms = value;
                case "--seed" -> seed = value;
                case "--segments" -> segments = clamp(value);
                default -> throw new IllegalArgumentException("unknown option " + name
                    + " (known: --cpus --devices --vectors --period --ms --seed --segments)");
            }
        }
        Require.inRange("ms", ms, 1, 10_000);
        return new MsiScenario.Config(cpus, devices, vectors, period, ms * (MsiScenario.CLOCK.hz() / 1000), seed,
            segments);
    }
}
