// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

/**
 * What platform firmware does before the OS runs: gives every memory BAR of a segment an address in a
 * window and turns memory decoding on. BARs are placed in the order the functions were added, each
 * naturally aligned (a BAR decodes an aligned range of its own size, PCI Local Bus 3.0, section 6.2.5.1);
 * 32-bit BARs go to the window below 4 GiB, 64-bit ones to the window above. Bus mastering stays off: the
 * driver turns it on. Bridge windows are not programmed, because the bus routes by BAR, not through
 * bridges (docs/decisions.md P10).
 */
public final class BarAssignment
{
    private BarAssignment()
    {
    }

    /**
     * Assigns the BARs of every function on the segment.
     *
     * @param segment the segment, with its functions in place
     * @param low32 the start of the window for 32-bit BARs
     * @param end32 the end (exclusive) of that window, at most 4 GiB
     * @param low64 the start of the window for 64-bit BARs
     * @param end64 its end (exclusive)
     * @throws IllegalStateException naming the function whose BAR does not fit a window
     */
    public static void assign(final PciSegment segment, final long low32, final long end32, final long low64,
                              final long end64)
    {
        if (segment == null || low32 < 0 || end32 > 1L << 32 || low32 > end32 || low64 < 0 || low64 > end64)
        {
            throw new IllegalArgumentException("segment must not be null and the windows well formed");
        }
        long next32 = low32;
        long next64 = low64;
        for (final PciFunction f : segment.functions())
        {
            boolean any = false;
            for (int i = 0, n = f.isBridge() ? 2 : 6; i < n; i++)
            {
                final Bar b = f.barDeclared(i);
                if (b == null || b.kind() == Bar.Kind.IO)
                {
                    continue;
                }
                final boolean wide = b.kind() == Bar.Kind.MEMORY64;
                final long at = align(wide ? next64 : next32, b.size());
                if (!wide && low32 == end32)
                {
                    throw new IllegalStateException("BAR " + i + " of " + f.name()
                        + " is a 32-bit BAR, and this segment has no 32-bit window");
                }
                if (at + b.size() > (wide ? end64 : end32))
                {
                    throw new IllegalStateException("BAR " + i + " of " + f.name() + " (" + b.size()
                        + " bytes) does not fit the " + (wide ? "64" : "32") + "-bit window");
                }
                final int reg = Header.BAR0.offset() + 4 * i;
                f.configWrite(reg, 4, (int) at);
                if (wide)
                {
                    f.configWrite(reg + 4, 4, (int) (at >>> 32));
                    next64 = at + b.size();
                }
                else
                {
                    next32 = at + b.size();
                }
                any = true;
            }
            if (any)
            {
                f.configWrite(Header.COMMAND.offset(), 2, f.command() | Header.COMMAND_MEMORY);
            }
        }
    }

    private static long align(final long address, final long size)
    {
        return address + size - 1 & -size;
    }
}
