// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

/**
 * The MSI capability (PCI Local Bus 3.0, section 6.8.1): 1 to 32 vectors with contiguous data values,
 * 32- or 64-bit message address, optional per-vector masking with pending bits. A vector signalled while
 * masked sets its pending bit and is sent once when unmasked. Multiple Message Enable above Multiple
 * Message Capable reads back as the capable value (docs/decisions.md P4).
 */
public final class MsiCapability extends Capability
{
    /** Control: MSI enable. */
    public static final int ENABLE = 1;
    /** Control: 64-bit address capable. */
    public static final int ADDRESS64 = 1 << 7;
    /** Control: per-vector masking capable. */
    public static final int MASKABLE = 1 << 8;

    private final int vectorsLog2;
    private final boolean address64;
    private final boolean maskable;

    /**
     * @param vectors the vectors the function asks for: 1, 2, 4, 8, 16 or 32
     * @param address64 whether it can send to 64-bit addresses
     * @param maskable whether it has per-vector mask and pending bits
     */
    public MsiCapability(final int vectors, final boolean address64, final boolean maskable)
    {
        if (vectors < 1 || vectors > 32 || Integer.bitCount(vectors) != 1)
        {
            throw new IllegalArgumentException("vectors must be a power of two from 1 to 32, was " + vectors);
        }
        this.vectorsLog2 = Integer.numberOfTrailingZeros(vectors);
        this.address64 = address64;
        this.maskable = maskable;
    }

    @Override
    public int id()
    {
        return ID_MSI;
    }

    @Override
    public int length()
    {
        return (address64 ? 14 : 10) + (maskable ? 10 : 0);
    }

    private int control()
    {
        return offset() + 2;
    }

    private int addressLow()
    {
        return offset() + 4;
    }

    private int data()
    {
        return offset() + (address64 ? 0xc : 8);
    }

    private int mask()
    {
        return offset() + (address64 ? 0x10 : 0xc);
    }

    private int pending()
    {
        return mask() + 4;
    }

    @Override
    protected void init()
    {
        final ConfigSpace c = config();
        c.init(control(), 2, vectorsLog2 << 1 | (address64 ? ADDRESS64 : 0) | (maskable ? MASKABLE : 0));
        c.initWritable(control(), 2, ENABLE | 0x70);
        c.initWritable(addressLow(), 4, ~3);
        if (address64)
        {
            c.initWritable(addressLow() + 4, 4, -1);
        }
        c.initWritable(data(), 2, 0xffff);
        if (maskable)
        {
            c.initWritable(mask(), 4, vectorsLog2 == 5 ? -1 : (1 << (1 << vectorsLog2)) - 1);
        }
    }

    /** @return whether MSI is enabled */
    public boolean enabled()
    {
        return (config().read(control(), 2) & ENABLE) != 0;
    }

    /** @return the number of vectors the guest enabled (Multiple Message Enable) */
    public int enabledVectors()
    {
        return 1 << (config().read(control(), 2) >>> 4 & 7);
    }

    /** @return the message address */
    public long address()
    {
        final long lo = config().read(addressLow(), 4) & 0xffffffffL;
        return address64 ? lo | (config().read(addressLow() + 4, 4) & 0xffffffffL) << 32 : lo;
    }

    /** @return the pending bits (0 without per-vector masking) */
    public int pendingBits()
    {
        return maskable ? config().read(pending(), 4) : 0;
    }

    /**
     * The device signals a vector.
     *
     * @param vector the vector, below the enabled count
     * @return whether a message was sent (false: MSI disabled, vector out of range, masked and now
     *         pending, or the function is not bus master)
     */
    public boolean signal(final int vector)
    {
        function().raises++;
        if (!enabled() || vector < 0 || vector >= enabledVectors())
        {
            return false;
        }
        if (maskable && (config().read(mask(), 4) >>> vector & 1) != 0)
        {
            config().set(pending(), 4, config().read(pending(), 4) | 1 << vector);
            return false;
        }
        return send(vector);
    }

    private boolean send(final int vector)
    {
        final int n = enabledVectors();
        final int data = config().read(data(), 2) & ~(n - 1) | vector;
        return function().message(DeviceTrace.MSI_MECHANISM, vector, address(), data);
    }

    @Override
    protected void written(final int at, final int size, final int value)
    {
        final ConfigSpace c = config();
        final int ctl = c.read(control(), 2);
        final int mme = ctl >>> 4 & 7;
        if (mme > vectorsLog2)
        {
            c.set(control(), 2, ctl & ~0x70 | vectorsLog2 << 4);
        }
        if (maskable && enabled())
        {
            // Vectors unmasked while pending go out now, once (lowest first).
            int due = c.read(pending(), 4) & ~c.read(mask(), 4);
            while (due != 0)
            {
                final int v = Integer.numberOfTrailingZeros(due);
                due &= due - 1;
                c.set(pending(), 4, c.read(pending(), 4) & ~(1 << v));
                if (v < enabledVectors())
                {
                    send(v);
                }
            }
        }
        function().updateIntx();
    }
}
