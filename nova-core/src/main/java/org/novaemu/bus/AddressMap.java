// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.novaemu.mem.PhysicalMemory;
import org.novaemu.util.Require;

/**
 * The physical address map only: a table of named regions, each RAM or an MMIO device with its
 * {@link AccessRule}, sorted by base, never overlapping, and the lookups {@link Bus} routes accesses with
 * (the role of Sedna's {@code SimpleMemoryMap}). It performs no access, counts nothing and traces nothing.
 *
 * <p>A region is named by its index in address order, valid until the next {@link #insert} or
 * {@link #unmap}. A lookup checks the last region hit, then binary-searches the table: O(log regions), no
 * allocation. Inserting and unmapping shift the table, O(regions): they happen at set-up and when a PCI BAR
 * moves, not per access.
 *
 * <p>Not thread-safe.
 */
final class AddressMap
{
    /*
     * Invariants: base[0 .. count) rises strictly and base[i] <= last[i] < base[i + 1], so regions never
     * overlap and the last region whose base is at or below an address is the only one that can hold it;
     * last[i] < PhysicalMemory.LIMIT. device[i] == null marks RAM. lastHit is below count, or 0 when the
     * table is empty or has just changed (find checks it against count before trusting it).
     */
    private long[] base = new long[16];
    private long[] last = new long[16];
    private MmioDevice[] device = new MmioDevice[16];
    private AccessRule[] rule = new AccessRule[16];
    private String[] name = new String[16];
    private int count;
    private int lastHit;

    /**
     * @param i a region index, below the number of regions
     * @return the region's first address
     */
    long base(final int i)
    {
        return base[i];
    }

    /**
     * @param i a region index, below the number of regions
     * @return the region's MMIO device, or null for RAM
     */
    MmioDevice device(final int i)
    {
        return device[i];
    }

    /**
     * Adds a region.
     *
     * @param regionName a name for listings and errors
     * @param regionBase the first address, below 2^52
     * @param size the length in bytes, at least 1, not reaching beyond 2^52
     * @param dev the MMIO device, or null for RAM
     * @param accessRule the accesses the region accepts
     * @throws IllegalArgumentException if an argument is out of range or the region overlaps another; the
     *                                  message names both regions
     */
    void insert(final String regionName, final long regionBase, final long size, final MmioDevice dev,
                final AccessRule accessRule)
    {
        Require.nonNull("name", regionName);
        Require.inRange("base", regionBase, 0, PhysicalMemory.LIMIT - 1);
        Require.inRange("size", size, 1, PhysicalMemory.LIMIT - regionBase);
        final long regionLast = regionBase + size - 1;
        int at = 0;
        while (at < count && base[at] < regionBase)
        {
            at++;
        }
        final boolean hitsPrevious = at > 0 && last[at - 1] >= regionBase;
        final boolean hitsNext = at < count && base[at] <= regionLast;
        if (hitsPrevious || hitsNext)
        {
            final int other = hitsPrevious ? at - 1 : at;
            throw new IllegalArgumentException(String.format("region %s [%#x, %#x] overlaps region %s [%#x, %#x]",
                regionName, regionBase, regionLast, name[other], base[other], last[other]));
        }
        if (count == base.length)
        {
            final int n = count << 1;
            base = Arrays.copyOf(base, n);
            last = Arrays.copyOf(last, n);
            device = Arrays.copyOf(device, n);
            rule = Arrays.copyOf(rule, n);
            name = Arrays.copyOf(name, n);
        }
        final int tail = count - at;
        System.arraycopy(base, at, base, at + 1, tail);
        System.arraycopy(last, at, last, at + 1, tail);
        System.arraycopy(device, at, device, at + 1, tail);
        System.arraycopy(rule, at, rule, at + 1, tail);
        System.arraycopy(name, at, name, at + 1, tail);
        base[at] = regionBase;
        last[at] = regionLast;
        device[at] = dev;
        rule[at] = accessRule;
        name[at] = regionName;
        count++;
        lastHit = 0;
    }

    /**
     * Whether a region could be inserted at an address range without an exception: the range lies within
     * physical memory and overlaps no region.
     *
     * @param regionBase the first address
     * @param size the length in bytes
     * @return whether the range is free
     */
    boolean isFree(final long regionBase, final long size)
    {
        if (regionBase < 0 || size < 1 || regionBase >= PhysicalMemory.LIMIT
            || size > PhysicalMemory.LIMIT - regionBase)
        {
            return false;
        }
        final int below = floor(regionBase + size - 1);
        return below < 0 || last[below] < regionBase;
    }

    /**
     * Removes the region that starts at {@code regionBase}.
     *
     * @param regionBase the base the region was inserted at
     * @return whether a region was removed; false if no region starts exactly there
     */
    boolean unmap(final long regionBase)
    {
        final int i = find(regionBase);
        if (i < 0 || base[i] != regionBase)
        {
            return false;
        }
        final int tail = count - i - 1;
        System.arraycopy(base, i + 1, base, i, tail);
        System.arraycopy(last, i + 1, last, i, tail);
        System.arraycopy(device, i + 1, device, i, tail);
        System.arraycopy(rule, i + 1, rule, i, tail);
        System.arraycopy(name, i + 1, name, i, tail);
        count--;
        device[count] = null;
        rule[count] = null;
        name[count] = null;
        lastHit = 0;
        return true;
    }

    /** @return the regions, in address order; allocates */
    List<Region> regions()
    {
        final List<Region> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            out.add(new Region(name[i], base[i], last[i] - base[i] + 1, device[i], rule[i]));
        }
        return out;
    }

    /**
     * @param address any address
     * @return the index of the region containing {@code address}, or -1
     */
    int find(final long address)
    {
        final int hit = lastHit;
        if (hit < count && address >= base[hit] && address <= last[hit])
        {
            return hit;
        }
        final int i = floor(address);
        if (i >= 0 && address <= last[i])
        {
            lastHit = i;
            return i;
        }
        return -1;
    }

    /**
     * The region an access goes to: one that holds all its bytes and whose rule permits it (RAM permits
     * every access).
     *
     * @param address the first byte
     * @param size 1, 2, 4 or 8
     * @return the region index, or -1 if the access must be refused
     */
    int route(final long address, final int size)
    {
        final int i = find(address);
        if (i < 0 || last[i] - address < size - 1)
        {
            return -1;
        }
        final MmioDevice dev = device[i];
        if (dev != null && !rule[i].permits(address, size))
        {
            return -1;
        }
        return i;
    }

    /**
     * @param address the first byte
     * @param length the number of bytes, at least 1
     * @return whether one RAM region holds all of {@code [address, address + length)}
     */
    boolean isRam(final long address, final int length)
    {
        final int i = find(address);
        return i >= 0 && device[i] == null && last[i] - address >= length - 1;
    }

    /**
     * @param address the first byte
     * @param length the number of bytes, at least 1
     * @return whether no region overlaps {@code [address, address + length)}
     */
    boolean isHole(final long address, final int length)
    {
        final int below = floor(address);
        if (below >= 0 && address <= last[below])
        {
            return false;
        }
        final int next = below + 1;
        return next >= count || base[next] - address >= length;
    }

    /** @return the index of the last region whose base is at or below {@code address}, or -1 */
    private int floor(final long address)
    {
        int lo = 0;
        int hi = count - 1;
        while (lo <= hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (base[mid] <= address)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return hi;
    }
}
