// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic.its;

import java.util.function.UnaryOperator;

import org.novaemu.arm.gic.Gic;
import org.novaemu.arm.gic.GicPins;
import org.novaemu.arm.gic.GicdRegister;
import org.novaemu.arm.gic.GicrRegister;
import org.novaemu.arm.gic.IccRegister;
import org.novaemu.arm.gic.Intid;
import org.novaemu.bus.Bus;
import org.novaemu.bus.RequesterId;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.sim.Engine;

/**
 * A GIC with n PEs and one ITS on a bus with 256 MiB of RAM, programmed through the bus as a driver does: the GIC as
 * NOVA's init leaves it (groups enabled, redistributors awake, LPIs on every PE from one configuration table, every
 * LPI enabled at priority 0xA0), the ITS probed and enabled as NOVA's Gits does it, and helpers that send commands
 * and device MSIs.
 */
final class ItsHarness
{
    static final long RAM = 0x4000_0000L;
    static final long PROP = RAM + 0x10_0000L;
    static final long PEND = RAM + 0x20_0000L;
    static final long QUEUE = RAM + 0x40_0000L;
    /** Shareability inner, inner cacheability write-back (NOVA's attr_isic). */
    static final long ATTRIBUTES = ItsRegister.SHAREABILITY.encode(1) | ItsRegister.INNER_CACHE.encode(7);

    final Engine engine;
    final Bus bus;
    final PhysicalMemory memory;
    final Gic gic;
    final Its its;
    final Pins[] pins;
    /** Where the command queue is. */
    final long queue;
    /** The queue's size in bytes, and where the next command goes. */
    long queueBytes = 0x1_0000;
    long cwriter;
    private long next = RAM + 0x100_0000L;

    /** A core's IRQ as a level, with an optional listener run at each change. */
    static final class Pins implements GicPins
    {
        boolean irq;
        Runnable onChange = () -> { };

        @Override
        public void irq(final boolean asserted)
        {
            irq = asserted;
            onChange.run();
        }

        @Override
        public void fiq(final boolean asserted)
        {
            // group 0 is not used
        }
    }

    ItsHarness(final int pes)
    {
        this(pes, b -> b);
    }

    ItsHarness(final int pes, final UnaryOperator<Its.Builder> config)
    {
        engine = Engine.builder().build();
        bus = new Bus(new PhysicalMemory(), engine.trace());
        memory = bus.memory();
        bus.mapRam("ram", RAM, 0x1000_0000L);
        gic = Gic.builder(engine, bus).pes(pes).build();
        its = config.apply(Its.builder(gic, bus)).build();
        queue = QUEUE;
        pins = new Pins[pes];
        for (int pe = 0; pe < pes; pe++)
        {
            pins[pe] = new Pins();
            gic.cpuInterface(pe).connect(pins[pe]);
        }
    }

    /** A second ITS at {@code base} on the same GIC, with its own queue and tables. */
    private ItsHarness(final ItsHarness first, final long base)
    {
        engine = first.engine;
        bus = first.bus;
        memory = first.memory;
        gic = first.gic;
        its = Its.builder(gic, bus).base(base).build();
        pins = first.pins;
        queue = first.alloc(queueBytes, 0x1_0000);
        next = first.alloc(0x400_0000L, 0x1000);
    }

    /** @return a second ITS on the same GIC at {@code base}, driven through the returned harness */
    ItsHarness another(final long base)
    {
        return new ItsHarness(this, base);
    }

    /** Zeroed memory, {@code align}-aligned. */
    long alloc(final long bytes, final long align)
    {
        final long at = next + align - 1 & -align;
        next = at + bytes;
        return at;
    }

    // ---- Registers ----------------------------------------------------------------------------------------

    long read(final ItsRegister reg)
    {
        return read(reg, 0);
    }

    long read(final ItsRegister reg, final int n)
    {
        return bus.read(its.base() + reg.offset(n), reg.width());
    }

    void write(final ItsRegister reg, final long value)
    {
        write(reg, 0, value);
    }

    void write(final ItsRegister reg, final int n, final long value)
    {
        bus.write(its.base() + reg.offset(n), reg.width(), value);
    }

    // ---- What a driver does -------------------------------------------------------------------------------

    /** As NOVA's GIC init, then LPIs enabled on every redistributor. */
    ItsHarness enableGic()
    {
        bus.write(gic.distributorBase() + GicdRegister.CTLR.offset(), 4, GicdRegister.CTLR_ENABLE_GRP1.mask());
        for (int i = 0; i < 0x1_0000 - Intid.LPI; i++)
        {
            memory.write8(PROP + i, 0xa0 | 2 | 1);
        }
        for (int pe = 0; pe < gic.pes(); pe++)
        {
            final long rd = gic.redistributorBase(pe);
            bus.write(rd + GicrRegister.WAKER.offset(), 4, 0);
            bus.write(rd + GicrRegister.PROPBASER.offset(), 8, PROP | 15);
            bus.write(rd + GicrRegister.PENDBASER.offset(), 8, PEND + pe * 0x1_0000L);
            bus.write(rd + GicrRegister.CTLR.offset(), 4, GicrRegister.CTLR_ENABLE_LPIS.mask());
            gic.cpuInterface(pe).write(IccRegister.PMR_EL1, 0xff);
            gic.cpuInterface(pe).write(IccRegister.IGRPEN1_EL1, 1);
        }
        return this;
    }

    /**
     * As NOVA's {@code Gits::init_baser} and {@code Gits::init}: disable, probe each BASER for its type, entry size,
     * indirection and the smallest page size that fits with at most 256 pages, program the tables, the 64 KiB
     * queue, and enable.
     */
    ItsHarness enableIts()
    {
        write(ItsRegister.CTLR, 0);
        final GitsTyper typer = GitsTyper.of(read(ItsRegister.TYPER));
        final long[] program = new long[8];
        for (int n = 0; n < 8; n++)
        {
            write(ItsRegister.BASER, n, ItsRegister.BASER_INDIRECT.mask() | ATTRIBUTES);
            final long val = read(ItsRegister.BASER, n);
            final long type = ItsRegister.BASER_TYPE.extract(val);
            final int ord;
            if (type == ItsRegister.TYPE_DEVICE)
            {
                ord = typer.deviceIdBits();
            }
            else if (type == ItsRegister.TYPE_COLLECTION)
            {
                ord = 32 - Integer.numberOfLeadingZeros(gic.pes() - 1);
            }
            else
            {
                continue;
            }
            final boolean indirect = ItsRegister.BASER_INDIRECT.isSet(val);
            final long entry = ItsRegister.BASER_ENTRY_SIZE.extract(val) + 1;
            for (int p = 0; p < 3; p++)
            {
                final long page = 0x1000L << 2 * p;
                final int ord0 = 63 - Long.numberOfLeadingZeros(page / entry);
                final int ord1 = ord > 8 + ord0 && indirect ? 63 - Long.numberOfLeadingZeros(page / 8) : 0;
                final int ordC = Math.max(ord - ord1 - ord0, 0);
                if (ordC > 8)
                {
                    continue;
                }
                final long size = (long) p << 8 | (1L << ordC) - 1;
                write(ItsRegister.BASER, n, size);
                if (((read(ItsRegister.BASER, n) ^ size) & 0x3ff) != 0)
                {
                    continue;
                }
                final long table = alloc(page << ordC, page);
                program[n] = ItsRegister.BASER_VALID.mask() | (ord1 > 0 ? ItsRegister.BASER_INDIRECT.mask() : 0)
                    | ATTRIBUTES | table | size;
                break;
            }
        }
        for (int n = 0; n < 8; n++)
        {
            if (program[n] != 0)
            {
                write(ItsRegister.BASER, n, program[n]);
            }
        }
        write(ItsRegister.CBASER, ATTRIBUTES | ItsRegister.CBASER_VALID.mask() | queue | queueBytes / 0x1000 - 1);
        write(ItsRegister.CWRITER, 0);
        cwriter = 0;
        write(ItsRegister.CTLR, ItsRegister.CTLR_ENABLED.mask());
        return this;
    }

    /**
     * For a two-level table (as NOVA's {@code Gits::init_table}): the level-2 page holding an ID's entry is
     * allocated and its level-1 entry made valid. A flat table needs nothing.
     */
    void ensureEntry(final int baser, final long id)
    {
        final long v = read(ItsRegister.BASER, baser);
        if (!ItsRegister.BASER_INDIRECT.isSet(v))
        {
            return;
        }
        final long page = ItsRegister.pageBytes((int) ItsRegister.BASER_PAGE_SIZE.extract(v));
        final long slot = id / (page / (ItsRegister.BASER_ENTRY_SIZE.extract(v) + 1));
        final long l1 = (v & ItsRegister.BASER_PA.mask()) + slot * 8;
        if (!ItsRegister.LEVEL1_VALID.isSet(memory.read64(l1)))
        {
            memory.write64(l1, ItsRegister.LEVEL1_VALID.mask() | alloc(page, page));
        }
    }

    /** Writes a command at CWRITER and moves CWRITER past it; the ITS runs it at once. */
    ItsError command(final ItsCommand c)
    {
        c.writeTo(memory, queue + cwriter);
        return advance(1);
    }

    /** Writes a command's doublewords as they are (a command the codec cannot build). */
    ItsError raw(final long dw0, final long dw1, final long dw2, final long dw3)
    {
        memory.write64(queue + cwriter, dw0);
        memory.write64(queue + cwriter + 8, dw1);
        memory.write64(queue + cwriter + 16, dw2);
        memory.write64(queue + cwriter + 24, dw3);
        return advance(1);
    }

    /** Queues commands without telling the ITS. */
    void queue(final ItsCommand c)
    {
        c.writeTo(memory, queue + cwriter);
        cwriter = (cwriter + ItsRegister.COMMAND_SIZE) % queueBytes;
    }

    /** Moves CWRITER past {@code n} more queued commands (0: those queued already). */
    ItsError advance(final int n)
    {
        cwriter = (cwriter + (long) n * ItsRegister.COMMAND_SIZE) % queueBytes;
        write(ItsRegister.CWRITER, cwriter);
        return error();
    }

    /** @return the error the queue stalled on, or null */
    ItsError error()
    {
        return ItsRegister.CREADR_STALLED.isSet(read(ItsRegister.CREADR))
            ? ItsError.of((int) read(ItsRegister.CMDERR)) : null;
    }

    /** A zeroed ITT for 2^bits events, mapped for the device (its table entry made present first). */
    long mapDevice(final int deviceId, final int bits)
    {
        ensureEntry(0, Integer.toUnsignedLong(deviceId));
        final long itt = alloc(Math.max(256, 8L << bits), 256);
        final ItsError e = command(ItsCommand.Mapd.map(deviceId, itt, bits));
        if (e != null)
        {
            throw new AssertionError("MAPD failed: " + e);
        }
        return itt;
    }

    /** Collection {@code icid} targets PE {@code pe}. */
    void mapCollection(final int icid, final int pe)
    {
        ensureEntry(1, icid);
        final ItsError e = command(ItsCommand.Mapc.map(icid, pe));
        if (e != null)
        {
            throw new AssertionError("MAPC failed: " + e);
        }
    }

    /** Event {@code eventId} of the device raises LPI {@code intid} through collection {@code icid}. */
    void mapEvent(final int deviceId, final int eventId, final int intid, final int icid)
    {
        final ItsError e = command(new ItsCommand.Mapti(deviceId, eventId, intid, icid));
        if (e != null)
        {
            throw new AssertionError("MAPTI failed: " + e);
        }
    }

    /** A device's MSI: its requester carries the DeviceID (StreamID the same), the data the EventID. */
    boolean msi(final int deviceId, final int eventId)
    {
        return bus.signalMessage(requester(deviceId), its.translaterAddress(), eventId);
    }

    static long requester(final int deviceId)
    {
        return RequesterId.arm(deviceId, deviceId);
    }

    int ack(final int pe)
    {
        return (int) gic.cpuInterface(pe).read(IccRegister.IAR1_EL1);
    }

    /** Acknowledges and ends the highest priority interrupt of a PE. */
    int take(final int pe)
    {
        final int intid = ack(pe);
        eoi(pe, intid);
        return intid;
    }

    void eoi(final int pe, final int intid)
    {
        gic.cpuInterface(pe).write(IccRegister.EOIR1_EL1, intid);
    }

    boolean pending(final int pe, final int intid)
    {
        return gic.redistributor(pe).lpiPending(intid);
    }

    /** Sets LPI {@code intid}'s configuration byte in the shared table (the redistributors see it after INV). */
    void config(final int intid, final boolean enabled)
    {
        memory.write8(PROP + intid - Intid.LPI, 0xa0 | 2 | (enabled ? 1 : 0));
    }
}
