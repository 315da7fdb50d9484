// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bus;

/**
 * An MMIO region that records the writes it receives (offset, value, requester) in a ring of fixed size
 * and reads as zero: a place to point message-signalled interrupts at when a scenario wants to see them
 * without an interrupt controller, as QEMU's tests point MSIs at RAM. Recording allocates nothing.
 */
public final class RecordingMmio implements MmioDevice
{
    private final long[] offsets;
    private final long[] values;
    private final long[] requesters;
    private long count;

    /**
     * @param capacity how many of the latest writes it keeps
     */
    public RecordingMmio(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        offsets = new long[capacity];
        values = new long[capacity];
        requesters = new long[capacity];
    }

    /** @return how many writes it has received */
    public long count()
    {
        return count;
    }

    private int slot(final long i)
    {
        if (i < 0 || i >= count || i < count - offsets.length)
        {
            throw new IndexOutOfBoundsException("write " + i + " is not kept (count " + count + ")");
        }
        return (int) (i % offsets.length);
    }

    /**
     * @param i the index of a write, counted from the first
     * @return its offset in the region
     */
    public long offset(final long i)
    {
        return offsets[slot(i)];
    }

    /**
     * @param i the index of a write
     * @return its value
     */
    public long value(final long i)
    {
        return values[slot(i)];
    }

    /**
     * @param i the index of a write
     * @return its requester ID
     */
    public long requester(final long i)
    {
        return requesters[slot(i)];
    }

    /** Forgets what was recorded. */
    public void clear()
    {
        count = 0;
    }

    @Override
    public long read(final long offset, final int size, final long requester)
    {
        return 0;
    }

    @Override
    public void write(final long offset, final int size, final long value, final long requester)
    {
        final int s = (int) (count++ % offsets.length);
        offsets[s] = offset;
        values[s] = value;
        requesters[s] = requester;
    }
}
