// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.sim;

import org.slf4j.event.Level;

/**
 * The silent failures a user would otherwise debug blind, each logged at its level and, in strict mode, turned
 * into a {@link StrictModeException} (decisions U22 and U23).
 */
public enum Failure
{
    /** The kernel killed an EC: an event (exception, STARTUP, RECALL) found no usable portal. */
    EC_KILLED(Level.WARN),
    /** The root task touched memory its host space does not map, and had no portal for the fault. */
    UNMAPPED_ACCESS(Level.WARN),
    /** An interrupt request was refused: an interrupt remapping fault, an ITS drop, an SMMU abort of an MSI. */
    MSI_BLOCKED(Level.INFO),
    /** A DMA request was refused by the IOMMU. */
    DMA_FAULT(Level.INFO),
    /** A device tried DMA or an MSI with bus mastering off in its PCI command register. */
    BUS_MASTER_OFF(Level.WARN),
    /** An EC issued the same failing hypercall many times in a row without any succeeding in between. */
    HYPERCALL_LOOP(Level.WARN);

    private final Level level;

    Failure(final Level level)
    {
        this.level = level;
    }

    /** @return the level it is logged at */
    public Level level()
    {
        return level;
    }
}
