// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bus;

/**
 * The x86 I/O port space: 65,536 byte ports, each claimed by at most one device. A lookup is one array
 * index. A port nobody claims reads all ones and ignores writes, as a master abort on the bus does.
 * An access goes whole to the device that claims its first port.
 */
public final class PortSpace
{
    /** The number of ports. */
    public static final int PORTS = 1 << 16;

    /** A device's I/O ports. */
    public interface PortDevice
    {
        /**
         * @param port the first port accessed
         * @param size 1, 2 or 4
         * @return the value read
         */
        long in(int port, int size);

        /**
         * @param port the first port accessed
         * @param size 1, 2 or 4
         * @param value the value written
         */
        void out(int port, int size, long value);
    }

    private final PortDevice[] byPort = new PortDevice[PORTS];

    /**
     * Claims {@code [base, base + count)} for a device.
     *
     * @param base the first port
     * @param count how many ports, at least 1
     * @param device the device
     * @throws IllegalArgumentException naming the field if the range leaves the space or is claimed already
     */
    public void map(final int base, final int count, final PortDevice device)
    {
        if (base < 0 || count < 1 || base + count > PORTS)
        {
            throw new IllegalArgumentException("base and count must lie within the 65,536 ports, were 0x"
                + Integer.toHexString(base) + " and " + count);
        }
        if (device == null)
        {
            throw new IllegalArgumentException("device must not be null");
        }
        for (int p = base; p < base + count; p++)
        {
            if (byPort[p] != null)
            {
                throw new IllegalArgumentException("base: port 0x" + Integer.toHexString(p) + " is claimed already");
            }
        }
        for (int p = base; p < base + count; p++)
        {
            byPort[p] = device;
        }
    }

    /**
     * @param port the port, 0 to 65,535
     * @param size 1, 2 or 4
     * @return the value, all ones of {@code size} bytes where no device claims the port
     */
    public long in(final int port, final int size)
    {
        final PortDevice d = byPort[port & (PORTS - 1)];
        final long ones = size == 4 ? 0xffff_ffffL : (1L << 8 * size) - 1;
        return d == null ? ones : d.in(port, size) & ones;
    }

    /**
     * @param port the port, 0 to 65,535
     * @param size 1, 2 or 4
     * @param value the value; bits above {@code size} bytes are ignored
     */
    public void out(final int port, final int size, final long value)
    {
        final PortDevice d = byPort[port & (PORTS - 1)];
        if (d != null)
        {
            d.out(port, size, size == 4 ? value & 0xffff_ffffL : value & (1L << 8 * size) - 1);
        }
    }
}
