// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.vtd;

import org.novaemu.bus.Bus;
import org.novaemu.bus.DmaTranslation;
import org.novaemu.bus.MmioDevice;
import org.novaemu.bus.RequesterId;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.x86.apic.ApicBus;
import org.novaemu.x86.apic.InterruptRemapper;
import org.novaemu.x86.apic.MsiAddress;

/**
 * One VT-d remapping hardware unit (Intel VT-d specification 4.x, chapters 3, 6, 7, 9 and 11), DMA
 * remapping part: the register file, the global command and status handshake, legacy-mode root and
 * context tables, second-level page tables of 3 and 4 levels with 2 MiB and 1 GiB pages, a context cache
 * and an IOTLB that only the architected invalidations empty (context-command and IOTLB registers, and the
 * invalidation queue with context, IOTLB, IEC and wait descriptors), and primary fault recording with
 * compression, overflow and the fault-event interrupt.
 *
 * <p>As the bus's translation stage it translates every DMA of its segment while translation is enabled,
 * and returns {@link DmaTranslation#FAULT} for a request the tables do not allow, recording why. Requests
 * of other segments pass untranslated (another unit covers them), and so do writes to the interrupt window
 * {@code 0xFEEx_xxxx}, which are interrupt requests: as the {@link InterruptRemapper} of the APIC window
 * the unit remaps them through its interrupt remapping table (VT-d chapter 5): index range, present bit,
 * reserved bits and source-ID verification (SVT 1 with SQ, SVT 2 bus range), xAPIC or x2APIC (EIM)
 * destinations, compatibility-format requests blocked unless CFI is set, interrupt entries cached until an
 * IEC invalidation, faults recorded with the interrupt index.
 */
public final class Vtd implements MmioDevice, DmaTranslation, InterruptRemapper
{
    /** Fault reason: compatibility-format interrupt blocked (IR on, CFI off). */
    public static final int FR_IR_COMPATIBILITY = 0x25;
    /** Fault reason: interrupt index beyond the remapping table. */
    public static final int FR_IR_INDEX = 0x21;
    /** Fault reason: IRTE not present. */
    public static final int FR_IR_NOT_PRESENT = 0x22;
    /** Fault reason: the interrupt remapping table could not be read. */
    public static final int FR_IR_ACCESS = 0x23;
    /** Fault reason: reserved field set in an IRTE. */
    public static final int FR_IR_RESERVED = 0x24;
    /** Fault reason: source-ID verification failed. */
    public static final int FR_IR_SOURCE = 0x26;

    /** Fault reason: root entry not present. */
    public static final int FR_ROOT_NOT_PRESENT = 0x1;
    /** Fault reason: context entry not present. */
    public static final int FR_CONTEXT_NOT_PRESENT = 0x2;
    /** Fault reason: context entry invalid (translation type or address width not supported). */
    public static final int FR_CONTEXT_INVALID = 0x3;
    /** Fault reason: address beyond the guest address width. */
    public static final int FR_ADDRESS_WIDTH = 0x4;
    /** Fault reason: write not allowed. */
    public static final int FR_WRITE = 0x5;
    /** Fault reason: read not allowed. */
    public static final int FR_READ = 0x6;

    /** GCMD/GSTS: translation enable. */
    public static final int TE = 1 << 31;
    /** GCMD/GSTS: set root table pointer. */
    public static final int SRTP = 1 << 30;
    /** GCMD/GSTS: queued invalidation enable. */
    public static final int QIE = 1 << 26;
    /** GCMD/GSTS: interrupt remapping enable. */
    public static final int IRE = 1 << 25;
    /** GCMD/GSTS: set interrupt remap table pointer. */
    public static final int SIRTP = 1 << 24;
    /** GCMD/GSTS: compatibility format interrupts. */
    public static final int CFI = 1 << 23;

    /** FSTS: primary fault overflow. */
    public static final int PFO = 1;
    /** FSTS: primary pending fault. */
    public static final int PPF = 1 << 1;
    /** FSTS: invalidation queue error. */
    public static final int IQE = 1 << 4;

    /** Number of fault recording registers. */
    public static final int FAULT_RECORDS = 8;
    /** Offset of the fault recording registers. */
    public static final int FRCD = 0x200;
    /** Offset of the IOTLB registers (IVA, then IOTLB). */
    public static final int IVA = 0x300;

    /** Capabilities: 16-bit domain IDs, SAGAW 39/48-bit, MGAW 48, FRO, NFR, 2M and 1G pages, PSI, MAMV 18. */
    public static final long CAP = 6 | (0b0110L << 8) | (47L << 16) | ((long) (FRCD >>> 4) << 24) | (3L << 34)
        | (1L << 39) | ((long) (FAULT_RECORDS - 1) << 40) | (18L << 48);
    /** Extended capabilities: queued invalidation, interrupt remapping, EIM, IRO, MHMV 15. */
    public static final long ECAP = 1 << 1 | 1 << 3 | 1 << 4 | (long) (IVA >>> 4) << 8 | 15L << 20;

    private static final int VER = 0x00;
    private static final int CAP_REG = 0x08;
    private static final int ECAP_REG = 0x10;
    private static final int GCMD = 0x18;
    private static final int GSTS = 0x1c;
    private static final int RTADDR = 0x20;
    private static final int CCMD = 0x28;
    private static final int FSTS = 0x34;
    private static final int FECTL = 0x38;
    private static final int FEDATA = 0x3c;
    private static final int FEADDR = 0x40;
    private static final int FEUADDR = 0x44;
    private static final int IQH = 0x80;
    private static final int IQT = 0x88;
    private static final int IQA = 0x90;
    private static final int ICS = 0x9c;
    private static final int IECTL = 0xa0;
    private static final int IEDATA = 0xa4;
    private static final int IEADDR = 0xa8;
    private static final int IEUADDR = 0xac;
    private static final int IRTA = 0xb8;
    private static final int IOTLB_REG = IVA + 8;

    private static final int IOTLB_SIZE = 1024;

    private final int segment;
    private final long requesterId;
    private final Bus bus;
    private final PhysicalMemory memory;

    private int gsts;
    private long rtaddr;
    private long rtaddrLatched = -1;
    private long ccmd;
    private int fsts;
    private int fectl = 1 << 31; // IM: masked after reset
    private int fedata;
    private long feaddr;
    private long iqh;
    private long iqt;
    private long iqa;
    private int ics;
    private int iectl = 1 << 31;
    private int iedata;
    private long ieaddr;
    private long irta;
    private long iva;
    private long iotlbReg;
    private final long[] faultLow = new long[FAULT_RECORDS];
    private final long[] faultHigh = new long[FAULT_RECORDS];
    private int nextFault;
    private int firstPending;
    private long faults;

    // Context cache, per source ID: valid, and the decoded entry.
    private final boolean[] ctxValid = new boolean[1 << 16];
    private final long[] ctxTable = new long[1 << 16];
    private final int[] ctxInfo = new int[1 << 16];

    // IOTLB, direct mapped: tag (source ID, page) and the translation (frame, permissions, domain).
    private final long[] tlbTag = new long[IOTLB_SIZE];
    private final long[] tlbFrame = new long[IOTLB_SIZE];
    private final int[] tlbInfo = new int[IOTLB_SIZE];
    private long walks;

    // Interrupt remapping: the latched table, and the interrupt entry cache (valid, low and high words).
    private ApicBus apicBus;
    private long irtBase;
    private int irtEntries;
    private boolean eime;
    private boolean[] iecValid = new boolean[0];
    private long[] iecLow = new long[0];
    private long[] iecHigh = new long[0];
    private long remapped;

    /**
     * @param segment the PCI segment whose requests it translates
     * @param requesterId the requester ID of its own messages (fault and completion events)
     * @param bus the bus: its memory holds the tables, and events are messages on it
     */
    public Vtd(final int segment, final long requesterId, final Bus bus)
    {
        if (bus == null)
        {
            throw new IllegalArgumentException("bus must not be null");
        }
        this.segment = segment;
        this.requesterId = requesterId;
        this.bus = bus;
        this.memory = bus.memory();
        java.util.Arrays.fill(tlbTag, -1);
    }

    /** @return the number of table walks (IOTLB misses) so far */
    public long walks()
    {
        return walks;
    }

    /** @return the number of faults detected (recorded or not) */
    public long faults()
    {
        return faults;
    }

    // ---- Translation ---------------------------------------------------------------------------------

    @Override
    public long translate(final long requester, final long address, final int size, final boolean write)
    {
        if ((gsts & TE) == 0 || requester == RequesterId.CPU || requester == requesterId
            || RequesterId.segment(requester) != segment
            || address >= MsiAddress.BASE && address < MsiAddress.BASE + MsiAddress.SIZE)
        {
            return address; // own event messages, other segments, and interrupt requests are not DMA-remapped
        }
        final int sid = RequesterId.sourceId(requester);
        final long page = address >>> 12;
        final int slot = (int) (page ^ page >>> 10 ^ sid * 0x9e37) & IOTLB_SIZE - 1;
        final long tag = (long) sid << 48 | page;
        if (tlbTag[slot] == tag)
        {
            final int info = tlbInfo[slot];
            if ((info & (write ? 2 : 1)) != 0)
            {
                return tlbFrame[slot] << 12 | address & 0xfff;
            }
        }
        return walk(sid, address, write, slot, tag);
    }

    /** Context entry info: bit 31 valid, bit 30 FPD, bits 29:28 levels - 3, bits 15:0 the domain ID. */
    private int context(final int sid, final long address, final boolean write)
    {
        if (ctxValid[sid])
        {
            return ctxInfo[sid];
        }
        final long root = rtaddrLatched + 16L * (sid >>> 8);
        final long rootLow = read64(root);
        if ((rootLow & 1) == 0)
        {
            fault(sid, address, write, FR_ROOT_NOT_PRESENT, false);
            return 0;
        }
        final long entry = (rootLow & 0x000f_ffff_ffff_f000L) + 16L * (sid & 0xff);
        final long lo = read64(entry);
        final long hi = read64(entry + 8);
        final boolean fpd = (lo & 2) != 0;
        if ((lo & 1) == 0)
        {
            fault(sid, address, write, FR_CONTEXT_NOT_PRESENT, fpd);
            return 0;
        }
        final int tt = (int) (lo >>> 2) & 3;
        final int aw = (int) hi & 7;
        if (tt != 0 || aw != 1 && aw != 2)
        {
            fault(sid, address, write, FR_CONTEXT_INVALID, fpd); // only translated requests, 39/48-bit
            return 0;
        }
        final int info = 1 << 31 | (fpd ? 1 << 30 : 0) | (aw - 1) << 28 | (int) (hi >>> 8) & 0xffff;
        ctxValid[sid] = true;
        ctxTable[sid] = lo & 0x000f_ffff_ffff_f000L;
        ctxInfo[sid] = info;
        return info;
    }

    private long walk(final int sid, final long address, final boolean write, final int slot, final long tag)
    {
        walks++;
        final int info = context(sid, address, write);
        if (info == 0)
        {
            return FAULT;
        }
        final boolean fpd = (info & 1 << 30) != 0;
        final int levels = 3 + (info >>> 28 & 3);
        if (address >>> 12 + 9 * levels != 0)
        {
            fault(sid, address, write, FR_ADDRESS_WIDTH, fpd);
            return FAULT;
        }
        long table = ctxTable[sid];
        int perms = 3;
        for (int level = levels; level >= 1; level--)
        {
            final int shift = 12 + 9 * (level - 1);
            final long pte = read64(table + 8 * (address >>> shift & 511));
            perms &= (int) pte & 3;
            final boolean leaf = level == 1 || (pte & 1 << 7) != 0 && level <= 3;
            if ((pte & 3) == 0 || (perms & (write ? 2 : 1)) == 0)
            {
                fault(sid, address, write, write ? FR_WRITE : FR_READ, fpd);
                return FAULT;
            }
            if (leaf)
            {
                final long frame = (pte & 0x000f_ffff_ffff_f000L & ~((1L << shift) - 1) | address & (1L << shift) - 1
                    & ~0xfffL) >>> 12;
                tlbTag[slot] = tag;
                tlbFrame[slot] = frame;
                tlbInfo[slot] = perms | (level - 1) << 2 | (info & 0xffff) << 16;
                return frame << 12 | address & 0xfff;
            }
            table = pte & 0x000f_ffff_ffff_f000L;
        }
        return FAULT; // unreachable: level 1 is always a leaf
    }

    /** A table read; beyond physical memory it reads as zero (not present) instead of throwing. */
    private long read64(final long address)
    {
        return address >= 0 && address + 8 <= PhysicalMemory.LIMIT ? memory.read64(address) : 0;
    }

    // ---- Interrupt remapping ----------------------------------------------------------------------------

    /**
     * Connects the unit to the APIC bus it delivers remapped interrupts to.
     *
     * @param target the APIC bus
     */
    public void connect(final ApicBus target)
    {
        apicBus = target;
    }

    /** @return interrupts remapped and delivered */
    public long remapped()
    {
        return remapped;
    }

    @Override
    public boolean remap(final long requester, final long address, final int data)
    {
        if ((gsts & IRE) == 0 || requester == RequesterId.CPU || requester == requesterId
            || RequesterId.segment(requester) != segment || apicBus == null)
        {
            return false; // the unit's own fault and completion events are not remapped
        }
        final int sid = RequesterId.sourceId(requester);
        if ((address & MsiAddress.REMAPPABLE) == 0)
        {
            if ((gsts & CFI) != 0 && !eime)
            {
                return false; // compatibility format passes (CFIS, effective only without EIME)
            }
            fault(sid, 0, true, FR_IR_COMPATIBILITY, false);
            return true;
        }
        final int index = MsiAddress.index(address, data);
        if (index >= irtEntries)
        {
            fault(sid, (long) index << 48, true, FR_IR_INDEX, false);
            return true;
        }
        final long lo;
        final long hi;
        if (iecValid[index])
        {
            lo = iecLow[index];
            hi = iecHigh[index];
        }
        else
        {
            final long at = irtBase + 16L * index;
            if (at + 16 > PhysicalMemory.LIMIT)
            {
                fault(sid, (long) index << 48, true, FR_IR_ACCESS, false);
                return true;
            }
            lo = memory.read64(at);
            hi = memory.read64(at + 8);
        }
        final boolean fpd = (lo & 2) != 0;
        if ((lo & 1) == 0)
        {
            fault(sid, (long) index << 48, true, FR_IR_NOT_PRESENT, fpd);
            return true;
        }
        // Reserved: bits 14:12, IM (15, posted interrupts are not supported), 31:24, and the destination's
        // unused bits in xAPIC mode; the high word above bit 83.
        final long reserved = 0xff00_f000L | (eime ? 0 : 0xffff_00ff_0000_0000L);
        if ((lo & reserved) != 0 || hi >>> 20 != 0)
        {
            fault(sid, (long) index << 48, true, FR_IR_RESERVED, fpd);
            return true;
        }
        if (!sourceMatches(sid, hi))
        {
            fault(sid, (long) index << 48, true, FR_IR_SOURCE, fpd);
            return true;
        }
        if (!iecValid[index])
        {
            iecLow[index] = lo; // only a valid entry is cached (CAP.CM is 0)
            iecHigh[index] = hi;
            iecValid[index] = true;
        }
        final int destination = eime ? (int) (lo >>> 32) : (int) (lo >>> 40) & 0xff;
        remapped++;
        apicBus.message(destination, (lo & 4) != 0, (int) (lo >>> 5) & 7, (int) (lo >>> 16) & 0xff,
            (lo & 16) != 0, eime);
        return true;
    }

    /** Source-ID verification (VT-d 9.10): SVT 0 none, 1 the SID with the SQ mask, 2 a bus range. */
    private static boolean sourceMatches(final int sid, final long hi)
    {
        final int expected = (int) hi & 0xffff;
        switch ((int) (hi >>> 18) & 3)
        {
            case 0:
                return true;
            case 1:
                final int sq = (int) (hi >>> 16) & 3;
                final int mask = 0xffff & ~(sq == 0 ? 0 : sq == 1 ? 4 : sq == 2 ? 6 : 7);
                return (sid & mask) == (expected & mask);
            case 2:
                final int bus = sid >>> 8;
                return bus >= expected >>> 8 && bus <= (expected & 0xff);
            default:
                return false; // reserved SVT
        }
    }

    /** IEC invalidation: global, or {@code 2^im} entries from {@code index}. */
    private void invalidateIec(final boolean global, final int index, final int im)
    {
        if (global)
        {
            java.util.Arrays.fill(iecValid, false);
            return;
        }
        final int first = index >>> im << im;
        for (int i = first; i < Math.min(iecValid.length, first + (1 << im)); i++)
        {
            iecValid[i] = false;
        }
    }

    // ---- Faults --------------------------------------------------------------------------------------

    private void fault(final int sid, final long address, final boolean write, final int reason, final boolean fpd)
    {
        faults++;
        if (fpd)
        {
            return; // fault processing disabled for this device
        }
        for (int i = 0; i < FAULT_RECORDS; i++)
        {
            if (faultHigh[i] < 0 && (int) faultHigh[i] == sid)
            {
                return; // a fault of this source is pending already: compressed
            }
        }
        if (faultHigh[nextFault] < 0)
        {
            fsts |= PFO;
            return;
        }
        faultLow[nextFault] = address & ~0xfffL;
        faultHigh[nextFault] = 1L << 63 | (write ? 0 : 1L << 62) | (long) reason << 32 | sid;
        if ((fsts & PPF) == 0)
        {
            fsts |= PPF;
            firstPending = nextFault; // FRI: where software starts reading
            faultEvent();
        }
        nextFault = (nextFault + 1) % FAULT_RECORDS;
    }

    private void faultEvent()
    {
        fectl = event(fectl, feaddr, fedata);
    }

    /** Control registers of the fault and completion events: IM, interrupt mask; IP, interrupt pending. */
    private static final int IM = 1 << 31;
    private static final int IP = 1 << 30;

    /**
     * Signals a fault or invalidation-completion event by its control register: held as pending (IP) while
     * masked (IM), sent otherwise.
     *
     * @return the control register's new value
     */
    private int event(final int control, final long address, final int data)
    {
        if ((control & IM) != 0)
        {
            return control | IP;
        }
        bus.signalMessage(requesterId, address, data);
        return control;
    }

    /**
     * A write of an event control register: only IM is writable, and clearing it sends an event that was
     * held while masked.
     *
     * @return the control register's new value
     */
    private int writeEventControl(final int control, final long v, final long address, final int data)
    {
        final int written = (int) v & IM | control & IP;
        if ((control & IM) != 0 && (written & (IM | IP)) == IP)
        {
            bus.signalMessage(requesterId, address, data);
            return written & ~IP;
        }
        return written;
    }

    /**
     * @return a 64-bit register after a write of all of it (8 bytes) or of one of its halves, the other half
     *         kept (a 4-byte value arrives zero-extended)
     */
    private static long merge(final long old, final int offset, final int register, final int size, final long v)
    {
        if (size == 8)
        {
            return v;
        }
        return offset == register ? old & ~0xffffffffL | v : old & 0xffffffffL | v << 32;
    }

    private void updatePpf()
    {
        boolean any = false;
        for (int i = 0; i < FAULT_RECORDS; i++)
        {
            any |= faultHigh[i] < 0;
        }
        fsts = any ? fsts | PPF : fsts & ~PPF;
        if (!any && (fsts & PFO) == 0)
        {
            fectl &= ~IP; // the conditions are cleared: nothing is pending any more
        }
    }

    // ---- Invalidation --------------------------------------------------------------------------------

    /** Context-cache invalidation: 1 global, 2 domain, 3 device (with function mask). */
    private void invalidateContext(final int granularity, final int did, final int sid, final int fm)
    {
        final int mask = 0xffff & ~(fm == 0 ? 0 : fm == 1 ? 4 : fm == 2 ? 6 : 7);
        if (granularity == 3)
        {
            for (int f = 0; f < 8; f++)
            {
                if ((f & mask) == 0)
                {
                    ctxValid[sid & mask | f] = false; // the masked function bits take every value
                }
            }
            return;
        }
        for (int s = 0; s < ctxValid.length; s++)
        {
            if (ctxValid[s] && (granularity == 1 || granularity == 2 && (ctxInfo[s] & 0xffff) == did
                || granularity == 3 && (s & mask) == (sid & mask)))
            {
                ctxValid[s] = false;
            }
        }
    }

    /** IOTLB invalidation: 1 global, 2 domain, 3 pages of a domain ({@code 2^am} pages from {@code address}). */
    private void invalidateIotlb(final int granularity, final int did, final long address, final int am)
    {
        final long first = address >>> 12 >>> am << am;
        final long last = first + (1L << am) - 1;
        for (int i = 0; i < IOTLB_SIZE; i++)
        {
            if (tlbTag[i] == -1)
            {
                continue;
            }
            // A page-selective invalidation that touches any part of a large page drops all of it.
            final int span = 9 * (tlbInfo[i] >>> 2 & 3);
            final long page = (tlbTag[i] & 0xffff_ffff_ffffL) >>> span << span;
            final long pageLast = page + (1L << span) - 1;
            if (granularity == 1 || (tlbInfo[i] >>> 16) == did && (granularity == 2 || page <= last && pageLast >= first))
            {
                tlbTag[i] = -1;
            }
        }
    }

    /** Processes the invalidation queue from head to tail; a bad descriptor stops it with IQE. */
    private void processQueue()
    {
        if ((gsts & QIE) == 0 || (fsts & IQE) != 0)
        {
            return;
        }
        final long base = iqa & 0x000f_ffff_ffff_f000L;
        final long entries = 256L << (iqa & 7);
        if (iqt >= entries * 16 || base + entries * 16 > PhysicalMemory.LIMIT)
        {
            fsts |= IQE; // a tail beyond the queue, or a queue beyond memory
            return;
        }
        while (iqh != iqt)
        {
            final long at = base + (iqh >>> 4 << 4);
            final long lo = memory.read64(at);
            final long hi = memory.read64(at + 8);
            final int type = (int) lo & 0xf;
            switch (type)
            {
                case 1:
                    invalidateContext((int) (lo >>> 4) & 3, (int) (lo >>> 16) & 0xffff, (int) (lo >>> 32) & 0xffff,
                        (int) (lo >>> 48) & 3);
                    break;
                case 2:
                    invalidateIotlb((int) (lo >>> 4) & 3, (int) (lo >>> 16) & 0xffff, hi & ~0xfffL, (int) hi & 0x3f);
                    break;
                case 4:
                    invalidateIec((lo & 1 << 4) == 0, (int) (lo >>> 32) & 0xffff, (int) (lo >>> 27) & 0x1f);
                    break;
                case 5:
                    if ((lo & 1 << 5) != 0)
                    {
                        bus.dmaWrite(requesterId, hi & ~3L, 4, lo >>> 32 & 0xffffffffL); // status write
                    }
                    if ((lo & 1 << 4) != 0 && (ics & 1) == 0)
                    {
                        ics |= 1;
                        iectl = event(iectl, ieaddr, iedata);
                    }
                    break;
                default:
                    fsts |= IQE; // reserved type: the queue stops at this descriptor
                    return;
            }
            iqh = (iqh + 16) % (entries * 16);
        }
    }

    // ---- Registers -----------------------------------------------------------------------------------

    private long readRegister(final int offset)
    {
        if (offset >= FRCD && offset < FRCD + 16 * FAULT_RECORDS)
        {
            final int i = offset - FRCD >>> 4;
            return (offset & 8) == 0 ? faultLow[i] : faultHigh[i];
        }
        switch (offset)
        {
            case VER:
                return 0x10;
            case CAP_REG:
                return CAP;
            case ECAP_REG:
                return ECAP;
            case GSTS:
                return gsts & 0xffffffffL;
            case RTADDR:
                return rtaddr;
            case CCMD:
                return ccmd;
            case FSTS:
                return fsts | (firstPending << 8);
            case FECTL:
                return fectl & 0xffffffffL;
            case FEDATA:
                return fedata & 0xffffffffL;
            case FEADDR:
                return feaddr & 0xffffffffL;
            case FEUADDR:
                return feaddr >>> 32;
            case IQH:
                return iqh;
            case IQT:
                return iqt;
            case IQA:
                return iqa;
            case ICS:
                return ics;
            case IECTL:
                return iectl & 0xffffffffL;
            case IEDATA:
                return iedata & 0xffffffffL;
            case IEADDR:
                return ieaddr & 0xffffffffL;
            case IEUADDR:
                return ieaddr >>> 32;
            case IRTA:
                return irta;
            case IVA:
                return iva;
            case IOTLB_REG:
                return iotlbReg;
            default:
                return 0; // GCMD is write-only; the rest is reserved
        }
    }

    /** @return whether a 64-bit register starts at this 8-byte aligned offset */
    private static boolean is64(final int offset)
    {
        switch (offset)
        {
            case CAP_REG:
            case ECAP_REG:
            case RTADDR:
            case CCMD:
            case IQH:
            case IQT:
            case IQA:
            case IRTA:
            case IVA:
            case IOTLB_REG:
                return true;
            default:
                return offset >= FRCD && offset < FRCD + 16 * FAULT_RECORDS;
        }
    }

    @Override
    public long read(final long offset, final int size, final long requester)
    {
        final int at = (int) offset;
        if (size == 8)
        {
            return is64(at) ? readRegister(at) : readRegister(at) & 0xffffffffL | readRegister(at + 4) << 32;
        }
        if ((at & 4) != 0 && is64(at - 4))
        {
            return readRegister(at - 4) >>> 32; // the upper half of a 64-bit register
        }
        return readRegister(at) & 0xffffffffL;
    }

    @Override
    public void write(final long offset, final int size, final long value, final long requester)
    {
        if (size == 8)
        {
            writeRegister((int) offset, value, 8);
        }
        else
        {
            writeRegister((int) offset, value & 0xffffffffL, 4);
        }
    }

    private void writeRegister(final int offset, final long v, final int size)
    {
        if (offset >= FRCD && offset < FRCD + 16 * FAULT_RECORDS)
        {
            final int i = offset - FRCD >>> 4;
            final boolean clearsF = (offset & 15) == 8 && size == 8 && v < 0 || (offset & 15) == 12 && (v & 1L << 31) != 0;
            if (clearsF)
            {
                faultHigh[i] = 0; // F is RW1C; the record is free again
                updatePpf();
            }
            return;
        }
        switch (offset)
        {
            case GCMD:
                command((int) v);
                break;
            case RTADDR:
            case RTADDR + 4:
                rtaddr = merge(rtaddr, offset, RTADDR, size, v) & 0x000f_ffff_ffff_f000L;
                break;
            case CCMD:
            case CCMD + 4:
                final long cc = merge(ccmd, offset, CCMD, size, v);
                if (cc < 0)
                {
                    invalidateContext((int) (cc >>> 61) & 3, (int) cc & 0xffff, (int) (cc >>> 16) & 0xffff,
                        (int) (cc >>> 32) & 3);
                    ccmd = cc & ~(1L << 63) & ~(3L << 59) | (cc >>> 61 & 3) << 59; // ICC clears; CAIG = CIRG
                }
                else
                {
                    ccmd = cc;
                }
                break;
            case FSTS:
                final boolean stopped = (fsts & IQE) != 0;
                fsts &= ~((int) v & (PFO | IQE | 1 << 2 | 1 << 5 | 1 << 6)); // RW1C bits
                updatePpf();
                if (stopped && (fsts & IQE) == 0)
                {
                    processQueue(); // software fixed the queue: it runs on
                }
                break;
            case FECTL:
                fectl = writeEventControl(fectl, v, feaddr, fedata);
                break;
            case FEDATA:
                fedata = (int) v;
                break;
            case FEADDR:
                feaddr = feaddr & ~0xffffffffL | v & 0xffff_fffcL;
                break;
            case FEUADDR:
                feaddr = feaddr & 0xffffffffL | v << 32;
                break;
            case IQT:
                iqt = v & 0x7fff0;
                processQueue();
                break;
            case IQA:
            case IQA + 4:
                iqa = merge(iqa, offset, IQA, size, v) & 0x000f_ffff_ffff_f007L;
                break;
            case ICS:
                ics &= ~((int) v & 1);
                break;
            case IECTL:
                iectl = writeEventControl(iectl, v, ieaddr, iedata);
                break;
            case IEDATA:
                iedata = (int) v;
                break;
            case IEADDR:
                ieaddr = ieaddr & ~0xffffffffL | v & 0xffff_fffcL;
                break;
            case IEUADDR:
                ieaddr = ieaddr & 0xffffffffL | v << 32;
                break;
            case IRTA:
            case IRTA + 4:
                irta = merge(irta, offset, IRTA, size, v) & 0x000f_ffff_ffff_f80fL;
                break;
            case IVA:
            case IVA + 4:
                iva = merge(iva, offset, IVA, size, v) & ~0xf80L;
                break;
            case IOTLB_REG:
            case IOTLB_REG + 4:
                final long it = merge(iotlbReg, offset, IOTLB_REG, size, v);
                if (it < 0)
                {
                    final int g = (int) (it >>> 60) & 3;
                    invalidateIotlb(g, (int) (it >>> 32) & 0xffff, iva & ~0xfffL, (int) iva & 0x3f);
                    iotlbReg = it & ~(1L << 63) & ~(3L << 57) | (long) g << 57; // IVT clears; IAIG = IIRG
                }
                else
                {
                    iotlbReg = it;
                }
                break;
            default:
                break; // read-only and reserved registers ignore writes
        }
    }

    /**
     * GCMD: each written bit that differs from the status is a command (VT-d 10.4.4). Set Root Table Pointer
     * and Set Interrupt Remap Table Pointer latch their registers and report done at once.
     */
    private void command(final int v)
    {
        if ((v & SRTP) != 0)
        {
            rtaddrLatched = rtaddr;
            gsts |= 1 << 30; // RTPS
        }
        if ((v & SIRTP) != 0)
        {
            irtBase = irta & 0x000f_ffff_ffff_f000L;
            irtEntries = 1 << (int) (irta & 0xf) + 1;
            eime = (irta & 1 << 11) != 0;
            iecValid = new boolean[irtEntries]; // a new table: nothing of the old one is cached
            iecLow = new long[irtEntries];
            iecHigh = new long[irtEntries];
            gsts |= 1 << 24; // IRTPS
        }
        gsts = gsts & ~(TE | QIE | IRE | CFI) | v & (TE | QIE | IRE | CFI);
        if ((gsts & IRE) != 0 && (gsts & 1 << 24) == 0)
        {
            gsts &= ~IRE; // no interrupt remapping table yet
        }
        if ((gsts & TE) != 0 && rtaddrLatched < 0)
        {
            gsts &= ~TE; // no root table yet: translation cannot be enabled
        }
        if ((v & QIE) == 0)
        {
            iqh = 0; // disabling queued invalidation resets the head
        }
    }
}
