// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.novaemu.arm.ArmMachine;
import org.novaemu.arm.gic.Intid;
import org.novaemu.bus.RequesterId;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.Sm;
import org.novaemu.kernel.Status;
import org.novaemu.kernel.User;

/**
 * NOVA's GITS driver at its limits (A180, A184): 4,096 devices, each with a DC (its ITT and MAPD) and 14 LPIs, so
 * all 57,344 LPIs of 16 INTID bits are attached through the ITS, spread over 256 PEs; one MSI of every event reaches
 * the driver thread of its LPI's CPU exactly once.
 */
class GitsScaleTest
{
    private static final int CPUS = 256;
    private static final int DEVICES = 4096;
    private static final int EVENTS = 14;
    private static final int LPIS = DEVICES * EVENTS;
    private static final int PER_CPU = LPIS / CPUS;
    private static final long DC = 0x1000;
    private static final long HANDLER = 0x2100;
    private static final long DRIVER = 0x2200;
    private static final long SC = 0x2300;
    private static final long IDLE = 0x2400;
    private static final long EVT = 0x4000;
    private static final long SM = 0x2_0000;
    /** Where the ECs' UTCBs go in the root's host space: above its image's data. */
    private static final long UTCBS = 0x8000_0000L;
    private static final long STARTUP = 64;
    private static final int SETUP = DEVICES + 2 * LPIS + 6 * CPUS + 1;

    private final List<String> failed = new ArrayList<>();
    private final int[] next = new int[CPUS];
    private final int[] taken = new int[CPUS];
    private int step;

    /** The i-th of the root's setup calls: the DCs, the semaphores and their attaches, then the drivers. */
    private void setup(final User u, final int i)
    {
        if (i < DEVICES)
        {
            Calls.createDc(u, DC + i, Kernel.ROOT_PD, (long) i << 32 | i, 0, ArmMachine.GITS_BASE);
        }
        else if (i < DEVICES + LPIS)
        {
            final int n = i - DEVICES;
            Calls.createInterruptSm(u, SM + n, Kernel.ROOT_PD, Intid.LPI + n);
        }
        else if (i < DEVICES + 2 * LPIS)
        {
            final int n = i - DEVICES - LPIS;
            Calls.assignInt(u, SM + n, DC + n / EVENTS, true, n % CPUS, n % EVENTS, 0);
        }
        else if (i < SETUP - 1)
        {
            final int k = i - DEVICES - 2 * LPIS;
            final int cpu = k % CPUS;
            final long evt = EVT + (long) cpu * 0x80;
            switch (k / CPUS)
            {
                case 0 -> Calls.createEc(u, HANDLER + cpu, Kernel.ROOT_PD, false, UTCBS + 0x2000L * cpu, 0, cpu, 0);
                case 1 -> Calls.createPt(u, evt + STARTUP, Kernel.ROOT_PD, HANDLER + cpu, Script.ip(500));
                case 2 -> Calls.ctrlPt(u, evt + STARTUP, 0x51, ArchState.EL2_ELR_SPSR);
                case 3 -> Calls.createEc(u, DRIVER + cpu, Kernel.ROOT_PD, true, UTCBS + 0x2000L * cpu + 0x1000, evt,
                    cpu, 0);
                case 4 -> Calls.createSc(u, SC + cpu, Kernel.ROOT_PD, DRIVER + cpu, 5, 50, 0);
                default -> Calls.createSm(u, IDLE + cpu, Kernel.ROOT_PD, 0);
            }
        }
        else
        {
            Calls.down(u, IDLE, false, 0); // setup done: the root parks
        }
    }

    private int root(final User u)
    {
        if (step > 0 && step < SETUP && Calls.status(u) != Status.SUCCESS)
        {
            failed.add("setup " + (step - 1) + " " + Calls.status(u));
        }
        setup(u, Math.min(step, SETUP - 1));
        step++;
        return Script.hypercall(u, 0);
    }

    /** A driver thread: it waits on each of its CPU's LPIs' semaphores in turn, then idles. */
    private int driver(final User u)
    {
        final int cpu = u.cpu();
        if (u.ip() == 701)
        {
            taken[cpu]++;
            next[cpu]++;
        }
        if (next[cpu] < PER_CPU)
        {
            Calls.down(u, SM + cpu + (long) next[cpu] * CPUS, false, 0);
            return Script.hypercall(u, 701);
        }
        Calls.down(u, IDLE + cpu, false, 0);
        return Script.hypercall(u, 702);
    }

    @Test
    void everyOneOf57344LpisOf4096DevicesReachesItsCpusDriverOnce()
    {
        final ArmMachine m = ArmMachine.builder().cpus(CPUS).kernelMemory(128L << 20).build();
        final GicInterrupts gic = m.interrupts();
        m.kernel().start(Script.labels(u -> switch ((int) u.ip())
        {
            case 0 -> root(u);
            case 500 -> {
                u.setUtcb(ArchState.ELR_WORD, Script.ip(700));
                Calls.reply(u, ArchState.EL2_ELR_SPSR);
                yield Script.hypercall(u, 501);
            }
            case 700, 701 -> driver(u);
            default -> throw new AssertionError("ip " + u.ip());
        }));
        long t = 0;
        while (step < SETUP && t < 1L << 40)
        {
            t += 10_000_000;
            m.engine().runUntil(t);
        }
        assertThat(failed).isEmpty();
        assertThat(step).as("the root finished its setup").isEqualTo(SETUP);
        assertThat(gic.gits(0).itts()).isEqualTo(DEVICES);
        final long at = t + 1_000;
        m.engine().post(at, arg -> {
            for (int n = 0; n < LPIS; n++)
            {
                final int device = n / EVENTS;
                m.bus().signalMessage(RequesterId.arm(device, device), ArmMachine.GITS_BASE + 0x1_0040,
                    n % EVENTS);
            }
        }, 0);
        m.engine().runUntil(at + 200_000_000);
        assertThat(m.its().translated()).isEqualTo(LPIS);
        assertThat(m.its().dropped()).isZero();
        for (int cpu = 0; cpu < CPUS; cpu++)
        {
            assertThat(taken[cpu]).as("CPU %d's driver", cpu).isEqualTo(PER_CPU);
        }
        for (int n = 0; n < LPIS; n++)
        {
            assertThat(((Sm) m.kernel().root().obj().object(SM + n)).counter()).as("LPI %d once", n).isZero();
        }
        assertThat(gic.taken()).isEqualTo(LPIS);
        assertThat(gic.spurious()).isZero();
        assertThat(gic.itsFailures()).isZero();
    }
}
