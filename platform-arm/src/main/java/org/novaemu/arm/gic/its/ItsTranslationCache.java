// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic.its;

import java.util.Arrays;

/**
 * The ITS's translation cache (IHI 0069, chapter 6: an ITS may cache table entries; decision A87): results of
 * translating a (DeviceID, EventID) pair, the LPI, its collection and the collection's target. It is direct-mapped: a
 * hash of the DeviceID plus the EventID picks the slot. A hit needs no table walk; a miss walks the tables and fills
 * the pair's slot, evicting what was there. Only the commands that change a mapping remove entries: MAPD and MAPC
 * (all of a device's or a collection's, by a scan of the cache), MAPTI, MAPI, MOVI and DISCARD (the pair's slot); a
 * BASER write empties the cache. Lookups and fills allocate nothing.
 */
final class ItsTranslationCache
{
    private final long[] keys;
    private final int[] intids;
    private final int[] icids;
    private final int[] targets;
    private final int mask;
    private long hits;
    private long misses;

    /** @param entries the number of entries, a power of two */
    ItsTranslationCache(final int entries)
    {
        this.keys = new long[entries];
        this.intids = new int[entries];
        this.icids = new int[entries];
        this.targets = new int[entries];
        this.mask = entries - 1;
    }

    private static long key(final int deviceId, final int eventId)
    {
        return (long) deviceId << 32 | eventId & 0xffff_ffffL;
    }

    /**
     * The slot of a pair: a hash of the DeviceID plus the EventID, so that the events of one device (an MSI-X table's
     * vectors, numbered from 0) take consecutive slots and never evict each other while the cache can hold them all.
     */
    private int slot(final long key)
    {
        int d = (int) (key >>> 32);
        d = (d ^ d >>> 16) * 0x85eb_ca6b;
        d = (d ^ d >>> 13) * 0xc2b2_ae35;
        return (d ^ d >>> 16) + (int) key & mask;
    }

    /**
     * @param deviceId the DeviceID
     * @param eventId the EventID
     * @return the pair's slot if it holds the pair, else -1
     */
    int find(final int deviceId, final int eventId)
    {
        final long k = key(deviceId, eventId);
        final int s = slot(k);
        if (intids[s] != 0 && keys[s] == k)
        {
            hits++;
            return s;
        }
        misses++;
        return -1;
    }

    /**
     * Caches a translation.
     *
     * @param deviceId the DeviceID
     * @param eventId the EventID
     * @param intid the LPI
     * @param icid its collection
     * @param target the collection's target processor number
     * @return the slot
     */
    int fill(final int deviceId, final int eventId, final int intid, final int icid, final int target)
    {
        final long k = key(deviceId, eventId);
        final int s = slot(k);
        keys[s] = k;
        intids[s] = intid;
        icids[s] = icid;
        targets[s] = target;
        return s;
    }

    /**
     * @param slot a slot {@link #find} or {@link #fill} returned
     * @return its LPI
     */
    int intid(final int slot)
    {
        return intids[slot];
    }

    /**
     * @param slot a slot {@link #find} or {@link #fill} returned
     * @return its target processor number
     */
    int target(final int slot)
    {
        return targets[slot];
    }

    /** Forgets one pair's translation. */
    void invalidate(final int deviceId, final int eventId)
    {
        final long k = key(deviceId, eventId);
        final int s = slot(k);
        if (keys[s] == k)
        {
            intids[s] = 0;
        }
    }

    /** Forgets every translation of a device (MAPD). */
    void invalidateDevice(final int deviceId)
    {
        for (int s = 0; s <= mask; s++)
        {
            if ((int) (keys[s] >>> 32) == deviceId)
            {
                intids[s] = 0;
            }
        }
    }

    /** Forgets every translation into a collection (MAPC). */
    void invalidateCollection(final int icid)
    {
        for (int s = 0; s <= mask; s++)
        {
            if (icids[s] == icid)
            {
                intids[s] = 0;
            }
        }
    }

    /** Forgets everything (a BASER write moved a table). */
    void clear()
    {
        Arrays.fill(intids, 0);
    }

    /** @return lookups that found their pair */
    long hits()
    {
        return hits;
    }

    /** @return lookups that did not */
    long misses()
    {
        return misses;
    }
}
