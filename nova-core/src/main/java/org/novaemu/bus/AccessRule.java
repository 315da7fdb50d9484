// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bus;

import org.novaemu.util.Require;

/**
 * Which accesses an MMIO region accepts. The bus refuses any other access to it the way it refuses an
 * access to no region at all (see {@link Bus}).
 *
 * @param minSize the smallest access size in bytes (1, 2, 4 or 8)
 * @param maxSize the largest access size in bytes (1, 2, 4 or 8), not below {@code minSize}
 * @param aligned whether accesses must be naturally aligned
 */
public record AccessRule(int minSize, int maxSize, boolean aligned)
{
    /** Any size, any alignment. */
    public static final AccessRule ANY = new AccessRule(1, 8, false);
    /** Aligned 32-bit accesses only (LAPIC, IOAPIC, GIC distributor registers). */
    public static final AccessRule DWORD = new AccessRule(4, 4, true);
    /** Aligned 32- or 64-bit accesses (VT-d, ITS, SMMU registers). */
    public static final AccessRule DWORD_QWORD = new AccessRule(4, 8, true);
    /** Aligned accesses of any size (PCI configuration space). */
    public static final AccessRule ALIGNED = new AccessRule(1, 8, true);

    /**
     * Validates the sizes.
     *
     * @param minSize the smallest access size in bytes (1, 2, 4 or 8)
     * @param maxSize the largest access size in bytes (1, 2, 4 or 8), not below {@code minSize}
     * @param aligned whether accesses must be naturally aligned
     */
    public AccessRule
    {
        Require.accessSize("minSize", minSize);
        Require.accessSize("maxSize", maxSize);
        if (maxSize < minSize)
        {
            throw new IllegalArgumentException("maxSize must be >= minSize (" + minSize + "), was " + maxSize);
        }
    }

    /**
     * @param address the accessed address
     * @param size the access size in bytes
     * @return whether this rule accepts the access
     */
    public boolean permits(final long address, final int size)
    {
        return size >= minSize && size <= maxSize && (!aligned || (address & (size - 1)) == 0);
    }
}
