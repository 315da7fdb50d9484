// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

/**
 * The configuration space of one PCI function: 4 KiB of registers whose guest-visible behaviour is set per
 * byte by a write mask (bits a guest may change) and a write-1-to-clear mask (status bits a guest clears
 * by writing ones), in the manner of the PCI Local Bus specification's register attributes (RW, RO,
 * RW1C). Everything not writable is read-only, including reserved registers, which read as zero.
 *
 * <p>The device model sets reset values and masks with the {@code init*} methods; a guest reaches the
 * space only through {@link #read} and {@link #write}, which apply the masks and never throw.
 */
public final class ConfigSpace
{
    /** Bytes of configuration space of a PCI Express function (ECAM gives each function 4 KiB). */
    public static final int SIZE = 4096;
    /** Bytes of the PCI-compatible part; the extended capabilities start here. */
    public static final int COMPATIBLE_SIZE = 256;

    // The PCI-compatible 256 bytes at first; the extended part is added when a model initialises it, so
    // that thousands of functions without extended capabilities stay small.
    private byte[] value = new byte[COMPATIBLE_SIZE];
    private byte[] writable = new byte[COMPATIBLE_SIZE];
    private byte[] clearable = new byte[COMPATIBLE_SIZE];
    private byte[] reset = new byte[COMPATIBLE_SIZE];

    private void cover(final int end)
    {
        if (end > value.length)
        {
            value = java.util.Arrays.copyOf(value, SIZE);
            writable = java.util.Arrays.copyOf(writable, SIZE);
            clearable = java.util.Arrays.copyOf(clearable, SIZE);
            reset = java.util.Arrays.copyOf(reset, SIZE);
        }
    }

    /**
     * A guest read, little-endian.
     *
     * @param offset the register offset, aligned to {@code size}
     * @param size 1, 2 or 4
     * @return the value, zero-extended; 0 outside the space
     */
    public int read(final int offset, final int size)
    {
        if (offset < 0 || offset + size > value.length)
        {
            return 0;
        }
        int v = 0;
        for (int i = size - 1; i >= 0; i--)
        {
            v = v << 8 | value[offset + i] & 0xff;
        }
        return v;
    }

    /**
     * A guest write: each byte keeps its read-only bits, takes its writable bits from {@code v}, and clears
     * its write-1-to-clear bits where {@code v} has ones.
     *
     * @param offset the register offset, aligned to {@code size}
     * @param size 1, 2 or 4
     * @param v the value, little-endian
     */
    public void write(final int offset, final int size, final int v)
    {
        if (offset < 0 || offset + size > value.length)
        {
            return;
        }
        for (int i = 0; i < size; i++)
        {
            final int b = v >>> 8 * i & 0xff;
            final int at = offset + i;
            final int w = writable[at];
            final int old = value[at];
            value[at] = (byte) (old & ~w | b & w);
            value[at] &= (byte) ~(b & clearable[at]);
        }
    }

    /** Restores every register to its reset value (a conventional or function-level reset). */
    public void reset()
    {
        System.arraycopy(reset, 0, value, 0, value.length);
    }

    /**
     * Sets a register's reset value and its current value, for the device model.
     *
     * @param offset the offset
     * @param size 1, 2 or 4
     * @param v the value
     */
    public void init(final int offset, final int size, final int v)
    {
        cover(offset + size);
        for (int i = 0; i < size; i++)
        {
            reset[offset + i] = (byte) (v >>> 8 * i);
            value[offset + i] = (byte) (v >>> 8 * i);
        }
    }

    /**
     * Sets which bits of a register a guest may write.
     *
     * @param offset the offset
     * @param size 1, 2 or 4
     * @param mask the writable bits
     */
    public void initWritable(final int offset, final int size, final int mask)
    {
        cover(offset + size);
        for (int i = 0; i < size; i++)
        {
            writable[offset + i] = (byte) (mask >>> 8 * i);
        }
    }

    /**
     * Sets which bits of a register a guest clears by writing ones; they are not otherwise writable.
     *
     * @param offset the offset
     * @param size 1, 2 or 4
     * @param mask the write-1-to-clear bits
     */
    public void initClearable(final int offset, final int size, final int mask)
    {
        cover(offset + size);
        for (int i = 0; i < size; i++)
        {
            clearable[offset + i] = (byte) (mask >>> 8 * i);
            writable[offset + i] &= (byte) ~(mask >>> 8 * i);
        }
    }

    /**
     * Changes a register as the hardware does (status bits the device sets, a pending bit), bypassing the
     * masks; the reset value stays.
     *
     * @param offset the offset
     * @param size 1, 2 or 4
     * @param v the value
     */
    public void set(final int offset, final int size, final int v)
    {
        cover(offset + size);
        for (int i = 0; i < size; i++)
        {
            value[offset + i] = (byte) (v >>> 8 * i);
        }
    }

    /**
     * @param offset the offset
     * @param size 1, 2 or 4
     * @return the register's writable bits
     */
    public int writableBits(final int offset, final int size)
    {
        if (offset + size > writable.length)
        {
            return 0;
        }
        int v = 0;
        for (int i = size - 1; i >= 0; i--)
        {
            v = v << 8 | writable[offset + i] & 0xff;
        }
        return v;
    }
}
