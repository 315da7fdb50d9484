// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

import org.novaemu.bus.MmioDevice;

/**
 * The MSI-X capability (PCI Local Bus 3.0, section 6.8.2) with its table and pending-bit array, which live
 * in a BAR: up to 2,048 vectors, each with its own address, data and mask (set at reset), plus the
 * function mask. A vector signalled while masked (by itself or by the function mask) sets its pending bit
 * and is sent once when it is unmasked; signalling costs a few array accesses and no allocation.
 *
 * <p>{@link #mmio()} serves the table and the PBA for the BAR that holds them; table entries take aligned
 * 32- and 64-bit accesses, anything outside the table and the PBA reads as zero and ignores writes, and
 * the PBA is read-only.
 */
public final class MsixCapability extends Capability
{
    /** Control: function mask. */
    public static final int FUNCTION_MASK = 1 << 14;
    /** Control: MSI-X enable. */
    public static final int ENABLE = 1 << 15;
    /** The largest table. */
    public static final int MAX_VECTORS = 2048;
    /** Bytes per table entry. */
    public static final int ENTRY_SIZE = 16;

    private final int vectors;
    private final int bir;
    private final int tableOffset;
    private final int pbaOffset;
    private final int[] table;
    private final long[] pba;
    private final MmioDevice mmio = new Registers();
    private boolean enabled;
    private boolean functionMasked;

    /**
     * @param vectors the table size, 1 to 2,048
     * @param bir the BAR that holds table and PBA
     * @param tableOffset the table's offset in that BAR, 8-byte aligned
     * @param pbaOffset the PBA's offset, 8-byte aligned, not overlapping the table
     */
    public MsixCapability(final int vectors, final int bir, final int tableOffset, final int pbaOffset)
    {
        if (vectors < 1 || vectors > MAX_VECTORS)
        {
            throw new IllegalArgumentException("vectors must be 1 to 2048, was " + vectors);
        }
        if (bir < 0 || bir > 5 || (tableOffset | pbaOffset) % 8 != 0 || tableOffset < 0 || pbaOffset < 0)
        {
            throw new IllegalArgumentException("bir must be 0 to 5 and the offsets 8-byte aligned");
        }
        final long tableEnd = tableOffset + (long) vectors * ENTRY_SIZE;
        final long pbaEnd = pbaOffset + ((vectors + 63) / 64) * 8L;
        if (pbaOffset < tableEnd && pbaEnd > tableOffset)
        {
            throw new IllegalArgumentException("the PBA must not overlap the table");
        }
        this.vectors = vectors;
        this.bir = bir;
        this.tableOffset = tableOffset;
        this.pbaOffset = pbaOffset;
        this.table = new int[vectors * 4];
        this.pba = new long[(vectors + 63) / 64];
        resetTable();
    }

    /**
     * @param vectors the table size
     * @return the size of an exclusive BAR holding the table at 0 and the PBA after it, a power of two of at
     *         least 4 KiB
     */
    public static long exclusiveBarSize(final int vectors)
    {
        final long need = (long) vectors * ENTRY_SIZE + ((vectors + 63) / 64) * 8L;
        return Math.max(4096, Long.highestOneBit(need - 1) << 1);
    }

    /**
     * @param vectors the table size
     * @param bir the BAR that will hold table and PBA alone
     * @return a capability with the table at offset 0 and the PBA right after it
     */
    public static MsixCapability exclusive(final int vectors, final int bir)
    {
        return new MsixCapability(vectors, bir, 0, vectors * ENTRY_SIZE + 7 & ~7);
    }

    @Override
    public int id()
    {
        return ID_MSIX;
    }

    @Override
    public int length()
    {
        return 12;
    }

    @Override
    protected void init()
    {
        final ConfigSpace c = config();
        c.init(offset() + 2, 2, vectors - 1);
        c.initWritable(offset() + 2, 2, FUNCTION_MASK | ENABLE);
        c.init(offset() + 4, 4, tableOffset | bir);
        c.init(offset() + 8, 4, pbaOffset | bir);
    }

    /** @return the table and PBA registers, for the BAR {@link #bir()} */
    public MmioDevice mmio()
    {
        return mmio;
    }

    /** @return the BAR that holds the table and the PBA */
    public int bir()
    {
        return bir;
    }

    /** @return the table size */
    public int vectors()
    {
        return vectors;
    }

    /** @return whether MSI-X is enabled */
    public boolean enabled()
    {
        return enabled;
    }

    /** @return whether the function mask is set */
    public boolean functionMasked()
    {
        return functionMasked;
    }

    /**
     * @param vector a vector
     * @return whether its pending bit is set
     */
    public boolean pending(final int vector)
    {
        return (pba[vector >>> 6] >>> vector & 1) != 0;
    }

    /**
     * @param vector a vector
     * @return whether its entry is masked
     */
    public boolean masked(final int vector)
    {
        return (table[4 * vector + 3] & 1) != 0;
    }

    /**
     * The device signals a vector: sent if enabled and unmasked, else latched as pending while enabled.
     *
     * @param vector the vector, below the table size
     * @return whether a message was sent
     */
    public boolean signal(final int vector)
    {
        function().raises++;
        if (!enabled || vector < 0 || vector >= vectors)
        {
            return false;
        }
        final int e = 4 * vector;
        if (functionMasked || (table[e + 3] & 1) != 0)
        {
            pba[vector >>> 6] |= 1L << vector;
            return false;
        }
        return send(e);
    }

    private boolean send(final int e)
    {
        final long address = table[e] & 0xffffffffL | (long) table[e + 1] << 32;
        return function().message(DeviceTrace.MSIX_MECHANISM, e >>> 2, address, table[e + 2]);
    }

    /** Sends, once each, the pending vectors that are no longer masked, lowest first. */
    private void deliverUnmasked()
    {
        if (!enabled || functionMasked)
        {
            return;
        }
        for (int w = 0; w < pba.length; w++)
        {
            long due = pba[w];
            while (due != 0)
            {
                final int v = w << 6 | Long.numberOfTrailingZeros(due);
                due &= due - 1;
                if ((table[4 * v + 3] & 1) == 0)
                {
                    pba[w] &= ~(1L << v);
                    send(4 * v);
                }
            }
        }
    }

    @Override
    protected void written(final int at, final int size, final int value)
    {
        final int ctl = config().read(offset() + 2, 2);
        enabled = (ctl & ENABLE) != 0;
        functionMasked = (ctl & FUNCTION_MASK) != 0;
        deliverUnmasked();
        function().updateIntx();
    }

    @Override
    protected void reset()
    {
        enabled = false;
        functionMasked = false;
        resetTable();
    }

    private void resetTable()
    {
        java.util.Arrays.fill(table, 0);
        for (int v = 0; v < vectors; v++)
        {
            table[4 * v + 3] = 1; // masked after reset
        }
        java.util.Arrays.fill(pba, 0);
    }

    /** The table and PBA as the BAR presents them. */
    private final class Registers implements MmioDevice
    {
        @Override
        public long read(final long offset, final int size, final long requester)
        {
            final long t = offset - tableOffset;
            if (t >= 0 && t < (long) vectors * ENTRY_SIZE && (size == 4 || size == 8) && (t & size - 1) == 0)
            {
                final int i = (int) (t >>> 2);
                final long lo = table[i] & 0xffffffffL;
                return size == 4 ? lo : lo | (long) table[i + 1] << 32;
            }
            final long p = offset - pbaOffset;
            if (p >= 0 && p < pba.length * 8L && (size == 4 || size == 8) && (p & size - 1) == 0)
            {
                final long word = pba[(int) (p >>> 3)];
                return size == 8 ? word : word >>> 8 * (p & 4) & 0xffffffffL;
            }
            return 0;
        }

        @Override
        public void write(final long offset, final int size, final long value, final long requester)
        {
            final long t = offset - tableOffset;
            if (t < 0 || t >= (long) vectors * ENTRY_SIZE || size != 4 && size != 8 || (t & size - 1) != 0)
            {
                return; // PBA, gaps and odd sizes: read-only or nothing (docs/decisions.md P5)
            }
            final int i = (int) (t >>> 2);
            table[i] = (int) value;
            if (size == 8)
            {
                table[i + 1] = (int) (value >>> 32);
            }
            final int vector = i >>> 2;
            final int control = vector * 4 + 3;
            table[control] &= 1; // vector control: only the mask bit is defined (the rest is reserved, zero)
            if ((table[control] & 1) == 0 && pending(vector) && enabled && !functionMasked)
            {
                pba[vector >>> 6] &= ~(1L << vector);
                send(4 * vector);
            }
        }
    }

    /**
     * A driver's programming of one table entry (PCI Express Base 6.0, 7.7.2.4 to 7.7.2.6): the message
     * address, the message data, and the vector control with its mask bit clear.
     *
     * @param to where the driver writes
     * @param table the table's address (its BAR plus the table offset)
     * @param entry the entry
     * @param address the message address
     * @param data the message data
     */
    public static void writeEntry(final Store to, final long table, final int entry, final long address,
                                  final long data)
    {
        final long at = table + (long) ENTRY_SIZE * entry;
        to.write(at, 8, address);
        to.write(at + 8, 4, data & 0xffffffffL);
        to.write(at + 12, 4, 0);
    }

    /**
     * A driver's enable of MSI-X (7.7.2.2): Message Control with MSI-X Enable set and Function Mask clear.
     *
     * @param to where the driver writes
     * @param capability the configuration-space address of the capability
     */
    public static void enable(final Store to, final long capability)
    {
        to.write(capability + 2, 2, ENABLE);
    }
}
