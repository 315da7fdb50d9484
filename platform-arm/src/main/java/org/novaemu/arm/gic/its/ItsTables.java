// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic.its;

import java.util.Arrays;

import org.novaemu.mem.PhysicalMemory;

/**
 * The ITS's translation state (IHI 0069, chapter 6, the ITS tables): the device table and the collection table in
 * memory ({@link ItsTable}, GITS_BASER0 and GITS_BASER1), each device's ITT in memory where MAPD put it, the
 * collections the ITS holds itself (GITS_TYPER.HCC; decision A84), and the translation cache in front of them. The
 * ITS writes every entry it maps to memory in its own format ({@link DeviceTableEntry},
 * {@link CollectionTableEntry}, {@link InterruptTranslationEntry}) and reads the tables back when it walks them.
 *
 * <p>A translation walk reads at most five doublewords (a level-1 and a device table entry, an ITT entry, a level-1
 * and a collection table entry) and allocates nothing.
 */
final class ItsTables
{
    /** The number of GITS_BASERn registers. */
    static final int BASERS = 8;

    private final PhysicalMemory memory;
    private final ItsTable[] basers = new ItsTable[BASERS];
    private final ItsTable devices;
    private final ItsTable collections;
    private final int[] held;
    private final ItsTranslationCache cache;
    private final long deviceIds;
    private final int collectionIds;
    private final int pes;

    /**
     * @param memory where the tables are
     * @param typer what the ITS implements
     * @param indirect whether two-level tables are supported
     * @param fixedPage the one Page_Size encoding the tables take, or -1 for all three
     * @param cacheEntries the translation cache's size, a power of two
     * @param pes the number of redistributors a collection may target
     */
    ItsTables(final PhysicalMemory memory, final GitsTyper typer, final boolean indirect, final int fixedPage,
              final int cacheEntries, final int pes)
    {
        this.pes = pes;
        this.memory = memory;
        this.devices = new ItsTable(memory, ItsRegister.TYPE_DEVICE, DeviceTableEntry.SIZE, indirect, fixedPage);
        this.collections = new ItsTable(memory, ItsRegister.TYPE_COLLECTION, CollectionTableEntry.SIZE, indirect,
            fixedPage);
        basers[0] = devices;
        basers[1] = collections;
        for (int n = 2; n < BASERS; n++)
        {
            basers[n] = new ItsTable(memory, ItsRegister.TYPE_NONE, 1, false, -1);
        }
        this.held = new int[typer.hcc()];
        Arrays.fill(held, -1);
        this.cache = new ItsTranslationCache(cacheEntries);
        this.deviceIds = 1L << typer.deviceIdBits();
        this.collectionIds = 1 << typer.collectionIdBits();
    }

    /** @return the translation cache */
    ItsTranslationCache cache()
    {
        return cache;
    }

    /**
     * @param n a BASER number, 0 to 7
     * @return its register value
     */
    long baser(final int n)
    {
        return basers[n].read();
    }

    /**
     * A BASER write (while the ITS is disabled): the table may have moved, so the cache forgets everything.
     *
     * @param n a BASER number, 0 to 7
     * @param value the value written
     */
    void writeBaser(final int n, final long value)
    {
        basers[n].write(value);
        cache.clear();
    }

    // ---- Devices ------------------------------------------------------------------------------------------

    /**
     * @param deviceId a DeviceID, unsigned
     * @return the address of its device table entry, or -1 if it is beyond Devbits or the table
     */
    long deviceEntry(final int deviceId)
    {
        final long id = Integer.toUnsignedLong(deviceId);
        return id < deviceIds ? devices.entryAddress(id) : -1;
    }

    /**
     * @param dte a valid device table entry
     * @param eventId an EventID the ITT covers
     * @return the address of its ITT entry
     */
    static long iteAddress(final long dte, final int eventId)
    {
        return DeviceTableEntry.ittAddress(dte) + Integer.toUnsignedLong(eventId) * InterruptTranslationEntry.SIZE;
    }

    // ---- Collections --------------------------------------------------------------------------------------

    /**
     * @param icid a collection ID
     * @return whether the ITS can hold it: below 2^CIDbits, and held by the ITS or covered by the collection table
     */
    boolean collectionInRange(final int icid)
    {
        return icid >= 0 && icid < collectionIds && (icid < held.length || collections.entryAddress(icid) >= 0);
    }

    /**
     * @param icid a collection ID
     * @return its target's processor number, or -1 if it is not mapped (or not in range, or the table in memory
     *         names no redistributor)
     */
    int target(final int icid)
    {
        if (icid >= 0 && icid < held.length)
        {
            return held[icid];
        }
        final long at = icid >= 0 && icid < collectionIds ? collections.entryAddress(icid) : -1;
        final int pe = at < 0 ? -1 : CollectionTableEntry.target(read(at));
        return pe < pes ? pe : -1;
    }

    /**
     * MAPC: maps a collection in range, or unmaps it.
     *
     * @param icid the collection
     * @param pe its target's processor number, or -1 to unmap
     */
    void mapCollection(final int icid, final int pe)
    {
        if (icid < held.length)
        {
            held[icid] = pe;
        }
        else
        {
            write(collections.entryAddress(icid), pe < 0 ? 0 : CollectionTableEntry.encode(pe));
        }
        cache.invalidateCollection(icid);
    }

    // ---- Memory -------------------------------------------------------------------------------------------

    /**
     * @param address an entry's address
     * @return the entry; 0 (invalid) beyond physical memory
     */
    long read(final long address)
    {
        return address >= 0 && address <= PhysicalMemory.LIMIT - 8 ? memory.read64(address) : 0;
    }

    /**
     * Writes an entry; beyond physical memory the write is dropped.
     *
     * @param address the entry's address
     * @param entry its new value
     */
    void write(final long address, final long entry)
    {
        if (address >= 0 && address <= PhysicalMemory.LIMIT - 8)
        {
            memory.write64(address, entry);
        }
    }

    // ---- Translation --------------------------------------------------------------------------------------

    /** A drop's kind, as bits 7:0 of a command error: DeviceID beyond the device table. */
    static final int DEVICE_OOR = 0x01;
    /** A drop's kind: the device is not mapped. */
    static final int UNMAPPED_DEVICE = 0x04;
    /** A drop's kind: the EventID is beyond the device's ITT. */
    static final int ID_OOR = 0x05;
    /** A drop's kind: the event is not mapped. */
    static final int UNMAPPED_INTERRUPT = 0x07;
    /** A drop's kind: the event's collection is not mapped. */
    static final int UNMAPPED_COLLECTION = 0x09;

    /**
     * Translates a device's EventID: from the cache, or by walking the tables and caching the result.
     *
     * @param deviceId the DeviceID
     * @param eventId the EventID
     * @return the cache slot holding the translation, or if the pair translates to nothing the negated kind of
     *         the command error an INT of it would give (IHI 0069, 6.3: {@link #DEVICE_OOR}, {@link
     *         #UNMAPPED_DEVICE}, {@link #ID_OOR}, {@link #UNMAPPED_INTERRUPT}, {@link #UNMAPPED_COLLECTION})
     */
    int translate(final int deviceId, final int eventId)
    {
        final int hit = cache.find(deviceId, eventId);
        if (hit >= 0)
        {
            return hit;
        }
        final long at = deviceEntry(deviceId);
        if (at < 0)
        {
            return -DEVICE_OOR;
        }
        final long dte = read(at);
        if (!DeviceTableEntry.valid(dte))
        {
            return -UNMAPPED_DEVICE;
        }
        if (!DeviceTableEntry.covers(dte, eventId))
        {
            return -ID_OOR;
        }
        final long ite = read(iteAddress(dte, eventId));
        if (!InterruptTranslationEntry.valid(ite))
        {
            return -UNMAPPED_INTERRUPT;
        }
        final int icid = InterruptTranslationEntry.icid(ite);
        final int pe = target(icid);
        if (pe < 0)
        {
            return -UNMAPPED_COLLECTION;
        }
        return cache.fill(deviceId, eventId, InterruptTranslationEntry.pintid(ite), icid, pe);
    }
}
