// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import org.novaemu.arm.ArmMachine;
import org.novaemu.arm.nova.ArchState;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Program;
import org.novaemu.kernel.RootImage;
import org.novaemu.kernel.User;

/**
 * The README's Arm example and a scenario across every PE of an {@link ArmMachine}: the root task binds, for
 * each PE, an SPI (edge) and an ESPI (level) to it with a driver thread each on that PE; wired devices raise
 * them; an edge wakes its driver once, a level wakes it again after each down while the line stays high (the
 * down deactivates it, and the GIC takes it again) and no more once the line is low.
 */
public final class ArmScenario implements Program
{
    private static final long PARK = 1;
    private static final long HANDLER = 0x100;  // + CPU: answers its threads' STARTUP
    private static final long SM = 0x200;       // + 2 CPU (edge SPI), + 2 CPU + 1 (level ESPI)
    private static final long EC = 0x400;       // + semaphore
    private static final long SC = 0x600;       // + semaphore
    private static final long EVT = 0x1000;     // + 128 CPU: STARTUP at + 64 (SEL_HST/ARCH)
    private static final long STARTUP = 0x100;  // labels from the image's entry
    private static final long LOOP = 0x200;

    private final int cpus;
    /** Per semaphore: how often its thread woke from down, and on which CPU it last did. */
    private final long[] wakes;
    private final int[] wokeOn;
    private int step;
    private String failure;

    /**
     * What the drivers saw.
     *
     * @param wakes per PE c: wakes of its SPI's thread at index 2c, of its ESPI's at 2c + 1, each negated if
     *              the thread last woke on another PE
     * @param failure the first set-up hypercall that failed, or null
     */
    public record Result(long[] wakes, String failure)
    {
    }

    /** @param cpus the machine's PEs */
    private ArmScenario(final int cpus)
    {
        this.cpus = cpus;
        this.wakes = new long[2 * cpus];
        this.wokeOn = new int[2 * cpus];
    }

    /**
     * @param c a PE
     * @return the INTID of its edge-triggered SPI
     */
    public static int spi(final int c)
    {
        return 32 + c;
    }

    /**
     * @param c a PE
     * @return the INTID of its level-triggered ESPI
     */
    public static int espi(final int c)
    {
        return 4096 + c;
    }

    /**
     * Runs the scenario: every PE's SPI pulses at cycle 200,000; every ESPI goes high at 300,000 and low at
     * 400,000.
     *
     * @param cpus PEs, 1 to 32
     * @return what the drivers saw
     */
    public static Result run(final int cpus)
    {
        final ArmMachine m = ArmMachine.builder().cpus(cpus).espis(32).build();
        final ArmScenario root = new ArmScenario(cpus);
        m.kernel().start(Program.relocated(RootImage.ENTRY, root));
        m.engine().runFor(150_000);
        for (int c = 0; c < cpus; c++)
        {
            final int pe = c;
            m.engine().post(200_000, arg -> m.spi(spi(pe)).pulse(), 0);
            m.engine().post(300_000, arg -> m.spi(espi(pe)).raise(), 0);
            m.engine().post(400_000, arg -> m.spi(espi(pe)).lower(), 0);
        }
        m.engine().runUntil(1_000_000);
        final long[] out = new long[2 * cpus];
        for (int s = 0; s < out.length; s++)
        {
            out[s] = root.wokeOn[s] == s / 2 ? root.wakes[s] : -root.wakes[s];
        }
        return new Result(out, root.failure);
    }

    /**
     * Prints what each PE's drivers saw.
     *
     * @param args ignored
     */
    public static void main(final String[] args)
    {
        final Result r = run(4);
        final long[] w = r.wakes();
        if (r.failure() != null)
        {
            System.out.println(r.failure());
        }
        for (int c = 0; c < 4; c++)
        {
            System.out.printf("PE %d: SPI %d (edge) woke its driver %d times, ESPI %d (level, high 100,000 cycles)"
                + " %d times%n", c, spi(c), w[2 * c], espi(c), w[2 * c + 1]);
        }
    }

    @Override
    public int step(final User u)
    {
        final int ip = (int) u.ip();
        if (ip == STARTUP)
        {
            u.setUtcb(ArchState.ELR_WORD, RootImage.ENTRY + LOOP); // a driver thread starts at its loop
            Calls.reply(u, ArchState.EL2_ELR_SPSR);
            return HYPERCALL;
        }
        if (ip == LOOP || ip == LOOP + 1)
        {
            final long sm = u.gpr(31); // SP_EL0: the thread's semaphore, the root's choice at create_ec
            if (ip == LOOP + 1)
            {
                wakes[(int) (sm - SM)]++;
                wokeOn[(int) (sm - SM)] = u.cpu();
                u.charge(1_000); // the driver's work: the level line is still high when it downs again
            }
            Calls.down(u, sm, false, 0);
            u.setIp(LOOP + 1);
            return HYPERCALL;
        }
        return root(u);
    }

    /** The root's set-up, one hypercall a step, then it parks. */
    private int root(final User u)
    {
        final int n = step++;
        final int perCpu = 3 + 2 * 4;
        if (n > 0 && Calls.status(u) != org.novaemu.kernel.Status.SUCCESS && failure == null)
        {
            failure = "set-up step " + (n - 1) + ": " + Calls.status(u);
        }
        if (n == 0)
        {
            Calls.createSm(u, PARK, Kernel.ROOT_PD, 0);
        }
        else if (n - 1 < cpus * perCpu)
        {
            final int c = (n - 1) / perCpu;
            final int k = (n - 1) % perCpu;
            final long evt = EVT + 128L * c;
            switch (k)
            {
                case 0 -> Calls.createEc(u, HANDLER + c, Kernel.ROOT_PD, false, Kernel.ROOT_IMAGE_SIZE + 4096L * c,
                    0, c, 0);
                case 1 -> Calls.createPt(u, evt + 64, Kernel.ROOT_PD, HANDLER + c, RootImage.ENTRY + STARTUP);
                case 2 -> Calls.ctrlPt(u, evt + 64, c, ArchState.EL2_ELR_SPSR);
                default -> {
                    final int level = (k - 3) / 4; // 0: the SPI, 1: the ESPI
                    final long sm = SM + 2L * c + level;
                    switch ((k - 3) % 4)
                    {
                        case 0 -> Calls.createInterruptSm(u, sm, Kernel.ROOT_PD, level == 0 ? spi(c) : espi(c));
                        case 1 -> Calls.assignInt(u, sm, 0, true, c, 0, level == 0 ? 0 : 2); // T: level
                        case 2 -> Calls.createEc(u, EC + sm - SM, Kernel.ROOT_PD, true,
                            Kernel.ROOT_IMAGE_SIZE + 4096L * (cpus + sm - SM), evt, c, sm);
                        default -> Calls.createSc(u, SC + sm - SM, Kernel.ROOT_PD, EC + sm - SM, 1, 100, 0);
                    }
                }
            }
        }
        else
        {
            Calls.down(u, PARK, false, 0);
        }
        u.setIp(0);
        return HYPERCALL;
    }
}
