// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bus;

/**
 * The last step of the DMA path for a translated physical range that is not wholly RAM: the range goes to
 * the bus in the largest naturally aligned accesses (8, 4, 2 or 1 bytes), lowest address first. So a device
 * register is never accessed in fragments it did not ask for, and each access meets its region's
 * {@link AccessRule} on its own.
 *
 * <p>Every access takes {@link Bus}'s physical path with the DMA's requester ID, and is refused, counted and
 * traced there; this class keeps no state.
 */
final class AlignedAccesses
{
    private AlignedAccesses()
    {
    }

    /**
     * @param address a physical address
     * @param remaining the bytes left to move, at least 1
     * @return the largest naturally aligned access size (8, 4, 2 or 1) at {@code address} that fits in
     *         {@code remaining}
     */
    static int piece(final long address, final int remaining)
    {
        int size = 8;
        while (size > remaining || (address & (size - 1)) != 0)
        {
            size >>>= 1;
        }
        return size;
    }

    /**
     * Reads a range of 1 to 8 bytes.
     *
     * @param bus the bus
     * @param requester the requester ID
     * @param pa the physical address
     * @param n the number of bytes, 1 to 8
     * @return the bytes, little-endian; refused pieces read as all ones
     */
    static long read(final Bus bus, final long requester, final long pa, final int n)
    {
        long v = 0;
        for (int k = 0; k < n; )
        {
            final int piece = piece(pa + k, n - k);
            v |= bus.read(pa + k, piece, requester) << (8 * k);
            k += piece;
        }
        return v;
    }

    /**
     * Writes a range of 1 to 8 bytes.
     *
     * @param bus the bus
     * @param requester the requester ID
     * @param pa the physical address
     * @param n the number of bytes, 1 to 8
     * @param value the bytes, little-endian; bits above {@code n} bytes are ignored
     * @return whether every piece reached RAM or a device
     */
    static boolean write(final Bus bus, final long requester, final long pa, final int n, final long value)
    {
        boolean ok = true;
        for (int k = 0; k < n; )
        {
            final int piece = piece(pa + k, n - k);
            ok &= bus.write(pa + k, piece, value >>> (8 * k), requester);
            k += piece;
        }
        return ok;
    }

    /**
     * Moves a range between physical addresses and a buffer.
     *
     * @param bus the bus
     * @param map the bus's address map, which tells a refused read piece from one that reads as all ones
     * @param requester the requester ID
     * @param pa the physical address
     * @param buf the buffer
     * @param at where in {@code buf} the range starts
     * @param n the number of bytes
     * @param write whether to write {@code buf} to the range, rather than read the range into it
     * @return whether every piece reached RAM or a device; refused read pieces leave 0xff bytes
     */
    static boolean transfer(final Bus bus, final AddressMap map, final long requester, final long pa,
                            final byte[] buf, final int at, final int n, final boolean write)
    {
        boolean ok = true;
        for (int k = 0; k < n; )
        {
            final int piece = piece(pa + k, n - k);
            if (write)
            {
                long v = 0;
                for (int b = piece - 1; b >= 0; b--)
                {
                    v = (v << 8) | (buf[at + k + b] & 0xff);
                }
                ok &= bus.write(pa + k, piece, v, requester);
            }
            else
            {
                ok &= map.route(pa + k, piece) >= 0;
                final long v = bus.read(pa + k, piece, requester);
                for (int b = 0; b < piece; b++)
                {
                    buf[at + k + b] = (byte) (v >>> (8 * b));
                }
            }
            k += piece;
        }
        return ok;
    }
}
