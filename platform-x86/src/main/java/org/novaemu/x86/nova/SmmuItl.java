// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.Map;

import org.novaemu.bus.RequesterId;
import org.novaemu.kernel.SpaceMem;
import org.novaemu.kernel.Status;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.util.Require;
import org.novaemu.x86.apic.MsiMessage;
import org.novaemu.x86.vtd.ContextCacheInvalidation;
import org.novaemu.x86.vtd.ContextEntry;
import org.novaemu.x86.vtd.FaultRecord;
import org.novaemu.x86.vtd.IecInvalidation;
import org.novaemu.x86.vtd.InvalidationDescriptor;
import org.novaemu.x86.vtd.InvalidationWait;
import org.novaemu.x86.vtd.IotlbInvalidation;
import org.novaemu.x86.vtd.Irte;
import org.novaemu.x86.vtd.RootEntry;
import org.novaemu.x86.vtd.Vtd;
import org.novaemu.x86.vtd.VtdRegister;

/**
 * NOVA's driver of one Intel VT-d unit (2026 NOVA's {@code Smmu_itl}; older NOVA called it {@code Dmar}, after
 * the ACPI table), which covers one PCI segment: the unit's root table,
 * context tables, a 65,536-entry interrupt remapping table (x2APIC destinations) and its invalidation
 * queue, all in a 4 MiB region of RAM the NOVA host space withholds; programmed through the unit's
 * registers ({@link VtdRegister}) as the kernel programs the hardware. It hands out domain IDs per DMA space,
 * points context entries at the spaces' own second-level tables ({@link ContextEntry}), writes IRTEs
 * ({@link Irte}), and invalidates every cache it changes through the queue ({@link InvalidationDescriptor},
 * VT-d 6.5.2). Its fault events go to the BSP, where {@link #drainFaults} reads them ({@link FaultRecord}).
 */
public final class SmmuItl
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
    /** Where wait descriptors write their sequence number. */
    private final long status;
    private long waits;
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
    public SmmuItl(final Vtd vtd, final long base, final int segment, final PhysicalMemory memory, final long tables,
                final int bspApicId)
    {
        if ((tables & 0xfff) != 0 || (base & 0xfff) != 0)
        {
            throw new IllegalArgumentException("base and tables must be 4 KiB aligned, were 0x"
                + Long.toHexString(base) + " and 0x" + Long.toHexString(tables));
        }
        this.vtd = Require.nonNull("vtd", vtd);
        this.base = base;
        this.segment = segment;
        this.memory = Require.nonNull("memory", memory);
        this.tables = tables;
        this.rootTable = tables;
        this.irt = tables + 0x1000;                          // 1 MiB of IRTEs
        this.queue = irt + 16L * IRT_ENTRIES;                // 4 KiB: 256 invalidation descriptors
        this.status = queue + 0x1000;                       // the wait descriptors' status word
        this.nextContextTable = status + 0x1000;
        usedDomains.set(0); // domain 0 is not used
        memory.fill(tables, TABLES_SIZE, 0);
        write(VtdRegister.RTADDR, rootTable);
        write(VtdRegister.GCMD, VtdRegister.GCMD_SRTP);
        write(VtdRegister.IQA, queue);                      // QS 0: 256 descriptors
        write(VtdRegister.GCMD, VtdRegister.GCMD_QIE);
        // 2^16 entries, x2APIC destinations.
        write(VtdRegister.IRTA, irt | VtdRegister.IRTA_EIME.mask() | VtdRegister.IRTA_S.encode(15));
        write(VtdRegister.GCMD, VtdRegister.GCMD_QIE | VtdRegister.GCMD_SIRTP);
        write(VtdRegister.GCMD, VtdRegister.GCMD_TE | VtdRegister.GCMD_QIE | VtdRegister.GCMD_IRE);
        // Fault events (never remapped, VT-d 7.3): 32-bit registers, written 32 bits at a time.
        write32(VtdRegister.FEDATA, Vectors.VEC_FAULT);
        write32(VtdRegister.FEADDR, MsiMessage.compatibilityAddress(bspApicId, false));
        write32(VtdRegister.FEUADDR, 0);
        write32(VtdRegister.FECTL, 0); // unmasked
    }

    private void write(final VtdRegister reg, final long value)
    {
        vtd.write(reg.offset(), 8, value, RequesterId.CPU);
    }

    private void write32(final VtdRegister reg, final long value)
    {
        write32At(reg.offset(), value);
    }

    private void write32At(final int offset, final long value)
    {
        vtd.write(offset, 4, value, RequesterId.CPU);
    }

    /**
     * Posts invalidation descriptors, then a wait descriptor whose status write tells the kernel the unit got
     * through them, and moves the tail (VT-d 6.5.2, as NOVA's {@code Smmu::invalidate} waits).
     *
     * @return false if the unit did not complete them: the queue was full or held, or stopped with IQE
     *         (the caller's TIMEOUT, decision X27)
     */
    private boolean invalidate(final InvalidationDescriptor... descriptors)
    {
        final long sequence = ++waits;
        for (final InvalidationDescriptor d : descriptors)
        {
            if (!post(d.low(), d.high()))
            {
                return false;
            }
        }
        final InvalidationWait wait = new InvalidationWait(false, true, (int) sequence, status);
        if (!post(wait.low(), wait.high()))
        {
            return false;
        }
        write(VtdRegister.IQT, queueTail);
        return (memory.read32(status) & 0xffffffffL) == (sequence & 0xffffffffL);
    }

    /** Writes one descriptor at the tail; false if the queue is full (the next slot is the unit's head). */
    private boolean post(final long low, final long high)
    {
        final long next = (queueTail + InvalidationDescriptor.SIZE) % 0x1000;
        if (next == vtd.read(VtdRegister.IQH.offset(), 8, RequesterId.CPU))
        {
            return false;
        }
        memory.write64(queue + queueTail, low);
        memory.write64(queue + queueTail + 8, high);
        queueTail = next;
        return true;
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
     * @return SUCCESS; MEM_OBJ when no context table or domain ID is left; TIMEOUT when the unit did not
     *         complete the invalidations (the context entry is written all the same, decision X27)
     */
    public Status assign(final int sid, final SpaceMem space)
    {
        final long rootEntry = RootEntry.at(rootTable, sid >>> 8);
        final long root = memory.read64(rootEntry);
        final long context;
        if (RootEntry.isPresent(root))
        {
            context = RootEntry.contextTable(root);
        }
        else
        {
            if (nextContextTable + 0x1000 > tables + TABLES_SIZE)
            {
                return Status.MEM_OBJ;
            }
            context = nextContextTable;
            nextContextTable += 0x1000;
            memory.write64(rootEntry, RootEntry.present(context));
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
        final long entry = ContextEntry.at(context, sid & 0xff);
        final boolean wasPresent = ContextEntry.isPresent(memory.read64(entry));
        final int oldDid = ContextEntry.domainId(memory.read64(entry + 8));
        final ContextEntry e = ContextEntry.translated(space.tableRoot(), did,
            ContextEntry.addressWidth(space.levels()));
        memory.write64(entry + 8, e.high());
        memory.write64(entry, e.low());
        space.reference(); // the context entry keeps the space alive
        final SpaceMem previous = assigned[sid];
        assigned[sid] = space;
        boolean invalidated = true;
        if (wasPresent && oldDid != did)
        {
            // The unit may cache the old entry and its translations (a not-present one it does not cache,
            // CAP.CM = 0): device-selective context-cache invalidation with the old domain, then that
            // domain's IOTLB entries (VT-d 6.5.3.3, as NOVA does).
            invalidated = invalidate(ContextCacheInvalidation.device(oldDid, sid), IotlbInvalidation.domain(oldDid));
        }
        if (previous != null)
        {
            previous.unreference();
            if (previous.isDead())
            {
                usedDomains.clear(domains.remove(previous)); // its domain ID is free again
            }
        }
        return invalidated ? Status.SUCCESS : Status.TIMEOUT;
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
        memory.write64(Irte.at(irt, index) + 8, high);
        memory.write64(Irte.at(irt, index), low);
        invalidate(IecInvalidation.entry(index));
    }

    /**
     * Writes an IRTE and invalidates its interrupt entry cache line.
     *
     * @param index the entry (the GSI)
     * @param entry the entry ({@link Irte#remapped}, {@link Irte#NOT_PRESENT})
     */
    public void writeIrte(final int index, final Irte entry)
    {
        writeIrte(index, entry.low(), entry.high());
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
            invalidate(IotlbInvalidation.domain(did));
        }
    }

    /**
     * The fault handler: reads the pending fault records from FRI on, counts and clears them, and clears an
     * overflow (VT-d 7.2.1; NOVA only logs them).
     */
    public void drainFaults()
    {
        int i = (int) VtdRegister.FSTS_FRI.extract(vtd.read(VtdRegister.FSTS.offset(), 4, RequesterId.CPU));
        for (int n = 0; n < Vtd.FAULT_RECORDS; n++, i = (i + 1) % Vtd.FAULT_RECORDS)
        {
            final int record = VtdRegister.FRCD.offset() + VtdRegister.FRCD.width() * i;
            final long high = vtd.read(record + 8, 8, RequesterId.CPU);
            if (!FaultRecord.isFault(high))
            {
                break; // no more records
            }
            lastFault[0] = vtd.read(record, 8, RequesterId.CPU);
            lastFault[1] = high;
            faultsHandled++;
            write32At(record + 12, FaultRecord.FAULT_UPPER_DWORD); // F is write-1-to-clear
        }
        write32(VtdRegister.FSTS, VtdRegister.FSTS_PFO);
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
