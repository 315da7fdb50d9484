// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

/**
 * A declared register of a GIC frame (GICD or GICR): where it lies, how many there are in its array, their
 * width, reset value and access, and which access sizes it takes (IHI 0069, chapter 12; decision A5). The
 * distributor's and the redistributor's register enums share this, and {@link #index} builds each frame's
 * word-to-register table once.
 */
public interface GicRegister
{
    /**
     * Where a register lies and what it is.
     *
     * @param offset the offset of the register, or of its array's first register
     * @param count how many registers the array holds (1 for a single register)
     * @param width the width of each register in bytes: 4 or 8
     * @param reset the value each register holds after reset
     * @param access what software may do with it
     */
    record Layout(int offset, int count, int width, long reset, GicAccess access)
    {
    }

    /** @return the register's layout */
    Layout layout();

    /** @return whether byte accesses are supported */
    boolean byteAccessible();

    /** @return the offset of the register, or of the array's first register */
    default int offset()
    {
        return layout().offset();
    }

    /**
     * @param n an index in the array
     * @return the offset of register {@code n}
     */
    default int offset(final int n)
    {
        return layout().offset() + n * layout().width();
    }

    /** @return how many registers the array holds (1 for a single register) */
    default int count()
    {
        return layout().count();
    }

    /** @return the width of each register in bytes: 4 or 8 */
    default int width()
    {
        return layout().width();
    }

    /** @return the value each register holds after reset */
    default long reset()
    {
        return layout().reset();
    }

    /** @return what software may do with it */
    default GicAccess access()
    {
        return layout().access();
    }

    /**
     * @param size an access size in bytes
     * @return whether the register takes accesses of that size (decision A5)
     */
    default boolean permits(final int size)
    {
        return size == 4 || size == 8 && width() == 8 || size == 1 && byteAccessible();
    }

    /**
     * A read of a 64-bit register, whole or one of its 32-bit halves (IHI 0069, chapter 12: 64-bit registers take
     * 32-bit accesses to either half).
     *
     * @param reg the register's value
     * @param off the offset of the access (bit 2 says which half)
     * @param size the access size: 8, or 4 for one half
     * @return what the access reads
     */
    static long half(final long reg, final int off, final int size)
    {
        if (size == 8)
        {
            return reg;
        }
        return (off & 4) != 0 ? reg >>> 32 : reg & 0xffff_ffffL;
    }

    /**
     * A write of a 64-bit register, whole or one of its 32-bit halves; the other half keeps its value.
     *
     * @param reg the register's value before
     * @param off the offset of the access (bit 2 says which half)
     * @param size the access size: 8, or 4 for one half
     * @param value the value written, zero-extended from {@code size} bytes
     * @return the register's value after
     */
    static long merge(final long reg, final int off, final int size, final long value)
    {
        if (size == 8)
        {
            return value;
        }
        return (off & 4) != 0 ? reg & 0xffff_ffffL | value << 32 : reg & 0xffff_ffff_0000_0000L | value & 0xffff_ffffL;
    }

    /**
     * Fills a frame's word-to-register table.
     *
     * @param registers the frame's registers
     * @param byWord one slot per 32-bit word of the frame; words of no register stay null (reserved)
     * @param <R> the register type
     * @return {@code byWord}
     */
    static <R extends GicRegister> R[] index(final R[] registers, final R[] byWord)
    {
        for (final R r : registers)
        {
            final Layout l = r.layout();
            for (int w = l.offset() >>> 2; w < (l.offset() + l.count() * l.width()) >>> 2; w++)
            {
                byWord[w] = r;
            }
        }
        return byWord;
    }
}
