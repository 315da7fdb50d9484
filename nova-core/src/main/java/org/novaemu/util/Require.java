// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.util;

/**
 * Argument checks for builders and public APIs. Every failure names the field and the rejected value, so
 * that a misconfigured machine says exactly what is wrong with it.
 */
public final class Require
{
    private Require()
    {
    }

    /**
     * @param field the name of the checked field
     * @param value the value
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value <= 0}
     */
    public static long positive(final String field, final long value)
    {
        if (value <= 0)
        {
            throw new IllegalArgumentException(field + " must be > 0, was " + value);
        }
        return value;
    }

    /**
     * @param field the name of the checked field
     * @param value the value
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value < 0}
     */
    public static long nonNegative(final String field, final long value)
    {
        if (value < 0)
        {
            throw new IllegalArgumentException(field + " must be >= 0, was " + value);
        }
        return value;
    }

    /**
     * @param field the name of the checked field
     * @param value the value
     * @param min the smallest accepted value
     * @param max the largest accepted value
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value} lies outside {@code [min, max]}
     */
    public static long inRange(final String field, final long value, final long min, final long max)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(field + " must be in [" + min + ", " + max + "], was " + value);
        }
        return value;
    }

    /**
     * @param field the name of the checked field
     * @param value the value
     * @param <T> the value's type
     * @return {@code value}
     * @throws IllegalArgumentException if {@code value} is null
     */
    public static <T> T nonNull(final String field, final T value)
    {
        if (value == null)
        {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }

    /**
     * Checks a memory access size.
     *
     * @param field the name of the checked field
     * @param size the access size in bytes
     * @return {@code size}
     * @throws IllegalArgumentException unless {@code size} is 1, 2, 4 or 8
     */
    public static int accessSize(final String field, final int size)
    {
        if (size != 1 && size != 2 && size != 4 && size != 8)
        {
            throw new IllegalArgumentException(field + " must be 1, 2, 4 or 8, was " + size);
        }
        return size;
    }
}
