// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

import org.novaemu.bus.AccessRule;
import org.novaemu.bus.MmioDevice;
import org.novaemu.util.Require;

/**
 * A base address register's declaration: what the function decodes, how large, and the registers behind
 * it. The size is a power of two; the BAR's low address bits are hard-wired to zero, which is how a guest
 * sizes it (PCI Local Bus 3.0, section 6.2.5.1).
 *
 * @param kind memory (32- or 64-bit) or I/O
 * @param size the decoded size in bytes: a power of two, at least 16 (memory) or 4 (I/O)
 * @param prefetchable whether the memory is prefetchable
 * @param registers the registers the BAR maps
 * @param rule the accesses the registers accept
 */
public record Bar(Kind kind, long size, boolean prefetchable, MmioDevice registers, AccessRule rule)
{
    /** What a BAR decodes. */
    public enum Kind
    {
        /** 32-bit memory space. */
        MEMORY32,
        /** 64-bit memory space: the BAR takes the next BAR register for the upper half. */
        MEMORY64,
        /** I/O space (recorded and sized; this model has no port I/O bus yet). */
        IO
    }

    /**
     * Validates the declaration.
     *
     * @param kind memory (32- or 64-bit) or I/O
     * @param size the decoded size in bytes: a power of two, at least 16 (memory) or 4 (I/O)
     * @param prefetchable whether the memory is prefetchable
     * @param registers the registers the BAR maps
     * @param rule the accesses the registers accept
     */
    public Bar
    {
        Require.nonNull("kind", kind);
        Require.nonNull("registers", registers);
        Require.nonNull("rule", rule);
        final long min = kind == Kind.IO ? 4 : 16;
        final long max = kind == Kind.MEMORY64 ? 1L << 52 : kind == Kind.IO ? 256 : 1L << 31;
        if (Long.bitCount(size) != 1 || size < min || size > max)
        {
            throw new IllegalArgumentException("size must be a power of two from " + min + " to " + max + ", was "
                + size);
        }
        if (prefetchable && kind == Kind.IO)
        {
            throw new IllegalArgumentException("an I/O BAR cannot be prefetchable");
        }
    }

    /**
     * A 32-bit memory BAR.
     *
     * @param size the size
     * @param registers the registers
     * @param rule the accesses they accept
     * @return the BAR
     */
    public static Bar memory32(final long size, final MmioDevice registers, final AccessRule rule)
    {
        return new Bar(Kind.MEMORY32, size, false, registers, rule);
    }

    /**
     * A 64-bit memory BAR.
     *
     * @param size the size
     * @param prefetchable whether it is prefetchable
     * @param registers the registers
     * @param rule the accesses they accept
     * @return the BAR
     */
    public static Bar memory64(final long size, final boolean prefetchable, final MmioDevice registers,
                               final AccessRule rule)
    {
        return new Bar(Kind.MEMORY64, size, prefetchable, registers, rule);
    }

    /** @return the read-only low bits of the BAR register: space, type and prefetchable */
    int flags()
    {
        switch (kind)
        {
            case IO:
                return 1;
            case MEMORY64:
                return 4 | (prefetchable ? 8 : 0);
            default:
                return prefetchable ? 8 : 0;
        }
    }

    /** @return the number of BAR registers it takes */
    int registersTaken()
    {
        return kind == Kind.MEMORY64 ? 2 : 1;
    }
}
