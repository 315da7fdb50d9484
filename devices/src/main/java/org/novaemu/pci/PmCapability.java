// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

/**
 * The power management capability (PCI Bus Power Management 1.2, chapter 3): version 3, power states D0
 * and D3hot in PMCSR, No_Soft_Reset set, PME enable and status.
 */
public final class PmCapability extends Capability
{
    private static final int PMC = 2;
    private static final int PMCSR = 4;

    private int lastState;

    @Override
    public int id()
    {
        return ID_PM;
    }

    @Override
    public int length()
    {
        return 8;
    }

    /** @return the power state: 0 for D0 to 3 for D3hot */
    public int powerState()
    {
        return config().read(offset() + PMCSR, 2) & 3;
    }

    @Override
    protected void init()
    {
        final ConfigSpace c = config();
        c.init(offset() + PMC, 2, 3);
        c.init(offset() + PMCSR, 2, 1 << 3);
        c.initWritable(offset() + PMCSR, 2, 3 | 1 << 8);
        c.initClearable(offset() + PMCSR, 2, 1 << 15);
    }

    @Override
    protected void written(final int at, final int size, final int value)
    {
        // D1 and D2 are not supported: a write of either leaves the state as it was (PCI PM 1.2, 3.2.4).
        final int pmcsr = config().read(offset() + PMCSR, 2);
        final int state = pmcsr & 3;
        if (state == 1 || state == 2)
        {
            config().set(offset() + PMCSR, 2, pmcsr & ~3 | lastState);
        }
        else
        {
            lastState = state;
        }
    }

    @Override
    protected void reset()
    {
        lastState = 0;
    }
}
