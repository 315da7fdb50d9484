// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

import java.util.Arrays;

import org.novaemu.arm.gic.its.GitsTyper;
import org.novaemu.arm.gic.its.ItsCommand;
import org.novaemu.arm.gic.its.ItsRegister;
import org.novaemu.bus.Bus;

/**
 * NOVA's {@code Gits}: the driver of one GIC ITS (NOVA 2026 {@code src/aarch64/gits.cpp}; IHI 0069 chapter 6).
 * At boot the ITS is disabled, its BASERs probed and the device and collection tables given flat 64 KiB-page
 * memory, the 64 KiB command queue set, the ITS enabled and each CPU's collection (ICID = CPU) mapped to its
 * redistributor by MAPC. A DeviceID gets a one-page ITT and its MAPD the first time an LPI is attached through it
 * (A141). A command that stalls the queue is replaced by SYNC and the queue restarted (A142).
 */
final class Gits
{
    /** One 64 KiB queue: 2048 commands. */
    private static final int QUEUE_BYTES = 0x1_0000;
    private static final int PAGE = 0x1_0000;
    private static final int ITT_PAGE = 0x1000;
    /**
     * How many DeviceIDs may have an ITT at once: the region holds their pages (4,096 devices of 14 LPIs each fill
     * the 57,344 LPIs of 16 INTID bits).
     */
    static final int MAX_ITTS = 4096;

    private final Bus bus;
    private final long base;
    private final long[] rdbase;
    private final int devBits;
    /** EventID bits of a one-page ITT: min(ID_bits, log2(entries per page)) (NOVA's ITT order). */
    private final int ittBits;
    private final long queue;
    private final long ittPages;
    /** The DeviceIDs that have an ITT, ascending, and the index of each one's ITT page. */
    private final int[] ittDid = new int[MAX_ITTS];
    private final int[] ittPage = new int[MAX_ITTS];
    private int itts;
    private long cwriter;
    private long stalls;

    /**
     * @param bus where the ITS's frames and the tables are
     * @param base the ITS's base
     * @param memory where the driver's tables go, {@link #bytes(long)} long, 64 KiB aligned, zero
     * @param rdbase each CPU's processor number (GICR_TYPER.Processor_Number; GITS_TYPER.PTA 0)
     */
    Gits(final Bus bus, final long base, final long memory, final long[] rdbase)
    {
        this.bus = bus;
        this.base = base;
        this.rdbase = rdbase.clone();
        final GitsTyper typer = GitsTyper.of(read(ItsRegister.TYPER, 0));
        this.devBits = Math.min(typer.devBits() + 1, 20); // the flat device table covers 2^20 DeviceIDs (A140)
        final int entry = typer.ittEntrySize() + 1;
        this.ittBits = Math.min(typer.idBits() + 1, Integer.numberOfTrailingZeros(ITT_PAGE / entry));
        write(ItsRegister.CTLR, 0, 0);
        long next = memory;
        this.queue = next;
        next += QUEUE_BYTES;
        for (int n = 0; n < 8; n++)
        {
            final long baser = read(ItsRegister.BASER, n);
            final int type = (int) ItsRegister.BASER_TYPE.extract(baser);
            if (type != ItsRegister.TYPE_DEVICE && type != ItsRegister.TYPE_COLLECTION)
            {
                continue;
            }
            final long bytes = tableBytes(type, ItsRegister.BASER_ENTRY_SIZE.extract(baser) + 1, rdbase.length);
            final long pages = Math.min(256, (bytes + PAGE - 1) / PAGE);
            write(ItsRegister.BASER, n, ItsRegister.BASER_VALID.mask() | next & ItsRegister.BASER_PA.mask()
                | ItsRegister.BASER_PAGE_SIZE.encode(ItsRegister.PAGE_64K) | ItsRegister.BASER_SIZE.encode(pages - 1));
            next += pages * PAGE;
        }
        this.ittPages = next;
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

    private static long tableBytes(final int type, final long entry, final int cpus)
    {
        return type == ItsRegister.TYPE_COLLECTION ? entry * cpus : entry << 20; // up to 20 DeviceID bits (A130)
    }

    /**
     * @param cpus the CPUs
     * @return the bytes of memory a driver needs: the queue, the largest tables and {@link #MAX_ITTS} ITT pages
     */
    static long bytes(final int cpus)
    {
        return QUEUE_BYTES + (8L << 20) + ((8L * cpus + PAGE - 1) / PAGE) * PAGE + (long) MAX_ITTS * ITT_PAGE;
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

    /**
     * @param did a DeviceID
     * @return whether it is below 2^DevBits
     */
    boolean validDevice(final long did)
    {
        return did >= 0 && did < 1L << devBits;
    }

    /**
     * @param eid an EventID
     * @return whether it is below 2^(the ITT's EventID bits)
     */
    boolean validEvent(final int eid)
    {
        return eid >= 0 && eid < 1 << ittBits;
    }

    /**
     * @param did a DeviceID
     * @return whether it has an ITT, or one can still be given to it
     */
    boolean ittAvailable(final int did)
    {
        return itts < MAX_ITTS || itt(did) >= 0;
    }

    /** @return commands that stalled the queue so far */
    long stalls()
    {
        return stalls;
    }

    private int itt(final int did)
    {
        final int at = Arrays.binarySearch(ittDid, 0, itts, did);
        return at < 0 ? -1 : ittPage[at];
    }

    /** NOVA's {@code conf_lpi}: MAPD on the DeviceID's first LPI, MAPTI, INV and SYNC to the target. */
    boolean map(final int did, final int eid, final int intid, final int cpu)
    {
        if (itt(did) < 0)
        {
            if (itts >= MAX_ITTS)
            {
                return false; // check() refuses this first (BAD_DEV); never an index beyond the ITTs
            }
            if (!command(ItsCommand.Mapd.map(did, ittPages + (long) itts * ITT_PAGE, ittBits)))
            {
                return false;
            }
            final int at = -Arrays.binarySearch(ittDid, 0, itts, did) - 1;
            System.arraycopy(ittDid, at, ittDid, at + 1, itts - at);
            System.arraycopy(ittPage, at, ittPage, at + 1, itts - at);
            ittDid[at] = did;
            ittPage[at] = itts++;
        }
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
     * Writes a command at CWRITER and advances it; the ITS runs it at once. If it stalled the queue, the slot is
     * overwritten with a SYNC and the queue restarted with CWRITER.Retry (NOVA's recovery, A142).
     *
     * @return whether the command completed
     */
    boolean command(final ItsCommand c)
    {
        final long at = cwriter;
        c.writeTo(bus.memory(), queue + at);
        cwriter = (at + ItsRegister.COMMAND_SIZE) % QUEUE_BYTES;
        write(ItsRegister.CWRITER, 0, cwriter);
        if (!ItsRegister.CREADR_STALLED.isSet(read(ItsRegister.CREADR, 0)))
        {
            return true;
        }
        stalls++;
        new ItsCommand.Sync(rdbase[0]).writeTo(bus.memory(), queue + at);
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
