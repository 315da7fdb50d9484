// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bus;

/**
 * A region of the physical address map, as listed by {@link Bus#regions()}.
 *
 * @param name the name it was mapped with
 * @param base the first address
 * @param size the length in bytes
 * @param device the MMIO device, or null for RAM
 * @param rule the accepted accesses ({@link AccessRule#ANY} for RAM)
 */
public record Region(String name, long base, long size, MmioDevice device, AccessRule rule)
{
    /** @return whether the region is RAM */
    public boolean isRam()
    {
        return device == null;
    }
}
