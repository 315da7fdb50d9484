// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import org.novaemu.kernel.Kernel;

/**
 * A PD made by {@link RootScript#driverPd}: the selectors, in the root's object space, of the PD and its spaces.
 * The root PD itself is {@link #ROOT}.
 *
 * @param pd the PD
 * @param obj its object space
 * @param hst its host space
 * @param dma its DMA space
 * @param pio its PIO space (x86), or -1 where the architecture has none
 */
public record DriverPd(long pd, long obj, long hst, long dma, long pio)
{
    /** The root PD with its own object and host space (no DMA space). */
    public static final DriverPd ROOT = new DriverPd(Kernel.ROOT_PD, Kernel.ROOT_OBJ, -1, -1, -1);

    /** @return whether this is the root PD */
    public boolean isRoot()
    {
        return pd == Kernel.ROOT_PD;
    }
}
