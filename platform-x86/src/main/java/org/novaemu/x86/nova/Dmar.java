// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.Map;

import org.novaemu.bus.RequesterId;
import org.novaemu.kernel.SpaceMem;
import org.novaemu.kernel.Status;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.x86.apic.MsiAddress;
import org.novaemu.x86.vtd.Vtd;

/**
 * NOVA's driver of one VT-d unit (its {@code Dmar}), which covers one PCI segment: the unit's root table,
 * context tables, a 65,536-entry interrupt remapping table (x2APIC destinations) and its invalidation
 * queue, all in a 4 MiB region of RAM the NOVA host space withholds; programmed through the unit's
 * registers as the kernel programs the hardware. It hands out domain IDs per DMA space, points context
 * entries at the spaces' own second-level tables, writes IRTEs, and invalidates every cache it changes
 * through the queue (VT-d 6.5.2). Its fault events go to the BSP, where {@link #drainFaults} reads them.
 */
public final class Dmar
{
    /** The bytes of RAM a unit's tables take. */
    public static final long TABLES_SIZE = 4L << 20;
    /** Interrupt remapping table entries (a full 16-bit index). */
    public static final int IRT_ENTRIES = 1 << 16;

    private final Vtd vtd;
    private final long base;
    private final int segment;
    private final PhysicalMemory memory;
    private final long tables;
    private final long rootTable;
    private final long irt;
    private final long queue;
    private long queueTail;
    private long nextContextTable;
    private final Map<SpaceMem, Integer> domains = new IdentityHashMap<>();
    private final BitSet usedDomains = new BitSet();
    private final SpaceMem[] assigned = new SpaceMem[1 << 16];
    private final long[] lastFault = new long[2];
    private long faultsHandled;

    /**
     * Takes the unit over: root table, queued invalidation, interrupt remapping, DMA translation, in the
     * order VT-d requires (each through the GCMD/GSTS handshake), and its fault event to the BSP.
     *
     * @param vtd the unit
     * @param base its register address (the DTD's IOMMU address)
     * @param segment the PCI segment it covers
     * @param memory the physical memory holding the tables
     * @param tables a 4 KiB aligned region of {@link #TABLES_SIZE} bytes for its tables
     * @param bspApicId the x2APIC ID its fault events go to (below 256: compatibility format)
     */
    public Dmar(final Vtd vtd, final long base, final int segment, final PhysicalMemory memory, final long tables,
                final int bspApicId)
    {
        if (vtd == null || memory == null || (tables & 0xfff) != 0 || (base & 0xfff) != 0)
        {
            throw new IllegalArgumentException("vtd and memory are required, base and tables 4 KiB aligned");
        }
        this.vtd = vtd;
        this.base = base;
        this.segment = segment;
        this.memory = memory;
        this.tables = tables;
        this.rootTable = tables;
        this.irt = tables + 0x1000;                          // 1 MiB of IRTEs
        this.queue = irt + 16L * IRT_ENTRIES;                // 4 KiB: 256 invalidation descriptors
        this.nextContextTable = queue + 0x1000;
        usedDomains.set(0); // domain 0 is not used
        memory.fill(tables, TABLES_SIZE, 0);
        write(0x20, rootTable);
        write(0x18, Vtd.SRTP);
        write(0x90, queue);
        write(0x18, Vtd.QIE);
        write(0xb8, irt | 1 << 11 | 15);                    // 2^16 entries, x2APIC destinations (EIME)
        write(0x18, Vtd.QIE | Vtd.SIRTP);
        write(0x18, Vtd.TE | Vtd.QIE | Vtd.IRE);
        // Fault events (never remapped, VT-d 7.3): 32-bit registers, written 32 bits at a time.
        vtd.write(0x3c, 4, Vectors.VEC_FAULT, RequesterId.CPU);                      // FEDATA
        vtd.write(0x40, 4, MsiAddress.BASE | (long) (bspApicId & 0xff) << 12, RequesterId.CPU); // FEADDR
        vtd.write(0x44, 4, 0, RequesterId.CPU);                                             // FEUADDR
        vtd.write(0x38, 4, 0, RequesterId.CPU);                                             // FECTL: unmasked
    }

    private void write(final int offset, final long value)
    {
        vtd.write(offset, 8, value, RequesterId.CPU);
    }

    /** Posts one invalidation descriptor and lets the unit run the queue (VT-d 6.5.2). */
    private void invalidate(final long lo, final long hi)
    {
        memory.write64(queue + queueTail, lo);
        memory.write64(queue + queueTail + 8, hi);
        queueTail = (queueTail + 16) % 0x1000;
        write(0x88, queueTail);
    }

    /** @return the unit's register address */
    public long base()
    {
        return base;
    }

    /** @return the PCI segment it covers */
    public int segment()
    {
        return segment;
    }

    /** @return where its tables are */
    public long tables()
    {
        return tables;
    }

    /** @return the unit */
    public Vtd vtd()
    {
        return vtd;
    }

    /**
     * Points a device's context entry at a DMA space: a domain ID per space (reused once the space is
     * gone), the space's own table root, AW from its levels; then device-selective context-cache and
     * IOTLB invalidations. The context entry holds a reference on the space.
     *
     * @param sid the device's source ID (bus, device, function)
     * @param space the DMA space
     * @return SUCCESS, or MEM_OBJ when no context table or domain ID is left
     */
    public Status assign(final int sid, final SpaceMem space)
    {
        final long rootEntry = rootTable + 16L * (sid >>> 8);
        long context = memory.read64(rootEntry) & ~0xfffL;
        if (context == 0)
        {
            if (nextContextTable + 0x1000 > tables + TABLES_SIZE)
            {
                return Status.MEM_OBJ;
            }
            context = nextContextTable;
            nextContextTable += 0x1000;
            memory.write64(rootEntry, context | 1);
        }
        Integer did = domains.get(space);
        if (did == null)
        {
            final int free = usedDomains.nextClearBit(1);
            if (free > 0xffff)
            {
                return Status.MEM_OBJ; // every domain ID is in use
            }
            usedDomains.set(free);
            did = free;
            domains.put(space, did);
        }
        final long entry = context + 16L * (sid & 0xff);
        final boolean wasPresent = (memory.read64(entry) & 1) != 0;
        final int oldDid = (int) (memory.read64(entry + 8) >>> 8) & 0xffff;
        memory.write64(entry + 8, (long) did << 8 | space.levels() - 2); // AW: 2 for four levels (48-bit)
        memory.write64(entry, space.tableRoot() | 1);
        space.reference(); // the context entry keeps the space alive
        final SpaceMem previous = assigned[sid];
        assigned[sid] = space;
        if (wasPresent && oldDid != did)
        {
            // The unit may cache the old entry and its translations (a not-present one it does not cache,
            // CAP.CM = 0): device-selective context-cache invalidation with the old domain, then that
            // domain's IOTLB entries (VT-d 6.5.3.3, as NOVA does).
            invalidate(1 | 3 << 4 | (long) oldDid << 16 | (long) sid << 32, 0);
            invalidate(2 | 2 << 4 | (long) oldDid << 16, 0);
        }
        if (previous != null)
        {
            previous.unreference();
            if (previous.isDead())
            {
                usedDomains.clear(domains.remove(previous)); // its domain ID is free again
            }
        }
        return Status.SUCCESS;
    }

    /**
     * Writes an IRTE and invalidates its interrupt entry cache line.
     *
     * @param index the entry (the GSI)
     * @param low bits 63:0 (present, mode, vector, destination)
     * @param high bits 127:64 (source validation)
     */
    public void writeIrte(final int index, final long low, final long high)
    {
        memory.write64(irt + 16L * index + 8, high);
        memory.write64(irt + 16L * index, low);
        invalidate(4 | 1 << 4 | (long) index << 32, 0); // index-selective interrupt entry cache invalidation
    }

    /**
     * A DMA space's mappings changed: if a device of this unit uses it, its domain's IOTLB entries go.
     *
     * @param space the space
     */
    public void spaceChanged(final SpaceMem space)
    {
        final Integer did = domains.get(space);
        if (did != null)
        {
            invalidate(2 | 2 << 4 | (long) did << 16, 0); // domain-selective IOTLB invalidation
        }
    }

    /**
     * The fault handler: reads the pending fault records from FRI on, counts and clears them, and clears an
     * overflow (VT-d 7.2.1; NOVA only logs them).
     */
    public void drainFaults()
    {
        final long fsts = vtd.read(0x34, 4, RequesterId.CPU);
        int i = (int) (fsts >>> 8 & 0xff);
        for (int n = 0; n < Vtd.FAULT_RECORDS; n++, i = (i + 1) % Vtd.FAULT_RECORDS)
        {
            final long high = vtd.read(Vtd.FRCD + 16 * i + 8, 8, RequesterId.CPU);
            if (high >= 0)
            {
                break; // F clear: no more records
            }
            lastFault[0] = vtd.read(Vtd.FRCD + 16 * i, 8, RequesterId.CPU);
            lastFault[1] = high;
            faultsHandled++;
            vtd.write(Vtd.FRCD + 16 * i + 12, 4, 1L << 31, RequesterId.CPU); // F is write-1-to-clear
        }
        vtd.write(0x34, 4, Vtd.PFO, RequesterId.CPU);
    }

    /** @return fault records the handler has read and cleared */
    public long faultsHandled()
    {
        return faultsHandled;
    }

    /** @return the last fault record handled: the low and high 64 bits */
    public long[] lastFault()
    {
        return lastFault.clone();
    }
}
