// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import java.util.IdentityHashMap;
import java.util.Map;

import org.novaemu.bus.Bus;
import org.novaemu.bus.RequesterId;
import org.novaemu.kernel.Abi;
import org.novaemu.kernel.Dc;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Hip;
import org.novaemu.kernel.HipField;
import org.novaemu.kernel.Ipi;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.PageTableFormat;
import org.novaemu.kernel.Platform;
import org.novaemu.kernel.Sm;
import org.novaemu.kernel.Space;
import org.novaemu.kernel.SpaceMem;
import org.novaemu.kernel.Status;
import org.novaemu.kernel.User;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.x86.apic.LocalApic;
import org.novaemu.x86.apic.MsiAddress;
import org.novaemu.x86.ioapic.IoApic;
import org.novaemu.x86.vtd.SecondLevelFormat;
import org.novaemu.x86.vtd.Vtd;

/**
 * NOVA's x86_64 half (specification chapter 8) on one PCI segment with one I/O APIC and one VT-d unit: it
 * programs the hardware models through their registers and in-memory tables, as the kernel programs real
 * hardware. At construction it switches the local APICs to x2APIC mode with directed EOI, and gives VT-d
 * its root table and a 65,536-entry interrupt remapping table (x2APIC destinations), then enables DMA
 * translation and interrupt remapping. Its tables live in a reserved region that the NOVA host space
 * withholds.
 *
 * <ul>
 *   <li>create_sm with I=1: ISD = segment [31:16] (0) and GSI [15:0]; GSIs below the I/O APIC's pin count
 *       are pins, the rest MSIs.</li>
 *   <li>assign_int: slot {@code idx} on {@code cpu} is vector 32 + idx; the GSI's IRTE gets the target's
 *       x2APIC ID, the vector and the source to verify (the DC's requester for an MSI, the I/O APIC's for a
 *       pin); a pin's redirection entry gets the remappable format with the GSI as index, an MSI returns
 *       address 0xFEE0_0018 and data GSI (sub-handle = IRTE index).</li>
 *   <li>assign_dev: the DC's S:B:D:F gets a context entry pointing at the DMA space's own tables (a
 *       domain ID per space), and the context cache and IOTLB are invalidated.</li>
 *   <li>A driver's down of a level pin's semaphore ends the interrupt at the I/O APIC (directed EOI).</li>
 * </ul>
 */
public final class X86Platform implements Platform
{
    /** The I/O APIC's source ID (its DMAR device scope): f0:1f.0. */
    public static final long IOAPIC_SOURCE = RequesterId.pci(0, 0xf0, 0x1f, 0);
    /** Interrupt remapping table entries (a full 16-bit index). */
    public static final int IRT_ENTRIES = 1 << 16;

    private final int cpus;
    private final LocalApic[] apics;
    private final IoApic ioapic;
    private final Vtd vtd;
    private final long vtdBase;
    private final long ioapicBase;
    private final PhysicalMemory memory;
    private final long tables;
    private final long tablesSize;
    private final long rootTable;
    private final long irt;
    private final long queue;
    private long queueTail;
    private final int gsis;
    private final InterruptTable interrupts;
    private final boolean[] levelPin;
    private final Map<SpaceMem, Integer> domains = new IdentityHashMap<>();
    private final java.util.BitSet usedDomains = new java.util.BitSet();
    private final SpaceMem[] assigned = new SpaceMem[1 << 16];
    private long nextContextTable;
    private final long kernelMemoryBase;
    private final long kernelMemorySize;
    private final long[] lastFault = new long[2];
    private long faultsHandled;
    private long apicErrors;
    private final long[] kernelVectors = new long[256];
    private Kernel kernel;

    /**
     * @param bus the machine's bus (its memory holds the tables)
     * @param apics the local APICs by CPU; their pins must report to this platform's kernel
     * @param ioapic the I/O APIC, its inputs GSIs 0 to pins - 1
     * @param vtd the VT-d unit of segment 0, mapped on the bus at {@code vtdBase}
     * @param vtdBase the unit's register address (the DTD's SMMU HPA)
     * @param ioapicBase the I/O APIC's register address
     * @param tables a 4 MiB region for the root, context and interrupt remapping tables, withheld from PDs
     * @param gsis GSIs in all: pins first, then MSIs (at most 2^16)
     * @param kernelMemoryBase the kernel's own memory (HIP, UTCBs, its page tables), 4 KiB aligned
     * @param kernelMemorySize its size, a multiple of 4 KiB
     */
    public X86Platform(final Bus bus, final LocalApic[] apics, final IoApic ioapic, final Vtd vtd, final long vtdBase,
                       final long ioapicBase, final long tables, final int gsis, final long kernelMemoryBase,
                       final long kernelMemorySize)
    {
        if (apics.length == 0 || ioapic == null || vtd == null || (tables & 0xfff) != 0 || gsis <= ioapic.pins()
            || gsis > IRT_ENTRIES || ((kernelMemoryBase | kernelMemorySize) & 0xfff) != 0 || kernelMemorySize <= 0)
        {
            throw new IllegalArgumentException("apics, ioapic and vtd are required, tables and kernel memory 4 KiB "
                + "aligned, and gsis between the pin count and 65536");
        }
        this.kernelMemoryBase = kernelMemoryBase;
        this.kernelMemorySize = kernelMemorySize;
        this.cpus = apics.length;
        this.apics = apics.clone();
        this.ioapic = ioapic;
        this.vtd = vtd;
        this.vtdBase = vtdBase;
        this.ioapicBase = ioapicBase;
        this.memory = bus.memory();
        this.tables = tables;
        this.tablesSize = 4L << 20;
        this.rootTable = tables;
        this.irt = tables + 0x1000;                          // 1 MiB of IRTEs
        this.queue = irt + 16L * IRT_ENTRIES;                // 4 KiB: 256 invalidation descriptors
        this.nextContextTable = queue + 0x1000;
        this.gsis = gsis;
        this.interrupts = new InterruptTable(apics);
        this.levelPin = new boolean[ioapic.pins()];
        usedDomains.set(0); // domain 0 is not used
        memory.fill(tables, tablesSize, 0);
        for (int i = 0; i < apics.length; i++)
        {
            final LocalApic a = apics[i];
            a.writeMsr(0x1b, LocalApic.DEFAULT_BASE | LocalApic.BASE_ENABLE | LocalApic.BASE_EXTD
                | (i == 0 ? LocalApic.BASE_BSP : 0));
            a.writeMsr(0x80f, LocalApic.SVR_ENABLE | LocalApic.SVR_SUPPRESS_EOI_BROADCAST
                | InterruptTable.VEC_SPURIOUS);
            a.writeMsr(0x832, LocalApic.TIMER_TSC_DEADLINE | InterruptTable.VEC_TIMER); // the kernel's timer
            a.writeMsr(0x837, InterruptTable.VEC_ERROR);
        }
        // VT-d fault events go to the BSP, in compatibility format (they are never remapped, VT-d 7.3).
        vtdWrite(0x3c, InterruptTable.VEC_FAULT);
        vtdWrite(0x40, MsiAddress.BASE | (long) (apics[0].initialId() & 0xff) << 12);
        vtd.write(0x38, 4, 0, RequesterId.CPU); // FECTL: unmasked
        vtdWrite(0x20, rootTable);
        vtdWrite(0x18, Vtd.SRTP);
        vtdWrite(0x90, queue);                                // queued invalidation, 256 descriptors
        vtdWrite(0x18, Vtd.QIE);
        vtdWrite(0xb8, irt | 1 << 11 | 15);                 // 2^16 entries, x2APIC destinations
        vtdWrite(0x18, Vtd.QIE | Vtd.SIRTP);
        vtdWrite(0x18, Vtd.TE | Vtd.QIE | Vtd.IRE);
    }

    /** Posts one invalidation descriptor and lets the unit run the queue (VT-d 6.5.2). */
    private void invalidate(final long lo, final long hi)
    {
        memory.write64(queue + queueTail, lo);
        memory.write64(queue + queueTail + 8, hi);
        queueTail = (queueTail + 16) % 0x1000;
        vtdWrite(0x88, queueTail);
    }

    /**
     * Connects the platform to the kernel it serves (the kernel is built with the platform).
     *
     * @param k the kernel
     */
    public void attach(final Kernel k)
    {
        kernel = k;
    }

    private void vtdWrite(final int offset, final long value)
    {
        vtd.write(offset, 8, value, RequesterId.CPU);
    }

    private void ioapicRegister(final int index, final int value)
    {
        ioapic.write(0x00, 4, index, RequesterId.CPU);
        ioapic.write(0x10, 4, value & 0xffffffffL, RequesterId.CPU);
    }

    /** @return the interrupt entry and its semaphore tables */
    public InterruptTable interrupts()
    {
        return interrupts;
    }

    // ---- Platform --------------------------------------------------------------------------------------

    @Override
    public Abi abi()
    {
        return Abi.X86_64;
    }

    @Override
    public int cpus()
    {
        return cpus;
    }

    @Override
    public boolean supports(final Kind space)
    {
        return space != Kind.GST; // no VMX model
    }

    @Override
    public int hostSelectorBits()
    {
        return 35; // the user half of 48-bit paging
    }

    @Override
    public int hostArchEvents()
    {
        return 32;
    }

    @Override
    public int classesOfService()
    {
        return 0;
    }

    @Override
    public void saveState(final Ec from, final int mtd, final User handler)
    {
        ArchState.save(from, mtd, handler);
    }

    @Override
    public boolean loadState(final User handler, final int mtd, final Ec to)
    {
        return ArchState.load(handler, mtd, to);
    }

    @Override
    public boolean validIsd(final long isd)
    {
        return (isd >>> 16 & 0xffff) == 0 && (isd & 0xffff) < gsis;
    }

    /** MAD: CA [2:0] 0 WB, 1 WT, 2 WC, 3 UC, 4 WP; KID [17:3] must be 0 (no keys). */
    @Override
    public long memoryAttributes(final long mad)
    {
        return (mad & 7) > 4 || (mad >>> 3 & 0x7fff) != 0 ? -1 : mad & 7;
    }

    @Override
    public long kernelPageAttributes()
    {
        return 0;
    }

    @Override
    public int faultEvent(final int access)
    {
        return 14;
    }

    @Override
    public long faultSyndrome(final int access, final boolean present)
    {
        return ArchState.pageFaultErrorCode(access == User.WRITE, access == User.FETCH, present);
    }

    @Override
    public long kernelMemoryBase()
    {
        return kernelMemoryBase;
    }

    @Override
    public long kernelMemorySize()
    {
        return kernelMemorySize;
    }

    /** The kernel's tables and the registers of the hardware it drives: no PD may map them. */
    @Override
    public long[] protectedMemory()
    {
        return new long[] {tables, tablesSize, vtdBase & ~0xfffL, 0x1000, ioapicBase & ~0xfffL, 0x1000,
            MsiAddress.BASE, MsiAddress.SIZE};
    }

    /** The HIP's x86 part (8.6.1-8.6.2): VEC_NUM 215 slots, PIN_NUM the I/O APIC's pins, GSI_NUM; IOMMU feature. */
    @Override
    public void describe(final Hip hip)
    {
        hip.set(HipField.X86_VEC_NUM, InterruptTable.SLOTS);
        hip.set(HipField.X86_PIN_NUM, ioapic.pins());
        hip.set(HipField.X86_GSI_NUM, gsis);
        hip.set(HipField.FEATURES, hip.get(HipField.FEATURES) | 1); // bit 0: an IOMMU is active
    }

    @Override
    public PageTableFormat pageTableFormat(final Kind kind)
    {
        return kind == Kind.DMA ? SecondLevelFormat.INSTANCE : null;
    }

    @Override
    public void memorySpaceChanged(final SpaceMem space)
    {
        final Integer did = domains.get(space);
        if (did != null)
        {
            invalidate(2 | 2 << 4 | (long) did << 16, 0); // domain-selective IOTLB invalidation
        }
    }

    @Override
    public void handleInterrupts(final int cpu)
    {
        final int vector = interrupts.handle(kernel, cpu);
        kernelVectors[vector]++;
        switch (vector)
        {
            case 0:
                return;
            case InterruptTable.VEC_RRQ:
                kernel.ipiArrived(cpu, Ipi.RRQ);
                return;
            case InterruptTable.VEC_RKE:
                kernel.ipiArrived(cpu, Ipi.RKE);
                return;
            case InterruptTable.VEC_TIMER:
                kernel.timerInterrupt(cpu);
                return;
            case InterruptTable.VEC_ERROR:
                apics[cpu].writeMsr(0x828, 0); // latch the ESR; NOVA only reports it
                apicErrors++;
                return;
            case InterruptTable.VEC_FAULT:
                drainFaults();
                return;
            default:
                return; // another kernel vector: nothing is bound to it
        }
    }

    /**
     * The IOMMU's fault handler: reads the pending fault records from FRI on, counts and clears them, and
     * clears an overflow (VT-d 7.2.1, as NOVA's handler does; it only logs them).
     */
    private void drainFaults()
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

    /** @return IOMMU fault records the kernel's fault handler has read and cleared */
    public long faultsHandled()
    {
        return faultsHandled;
    }

    /** @return the last fault record handled: the low and high 64 bits */
    public long[] lastFault()
    {
        return lastFault.clone();
    }

    /**
     * @param vector one of the kernel's own vectors ({@link InterruptTable#VEC_RRQ} and above)
     * @return how many times the kernel took it
     */
    public long taken(final int vector)
    {
        return vector >= InterruptTable.VEC_RRQ && vector < 256 ? kernelVectors[vector] : 0;
    }

    /** @return local APIC error interrupts taken */
    public long apicErrors()
    {
        return apicErrors;
    }

    /** An IPI is an ICR write on the sending CPU's local APIC: fixed, physical, to the target's x2APIC ID. */
    @Override
    public boolean sendIpi(final int cpu, final Ipi kind)
    {
        final int from = kernel.engine().currentCpu();
        if (from < 0)
        {
            return false; // not sent from a CPU (a test calling the kernel directly): the kernel models it
        }
        final int vector = kind == Ipi.RRQ ? InterruptTable.VEC_RRQ : InterruptTable.VEC_RKE;
        apics[from].writeMsr(0x830, (long) apics[cpu].initialId() << 32 | 1 << 14 | vector);
        return true;
    }

    /** The CPU's local APIC timer in TSC-deadline mode: IA32_TSC_DEADLINE (a deadline of 0 would disarm it). */
    @Override
    public boolean armTimer(final int cpu, final long deadline)
    {
        apics[cpu].writeMsr(0x6e0, Math.max(1, deadline));
        return true;
    }

    @Override
    public void deactivate(final Sm sm)
    {
        final int gsi = (int) sm.isd() & 0xffff;
        if (gsi < ioapic.pins() && levelPin[gsi])
        {
            // Directed EOI: a remappable entry carries its pin number as the vector, so the EOI ends this pin only.
            ioapic.write(0x40, 4, gsi, RequesterId.CPU);
        }
    }

    @Override
    public Status assignDev(final Dc dc, final Space dma)
    {
        final long dtd0 = dc.dtd(0);
        if ((dc.dtd(1) & ~0xfffL) != vtdBase || (dtd0 >>> 16 & 0xffff) != 0)
        {
            return Status.BAD_DEV; // another IOMMU, or another segment
        }
        final SpaceMem space = (SpaceMem) dma;
        final int sid = (int) dtd0 & 0xffff;
        final long rootEntry = rootTable + 16L * (sid >>> 8);
        long context = memory.read64(rootEntry) & ~0xfffL;
        if (context == 0)
        {
            if (nextContextTable + 0x1000 > tables + tablesSize)
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
        memory.write64(entry + 8, (long) did << 8 | space.levels() - 2); // AW: 2 for four levels (48-bit)
        memory.write64(entry, space.tableRoot() | 1);
        space.reference(); // the context entry keeps the space alive
        final SpaceMem previous = assigned[sid];
        assigned[sid] = space;
        invalidate(1 | 3 << 4 | (long) sid << 32, 0); // device-selective context-cache invalidation
        invalidate(2 | 1 << 4, 0);                      // and the IOTLB
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

    @Override
    public Status assignInt(final boolean attach, final Sm sm, final Dc dc, final int cpu, final int idx,
                            final int cfg, final long[] msi)
    {
        if (idx >= InterruptTable.SLOTS)
        {
            return Status.BAD_PAR;
        }
        final int gsi = (int) sm.isd() & 0xffff;
        final boolean pin = gsi < ioapic.pins();
        if (attach)
        {
            if (pin ? dc != null : dc == null)
            {
                return Status.BAD_CAP; // a DC for a pin, or none for an MSI
            }
            if (pin ? (cfg & ~7) != 0 : cfg != 0)
            {
                return Status.BAD_PAR;
            }
            if (dc != null && ((dc.dtd(1) & ~0xfffL) != vtdBase || (dc.dtd(0) >>> 16 & 0xffff) != 0))
            {
                return Status.BAD_DEV;
            }
        }
        final Status s = interrupts.assign(attach, sm, cpu, idx);
        if (s != Status.SUCCESS || !attach)
        {
            return s; // a detach changes no hardware
        }
        final int vector = InterruptTable.VEC_GSI + idx;
        final boolean level = pin && (cfg & 2) != 0;
        final long source = pin ? IOAPIC_SOURCE : dc.dtd(0) & 0xffff;
        final long lo = (long) apics[cpu].initialId() << 32 | (long) vector << 16 | (level ? 1 << 4 : 0) | 1;
        memory.write64(irt + 16L * gsi + 8, 1L << 18 | source & 0xffff); // verify the source ID
        memory.write64(irt + 16L * gsi, lo);
        invalidate(4 | 1 << 4 | (long) gsi << 32, 0); // index-selective interrupt entry cache invalidation
        if (pin)
        {
            levelPin[gsi] = level;
            // The RTE's vector field holds the pin number, which the directed EOI names (the IRTE has the vector).
            final long rte = (long) (gsi & 0x7fff) << 49 | IoApic.RTE_REMAPPABLE | (long) (gsi >>> 15) << 11
                | ((cfg & 1) != 0 ? IoApic.RTE_MASKED : 0) | (level ? IoApic.RTE_LEVEL : 0)
                | ((cfg & 4) != 0 ? IoApic.RTE_ACTIVE_LOW : 0) | gsi;
            ioapicRegister(0x10 + 2 * gsi, (int) (IoApic.RTE_MASKED | gsi)); // masked while it changes
            ioapicRegister(0x11 + 2 * gsi, (int) (rte >>> 32));
            ioapicRegister(0x10 + 2 * gsi, (int) rte);
        }
        else
        {
            msi[0] = MsiAddress.remappable(0, true);  // 0xFEE0_0018: handle 0, sub-handle valid
            msi[1] = gsi;                               // the sub-handle: the IRTE index
        }
        return Status.SUCCESS;
    }
}
