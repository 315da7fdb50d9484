// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import java.util.Arrays;

import org.novaemu.util.Require;

/**
 * The Hypervisor Information Page: the byte image the root PD finds at its stack pointer on entry. The
 * kernel fills what it knows (signature, STC frequency, selector widths, CPUs, event selectors), the
 * platform the rest (image addresses, features, the interrupt numbers); {@link #seal()} writes the length
 * and the checksum, which makes the 16-bit sum over all of it zero.
 */
public final class Hip
{
    /** "NOVA" as a little-endian 32-bit value. */
    public static final long SIGNATURE = 0x41564f4eL;

    private final long[] rows;

    /**
     * @param length the HIP's length in bytes, a multiple of 8 ({@link HipField#LENGTH_X86},
     *               {@link HipField#LENGTH_ARM})
     */
    public Hip(final int length)
    {
        Require.inRange("length", length, 0xa0, 0x1000);
        if ((length & 7) != 0)
        {
            throw new IllegalArgumentException("length must be a multiple of 8, was " + length);
        }
        rows = new long[length / 8];
        set(HipField.SIGNATURE, SIGNATURE);
        set(HipField.LENGTH, length);
    }

    /**
     * @param field a field
     * @param value its value; bits beyond the field's width must be zero
     * @return this HIP
     */
    public Hip set(final HipField field, final long value)
    {
        final int w = field.width();
        final long mask = w == 64 ? -1L : (1L << w) - 1;
        if ((value & ~mask) != 0)
        {
            throw new IllegalArgumentException(field + " must fit in " + w + " bits, was 0x" + Long.toHexString(value));
        }
        final int row = field.offset() / 8;
        rows[row] = rows[row] & ~(mask << field.shift()) | value << field.shift();
        return this;
    }

    /**
     * @param field a field
     * @return its value
     */
    public long get(final HipField field)
    {
        final int w = field.width();
        final long mask = w == 64 ? -1L : (1L << w) - 1;
        return rows[field.offset() / 8] >>> field.shift() & mask;
    }

    /** @return the HIP's length in bytes */
    public int length()
    {
        return rows.length * 8;
    }

    /** Writes the checksum: the negated 16-bit sum of every other 16-bit word. */
    public void seal()
    {
        set(HipField.CHECKSUM, 0);
        set(HipField.CHECKSUM, -sum16() & 0xffff);
    }

    /** @return the 16-bit sum of all 16-bit words; 0 for a sealed HIP */
    public int sum16()
    {
        int sum = 0;
        for (final long row : rows)
        {
            sum += (int) (row & 0xffff) + (int) (row >>> 16 & 0xffff) + (int) (row >>> 32 & 0xffff)
                + (int) (row >>> 48 & 0xffff);
        }
        return sum & 0xffff;
    }

    /** @return the little-endian byte image */
    public byte[] bytes()
    {
        final byte[] out = new byte[length()];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = (byte) (rows[i >>> 3] >>> ((i & 7) * 8));
        }
        return out;
    }

    @Override
    public String toString()
    {
        return "Hip" + Arrays.toString(rows);
    }
}
