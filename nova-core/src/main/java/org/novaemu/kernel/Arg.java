// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * A field of the hypercall registers: bits {@code [shift, shift + width)} of parameter register P{@code
 * param} (specification chapter 5 draws each hypercall's registers this way). Reading one allocates nothing.
 *
 * @param param the parameter register, 0 to 4
 * @param shift the field's lowest bit
 * @param width its width in bits, 1 to 64
 */
public record Arg(int param, int shift, int width)
{
    /**
     * Checks the field lies inside one register.
     *
     * @param param a parameter register
     * @param shift the field's lowest bit
     * @param width its width in bits, 1 to 64
     */
    public Arg
    {
        if (param < 0 || param >= Abi.PARAMETERS || shift < 0 || width < 1 || shift + width > 64)
        {
            throw new IllegalArgumentException("Arg P" + param + "[" + (shift + width - 1) + ":" + shift
                + "] must lie in one of the five parameter registers");
        }
    }

    /**
     * @param param a parameter register
     * @return all its 64 bits
     */
    public static Arg whole(final int param)
    {
        return new Arg(param, 0, 64);
    }

    /** @return the field's mask, at bit 0 */
    public long mask()
    {
        return width == 64 ? -1L : (1L << width) - 1;
    }

    /**
     * @param r the registers
     * @return the field, unsigned
     */
    public long get(final User r)
    {
        return r.param(param) >>> shift & mask();
    }

    /**
     * @param r the registers
     * @return the field as an int (fields of at most 31 bits)
     */
    public int getInt(final User r)
    {
        return (int) get(r);
    }

    /**
     * @param word a register's value
     * @param value the field's new value; bits beyond its width are dropped
     * @return the register's value with the field replaced
     */
    public long put(final long word, final long value)
    {
        return word & ~(mask() << shift) | (value & mask()) << shift;
    }
}
