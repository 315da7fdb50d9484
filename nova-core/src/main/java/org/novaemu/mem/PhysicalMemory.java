// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.mem;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Sparse physical memory of 2^52 bytes, allocated a 4 KiB page at a time when first written.
 *
 * <p>Pages hang off a three-level radix table (14 + 13 + 13 bits of page number), so a lookup is three
 * array loads and the table costs nothing for untouched ranges. Reading memory that was never written
 * returns zeros and allocates nothing. All accessors are little-endian, like both modelled architectures;
 * unaligned accesses and accesses that cross a page boundary are allowed.
 *
 * <p>This is storage, not an address map: which ranges are RAM, MMIO or nothing is the
 * {@link org.novaemu.bus.Bus}'s business. Not thread-safe.
 */
public final class PhysicalMemory
{
    /** Bits of physical address. */
    public static final int ADDRESS_BITS = 52;
    /** Page size in bytes. */
    public static final int PAGE_SIZE = 4096;
    /** The highest physical address plus one. */
    public static final long LIMIT = 1L << ADDRESS_BITS;

    private static final int PAGE_SHIFT = 12;
    private static final int PAGE_MASK = PAGE_SIZE - 1;
    private static final int L3_BITS = 13;
    private static final int L2_BITS = 13;
    private static final int L1_BITS = ADDRESS_BITS - PAGE_SHIFT - L2_BITS - L3_BITS;

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] ZERO_PAGE = new byte[PAGE_SIZE];

    private final byte[][][][] root = new byte[1 << L1_BITS][][][];
    private long pages;

    /** @return the number of 4 KiB pages allocated so far */
    public long allocatedPages()
    {
        return pages;
    }

    /** The page holding {@code address} for reading: the shared zero page if it was never written. */
    private byte[] readPage(final long address)
    {
        final long pfn = checkAddress(address) >>> PAGE_SHIFT;
        final byte[][][] l2 = root[(int) (pfn >>> (L2_BITS + L3_BITS))];
        if (l2 == null)
        {
            return ZERO_PAGE;
        }
        final byte[][] l3 = l2[(int) (pfn >>> L3_BITS) & ((1 << L2_BITS) - 1)];
        if (l3 == null)
        {
            return ZERO_PAGE;
        }
        final byte[] page = l3[(int) pfn & ((1 << L3_BITS) - 1)];
        return page == null ? ZERO_PAGE : page;
    }

    /** The page holding {@code address} for writing, allocated if needed. */
    private byte[] writePage(final long address)
    {
        final long pfn = checkAddress(address) >>> PAGE_SHIFT;
        final int i1 = (int) (pfn >>> (L2_BITS + L3_BITS));
        byte[][][] l2 = root[i1];
        if (l2 == null)
        {
            l2 = new byte[1 << L2_BITS][][];
            root[i1] = l2;
        }
        final int i2 = (int) (pfn >>> L3_BITS) & ((1 << L2_BITS) - 1);
        byte[][] l3 = l2[i2];
        if (l3 == null)
        {
            l3 = new byte[1 << L3_BITS][];
            l2[i2] = l3;
        }
        final int i3 = (int) pfn & ((1 << L3_BITS) - 1);
        byte[] page = l3[i3];
        if (page == null)
        {
            page = new byte[PAGE_SIZE];
            l3[i3] = page;
            pages++;
        }
        return page;
    }

    /**
     * The storage of one page, allocated if needed, for a component that owns the page outright and
     * accesses it at array speed (the kernel's UTCBs). Writes through the array are writes to memory.
     *
     * @param address a page-aligned physical address
     * @return the page's 4096 bytes
     */
    public byte[] page(final long address)
    {
        if ((address & PAGE_MASK) != 0)
        {
            throw new IllegalArgumentException("address must be page aligned, was 0x" + Long.toHexString(address));
        }
        return writePage(address);
    }

    private static long checkAddress(final long address)
    {
        if (address < 0 || address >= LIMIT)
        {
            throw new IllegalArgumentException("address must be below 2^52, was 0x" + Long.toHexString(address));
        }
        return address;
    }

    private static boolean crossesPage(final long address, final int size)
    {
        return ((int) address & PAGE_MASK) > PAGE_SIZE - size;
    }

    /**
     * @param address a physical address
     * @return the byte there, zero-extended
     */
    public int read8(final long address)
    {
        return readPage(address)[(int) address & PAGE_MASK] & 0xff;
    }

    /**
     * @param address a physical address
     * @return the little-endian 16-bit value there, zero-extended
     */
    public int read16(final long address)
    {
        if (crossesPage(address, 2))
        {
            return (int) readSlow(address, 2);
        }
        return (short) SHORT.get(readPage(address), (int) address & PAGE_MASK) & 0xffff;
    }

    /**
     * @param address a physical address
     * @return the little-endian 32-bit value there
     */
    public int read32(final long address)
    {
        if (crossesPage(address, 4))
        {
            return (int) readSlow(address, 4);
        }
        return (int) INT.get(readPage(address), (int) address & PAGE_MASK);
    }

    /**
     * @param address a physical address
     * @return the little-endian 64-bit value there
     */
    public long read64(final long address)
    {
        if (crossesPage(address, 8))
        {
            return readSlow(address, 8);
        }
        return (long) LONG.get(readPage(address), (int) address & PAGE_MASK);
    }

    /**
     * Reads 1, 2, 4 or 8 bytes.
     *
     * @param address a physical address
     * @param size the access size in bytes
     * @return the little-endian value, zero-extended
     */
    public long read(final long address, final int size)
    {
        switch (size)
        {
            case 1: return read8(address);
            case 2: return read16(address);
            case 4: return read32(address) & 0xffffffffL;
            case 8: return read64(address);
            default: throw new IllegalArgumentException("size must be 1, 2, 4 or 8, was " + size);
        }
    }

    /**
     * @param address a physical address
     * @param value the byte to write (low 8 bits)
     */
    public void write8(final long address, final int value)
    {
        writePage(address)[(int) address & PAGE_MASK] = (byte) value;
    }

    /**
     * @param address a physical address
     * @param value the value to write, little-endian (low 16 bits)
     */
    public void write16(final long address, final int value)
    {
        if (crossesPage(address, 2))
        {
            writeSlow(address, 2, value);
            return;
        }
        SHORT.set(writePage(address), (int) address & PAGE_MASK, (short) value);
    }

    /**
     * @param address a physical address
     * @param value the value to write, little-endian
     */
    public void write32(final long address, final int value)
    {
        if (crossesPage(address, 4))
        {
            writeSlow(address, 4, value);
            return;
        }
        INT.set(writePage(address), (int) address & PAGE_MASK, value);
    }

    /**
     * @param address a physical address
     * @param value the value to write, little-endian
     */
    public void write64(final long address, final long value)
    {
        if (crossesPage(address, 8))
        {
            writeSlow(address, 8, value);
            return;
        }
        LONG.set(writePage(address), (int) address & PAGE_MASK, value);
    }

    /**
     * Writes 1, 2, 4 or 8 bytes.
     *
     * @param address a physical address
     * @param size the access size in bytes
     * @param value the value, little-endian; bits above {@code size} bytes are ignored
     */
    public void write(final long address, final int size, final long value)
    {
        switch (size)
        {
            case 1 -> write8(address, (int) value);
            case 2 -> write16(address, (int) value);
            case 4 -> write32(address, (int) value);
            case 8 -> write64(address, value);
            default -> throw new IllegalArgumentException("size must be 1, 2, 4 or 8, was " + size);
        }
    }

    private long readSlow(final long address, final int size)
    {
        checkAddress(address + size - 1);
        long v = 0;
        for (int i = size - 1; i >= 0; i--)
        {
            v = (v << 8) | read8(address + i);
        }
        return v;
    }

    private void writeSlow(final long address, final int size, final long value)
    {
        checkAddress(address + size - 1);
        for (int i = 0; i < size; i++)
        {
            write8(address + i, (int) (value >>> (8 * i)));
        }
    }

    /**
     * Copies memory into an array.
     *
     * @param address the first physical address
     * @param dst the destination
     * @param offset where in {@code dst} to start
     * @param length the number of bytes
     */
    public void readBytes(final long address, final byte[] dst, final int offset, final int length)
    {
        copy(address, dst, offset, length, false);
    }

    /**
     * Copies an array into memory.
     *
     * @param address the first physical address
     * @param src the source
     * @param offset where in {@code src} to start
     * @param length the number of bytes
     */
    public void writeBytes(final long address, final byte[] src, final int offset, final int length)
    {
        copy(address, src, offset, length, true);
    }

    private void copy(final long address, final byte[] buf, final int offset, final int length, final boolean write)
    {
        Objects.checkFromIndexSize(offset, length, buf.length);
        checkRange(address, length);
        long a = address;
        for (int done = 0; done < length; )
        {
            final int inPage = (int) a & PAGE_MASK;
            final int n = Math.min(length - done, PAGE_SIZE - inPage);
            if (write)
            {
                System.arraycopy(buf, offset + done, writePage(a), inPage, n);
            }
            else
            {
                System.arraycopy(readPage(a), inPage, buf, offset + done, n);
            }
            a += n;
            done += n;
        }
    }

    /**
     * Fills a range with one byte value. Zero-filling pages that were never written allocates nothing.
     *
     * @param address the first physical address
     * @param length the number of bytes
     * @param value the byte value
     */
    public void fill(final long address, final long length, final int value)
    {
        checkRange(address, length);
        long a = address;
        final long end = address + length;
        while (a < end)
        {
            final int inPage = (int) a & PAGE_MASK;
            final int n = (int) Math.min(end - a, PAGE_SIZE - inPage);
            final byte[] page = readPage(a);
            if (value != 0 || page != ZERO_PAGE)
            {
                Arrays.fill(writePage(a), inPage, inPage + n, (byte) value);
            }
            a += n;
        }
    }

    private static void checkRange(final long address, final long length)
    {
        checkAddress(address);
        if (length < 0 || length > LIMIT - address)
        {
            throw new IllegalArgumentException("length must be in [0, 2^52 - address], was " + length);
        }
    }
}
