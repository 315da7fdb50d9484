// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.novaemu.bus.Bus;
import org.novaemu.bus.RequesterId;
import org.novaemu.sim.Failure;
import org.novaemu.sim.Failures;
import org.novaemu.util.Require;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PCI function: its configuration space with the type 0 or type 1 header, its BARs, which it maps on
 * the bus while memory decoding is enabled, its capabilities, and the device side's access to the bus:
 * DMA and message writes tagged with its requester ID (only while it is bus master), and its INTx pin.
 *
 * <p>Guest accesses arrive through {@link #configRead} and {@link #configWrite} (from ECAM); they apply the
 * configuration space's masks and never throw. Device models extend this class or compose it.
 */
public class PciFunction
{
    private static final Logger LOG = LoggerFactory.getLogger(PciFunction.class);

    private static final int BAR_COUNT_TYPE0 = 6;
    private static final int BAR_COUNT_TYPE1 = 2;
    private static final int STD_CAP_START = 0x40;

    private final String name;
    private final ConfigSpace config = new ConfigSpace();
    private final int headerType;
    private final BarDecoder bars;
    private final List<Capability> capabilities = new ArrayList<>();
    private int nextStandard = STD_CAP_START;
    private int lastStandard = -1;
    private int nextExtended = ConfigSpace.COMPATIBLE_SIZE;
    private int lastExtended = -1;
    private Bus bus;
    private long requesterId = RequesterId.CPU;
    /** The root complex's derivation of requester IDs on the bus, for requests with another ID. */
    private RequesterMap requesters;
    private int bdf = -1;
    private IntxRoute intx;
    private boolean intxLevel;
    private boolean intxDriven;
    private boolean master;
    private boolean masterReported;
    /** Counters (U24): interrupts signalled, messages sent, DMA bytes requested. */
    long raises;
    private long messages;
    private long dmaBytes;
    private final List<PciFunction> below = new ArrayList<>();
    /** The bridge directly above, or null on the root bus: upstream requests pass through it. */
    private PciFunction upstream;
    /** Its ACS capability, if it is a port that has one. */
    private AcsCapability acs;

    /**
     * @param name a name for listings
     * @param vendor the vendor ID
     * @param device the device ID
     * @param classCode the class code (base class [23:16], subclass [15:8], programming interface [7:0])
     * @param bridge whether the function has a type 1 (PCI-to-PCI bridge) header
     * @param interruptPin its INTx pin, 0 for none or 1 to 4 for INTA# to INTD#
     */
    public PciFunction(final String name, final int vendor, final int device, final int classCode, final boolean bridge,
                       final int interruptPin)
    {
        Require.nonNull("name", name);
        if (vendor < 0 || vendor >= 0xffff || device < 0 || device > 0xffff)
        {
            throw new IllegalArgumentException("vendor must be 0 to 0xfffe and device 0 to 0xffff");
        }
        Require.inRange("interruptPin", interruptPin, 0, 4);
        this.name = name;
        this.headerType = bridge ? 1 : 0;
        this.bars = new BarDecoder(name, config, bridge ? BAR_COUNT_TYPE1 : BAR_COUNT_TYPE0);
        config.init(Header.VENDOR_ID.offset(), 2, vendor);
        config.init(Header.DEVICE_ID.offset(), 2, device);
        config.init(Header.CLASS_CODE.offset(), 3, classCode);
        config.init(Header.HEADER_TYPE.offset(), 1, headerType);
        config.initWritable(Header.COMMAND.offset(), 2, Header.COMMAND_IO | Header.COMMAND_MEMORY
            | Header.COMMAND_BUS_MASTER | Header.COMMAND_PARITY | Header.COMMAND_SERR | Header.COMMAND_INTX_DISABLE);
        config.initClearable(Header.STATUS.offset(), 2, Header.STATUS_ERRORS);
        config.initWritable(Header.CACHE_LINE_SIZE.offset(), 1, 0xff);
        config.initWritable(Header.INTERRUPT_LINE.offset(), 1, 0xff);
        config.init(Header.INTERRUPT_PIN.offset(), 1, interruptPin);
        if (bridge)
        {
            for (final Header h : new Header[] {Header.PRIMARY_BUS, Header.SECONDARY_BUS, Header.SUBORDINATE_BUS,
                Header.SECONDARY_LATENCY})
            {
                config.initWritable(h.offset(), 1, 0xff);
            }
            config.initWritable(Header.IO_BASE.offset(), 1, 0xf0); // 16-bit I/O window: low nibble read-only 0
            config.initWritable(Header.IO_LIMIT.offset(), 1, 0xf0);
            for (final Header h : new Header[] {Header.MEMORY_BASE, Header.MEMORY_LIMIT, Header.PREFETCH_BASE,
                Header.PREFETCH_LIMIT})
            {
                config.initWritable(h.offset(), 2, 0xfff0);
            }
            config.init(Header.PREFETCH_BASE.offset(), 2, 1); // a 64-bit prefetchable window: upper halves exist
            config.init(Header.PREFETCH_LIMIT.offset(), 2, 1);
            config.initWritable(Header.PREFETCH_BASE_UPPER.offset(), 4, -1);
            config.initWritable(Header.PREFETCH_LIMIT_UPPER.offset(), 4, -1);
            config.initClearable(Header.SECONDARY_STATUS.offset(), 2, Header.STATUS_ERRORS);
            config.initWritable(Header.BRIDGE_CONTROL.offset(), 2, 0x0fff);
        }
    }

    /** @return its name */
    public String name()
    {
        return name;
    }

    /** @return its configuration space */
    public ConfigSpace config()
    {
        return config;
    }

    /** @return whether it has a type 1 header */
    public boolean isBridge()
    {
        return headerType == 1;
    }

    // ---- Set-up by the device model --------------------------------------------------------------------

    /**
     * Declares a BAR. A 64-bit BAR takes register {@code index + 1} too.
     *
     * @param index the BAR register, 0 to 5 (0 to 1 for a bridge)
     * @param bar the declaration
     * @return this function
     */
    public PciFunction bar(final int index, final Bar bar)
    {
        bars.declare(index, bar);
        return this;
    }

    /**
     * Adds a capability at the next free place of its list and links it in.
     *
     * @param <C> the capability's type
     * @param cap the capability
     * @return the capability
     */
    public <C extends Capability> C capability(final C cap)
    {
        if (cap == null || cap.offset() >= 0)
        {
            throw new IllegalArgumentException("cap must be a new capability");
        }
        final int len = cap.length() + 3 & ~3;
        if (cap.extended())
        {
            if (nextExtended + len > ConfigSpace.SIZE)
            {
                throw new IllegalArgumentException("extended capabilities exceed 4 KiB of configuration space");
            }
            final int at = nextExtended;
            config.init(at, 4, cap.id() | cap.version() << 16);
            if (lastExtended >= 0)
            {
                final int prev = config.read(lastExtended, 4);
                config.init(lastExtended, 4, prev & 0x000f_ffff | at << 20);
            }
            lastExtended = at;
            nextExtended += len;
            cap.place(this, at);
        }
        else
        {
            if (nextStandard + len > ConfigSpace.COMPATIBLE_SIZE)
            {
                throw new IllegalArgumentException("capabilities exceed the 256-byte compatible space");
            }
            final int at = nextStandard;
            config.init(at, 1, cap.id());
            config.init(at + 1, 1, 0);
            config.init(lastStandard >= 0 ? lastStandard + 1 : Header.CAPABILITIES.offset(), 1, at);
            final int status = config.read(Header.STATUS.offset(), 2);
            config.init(Header.STATUS.offset(), 2, status | Header.STATUS_CAPABILITIES);
            lastStandard = at;
            nextStandard += len;
            cap.place(this, at);
        }
        capabilities.add(cap);
        if (cap instanceof AcsCapability)
        {
            acs = (AcsCapability) cap;
        }
        return cap;
    }

    /** @return its capabilities in the order they were added */
    public List<Capability> capabilities()
    {
        return Collections.unmodifiableList(capabilities);
    }

    /**
     * @param id a capability ID
     * @param extended whether it is an extended one
     * @return the first capability with that ID, or null
     */
    public Capability find(final int id, final boolean extended)
    {
        for (final Capability c : capabilities)
        {
            if (c.id() == id && c.extended() == extended)
            {
                return c;
            }
        }
        return null;
    }

    // ---- Topology --------------------------------------------------------------------------------------

    /**
     * Puts the function on a bus at an address; the topology builder calls it.
     *
     * @param onBus the bus its BARs, DMA and messages use
     * @param segment its segment
     * @param busNumber its bus number
     * @param devfn its device [7:3] and function [2:0]
     * @param map the root complex's derivation of the requester IDs its transactions carry on the bus
     * @param rid its 16-bit PCI requester ID (its own, or a bridge's alias)
     * @param route its INTx wire at the platform, or null
     */
    void attach(final Bus onBus, final int segment, final int busNumber, final int devfn, final RequesterMap map,
                final int rid, final IntxRoute route)
    {
        if (bus != null)
        {
            throw new IllegalStateException(name + " is already attached");
        }
        bus = onBus;
        bdf = segment << 16 | busNumber << 8 | devfn;
        requesters = map;
        requesterId = map.requester(rid);
        intx = route;
    }

    /** @return segment [31:16], bus [15:8], device [7:3], function [2:0]; -1 until attached */
    public int bdf()
    {
        return bdf;
    }

    /**
     * @return the requester ID its DMA and messages carry on the bus, as its root complex derives it from its PCI
     *         requester ID (or a bridge's alias): on x86 {@code segment:bus:dev.fn}, on Arm the DeviceID and
     *         StreamID ({@link RequesterId})
     */
    public long requesterId()
    {
        return requesterId;
    }

    /** @return the bus it is on, or null */
    public Bus bus()
    {
        return bus;
    }

    // ---- Guest side ----------------------------------------------------------------------------------

    /**
     * A configuration read.
     *
     * @param offset the register offset, aligned to {@code size}
     * @param size 1, 2 or 4
     * @return the value
     */
    public int configRead(final int offset, final int size)
    {
        return config.read(offset, size);
    }

    /**
     * A configuration write, with its side effects: BAR (re)mapping, INTx disable, capability behaviour.
     *
     * @param offset the register offset, aligned to {@code size}
     * @param size 1, 2 or 4
     * @param value the value
     */
    public void configWrite(final int offset, final int size, final int value)
    {
        config.write(offset, size, value);
        final int end = offset + size;
        if (offset < Header.COMMAND.offset() + 2 && end > Header.COMMAND.offset()
            || bars.covers(offset, end))
        {
            master = (command() & Header.COMMAND_BUS_MASTER) != 0; // cached for the message path
            masterReported &= !master;
            updateBars();
            updateIntx();
        }
        for (int i = 0; i < capabilities.size(); i++)
        {
            final Capability c = capabilities.get(i);
            if (offset < c.offset() + c.length() && end > c.offset())
            {
                c.written(offset, size, value);
            }
        }
        final int control = Header.BRIDGE_CONTROL.offset();
        if (isBridge() && offset <= control && end > control)
        {
            final boolean reset = (config.read(control, 2) & BRIDGE_SECONDARY_RESET) != 0;
            if (reset && !secondaryReset)
            {
                resetBelow(); // Secondary Bus Reset: everything below the bridge (PCI-to-PCI Bridge 1.2, 3.2.5.17)
            }
            secondaryReset = reset;
        }
    }

    /** Bridge Control: Secondary Bus Reset. */
    public static final int BRIDGE_SECONDARY_RESET = 1 << 6;

    private boolean secondaryReset;

    /** Records a function placed on the bus below this bridge. */
    void below(final PciFunction f)
    {
        below.add(f);
        f.upstream = this;
    }

    private void resetBelow()
    {
        for (final PciFunction f : below)
        {
            f.reset();
            f.resetBelow();
        }
    }

    /** @return the Command register */
    public int command()
    {
        return config.read(Header.COMMAND.offset(), 2);
    }

    /**
     * @return whether it may master the bus for a request to {@code address}; if not, the first refused request
     *         since bus mastering was last on is reported as {@link Failure#BUS_MASTER_OFF} (decision U22)
     */
    private boolean mastering(final long address)
    {
        if (master)
        {
            return true;
        }
        if (!masterReported)
        {
            final Failures failures = bus.failures();
            if (failures.wanted(LOG, Failure.BUS_MASTER_OFF))
            {
                masterReported = true; // only once reported: strict mode turned on later still hears of the next
                failures.report(LOG, Failure.BUS_MASTER_OFF, name() + " (requester 0x" + Long.toHexString(requesterId)
                    + ") tried DMA or an MSI to 0x" + Long.toHexString(address)
                    + " with Bus Master Enable off in its Command register: the request was dropped");
            }
        }
        return false;
    }

    /** Counts the bytes of a DMA request that leaves the function (U24); always true. */
    private boolean moved(final int bytes)
    {
        dmaBytes += bytes;
        return true;
    }

    /** @return interrupts the device signalled: MSI or MSI-X vectors (sent, pending or dropped), INTx assertions */
    public long raises()
    {
        return raises;
    }

    /** @return message-signalled interrupts that left the function (bus mastering on) */
    public long messages()
    {
        return messages;
    }

    /** @return bytes of DMA requests that left the function (bus mastering on), translated or refused later */
    public long dmaBytes()
    {
        return dmaBytes;
    }

    /** @return whether it may master the bus (DMA, messages) */
    public boolean busMaster()
    {
        return master;
    }

    /**
     * @param index a BAR register
     * @return the address the BAR is decoded at, or -1 if it is not (decoding off, or a conflict)
     */
    public long barAddress(final int index)
    {
        return bars.address(index);
    }

    /** @return how many times a BAR could not be mapped because its range overlapped another region */
    public long barConflicts()
    {
        return bars.conflicts();
    }

    /**
     * @param index a BAR register, 0 to 5
     * @return the BAR declared at {@code index}, or null
     */
    public Bar barDeclared(final int index)
    {
        return bars.declared(index);
    }

    private void updateBars()
    {
        bars.update(bus, (command() & Header.COMMAND_MEMORY) != 0);
    }

    // ---- Device side ---------------------------------------------------------------------------------

    /**
     * A DMA write of the device, tagged with its requester ID.
     *
     * @param address the device-visible address
     * @param size 1, 2, 4 or 8
     * @param value the value
     * @return false if the function is not bus master or the write was blocked or refused
     */
    public boolean dmaWrite(final long address, final int size, final long value)
    {
        return bus != null && mastering(address) && moved(size)
            && bus.dmaWrite(requesterId, address, size, value);
    }

    /**
     * A DMA write whose request carries a requester ID other than the function's own, as a faulty or hostile
     * device may send (PCI Express puts a 16-bit requester ID in every request; the root complex derives the
     * requester ID on the bus from it as for the function's own, {@link PciSegment#requesters}). Every port on
     * the way up with ACS Source Validation enabled checks the ID's bus against its range (PCI Express Base 6.0,
     * 6.12.1.1) and refuses a request from a bus below another port.
     *
     * @param sourceId the 16-bit requester ID the request carries (bus [15:8], device [7:3], function [2:0])
     * @param address the device-visible address
     * @param size 1, 2, 4 or 8
     * @param value the value
     * @return false if the function is not bus master, a port refused the request, or the write was blocked
     */
    public boolean dmaWriteAs(final int sourceId, final long address, final int size, final long value)
    {
        return bus != null && mastering(address) && moved(size) && validated(sourceId)
            && bus.dmaWrite(asRequester(sourceId), address, size, value);
    }

    /**
     * A DMA read with a requester ID other than the function's own; see {@link #dmaWriteAs}.
     *
     * @param sourceId the 16-bit requester ID the request carries
     * @param address the device-visible address
     * @param size 1, 2, 4 or 8
     * @return the value; all ones if the function is not bus master, a port refused it, or it was blocked
     */
    public long dmaReadAs(final int sourceId, final long address, final int size)
    {
        if (bus == null || !mastering(address) || !moved(size) || !validated(sourceId))
        {
            return size == 8 ? -1L : (1L << 8 * size) - 1;
        }
        return bus.dmaRead(asRequester(sourceId), address, size);
    }

    /** The requester ID on the bus of a 16-bit one sent from this function's segment. */
    private long asRequester(final int sourceId)
    {
        return requesters.requester(sourceId & 0xffff);
    }

    /** ACS source validation at every port between the function and the root complex. */
    private boolean validated(final int sourceId)
    {
        for (PciFunction port = upstream; port != null; port = port.upstream)
        {
            if (port.acs != null && !port.acs.admits(sourceId))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * A DMA read of the device.
     *
     * @param address the device-visible address
     * @param size 1, 2, 4 or 8
     * @return the value, all ones if the function is not bus master or the read was blocked or refused
     */
    public long dmaRead(final long address, final int size)
    {
        if (bus == null || !mastering(address) || !moved(size))
        {
            return size == 8 ? -1L : (1L << 8 * size) - 1;
        }
        return bus.dmaRead(requesterId, address, size);
    }

    /**
     * A DMA read of a buffer.
     *
     * @param address the device-visible address
     * @param dst the destination
     * @param offset where in it to start
     * @param length the number of bytes
     * @return false if the function is not bus master or any byte was blocked or refused
     */
    public boolean dmaRead(final long address, final byte[] dst, final int offset, final int length)
    {
        return bus != null && mastering(address) && moved(length)
            && bus.dmaRead(requesterId, address, dst, offset, length);
    }

    /**
     * A DMA write of a buffer.
     *
     * @param address the device-visible address
     * @param src the source
     * @param offset where in it to start
     * @param length the number of bytes
     * @return false if the function is not bus master or any byte was blocked or refused
     */
    public boolean dmaWrite(final long address, final byte[] src, final int offset, final int length)
    {
        return bus != null && mastering(address) && moved(length)
            && bus.dmaWrite(requesterId, address, src, offset, length);
    }

    /**
     * A message-signalled interrupt: a 32-bit memory write of {@code data} to {@code address}, which needs
     * bus mastering like any other write the function makes.
     *
     * @return whether the message reached a device
     */
    boolean message(final int mechanism, final int vector, final long address, final int data)
    {
        if (bus != null && bus.trace().enabled())
        {
            bus.trace().record(DeviceTrace.RAISE, requesterId, mechanism, vector);
        }
        return message(address, data);
    }

    boolean message(final long address, final int data)
    {
        return bus != null && mastering(address) && ++messages > 0
            && bus.signalMessage(requesterId, address, data);
    }

    /**
     * Sets the level of the function's INTx pin. Status.Interrupt shows it; the wire is driven unless INTx
     * is disabled in Command or MSI or MSI-X is enabled.
     *
     * @param level whether the device asserts its interrupt
     */
    public void setIntx(final boolean level)
    {
        if (level && !intxLevel)
        {
            raises++;
        }
        intxLevel = level;
        if (level && bus != null && bus.trace().enabled())
        {
            bus.trace().record(DeviceTrace.RAISE, requesterId, DeviceTrace.PIN_MECHANISM, 0);
        }
        final int status = config.read(Header.STATUS.offset(), 2);
        config.set(Header.STATUS.offset(), 2, level ? status | Header.STATUS_INTERRUPT
            : status & ~Header.STATUS_INTERRUPT);
        updateIntx();
    }

    /** Drives or releases the INTx wire after a change of level, Command, or the MSI/MSI-X enables. */
    void updateIntx()
    {
        boolean drive = intxLevel && intx != null && (command() & Header.COMMAND_INTX_DISABLE) == 0;
        for (int i = 0; drive && i < capabilities.size(); i++)
        {
            final Capability c = capabilities.get(i);
            if (c instanceof MsiCapability && ((MsiCapability) c).enabled()
                || c instanceof MsixCapability && ((MsixCapability) c).enabled())
            {
                drive = false;
            }
        }
        if (drive != intxDriven)
        {
            intxDriven = drive;
            intx.drive(drive);
        }
    }

    /**
     * A function-level or conventional reset: configuration space to its reset values, BARs unmapped, INTx
     * released, capabilities and the device model's state reset.
     */
    public void reset()
    {
        config.reset();
        master = false;
        masterReported = false;
        secondaryReset = false;
        updateBars();
        intxLevel = false;
        updateIntx();
        for (final Capability c : capabilities)
        {
            c.reset();
        }
        resetDevice();
    }

    /** Resets the device model's own state; the default has none. */
    protected void resetDevice()
    {
    }

    @Override
    public String toString()
    {
        return String.format("%04x:%02x:%02x.%x %s", bdf >>> 16 & 0xffff, bdf >>> 8 & 0xff, bdf >>> 3 & 0x1f, bdf & 7,
            name);
    }
}
