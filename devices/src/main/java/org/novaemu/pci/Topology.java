// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

import java.util.function.IntFunction;
import org.novaemu.util.Require;

/**
 * Builds a PCI Express hierarchy on a segment as firmware enumerates one: a host bridge at 00:00.0, root
 * ports on bus 0, switches, PCI Express to PCI bridges, and functions on the buses below them. Bus numbers are given
 * depth first and written into the bridges' primary, secondary and subordinate registers; requester IDs
 * are aliased behind PCI Express to PCI bridges (the bridge's secondary bus with devfn 0, PCI Express to
 * PCI/PCI-X Bridge 1.0, section 2.3); INTx pins are swizzled at every bridge, {@code pin' = (pin - 1 +
 * device) mod 4 + 1}, on the way to the root bus. Root ports and switch downstream ports carry ACS source
 * validation ({@link AcsCapability}), off until software enables it.
 *
 * <pre>{@code
 * Topology.build(segment, 16, 256, i -> new MultiQueueDevice(...));   // 4,096 functions behind 16 root ports
 * }</pre>
 */
public final class Topology
{
    /** Vendor ID of the generic bridges (Red Hat, whose IDs QEMU's generic PCIe bridges use). */
    public static final int VENDOR = 0x1b36;

    private final PciSegment segment;
    private final Downstream root;
    private int nextBus = 1;

    /**
     * Puts a host bridge at 00:00.0 of an empty segment.
     *
     * @param segment the segment
     */
    public Topology(final PciSegment segment)
    {
        Require.nonNull("segment", segment);
        if (!segment.functions().isEmpty())
        {
            throw new IllegalArgumentException("segment " + segment.number() + " is not empty");
        }
        this.segment = segment;
        this.root = new Downstream(null, 0, null, -1);
        root.add(new PciFunction("host bridge", VENDOR, 0x0008, 0x060000, false, 0));
        root.nextDevice();
    }

    /**
     * Builds {@code ports} root ports with {@code perPort} functions each (up to 256: 32 devices of 8
     * functions), made by {@code factory} from their index across the segment.
     *
     * @param segment an empty segment
     * @param ports root ports, 1 to 31
     * @param perPort functions below each, 1 to 256
     * @param factory makes function i
     * @return the topology
     */
    public static Topology build(final PciSegment segment, final int ports, final int perPort,
                                 final IntFunction<PciFunction> factory)
    {
        Require.inRange("ports", ports, 1, 31);
        Require.inRange("perPort", perPort, 1, 256);
        final Topology t = new Topology(segment);
        int i = 0;
        for (int p = 0; p < ports; p++)
        {
            final Downstream below = t.root().rootPort();
            for (int f = 0; f < perPort; f++)
            {
                below.add(factory.apply(i++));
            }
        }
        return t;
    }

    /** @return the segment */
    public PciSegment segment()
    {
        return segment;
    }

    /** @return bus 0 */
    public Downstream root()
    {
        return root;
    }

    /**
     * A bus in the hierarchy and the next free device and function on it. Functions fill device 0's eight
     * functions, then device 1's (a link is not modelled as point to point, docs/decisions.md P8).
     */
    public final class Downstream
    {
        private final Downstream parent;
        private final int number;
        private final PciFunction bridge;
        private final long alias;
        private int nextDevfn;

        private Downstream(final Downstream parent, final int number, final PciFunction bridge, final long alias)
        {
            this.parent = parent;
            this.number = number;
            this.bridge = bridge;
            this.alias = alias;
        }

        /** @return its bus number */
        public int number()
        {
            return number;
        }

        /** @return the bridge above it, or null for bus 0 */
        public PciFunction bridge()
        {
            return bridge;
        }

        /**
         * Places a function at the next free device and function.
         *
         * @param <F> the function's type
         * @param f the function
         * @return the function
         */
        public <F extends PciFunction> F add(final F f)
        {
            if (nextDevfn > 0xff)
            {
                throw new IllegalArgumentException("bus " + number + " is full (256 functions)");
            }
            final int devfn = nextDevfn++;
            final int seg = segment.number();
            final long own = (long) seg << 16 | number << 8 | devfn;
            segment.add(number, devfn, f, alias >= 0 ? alias : own, pinAtRoot(devfn >>> 3, f));
            if (bridge != null)
            {
                bridge.below(f);
            }
            return f;
        }

        /** The INTx wire of a function at the root bus: root device [7:3] and swizzled pin [2:0], or 0. */
        private int pinAtRoot(final int device, final PciFunction f)
        {
            int pin = f.config().read(Header.INTERRUPT_PIN.offset(), 1);
            if (pin == 0)
            {
                return 0;
            }
            int dev = device;
            for (Downstream b = this; b.parent != null; b = b.parent)
            {
                pin = (pin - 1 + dev) % 4 + 1;
                dev = b.bridge.bdf() >>> 3 & 0x1f;
            }
            return dev << 3 | pin;
        }

        /**
         * Skips to a device: the next function added goes to its function 0.
         *
         * @param device a device number, not below the next free one
         * @return this bus
         */
        public Downstream device(final int device)
        {
            if (device < 0 || device > 31 || device << 3 < nextDevfn)
            {
                throw new IllegalArgumentException("device must be " + (nextDevfn + 7 >>> 3) + " to 31, was " + device);
            }
            nextDevfn = device << 3;
            return this;
        }

        /**
         * Starts a new device: the next function added goes to function 0 of the next device.
         *
         * @return this bus
         */
        public Downstream nextDevice()
        {
            nextDevfn = nextDevfn + 7 & ~7;
            return this;
        }

        /**
         * Adds a PCI Express root port (on bus 0 only), as the next device, and numbers the bus below it.
         *
         * @return the bus below the port
         */
        public Downstream rootPort()
        {
            if (parent != null)
            {
                throw new IllegalStateException("root ports sit on bus 0");
            }
            nextDevice();
            final PciFunction port = new PciFunction("root port", VENDOR, 0x000c, 0x060400, true, 0);
            port.capability(new PcieCapability(PcieCapability.ROOT_PORT, false));
            port.capability(new MsiCapability(1, true, false));
            port.capability(new AcsCapability());
            return bridge(port, -1);
        }

        /**
         * Adds a PCI Express switch as the next device: its upstream port, the switch's internal bus, and
         * {@code ports} downstream ports on it, each with a bus below.
         *
         * @param ports downstream ports, 1 to 32
         * @return the buses below the downstream ports, in order
         */
        public Downstream[] pcieSwitch(final int ports)
        {
            Require.inRange("ports", ports, 1, 32);
            nextDevice();
            final PciFunction up = new PciFunction("switch upstream port", VENDOR, 0x000d, 0x060400, true, 0);
            up.capability(new PcieCapability(PcieCapability.SWITCH_UPSTREAM, false));
            final Downstream internal = bridge(up, -1);
            final Downstream[] below = new Downstream[ports];
            for (int i = 0; i < ports; i++)
            {
                final PciFunction down = new PciFunction("switch downstream port", VENDOR, 0x000d, 0x060400, true, 0);
                down.capability(new PcieCapability(PcieCapability.SWITCH_DOWNSTREAM, false));
                down.capability(new AcsCapability());
                internal.nextDevice();
                below[i] = internal.bridge(down, -1);
            }
            return below;
        }

        /**
         * Adds a PCI Express to PCI bridge as the next device; functions below it carry its alias as their
         * requester ID.
         *
         * @return the conventional bus below the bridge
         */
        public Downstream pcieToPciBridge()
        {
            nextDevice();
            final PciFunction b = new PciFunction("pcie-to-pci bridge", VENDOR, 0x000e, 0x060400, true, 0);
            b.capability(new PcieCapability(PcieCapability.PCIE_TO_PCI_BRIDGE, false));
            return bridge(b, 0);
        }

        private Downstream bridge(final PciFunction b, final int aliasDevfn)
        {
            if (bridge != null && bridge.config().read(Header.SUBORDINATE_BUS.offset(), 1) != nextBus - 1)
            {
                throw new IllegalStateException("bus " + number + " cannot take another bridge: bus " + (nextBus - 1)
                    + " was numbered after it and its range would overlap; build depth first");
            }
            final int secondary = nextBus;
            if (secondary >= segment.buses())
            {
                throw new IllegalArgumentException("segment " + segment.number() + " has no bus left for " + b.name());
            }
            nextBus++;
            add(b);
            nextDevice();
            final ConfigSpace c = b.config();
            c.init(Header.PRIMARY_BUS.offset(), 1, number);
            c.init(Header.SECONDARY_BUS.offset(), 1, secondary);
            c.init(Header.SUBORDINATE_BUS.offset(), 1, secondary);
            for (Downstream up = this; up.bridge != null; up = up.parent)
            {
                up.bridge.config().init(Header.SUBORDINATE_BUS.offset(), 1, secondary);
            }
            final long ownAlias = aliasDevfn < 0 ? -1 : (long) segment.number() << 16 | secondary << 8 | aliasDevfn;
            return new Downstream(this, secondary, b, alias >= 0 ? alias : ownAlias);
        }
    }
}
