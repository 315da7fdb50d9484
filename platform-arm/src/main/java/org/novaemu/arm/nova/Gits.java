// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

import java.util.Arrays;

import org.novaemu.arm.gic.its.GitsTyper;
import org.novaemu.arm.gic.its.ItsCommand;
import org.novaemu.arm.gic.its.ItsRegister;
import org.novaemu.bus.Bus;
import org.novaemu.mem.PhysicalMemory;

/**
 * NOVA's {@code Gits}: the driver of one GIC ITS (NOVA 2026 {@code src/aarch64/gits.cpp}; IHI 0069 chapter 6).
 * At boot the ITS is disabled, its device and collection BASERs probed as NOVA's {@code init_baser} does (Indirect
 * asked for, page sizes tried from 4 KiB up) and given their tables, the 64 KiB command queue set, the ITS enabled
 * and each CPU's collection (ICID = CPU) mapped to its redistributor by MAPC. The device table is flat while that
 * fits the driver's allotment and two-level beyond it if the ITS supports Indirect (A184). A DeviceID gets a
 * zeroed one-page ITT and its MAPD when the first DC naming it is created, shared by the DCs naming it, and MAPD
 * with V=0 when the last of them dies (A180-A182). A command that stalls the queue is replaced by SYNC and the
 * queue restarted (A142).
 */
final class Gits
{
    /** One 64 KiB queue: 2048 commands. */
    private static final int QUEUE_BYTES = 0x1_0000;
    private static final int PAGE = 0x1_0000;
    private static final int ITT_PAGE = 0x1000;
    /** The most pages a BASER's Size field counts. */
    private static final int MAX_PAGES = 256;
    /** The largest entry a BASER's Entry_Size can declare. */
    private static final int MAX_ENTRY = 32;
    /** What the driver allots the device table, flat or its level 1 (A184). */
    static final long DEVICE_TABLE_BYTES = 1L << 20;
    /** What the driver allots the level-2 pages of a two-level device table (A184). */
    static final long LEAF_BYTES = 4L << 20;
    /**
     * How many DeviceIDs may have an ITT at once: the region holds their pages (4,096 devices of 14 LPIs each fill
     * the 57,344 LPIs of 16 INTID bits).
     */
    static final int MAX_ITTS = 4096;
    private static final int[] PAGE_SIZES = {ItsRegister.PAGE_4K, ItsRegister.PAGE_16K, ItsRegister.PAGE_64K};

    private final Bus bus;
    private final PhysicalMemory memory;
    private final long base;
    private final long[] rdbase;
    /** EventID bits of a one-page ITT: min(ID_bits, log2(entries per page)) (NOVA's ITT order). */
    private final int ittBits;
    private final long queue;
    private final long ittPages;
    /** The DeviceIDs the device table covers. */
    private long devices;
    /** The device table (or its level 1), its page size and entry size; whether it has two levels. */
    private long deviceTable;
    private long devicePage;
    private long deviceEntry;
    private boolean twoLevel;
    private final long leaves;
    private int leavesUsed;
    /** The DeviceIDs that have an ITT, ascending, and each one's ITT. */
    private final int[] ittDid = new int[MAX_ITTS];
    private final Itt[] itt = new Itt[MAX_ITTS];
    private int itts;
    /** The free ITT pages, the lowest on top. */
    private final int[] freePages = new int[MAX_ITTS];
    private int free;
    private long cwriter;
    private long stalls;

    /**
     * @param bus where the ITS's frames and the tables are
     * @param base the ITS's base
     * @param memory where the driver's tables go, {@link #bytes(int)} long, 64 KiB aligned, zero
     * @param rdbase each CPU's processor number (GICR_TYPER.Processor_Number; GITS_TYPER.PTA 0)
     */
    Gits(final Bus bus, final long base, final long memory, final long[] rdbase)
    {
        this.bus = bus;
        this.memory = bus.memory();
        this.base = base;
        this.rdbase = rdbase.clone();
        final GitsTyper typer = GitsTyper.of(read(ItsRegister.TYPER, 0));
        final int entry = typer.ittEntrySize() + 1;
        this.ittBits = Math.min(typer.idBits() + 1, Integer.numberOfTrailingZeros(ITT_PAGE / entry));
        write(ItsRegister.CTLR, 0, 0);
        this.queue = memory;
        final long collections = queue + QUEUE_BYTES;
        final long collectionBytes = collectionBytes(rdbase.length);
        final long devTable = collections + collectionBytes;
        this.leaves = devTable + DEVICE_TABLE_BYTES;
        this.ittPages = leaves + LEAF_BYTES;
        for (int n = 0; n < 8; n++)
        {
            final int type = (int) ItsRegister.BASER_TYPE.extract(read(ItsRegister.BASER, n));
            if (type == ItsRegister.TYPE_DEVICE)
            {
                initBaser(n, typer.devBits() + 1, devTable, DEVICE_TABLE_BYTES, true);
            }
            else if (type == ItsRegister.TYPE_COLLECTION)
            {
                initBaser(n, 32 - Integer.numberOfLeadingZeros(Math.max(1, rdbase.length - 1)), collections,
                    collectionBytes, false);
            }
        }
        for (int p = 0; p < MAX_ITTS; p++)
        {
            freePages[p] = MAX_ITTS - 1 - p;
        }
        this.free = MAX_ITTS;
        write(ItsRegister.CBASER, 0, ItsRegister.CBASER_VALID.mask() | queue & ItsRegister.CBASER_PA.mask()
            | ItsRegister.CBASER_SIZE.encode(QUEUE_BYTES / ItsRegister.QUEUE_PAGE - 1));
        write(ItsRegister.CWRITER, 0, 0);
        write(ItsRegister.CTLR, 0, ItsRegister.CTLR_ENABLED.mask());
        for (int cpu = 0; cpu < rdbase.length; cpu++)
        {
            command(ItsCommand.Mapc.map(cpu, rdbase[cpu]));
            command(new ItsCommand.Sync(rdbase[cpu]));
        }
    }

    private static long collectionBytes(final int cpus)
    {
        return ((long) MAX_ENTRY * cpus + PAGE - 1) / PAGE * PAGE;
    }

    /**
     * @param cpus the CPUs
     * @return the bytes of memory a driver needs: the queue, the collection table, the device table's allotment,
     *         its level-2 pages and {@link #MAX_ITTS} ITT pages
     */
    static long bytes(final int cpus)
    {
        return QUEUE_BYTES + collectionBytes(cpus) + DEVICE_TABLE_BYTES + LEAF_BYTES + (long) MAX_ITTS * ITT_PAGE;
    }

    /**
     * NOVA's {@code init_baser}: Indirect asked for and read back; then from 4 KiB pages up the first page size the
     * register keeps whose table fits the allotment and 256 pages: flat for all 2^bits IDs, else (Indirect kept,
     * and only for the device table) a level 1 for them. If none fits, a flat table of the allotment covers the IDs
     * it holds (A184).
     */
    private void initBaser(final int n, final int bits, final long at, final long allot, final boolean device)
    {
        write(ItsRegister.BASER, n, ItsRegister.BASER_INDIRECT.mask());
        final long probe = read(ItsRegister.BASER, n);
        final boolean indirect = device && ItsRegister.BASER_INDIRECT.isSet(probe);
        final long e = ItsRegister.BASER_ENTRY_SIZE.extract(probe) + 1;
        final long ids = 1L << bits;
        for (final int p : PAGE_SIZES)
        {
            final long s = ItsRegister.pageBytes(p);
            final long flat = (ids * e + s - 1) / s * s;
            final long perLeaf = s / e;
            final long level1 = ((ids + perLeaf - 1) / perLeaf * ItsRegister.LEVEL1_ENTRY_SIZE + s - 1) / s * s;
            final boolean two = !(flat <= allot && flat / s <= MAX_PAGES);
            final long bytes = two ? level1 : flat;
            if (two && (!indirect || level1 > allot || level1 / s > MAX_PAGES))
            {
                continue;
            }
            final long size = ItsRegister.BASER_PAGE_SIZE.encode(p) | ItsRegister.BASER_SIZE.encode(bytes / s - 1);
            write(ItsRegister.BASER, n, size);
            if (ItsRegister.BASER_PAGE_SIZE.extract(read(ItsRegister.BASER, n)) != p)
            {
                continue; // the ITS takes another page size only
            }
            program(n, at, size | (two ? ItsRegister.BASER_INDIRECT.mask() : 0), device, s, e, ids, two);
            return;
        }
        final int p = (int) ItsRegister.BASER_PAGE_SIZE.extract(read(ItsRegister.BASER, n));
        final long s = ItsRegister.pageBytes(p);
        final long pages = Math.min(MAX_PAGES, allot / s);
        program(n, at, ItsRegister.BASER_PAGE_SIZE.encode(p) | ItsRegister.BASER_SIZE.encode(pages - 1), device, s, e,
            Math.min(ids, pages * s / e), false);
    }

    private void program(final int n, final long at, final long size, final boolean device, final long page,
                         final long entry, final long ids, final boolean two)
    {
        write(ItsRegister.BASER, n, ItsRegister.BASER_VALID.mask() | at & ItsRegister.BASER_PA.mask() | size);
        if (device)
        {
            deviceTable = at;
            devicePage = page;
            deviceEntry = entry;
            devices = ids;
            twoLevel = two;
        }
    }

    /** @return the ITS's base */
    long base()
    {
        return base;
    }

    /** @return GITS_TRANSLATER's address: an LPI's MSI address */
    long translater()
    {
        return base + ItsRegister.TRANSLATER.offset();
    }

    /** @return whether the device table has two levels */
    boolean twoLevel()
    {
        return twoLevel;
    }

    /**
     * @param did a DeviceID
     * @return whether the device table covers it: below 2^DevBits and within the table (A184)
     */
    boolean validDevice(final long did)
    {
        return did >= 0 && did < devices;
    }

    /**
     * @param eid an EventID
     * @return whether it is below 2^(the ITT's EventID bits)
     */
    boolean validEvent(final int eid)
    {
        return eid >= 0 && eid < 1 << ittBits;
    }

    /** @return commands that stalled the queue so far */
    long stalls()
    {
        return stalls;
    }

    /** @return how many DeviceIDs have an ITT */
    int itts()
    {
        return itts;
    }

    /**
     * @param did a DeviceID
     * @return its ITT, or null: found in O(log n) when a DC is created
     */
    Itt find(final int did)
    {
        final int at = Arrays.binarySearch(ittDid, 0, itts, did);
        return at < 0 ? null : itt[at];
    }

    /**
     * @param did a valid DeviceID without an ITT
     * @return whether the memory for its ITT is there: an ITT page and, for a two-level table, its level-2 page
     */
    boolean room(final int did)
    {
        return free > 0 && (!twoLevel || level1Valid(did) || (leavesUsed + 1) * devicePage <= LEAF_BYTES);
    }

    private long level1Entry(final int did)
    {
        return deviceTable + did / (devicePage / deviceEntry) * ItsRegister.LEVEL1_ENTRY_SIZE;
    }

    private boolean level1Valid(final int did)
    {
        return ItsRegister.LEVEL1_VALID.isSet(memory.read64(level1Entry(did)));
    }

    /**
     * NOVA's {@code itt_alloc}: the device table's level-2 page if the DeviceID's is missing (NOVA's
     * {@code init_table}), a zeroed ITT page, and MAPD. The caller has checked {@link #room}.
     *
     * @param did a valid DeviceID without an ITT
     * @return its ITT, or null if MAPD stalled (the page is free again; a level-2 page stays, as NOVA's does)
     */
    Itt open(final int did)
    {
        if (twoLevel && !level1Valid(did))
        {
            final long leaf = leaves + leavesUsed++ * devicePage;
            memory.write64(level1Entry(did), ItsRegister.LEVEL1_VALID.mask() | leaf & ItsRegister.LEVEL1_PA.mask());
        }
        final int page = freePages[--free];
        final long at = ittPages + (long) page * ITT_PAGE;
        memory.fill(at, ITT_PAGE, 0); // a page freed by an earlier device may hold its translations
        if (!command(ItsCommand.Mapd.map(did, at, ittBits)))
        {
            freePages[free++] = page;
            return null;
        }
        final Itt t = new Itt(this, did, page, 1 << ittBits);
        final int i = -Arrays.binarySearch(ittDid, 0, itts, did) - 1;
        System.arraycopy(ittDid, i, ittDid, i + 1, itts - i);
        System.arraycopy(itt, i, itt, i + 1, itts - i);
        ittDid[i] = did;
        itt[i] = t;
        itts++;
        return t;
    }

    /**
     * NOVA's {@code itt_free}: MAPD with V=0, and the page is free again if it completed (if it stalled the ITS
     * may still use the page, which is then never reused, as NOVA leaves it).
     *
     * @param t an ITT whose last DC died
     * @return whether MAPD completed
     */
    boolean close(final Itt t)
    {
        final int i = Arrays.binarySearch(ittDid, 0, itts, t.did());
        System.arraycopy(ittDid, i + 1, ittDid, i, itts - i - 1);
        System.arraycopy(itt, i + 1, itt, i, itts - i - 1);
        itt[--itts] = null;
        if (!command(ItsCommand.Mapd.unmap(t.did())))
        {
            return false;
        }
        freePages[free++] = t.page();
        return true;
    }

    /** NOVA's {@code conf_lpi}: MAPTI, then INV and SYNC to the target. */
    boolean map(final int did, final int eid, final int intid, final int cpu)
    {
        return command(new ItsCommand.Mapti(did, eid, intid, cpu)) && command(new ItsCommand.Inv(did, eid))
            && command(new ItsCommand.Sync(rdbase[cpu]));
    }

    /**
     * An event to another CPU's collection: MOVI, INV (the new redistributor may hold the LPI's configuration from
     * before it was enabled), SYNC to the new target.
     */
    boolean move(final int did, final int eid, final int cpu)
    {
        return command(new ItsCommand.Movi(did, eid, cpu)) && command(new ItsCommand.Inv(did, eid))
            && command(new ItsCommand.Sync(rdbase[cpu]));
    }

    /** An event unmapped: DISCARD, SYNC to the old target. */
    boolean discard(final int did, final int eid, final int cpu)
    {
        return command(new ItsCommand.Discard(did, eid)) && command(new ItsCommand.Sync(rdbase[cpu]));
    }

    /**
     * An LPI stopped after its configuration byte was disabled (A211): INV while the event still names it, so that
     * the redistributor drops what it cached of the byte (IHI 0069 5.1: a change takes effect only after INV,
     * INVALL or GICR_INVLPIR), then DISCARD and SYNC to its target. Each command is sent even if one before it
     * stalled: a detach has no failure, and each still helps.
     *
     * @return how many of the three stalled
     */
    int stop(final int did, final int eid, final int cpu)
    {
        final boolean inv = command(new ItsCommand.Inv(did, eid));
        final boolean discard = command(new ItsCommand.Discard(did, eid));
        final boolean sync = command(new ItsCommand.Sync(rdbase[cpu]));
        return (inv ? 0 : 1) + (discard ? 0 : 1) + (sync ? 0 : 1);
    }

    /**
     * A CPU's redistributor reads every LPI's configuration again: INVALL of its collection, SYNC (A211), for an
     * LPI that no event names any more and so no INV can reach.
     *
     * @return whether both completed
     */
    boolean invalidateAll(final int cpu)
    {
        return command(new ItsCommand.Invall(cpu)) && command(new ItsCommand.Sync(rdbase[cpu]));
    }

    /**
     * Writes a command at CWRITER and advances it; the ITS runs it at once. If it stalled the queue, the slot is
     * overwritten with a SYNC and the queue restarted with CWRITER.Retry (NOVA's recovery, A142).
     *
     * @return whether the command completed
     */
    boolean command(final ItsCommand c)
    {
        final long at = cwriter;
        c.writeTo(memory, queue + at);
        cwriter = (at + ItsRegister.COMMAND_SIZE) % QUEUE_BYTES;
        write(ItsRegister.CWRITER, 0, cwriter);
        if (!ItsRegister.CREADR_STALLED.isSet(read(ItsRegister.CREADR, 0)))
        {
            return true;
        }
        stalls++;
        new ItsCommand.Sync(rdbase[0]).writeTo(memory, queue + at);
        write(ItsRegister.CWRITER, 0, cwriter | ItsRegister.CWRITER_RETRY.mask());
        return false;
    }

    private long read(final ItsRegister r, final int n)
    {
        return bus.read(base + r.offset(n), r.width());
    }

    private void write(final ItsRegister r, final int n, final long value)
    {
        bus.write(base + r.offset(n), r.width(), value);
    }
}
