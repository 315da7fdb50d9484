// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.novaemu.bus.AccessRule;
import org.novaemu.bus.Bus;
import org.novaemu.bus.MmioDevice;
import org.novaemu.util.Require;

/**
 * One PCI segment: its buses, the functions on them, and its ECAM window (PCI Express Base 6.0, section
 * 7.2.2): function {@code bus:dev.fn} has 4 KiB of configuration space at {@code base + (bus << 20 | dev <<
 * 15 | fn << 12)}. A function is found by one array index; a read of a function that does not exist
 * returns all ones and a write to it is dropped, as a master abort does. ECAM takes naturally aligned
 * accesses of 1, 2 or 4 bytes; the bus refuses others (docs/decisions.md P1).
 */
public final class PciSegment
{
    /** Accesses ECAM accepts. */
    public static final AccessRule ECAM_RULE = new AccessRule(1, 4, true);

    private final int number;
    private final Bus bus;
    private final long ecamBase;
    private final int buses;
    private final PciFunction[] functions;
    private final List<PciFunction> ordered = new ArrayList<>();
    private final PinRouter router;
    private final RequesterMap requesters;
    private final IntxRoute[] routes = new IntxRoute[32 * 4];

    /**
     * Creates the segment, its requests carrying PCI requester IDs ({@link RequesterMap#pci}), and maps its ECAM
     * window on the bus.
     *
     * @param number the segment number, 0 to 65535
     * @param bus the bus for ECAM, BARs, DMA and messages
     * @param ecamBase the ECAM window's address, 1 MiB aligned
     * @param buses how many buses (1 to 256) the window covers, from bus 0
     * @param router the INTx routing at the root bus, or null for none
     */
    public PciSegment(final int number, final Bus bus, final long ecamBase, final int buses, final PinRouter router)
    {
        this(number, bus, ecamBase, buses, router, RequesterMap.pci(number));
    }

    /**
     * Creates the segment and maps its ECAM window on the bus.
     *
     * @param number the segment number, 0 to 65535
     * @param bus the bus for ECAM, BARs, DMA and messages
     * @param ecamBase the ECAM window's address, 1 MiB aligned
     * @param buses how many buses (1 to 256) the window covers, from bus 0
     * @param router the INTx routing at the root bus, or null for none
     * @param requesters how the root complex derives the requester ID its functions' requests carry on the bus
     */
    public PciSegment(final int number, final Bus bus, final long ecamBase, final int buses, final PinRouter router,
                      final RequesterMap requesters)
    {
        Require.inRange("number", number, 0, 0xffff);
        Require.nonNull("bus", bus);
        Require.nonNull("requesters", requesters);
        Require.inRange("buses", buses, 1, 256);
        if ((ecamBase & 0xfffff) != 0 || ecamBase < 0)
        {
            throw new IllegalArgumentException("ecamBase must be 1 MiB aligned, was 0x" + Long.toHexString(ecamBase));
        }
        this.number = number;
        this.bus = bus;
        this.ecamBase = ecamBase;
        this.buses = buses;
        this.functions = new PciFunction[buses << 8];
        this.router = router;
        this.requesters = requesters;
        bus.mapMmio("ecam" + number, ecamBase, (long) buses << 20, new Ecam(), ECAM_RULE);
    }

    /** @return the segment number */
    public int number()
    {
        return number;
    }

    /** @return the ECAM window's address */
    public long ecamBase()
    {
        return ecamBase;
    }

    /** @return how many buses the segment has */
    public int buses()
    {
        return buses;
    }

    /** @return how the root complex derives the requester ID its functions' requests carry on the bus */
    public RequesterMap requesters()
    {
        return requesters;
    }

    /** @return the bus everything is on */
    public Bus bus()
    {
        return bus;
    }

    /**
     * @param busNumber a bus
     * @param device a device
     * @param function a function
     * @return the function there, or null
     */
    public PciFunction function(final int busNumber, final int device, final int function)
    {
        if (busNumber < 0 || busNumber >= buses || device < 0 || device > 31 || function < 0 || function > 7)
        {
            return null;
        }
        return functions[busNumber << 8 | device << 3 | function];
    }

    /** @return the functions in the order they were added */
    public List<PciFunction> functions()
    {
        return Collections.unmodifiableList(ordered);
    }

    /**
     * Puts a function at an address. Function 0 of a device must come first; adding another function marks
     * the device multi-function.
     *
     * @param busNumber the bus
     * @param devfn device [7:3], function [2:0]
     * @param f the function
     * @param requester its PCI requester ID (its own, or a bridge's alias), which the segment's
     *        {@link RequesterMap} turns into the one its requests carry on the bus
     * @param pin the INTx wire it drives at the root bus after swizzling: root-bus device [7:3] and pin
     *        [2:0] (1 to 4), or 0 for none
     */
    void add(final int busNumber, final int devfn, final PciFunction f, final long requester, final int pin)
    {
        if (busNumber < 0 || busNumber >= buses)
        {
            throw new IllegalArgumentException("bus " + busNumber + " is beyond the segment's " + buses + " buses");
        }
        final int at = busNumber << 8 | devfn;
        if (functions[at] != null)
        {
            throw new IllegalArgumentException(String.format("%04x:%02x:%02x.%x is taken by %s", number, busNumber,
                devfn >>> 3, devfn & 7, functions[at].name()));
        }
        if ((devfn & 7) != 0)
        {
            final PciFunction zero = functions[at & ~7];
            if (zero == null)
            {
                throw new IllegalArgumentException(String.format("%04x:%02x:%02x.0 must exist before function %d",
                    number, busNumber, devfn >>> 3, devfn & 7));
            }
            final int type = zero.config().read(Header.HEADER_TYPE.offset(), 1);
            zero.config().init(Header.HEADER_TYPE.offset(), 1, type | 0x80);
        }
        functions[at] = f;
        ordered.add(f);
        f.attach(bus, number, busNumber, devfn, requesters, (int) requester & 0xffff, route(pin));
    }

    private IntxRoute route(final int pin)
    {
        if (pin == 0 || router == null)
        {
            return null;
        }
        final int i = (pin >>> 3) * 4 + (pin & 7) - 1;
        if (routes[i] == null)
        {
            routes[i] = router.route(number, pin >>> 3, pin & 7);
        }
        return routes[i];
    }

    /** The ECAM window. */
    private final class Ecam implements MmioDevice
    {
        @Override
        public long read(final long offset, final int size, final long requester)
        {
            final PciFunction f = functions[(int) (offset >>> 12)];
            if (f == null)
            {
                return size == 4 ? 0xffffffffL : (1L << 8 * size) - 1;
            }
            return f.configRead((int) offset & 0xfff, size) & 0xffffffffL;
        }

        @Override
        public void write(final long offset, final int size, final long value, final long requester)
        {
            final PciFunction f = functions[(int) (offset >>> 12)];
            if (f != null)
            {
                f.configWrite((int) offset & 0xfff, size, (int) value);
            }
        }
    }
}
