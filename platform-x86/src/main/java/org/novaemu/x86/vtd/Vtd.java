// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.vtd;

import org.novaemu.bus.Bus;
import org.novaemu.bus.DmaTranslation;
import org.novaemu.bus.MmioDevice;
import org.novaemu.bus.RequesterId;
import org.novaemu.util.Require;
import org.novaemu.x86.apic.ApicBus;
import org.novaemu.x86.apic.InterruptRemapper;
import org.novaemu.x86.apic.MsiMessage;

/**
 * One VT-d remapping hardware unit (Intel VT-d specification 4.x, chapters 3, 5, 6, 7, 9 and 10): the
 * register file ({@link VtdRegister}) and the global command and status handshake, in front of four
 * sub-blocks: DMA remapping in legacy mode with a context cache and an IOTLB ({@code VtdTranslation}),
 * interrupt remapping with an interrupt entry cache ({@code VtdInterruptRemapping}), primary fault
 * recording with compression, overflow and the fault event ({@code VtdFaults}), and queued invalidation
 * with context, IOTLB, IEC and wait descriptors ({@code VtdInvalidationQueue}).
 *
 * <p>As the bus's translation stage it translates every DMA of its segment while translation is enabled,
 * and returns {@link DmaTranslation#FAULT} for a request the tables do not allow, recording why. Requests
 * of other segments pass untranslated (another unit covers them), and so do writes to the interrupt window
 * {@code 0xFEEx_xxxx}, which are interrupt requests: as the {@link InterruptRemapper} of the APIC window
 * the unit remaps them through its interrupt remapping table. The unit's own fault and completion events
 * are neither translated nor remapped.
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

    /** GCMD/GSTS: translation enable ({@link VtdRegister#GCMD_TE}). */
    public static final int TE = VtdRegister.GCMD_TE;
    /** GCMD/GSTS: set root table pointer ({@link VtdRegister#GCMD_SRTP}). */
    public static final int SRTP = VtdRegister.GCMD_SRTP;
    /** GCMD/GSTS: queued invalidation enable ({@link VtdRegister#GCMD_QIE}). */
    public static final int QIE = VtdRegister.GCMD_QIE;
    /** GCMD/GSTS: interrupt remapping enable ({@link VtdRegister#GCMD_IRE}). */
    public static final int IRE = VtdRegister.GCMD_IRE;
    /** GCMD/GSTS: set interrupt remap table pointer ({@link VtdRegister#GCMD_SIRTP}). */
    public static final int SIRTP = VtdRegister.GCMD_SIRTP;
    /** GCMD/GSTS: compatibility format interrupts ({@link VtdRegister#GCMD_CFI}). */
    public static final int CFI = VtdRegister.GCMD_CFI;

    /** FSTS: primary fault overflow ({@link VtdRegister#FSTS_PFO}). */
    public static final int PFO = VtdRegister.FSTS_PFO;
    /** FSTS: primary pending fault ({@link VtdRegister#FSTS_PPF}). */
    public static final int PPF = VtdRegister.FSTS_PPF;
    /** FSTS: invalidation queue error ({@link VtdRegister#FSTS_IQE}). */
    public static final int IQE = VtdRegister.FSTS_IQE;

    /** Number of fault recording registers. */
    public static final int FAULT_RECORDS = 8;
    /** Offset of the fault recording registers ({@link VtdRegister#FRCD}). */
    public static final int FRCD = VtdRegister.FRCD.offset();
    /** Offset of the IOTLB registers, IVA then IOTLB ({@link VtdRegister#IVA}). */
    public static final int IVA = VtdRegister.IVA.offset();

    /** Capabilities: 16-bit domain IDs, SAGAW 39/48-bit, MGAW 48, FRO, NFR, 2M and 1G pages, PSI, MAMV 18. */
    public static final long CAP = VtdRegister.CAP_ND.encode(6) | VtdRegister.CAP_SAGAW.encode(0b0110)
        | VtdRegister.CAP_MGAW.encode(47) | VtdRegister.CAP_FRO.encode(FRCD >>> 4) | VtdRegister.CAP_SLLPS.encode(3)
        | VtdRegister.CAP_PSI.mask() | VtdRegister.CAP_NFR.encode(FAULT_RECORDS - 1) | VtdRegister.CAP_MAMV.encode(18);
    /** Extended capabilities: queued invalidation, interrupt remapping, EIM, IRO, MHMV 15. */
    public static final long ECAP = VtdRegister.ECAP_QI.mask() | VtdRegister.ECAP_IR.mask()
        | VtdRegister.ECAP_EIM.mask() | VtdRegister.ECAP_IRO.encode(IVA >>> 4) | VtdRegister.ECAP_MHMV.encode(15);

    /** The version register: major 1, minor 0. */
    private static final long VERSION = 0x10;
    /** The GCMD bits that are states rather than one-shot commands; GSTS follows them. */
    private static final int STATES = TE | QIE | IRE | CFI;

    private final int segment;
    private final long requesterId;
    private final VtdFaults faults;
    private final VtdTranslation translation;
    private final VtdInterruptRemapping remapping;
    private final VtdInvalidationQueue queue;

    private int gsts;
    private long rtaddr;
    private long ccmd;
    private long irta;
    private long iva;
    private long iotlb;

    /**
     * @param segment the PCI segment whose requests it translates
     * @param requesterId the requester ID of its own messages (fault and completion events)
     * @param bus the bus: its memory holds the tables, and events are messages on it
     */
    public Vtd(final int segment, final long requesterId, final Bus bus)
    {
        Require.nonNull("bus", bus);
        this.segment = segment;
        this.requesterId = requesterId;
        this.faults = new VtdFaults(bus, requesterId, segment);
        this.translation = new VtdTranslation(bus.memory(), faults);
        this.remapping = new VtdInterruptRemapping(bus.memory(), faults);
        this.queue = new VtdInvalidationQueue(bus, requesterId, faults, translation, remapping);
    }

    /**
     * The source-ID bits compared under a source-ID qualifier (IRTE SQ, 9.10) or a function mask (CCMD FM,
     * 10.4.7; context-cache invalidate descriptor FM, 6.5.2.1), which encode the same: 0 compares all 16
     * bits, 1 ignores bit 2, 2 bits 2:1 and 3 bits 2:0 of the function number.
     *
     * @param qualifier the SQ or FM field, 0 to 3
     * @return the bits compared
     */
    static int sourceIdMask(final int qualifier)
    {
        return 0xffff & ~(qualifier == 0 ? 0 : qualifier == 1 ? 4 : qualifier == 2 ? 6 : 7);
    }

    /** @return the number of table walks (IOTLB misses) so far */
    public long walks()
    {
        return translation.walks();
    }

    /** @return IOTLB lookups of DMA requests so far; hits are {@code iotlbLookups() - walks()} (U24) */
    public long iotlbLookups()
    {
        return translation.lookups();
    }

    /** @return interrupt entry cache lookups of remappable interrupt requests so far (U24) */
    public long iecLookups()
    {
        return remapping.iecLookups();
    }

    /** @return interrupt entry cache misses so far: IRTEs read from memory (U24) */
    public long iecMisses()
    {
        return remapping.iecMisses();
    }

    /** @return the number of faults detected (recorded or not) */
    public long faults()
    {
        return faults.count();
    }

    /**
     * Connects the unit to the APIC bus it delivers remapped interrupts to.
     *
     * @param target the APIC bus
     */
    public void connect(final ApicBus target)
    {
        remapping.connect(target);
    }

    /**
     * Fault injection: holds the invalidation queue, as hardware that never completes its descriptors does.
     * While held, IQT writes are taken but nothing runs and the head stays; released, the queue runs on at
     * once up to the tail.
     *
     * @param stalled whether the queue is held
     */
    public void stallInvalidations(final boolean stalled)
    {
        queue.setStalled(stalled);
        if (!stalled)
        {
            queue.process((gsts & QIE) != 0);
        }
    }

    /** @return interrupts remapped and delivered */
    public long remapped()
    {
        return remapping.remapped();
    }

    /** @return whether a request is one of the unit's to handle: a device's of its segment, not its own */
    private boolean covers(final long requester)
    {
        return requester != RequesterId.CPU && requester != requesterId && RequesterId.segment(requester) == segment;
    }

    @Override
    public long translate(final long requester, final long address, final int size, final boolean write)
    {
        if ((gsts & TE) == 0 || !covers(requester) || MsiMessage.inWindow(address))
        {
            return address; // own event messages, other segments, and interrupt requests are not DMA-remapped
        }
        return translation.translate(RequesterId.sourceId(requester), address, write);
    }

    @Override
    public boolean remap(final long requester, final long address, final int data)
    {
        if ((gsts & IRE) == 0 || !covers(requester) || !remapping.connected())
        {
            return false; // the unit's own fault and completion events are not remapped
        }
        return remapping.remap(RequesterId.sourceId(requester), address, data, (gsts & CFI) != 0);
    }

    // ---- Registers -----------------------------------------------------------------------------------

    private long readRegister(final int offset)
    {
        final VtdRegister reg = VtdRegister.at(offset);
        if (reg == null)
        {
            return 0; // reserved
        }
        return switch (reg)
        {
            case FRCD -> faults.readRecord(offset);
            case VER -> VERSION;
            case CAP -> CAP;
            case ECAP -> ECAP;
            case GCMD -> 0; // write-only
            case GSTS -> gsts & 0xffffffffL;
            case RTADDR -> rtaddr;
            case CCMD -> ccmd;
            case FSTS -> faults.status();
            case FECTL -> faults.event().control();
            case FEDATA -> faults.event().data();
            case FEADDR -> faults.event().address();
            case FEUADDR -> faults.event().upperAddress();
            case IQH -> queue.head();
            case IQT -> queue.tail();
            case IQA -> queue.address();
            case ICS -> queue.status();
            case IECTL -> queue.event().control();
            case IEDATA -> queue.event().data();
            case IEADDR -> queue.event().address();
            case IEUADDR -> queue.event().upperAddress();
            case IRTA -> irta;
            case IVA -> iva;
            case IOTLB -> iotlb;
        };
    }

    /** @return whether a 64-bit register (or a fault record's half) starts at this 8-byte aligned offset */
    private static boolean is64(final int offset)
    {
        final VtdRegister reg = VtdRegister.at(offset);
        return reg != null && reg.width() >= 8;
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
        writeRegister((int) offset, size == 8 ? value : value & 0xffffffffL, size == 8 ? 8 : 4);
    }

    private void writeRegister(final int offset, final long v, final int size)
    {
        final VtdRegister start = VtdRegister.at(offset);
        if (start == VtdRegister.FRCD)
        {
            faults.writeRecord(offset, v, size);
            return;
        }
        final VtdRegister reg = start != null ? start : VtdRegister.upperHalfAt(offset);
        if (reg == null)
        {
            return; // reserved
        }
        switch (reg)
        {
            case GCMD -> command((int) v);
            case RTADDR -> rtaddr = merge(rtaddr, offset, reg, size, v) & VtdRegister.ADDRESS;
            case CCMD -> writeContextCommand(merge(ccmd, offset, reg, size, v));
            case FSTS ->
            {
                if (faults.writeStatus(v))
                {
                    queue.process((gsts & QIE) != 0); // software fixed the queue: it runs on
                }
            }
            case FECTL -> faults.event().writeControl(v);
            case FEDATA -> faults.event().writeData(v);
            case FEADDR -> faults.event().writeAddress(v);
            case FEUADDR -> faults.event().writeUpperAddress(v);
            case IQT ->
            {
                if (start != null)
                {
                    queue.writeTail(v, (gsts & QIE) != 0); // its upper half holds nothing
                }
            }
            case IQA -> queue.writeAddress(merge(queue.address(), offset, reg, size, v));
            case ICS -> queue.writeStatus(v);
            case IECTL -> queue.event().writeControl(v);
            case IEDATA -> queue.event().writeData(v);
            case IEADDR -> queue.event().writeAddress(v);
            case IEUADDR -> queue.event().writeUpperAddress(v);
            case IRTA -> irta = merge(irta, offset, reg, size, v)
                & (VtdRegister.ADDRESS | VtdRegister.IRTA_EIME.mask() | VtdRegister.IRTA_S.mask());
            case IVA -> iva = merge(iva, offset, reg, size, v)
                & (VtdRegister.IVA_ADDR.mask() | VtdRegister.IVA_IH.mask() | VtdRegister.IVA_AM.mask());
            case IOTLB -> writeIotlb(merge(iotlb, offset, reg, size, v));
            default ->
            {
                // read-only: VER, CAP, ECAP, GSTS, IQH
            }
        }
    }

    /**
     * @return a 64-bit register after a write of all of it (8 bytes) or of one of its halves, the other half
     *         kept (a 4-byte value arrives zero-extended)
     */
    private static long merge(final long old, final int offset, final VtdRegister reg, final int size, final long v)
    {
        if (size == 8)
        {
            return v;
        }
        return offset == reg.offset() ? old & ~0xffffffffL | v : old & 0xffffffffL | v << 32;
    }

    /** CCMD (10.4.7): ICC starts an invalidation, done at once; ICC then reads 0 and CAIG as CIRG. */
    private void writeContextCommand(final long cc)
    {
        if (!VtdRegister.CCMD_ICC.isSet(cc))
        {
            ccmd = cc;
            return;
        }
        final long granularity = VtdRegister.CCMD_CIRG.extract(cc);
        translation.invalidateContext((int) granularity, (int) VtdRegister.CCMD_DID.extract(cc),
            (int) VtdRegister.CCMD_SID.extract(cc), (int) VtdRegister.CCMD_FM.extract(cc));
        ccmd = VtdRegister.CCMD_CAIG.deposit(cc & ~VtdRegister.CCMD_ICC.mask(), granularity);
    }

    /** IOTLB (10.4.8.1): IVT starts an invalidation of IVA's pages, done at once; IVT then reads 0, IAIG as IIRG. */
    private void writeIotlb(final long it)
    {
        if (!VtdRegister.IOTLB_IVT.isSet(it))
        {
            iotlb = it;
            return;
        }
        final long granularity = VtdRegister.IOTLB_IIRG.extract(it);
        translation.invalidateIotlb((int) granularity, (int) VtdRegister.IOTLB_DID.extract(it),
            iva & VtdRegister.IVA_ADDR.mask(), (int) VtdRegister.IVA_AM.extract(iva));
        iotlb = VtdRegister.IOTLB_IAIG.deposit(it & ~VtdRegister.IOTLB_IVT.mask(), granularity);
    }

    /**
     * GCMD: each written bit that differs from the status is a command (VT-d 10.4.4). Set Root Table Pointer
     * and Set Interrupt Remap Table Pointer latch their registers and report done at once.
     */
    private void command(final int v)
    {
        if ((v & SRTP) != 0)
        {
            translation.latchRootTable(rtaddr);
            gsts |= VtdRegister.GSTS_RTPS;
        }
        if ((v & SIRTP) != 0)
        {
            remapping.latchTable(irta);
            gsts |= VtdRegister.GSTS_IRTPS;
        }
        gsts = gsts & ~STATES | v & STATES;
        if ((gsts & IRE) != 0 && (gsts & VtdRegister.GSTS_IRTPS) == 0)
        {
            gsts &= ~IRE; // no interrupt remapping table yet
        }
        if ((gsts & TE) != 0 && !translation.hasRootTable())
        {
            gsts &= ~TE; // no root table yet: translation cannot be enabled
        }
        if ((v & QIE) == 0)
        {
            queue.resetHead(); // disabling queued invalidation resets the head
        }
    }
}
