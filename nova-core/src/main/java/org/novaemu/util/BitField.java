// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.util;

/**
 * A field of a register or an in-memory word: a name, its lowest bit and its width, as a specification's
 * register figure gives them (what QEMU's {@code FIELD()} declares and {@code FIELD_EX64}/{@code FIELD_DP64}
 * read and write, and {@link org.novaemu.kernel.HipField} does for the HIP).
 *
 * <p>Declared once as a {@code static final} constant beside the register or format it belongs to, a field
 * is read and written on hot paths: every method computes from the two ints and allocates nothing.
 *
 * @param name the field's name in the specification, for messages and {@link #toString}
 * @param shift the field's lowest bit, 0 to 63
 * @param width the field's width in bits, 1 to {@code 64 - shift}
 */
public record BitField(String name, int shift, int width)
{
    /**
     * Checks the field lies within a 64-bit word.
     *
     * @param name the field's name
     * @param shift the field's lowest bit
     * @param width the field's width
     * @throws IllegalArgumentException if the name is null or the bits leave the word
     */
    public BitField
    {
        Require.nonNull("name", name);
        Require.inRange("shift", shift, 0, 63);
        Require.inRange("width", width, 1, 64 - shift);
    }

    /**
     * A one-bit field.
     *
     * @param name the bit's name in the specification
     * @param bit its position, 0 to 63
     * @return the field
     */
    public static BitField bit(final String name, final int bit)
    {
        return new BitField(name, bit, 1);
    }

    /** @return the field's bits in place: ones in bits {@code shift} to {@code shift + width - 1} */
    public long mask()
    {
        return -1L >>> 64 - width << shift;
    }

    /**
     * @param word a word holding the field
     * @return the field's value, shifted down to bit 0
     */
    public long extract(final long word)
    {
        return word >>> shift & -1L >>> 64 - width;
    }

    /**
     * @param word a word
     * @param value the field's new value; its bits beyond the field's width are dropped
     * @return {@code word} with the field replaced by {@code value}
     */
    public long deposit(final long word, final long value)
    {
        final long mask = mask();
        return word & ~mask | value << shift & mask;
    }

    /**
     * @param value the field's value; its bits beyond the field's width are dropped
     * @return a word holding only this field, at {@code value}
     */
    public long encode(final long value)
    {
        return deposit(0, value);
    }

    /**
     * @param word a word holding the field
     * @return whether any bit of the field is set (for a one-bit field: whether it is set)
     */
    public boolean isSet(final long word)
    {
        return (word & mask()) != 0;
    }
}
