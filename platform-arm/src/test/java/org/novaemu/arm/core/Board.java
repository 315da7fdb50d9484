// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.core;

import org.novaemu.arm.cpu.GenericTimer;
import org.novaemu.arm.cpu.Pe;
import org.novaemu.arm.cpu.SystemCounter;
import org.novaemu.arm.firmware.Psci;
import org.novaemu.arm.gic.Gic;
import org.novaemu.arm.gic.GicrRegister;
import org.novaemu.bus.Bus;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.sim.Engine;

/**
 * A bare board as a machine would assemble it: n PEs with their Generic Timers (the EL1 virtual timer's line on
 * PPI 27), a GICv3 at QEMU virt's addresses, 256 MiB of RAM at {@link #RAM}, PSCI 1.1 firmware that powers the
 * PEs, every PE running one {@link El1Program}; the primary PE powered on at {@link Listing#RESET}.
 */
final class Board
{
    static final long GICD = 0x0800_0000L;
    static final long GICR = 0x080a_0000L;
    static final long RAM = 0x4000_0000L;

    final Engine engine = Engine.builder().build();
    final Bus bus = new Bus(new PhysicalMemory(), engine.trace());
    final Gic gic;
    final Pe[] pes;
    final Psci psci = new Psci(Psci.V1_1, false);
    final El1Core[] cores;

    Board(final int n, final El1Program program)
    {
        this(n, program, CoreCosts.DEFAULT);
    }

    Board(final int n, final El1Program program, final CoreCosts costs)
    {
        bus.mapRam("ram", RAM, 0x1000_0000L);
        gic = Gic.builder(engine, bus).pes(n).build();
        final SystemCounter counter = new SystemCounter(engine);
        pes = new Pe[n];
        cores = new El1Core[n];
        for (int i = 0; i < n; i++)
        {
            pes[i] = new Pe(counter, i);
            gic.redistributor(i).connect(pes[i].virtualTimer().output(), GenericTimer.PPI_VIRTUAL);
            cores[i] = new El1Core(i, engine, bus, gic.cpuInterface(i), pes[i], psci, program, costs);
        }
        psci.attach(new El1Cores(cores));
        cores[0].powerOn(Listing.RESET, 0);
    }

    /** @return where PE {@code pe}'s redistributor frames are */
    static long gicr(final int pe)
    {
        return GICR + (long) pe * GicrRegister.FRAMES;
    }

    El1Core core(final int pe)
    {
        return cores[pe];
    }

    void run(final long cycles)
    {
        engine.runFor(cycles);
    }
}
