// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

import org.novaemu.kernel.Dc;
import org.novaemu.kernel.Ipi;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.KernelEvents;
import org.novaemu.kernel.Interrupts;
import org.novaemu.kernel.Sm;
import org.novaemu.kernel.Status;

/**
 * A test stand-in for NOVA's GIC driver until the GIC models exist: no interrupt can be bound (no SPIs),
 * no IPIs are sent (the kernel delivers them itself), and the interrupt entry knows one source, each CPU's
 * EL2 physical timer line, taken as PPI 26 would be.
 */
final class TimerOnlyInterrupts implements Interrupts
{
    private ArmPlatform platform;

    /**
     * Wires each CPU's EL2 physical timer line to the kernel's interrupt entry.
     *
     * @param arm the platform
     * @param kernel the kernel built with it
     */
    void attach(final ArmPlatform arm, final Kernel kernel)
    {
        this.platform = arm;
        for (int cpu = 0; cpu < arm.cpus(); cpu++)
        {
            arm.pe(cpu).hypTimer().output().connect((c, high) -> {
                if (high)
                {
                    kernel.events(c).interruptPending();
                }
            }, cpu);
        }
    }

    @Override
    public boolean validIsd(final long isd)
    {
        return false;
    }

    @Override
    public int route(final long isd)
    {
        return 0;
    }

    @Override
    public int slots()
    {
        return 0;
    }

    @Override
    public Status check(final boolean attach, final Sm sm, final Dc dc, final int cpu, final int idx, final int cfg)
    {
        return Status.BAD_DEV;
    }

    @Override
    public int slot(final Sm sm, final int cpu, final int idx)
    {
        return 0;
    }

    @Override
    public Status program(final Sm sm, final Dc dc, final int cpu, final int idx, final int cfg, final long[] msi)
    {
        return Status.SUCCESS; // nothing can be bound
    }

    @Override
    public void unprogram(final Sm sm)
    {
        // nothing can be bound
    }

    @Override
    public void deactivate(final Sm sm)
    {
        // nothing can be bound
    }

    /** PPI 26, a level: taken while the EL2 physical timer's line is high. */
    @Override
    public void handle(final int cpu, final KernelEvents kernel)
    {
        if (platform.pe(cpu).hypTimer().output().level())
        {
            platform.timer().expired(cpu, kernel);
        }
    }

    @Override
    public boolean sendIpi(final int cpu, final Ipi kind)
    {
        return false;
    }
}
