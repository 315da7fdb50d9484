// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.acpi;

import org.novaemu.bus.PortSpace;
import org.novaemu.sim.Engine;

/**
 * The chipset's ACPI fixed-hardware power control that the FADT describes (ACPI 6.5, 4.8.3): the PM1a and
 * PM1b control registers, whose SLP_EN bit (13, write-only) enters the sleep state SLP_TYP (12:10) names in
 * ICH9's encoding (1: S1, 5: S3, 6: S4, 7: S5; other values are ignored; PM1b only holds its value, the
 * transition is the PM1a write's), and the reset register. S1 and S3
 * end at once (no wake source is modelled, so the machine is running again when the write returns); S4,
 * S5 and a reset stop the simulation run ({@link Engine#stop}), and the machine stays in that state.
 */
public final class AcpiPm implements PortSpace.PortDevice
{
    /** PM1_CNT: sleep enable (write-only). */
    public static final int SLP_EN = 1 << 13;
    /** PM1_CNT: the sleep type's shift. */
    public static final int SLP_TYP_SHIFT = 10;

    private final Engine engine;
    private final Fadt fadt;
    private int pm1a;
    private int pm1b;
    private PowerState state = PowerState.WORKING;
    private PowerState last = PowerState.WORKING;
    private long transitions;

    /**
     * @param engine the machine's engine, stopped when the machine powers down or resets
     * @param fadt the blocks
     */
    public AcpiPm(final Engine engine, final Fadt fadt)
    {
        this.engine = engine;
        this.fadt = fadt;
    }

    /**
     * Claims the control blocks and the reset register in a port space.
     *
     * @param ports the machine's port space
     */
    public void attach(final PortSpace ports)
    {
        if (fadt.pm1aCnt() != 0)
        {
            ports.map(fadt.pm1aCnt(), fadt.pm1CntLen(), this);
        }
        if (fadt.pm1bCnt() != 0)
        {
            ports.map(fadt.pm1bCnt(), fadt.pm1CntLen(), this);
        }
        if (fadt.resetPort() != 0)
        {
            ports.map(fadt.resetPort(), 1, this);
        }
    }

    /** @return the state the machine is in */
    public PowerState state()
    {
        return state;
    }

    /** @return the last state entered other than WORKING (a shallow one is over by now) */
    public PowerState lastTransition()
    {
        return last;
    }

    /** @return how many sleep states and resets were entered */
    public long transitions()
    {
        return transitions;
    }

    @Override
    public long in(final int port, final int size)
    {
        if (port == fadt.pm1aCnt())
        {
            return pm1a;
        }
        return port == fadt.pm1bCnt() ? pm1b : 0;
    }

    @Override
    public void out(final int port, final int size, final long value)
    {
        if (port == fadt.resetPort() && fadt.resetPort() != 0)
        {
            if ((value & 0xff) == fadt.resetValue())
            {
                enter(PowerState.RESET);
            }
            return;
        }
        final int v = (int) value & 0xffff;
        if (port == fadt.pm1aCnt())
        {
            pm1a = v & ~SLP_EN;
        }
        else if (port == fadt.pm1bCnt())
        {
            pm1b = v & ~SLP_EN;
            return; // the transition is the PM1a write's (both blocks form one register, 4.8.3.2.1)
        }
        else
        {
            return;
        }
        if ((v & SLP_EN) != 0)
        {
            final PowerState s = switch (v >>> SLP_TYP_SHIFT & 7)
            {
                case 1 -> PowerState.S1;
                case 5 -> PowerState.S3;
                case 6 -> PowerState.S4;
                case 7 -> PowerState.S5;
                default -> null;
            };
            if (s != null)
            {
                enter(s);
            }
        }
    }

    private void enter(final PowerState s)
    {
        if (state != PowerState.WORKING)
        {
            return; // the machine is down already
        }
        transitions++;
        last = s;
        if (s == PowerState.S1 || s == PowerState.S3)
        {
            return; // woken at once: still working
        }
        state = s;
        engine.stop();
    }
}
