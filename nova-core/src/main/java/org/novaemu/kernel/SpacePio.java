// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * A port I/O space (x86): one permission bit, A (accessible), for each of the 2^16 ports, kept as a
 * bitmap, as NOVA keeps the I/O permission bitmap of the VMCS or TSS.
 */
public final class SpacePio extends PermSpace
{
    /** Selector bits (SBW_PIO). */
    public static final int SELECTOR_BITS = 16;
    /** The number of ports. */
    public static final int SELECTORS = 1 << SELECTOR_BITS;

    private final long[] accessible = new long[SELECTORS / 64];

    SpacePio(final Pd owner)
    {
        super(Kind.PIO, owner);
    }

    /**
     * @param port a port number
     * @return its permissions: A (1) or none (0)
     */
    @Override
    public int perms(final long port)
    {
        if (port < 0 || port >= SELECTORS)
        {
            return 0;
        }
        return (int) (accessible[(int) port >>> 6] >>> port) & 1;
    }

    @Override
    void set(final long port, final int perms)
    {
        final long bit = 1L << port;
        if ((perms & 1) != 0)
        {
            accessible[(int) port >>> 6] |= bit;
        }
        else
        {
            accessible[(int) port >>> 6] &= ~bit;
        }
    }

    @Override
    boolean holds(final long first, final long count)
    {
        return first >= 0 && first + count <= SELECTORS;
    }
}
