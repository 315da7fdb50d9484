// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.vtd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.novaemu.bus.AccessRule;
import org.novaemu.bus.Bus;
import org.novaemu.bus.DmaTranslation;
import org.novaemu.bus.RecordingMmio;
import org.novaemu.bus.RequesterId;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.sim.Engine;
import org.novaemu.trace.TraceRecord;
import org.novaemu.x86.X86Trace;

/** VT-d DMA remapping programmed as a driver programs it: registers, tables in memory, faults, caches. */
class VtdTest
{
    private static final long REGS = 0xfed9_0000L;
    private static final long ROOT = 0x10000;
    private static final long CONTEXT = 0x11000;
    private static final long PML4 = 0x12000;
    private static final long QUEUE = 0x20000;
    private static final long DEV = RequesterId.pci(0, 1, 0, 0);
    private static final long GLOBAL_IOTLB = VtdRegister.IOTLB_IVT.mask()
        | VtdRegister.IOTLB_IIRG.encode(IotlbInvalidation.GLOBAL);
    /** A wait descriptor that neither writes a status nor interrupts. */
    private static final InvalidationWait NO_OP = new InvalidationWait(false, false, 0, 0);

    private final Engine engine = Engine.builder().build();
    private final Bus bus = new Bus(new PhysicalMemory(), engine.trace());
    private final Vtd vtd = new Vtd(0, RequesterId.pci(0, 0, 0x1f, 7), bus);
    private final PhysicalMemory mem = bus.memory();
    private final RecordingMmio events = new RecordingMmio(16);
    private long nextTable = 0x13000;

    @BeforeEach
    void program()
    {
        bus.mapRam("ram", 0, 0x8000_0000L);
        bus.mapMmio("dmar", REGS, 0x1000, vtd, AccessRule.DWORD_QWORD);
        bus.mapMmio("msi", 0xfee0_0000L, 0x10_0000, events, AccessRule.DWORD);
        bus.setTranslation(vtd);
        mem.write64(ROOT + 16 * 1, CONTEXT | 1);                  // bus 1
        mem.write64(CONTEXT, PML4 | 1);                           // 01:00.0, translated
        mem.write64(CONTEXT + 8, 5 << 8 | 2);                     // DID 5, 48-bit (4 levels)
        map(0x40_0000L, 0x80_0000L, 1, 3);
        map(0x7f_0000L, 0x81_0000L, 1, 1);                        // read-only page
        map(0x4000_0000L, 0x6000_0000L, 2, 3);                   // a 2 MiB page
        write(VtdRegister.RTADDR, 8, ROOT);
        write(VtdRegister.GCMD, 4, VtdRegister.GCMD_SRTP);
        write(VtdRegister.FECTL, 4, 0);                           // fault events unmasked
        write(VtdRegister.FEDATA, 4, 0x99);
        write(VtdRegister.FEADDR, 4, 0xfee0_0000L);
        write(VtdRegister.GCMD, 4, VtdRegister.GCMD_TE);
    }

    private void write(final VtdRegister r, final int size, final long value)
    {
        bus.write(REGS + r.offset(), size, value);
    }

    private long read(final VtdRegister r, final int size)
    {
        return bus.read(REGS + r.offset(), size);
    }

    /** Maps one page of {@code level} (1: 4 KiB, 2: 2 MiB) with permissions R = 1, W = 2. */
    private void map(final long iova, final long pa, final int level, final int perms)
    {
        long table = PML4;
        for (int l = 4; l > level; l--)
        {
            final long at = table + 8 * (iova >>> 12 + 9 * (l - 1) & 511);
            long next = mem.read64(at) & ~0xfffL;
            if (next == 0)
            {
                next = nextTable;
                nextTable += 0x1000;
                mem.write64(at, next | 3);
            }
            table = next;
        }
        mem.write64(table + 8 * (iova >>> 12 + 9 * (level - 1) & 511), pa | perms | (level > 1 ? 1 << 7 : 0));
    }

    /** @return fault record {@code i}'s high 64 bits */
    private long fault(final int i)
    {
        return bus.read(REGS + Vtd.FRCD + 16 * i + 8, 8);
    }

    private void clearFault(final int i)
    {
        bus.write(REGS + Vtd.FRCD + 16 * i + 12, 4, 1L << 31); // F is write-1-to-clear
    }

    @Test
    void capabilitiesAndTheGlobalStatusHandshake()
    {
        assertThat(read(VtdRegister.VER, 4)).isEqualTo(0x10);
        assertThat(read(VtdRegister.CAP, 8)).isEqualTo(Vtd.CAP);
        assertThat(Vtd.CAP >>> 8 & 0x1f).isEqualTo(0b0110); // 39- and 48-bit
        assertThat((Vtd.CAP >>> 24 & 0x3ff) * 16).isEqualTo(Vtd.FRCD);
        assertThat(read(VtdRegister.ECAP, 8)).isEqualTo(Vtd.ECAP);
        assertThat(read(VtdRegister.GSTS, 4))
            .isEqualTo((VtdRegister.GSTS_TES | VtdRegister.GSTS_RTPS) & 0xffff_ffffL);
        assertThat(read(VtdRegister.GCMD, 4)).isZero(); // GCMD reads as zero
    }

    @Test
    void translationWalksFourLevelsAndLargePages()
    {
        mem.write64(0x80_0123L, 0x1122_3344L);
        assertThat(bus.dmaRead(DEV, 0x40_0123L, 8)).isEqualTo(0x1122_3344L);
        assertThat(vtd.translate(DEV, 0x4012_3456L, 4, true)).isEqualTo(0x6012_3456L);
        // Another segment's request is not this unit's.
        assertThat(vtd.translate(RequesterId.pci(1, 1, 0, 0), 0x40_0000L, 4, false)).isEqualTo(0x40_0000L);
        assertThat(vtd.faults()).isZero();
    }

    /** A write to the read-only page: fault record 0, reason 5, and the fault event. */
    private void writeToTheReadOnlyPage()
    {
        assertThat(bus.dmaWrite(DEV, 0x7f_0010L, 4, 1)).isFalse();
    }

    /** Traced (T14): the source, the record's page address and the reason with the write bit. */
    @Test
    void aFaultIsTracedWithItsSourceAddressAndReason()
    {
        engine.trace().setEnabled(true);
        writeToTheReadOnlyPage();
        assertThat(engine.trace().records()).filteredOn(x -> x.kind() == X86Trace.IOMMU_FAULT).singleElement()
            .extracting(TraceRecord::a, TraceRecord::b, TraceRecord::c)
            .containsExactly(DEV, 0x7f_0000L, (long) Vtd.FR_WRITE | 0x100);
    }

    /** The typed record names the unit's segment above the source ID (U20), unique across several units. */
    @Test
    void aTypedFaultRecordNamesTheSegmentAboveTheSourceId()
    {
        final Bus other = new Bus(new PhysicalMemory(), engine.trace());
        final Vtd second = new Vtd(3, RequesterId.pci(3, 0, 0x1f, 7), other);
        other.mapRam("ram", 0, 0x1000_0000L);
        other.mapMmio("dmar", REGS, 0x1000, second, AccessRule.DWORD_QWORD);
        other.setTranslation(second);
        other.write(REGS + VtdRegister.RTADDR.offset(), 8, ROOT);                // a zeroed root table
        other.write(REGS + VtdRegister.GCMD.offset(), 4, VtdRegister.GCMD_SRTP);
        other.write(REGS + VtdRegister.GCMD.offset(), 4, VtdRegister.GCMD_TE);  // nothing present
        assertThat(other.dmaWrite(RequesterId.pci(3, 1, 0, 0), 0x1000, 4, 1)).isFalse();
        assertThat(other.iommuFaults().all()).singleElement()
            .extracting(f -> f.source()).isEqualTo(3L << 16 | 0x0100);
    }

    @Test
    void aFaultIsRecordedAndSignalled()
    {
        writeToTheReadOnlyPage();
        assertThat(fault(0)).isEqualTo(1L << 63 | (long) Vtd.FR_WRITE << 32 | 0x0100);
        assertThat(bus.read(REGS + Vtd.FRCD, 8)).isEqualTo(0x7f_0000L);
        assertThat(read(VtdRegister.FSTS, 4) & Vtd.PPF).isNotZero();
        assertThat(events.count()).isEqualTo(1);
        assertThat(events.value(0)).isEqualTo(0x99L);
    }

    @Test
    void aSecondFaultOfASourceWithOnePendingIsCompressed()
    {
        writeToTheReadOnlyPage();
        assertThat(bus.dmaRead(DEV, 0x50_0000L, 4)).isEqualTo(0xffff_ffffL); // unmapped: compressed, not recorded
        assertThat(fault(1)).isZero();
    }

    /** Faults of three sources: records 0 (write), 1 (root not present), 2 (context not present). */
    private void faultsOfThreeSources()
    {
        writeToTheReadOnlyPage();
        mem.write64(ROOT + 16 * 2, 0);
        vtd.translate(RequesterId.pci(0, 2, 0, 0), 0x1000, 4, false);
        vtd.translate(RequesterId.pci(0, 1, 1, 0), 0x1000, 4, false);
        vtd.translate(RequesterId.pci(0, 1, 0, 0) + 0, 1L << 48, 4, false); // DEV has one pending: compressed
    }

    @Test
    void otherSourcesRecordTheirReasonsWithOneEventPerTransitionOfPpf()
    {
        faultsOfThreeSources();
        assertThat(fault(1) >>> 32 & 0xff).isEqualTo(Vtd.FR_ROOT_NOT_PRESENT);
        assertThat(fault(2) >>> 32 & 0xff).isEqualTo(Vtd.FR_CONTEXT_NOT_PRESENT);
        assertThat(events.count()).isEqualTo(1);
    }

    @Test
    void clearingFFreesTheRecordsAndTheNextFaultSignalsAgain()
    {
        faultsOfThreeSources();
        for (int i = 0; i < 3; i++)
        {
            clearFault(i);
        }
        assertThat(read(VtdRegister.FSTS, 4) & Vtd.PPF).isZero();
        vtd.translate(DEV, 1L << 48, 4, false);
        assertThat(fault(3) >>> 32 & 0xff).isEqualTo(Vtd.FR_ADDRESS_WIDTH);
        assertThat(events.count()).isEqualTo(2);
    }

    @Test
    void aFullRecordTableOverflows()
    {
        for (int dev = 0; dev < Vtd.FAULT_RECORDS + 1; dev++)
        {
            vtd.translate(RequesterId.pci(0, 1, dev, 0), 0x50_0000L, 4, false);
        }
        assertThat(read(VtdRegister.FSTS, 4) & Vtd.PFO).isNotZero();
        write(VtdRegister.FSTS, 4, Vtd.PFO);
        assertThat(read(VtdRegister.FSTS, 4) & Vtd.PFO).isZero();
    }

    @Test
    void aCachedTranslationLastsUntilItsPageIsInvalidated()
    {
        assertThat(vtd.translate(DEV, 0x40_0000L, 4, false)).isEqualTo(0x80_0000L);
        map(0x40_0000L, 0x90_0000L, 1, 3);
        assertThat(vtd.translate(DEV, 0x40_0000L, 4, false)).isEqualTo(0x80_0000L); // the IOTLB still has it
        write(VtdRegister.IVA, 8, 0x40_0000L); // page-selective, AM 0
        write(VtdRegister.IOTLB, 8, VtdRegister.IOTLB_IVT.mask()
            | VtdRegister.IOTLB_IIRG.encode(IotlbInvalidation.PAGE) | VtdRegister.IOTLB_DID.encode(5));
        assertThat(read(VtdRegister.IOTLB, 8) >>> 63).isZero(); // IVT clears when done
        assertThat(vtd.translate(DEV, 0x40_0000L, 4, false)).isEqualTo(0x90_0000L);
    }

    @Test
    void aCachedContextEntryLastsUntilItsDeviceIsInvalidated()
    {
        assertThat(vtd.translate(DEV, 0x40_0000L, 4, false)).isEqualTo(0x80_0000L);
        // Removing the context entry changes nothing until a context invalidation.
        mem.write64(CONTEXT, 0);
        write(VtdRegister.IOTLB, 8, GLOBAL_IOTLB);
        assertThat(vtd.translate(DEV, 0x40_0000L, 4, false)).isEqualTo(0x80_0000L);
        write(VtdRegister.CCMD, 8, VtdRegister.CCMD_ICC.mask()
            | VtdRegister.CCMD_CIRG.encode(ContextCacheInvalidation.DEVICE) | VtdRegister.CCMD_SID.encode(0x0100));
        write(VtdRegister.IOTLB, 8, GLOBAL_IOTLB);
        assertThat(vtd.translate(DEV, 0x40_0000L, 4, false)).isEqualTo(DmaTranslation.FAULT);
    }

    private void enableTheQueue()
    {
        write(VtdRegister.IQA, 8, QUEUE); // 256 descriptors
        write(VtdRegister.GCMD, 4, VtdRegister.GCMD_TE | VtdRegister.GCMD_QIE);
    }

    @Test
    void theInvalidationQueueRunsAndWrapsAround()
    {
        vtd.translate(DEV, 0x40_0000L, 4, false);
        map(0x40_0000L, 0x90_0000L, 1, 3);
        enableTheQueue();
        // 255 no-op waits take the head to the last slot.
        for (int i = 0; i < 255; i++)
        {
            mem.write64(QUEUE + 16L * i, NO_OP.low());
        }
        write(VtdRegister.IQT, 8, 255 << 4);
        assertThat(read(VtdRegister.IQH, 8)).isEqualTo(255 << 4);
        // An IOTLB-global in the last slot and a wait with status write in the first: the head wraps.
        mem.write64(QUEUE + 16 * 255, new IotlbInvalidation(IotlbInvalidation.GLOBAL, 0, 0, 0).low());
        final InvalidationWait status = new InvalidationWait(false, true, 0x600d, 0x30000);
        mem.write64(QUEUE, status.low());
        mem.write64(QUEUE + 8, status.high());
        write(VtdRegister.IQT, 8, 1 << 4);
        assertThat(read(VtdRegister.IQH, 8)).isEqualTo(1 << 4);
        assertThat(mem.read32(0x30000)).isEqualTo(0x600d);
        assertThat(vtd.translate(DEV, 0x40_0000L, 4, false)).isEqualTo(0x90_0000L);
    }

    @Test
    void aReservedDescriptorTypeStopsTheQueueWithIqeTheHeadOnIt()
    {
        enableTheQueue();
        mem.write64(QUEUE, NO_OP.low());
        mem.write64(QUEUE + 16, 0); // type 0: reserved
        write(VtdRegister.IQT, 8, 2 << 4);
        assertThat(read(VtdRegister.FSTS, 4) & Vtd.IQE).isNotZero();
        assertThat(read(VtdRegister.IQH, 8)).isEqualTo(1 << 4);
    }

    /** Puts a wait descriptor whose status write stores {@code data} at {@code address} in slot {@code i}. */
    private void waitWriting(final int i, final long address, final int data)
    {
        final InvalidationWait w = new InvalidationWait(false, true, data, address);
        mem.write64(QUEUE + 16L * i, w.low());
        mem.write64(QUEUE + 16L * i + 8, w.high());
    }

    @Test
    void aStatusWriteToIqtMovesTheTailOfTheRunningQueue()
    {
        enableTheQueue();
        waitWriting(0, REGS + VtdRegister.IQT.offset(), 2 << 4); // extends the queue by one descriptor
        waitWriting(1, 0x30000, 0x600d);
        write(VtdRegister.IQT, 8, 1 << 4);
        assertThat(read(VtdRegister.IQT, 8)).isEqualTo(2 << 4);
        assertThat(read(VtdRegister.IQH, 8)).isEqualTo(2 << 4);
        assertThat(mem.read32(0x30000)).isEqualTo(0x600d);
        assertThat(read(VtdRegister.FSTS, 4) & Vtd.IQE).isZero();
    }

    @Test
    void aQueueThatKeepsFeedingItselfRunsOneLapPerTrigger()
    {
        enableTheQueue();
        // Every wait moves the tail back onto itself, so the head never catches up with it.
        for (int i = 0; i < 256; i++)
        {
            waitWriting(i, REGS + VtdRegister.IQT.offset(), i << 4);
        }
        write(VtdRegister.IQT, 8, 1 << 4);
        assertThat(read(VtdRegister.IQH, 8)).isZero();           // one lap of 256 descriptors, then stop
        assertThat(read(VtdRegister.IQT, 8)).isEqualTo(255 << 4);
        write(VtdRegister.IQT, 8, 1 << 4);                        // the next trigger runs the next lap
        assertThat(read(VtdRegister.IQH, 8)).isZero();
        assertThat(read(VtdRegister.IQT, 8)).isEqualTo(255 << 4);
        assertThat(read(VtdRegister.FSTS, 4) & Vtd.IQE).isZero();
    }

    @Test
    void aStatusWriteThatDisablesQueuedInvalidationStopsTheQueueWithItsHeadReset()
    {
        enableTheQueue();
        mem.write64(QUEUE, NO_OP.low());
        waitWriting(1, REGS + VtdRegister.GCMD.offset(), VtdRegister.GCMD_TE); // QIE clear
        waitWriting(2, 0x30000, 0x600d);
        write(VtdRegister.IQT, 8, 3 << 4);
        assertThat(read(VtdRegister.GSTS, 4) & VtdRegister.GSTS_QIES).isZero();
        assertThat(read(VtdRegister.IQH, 8)).isZero();
        assertThat(mem.read32(0x30000)).isZero();                 // the descriptor after it never ran
        write(VtdRegister.GCMD, 4, VtdRegister.GCMD_TE | VtdRegister.GCMD_QIE);
        write(VtdRegister.IQT, 8, 1 << 4);                        // the queue works again from its start
        assertThat(read(VtdRegister.IQH, 8)).isEqualTo(1 << 4);
    }

    @Test
    void aHeadBeyondAQueueThatIqaShrankStopsTheQueueWithIqe()
    {
        write(VtdRegister.IQA, 8, QUEUE | 1);                     // 512 descriptors
        write(VtdRegister.GCMD, 4, VtdRegister.GCMD_TE | VtdRegister.GCMD_QIE);
        for (int i = 0; i < 300; i++)
        {
            mem.write64(QUEUE + 16L * i, NO_OP.low());
        }
        write(VtdRegister.IQT, 8, 300 << 4);
        write(VtdRegister.IQA, 8, QUEUE);                         // 256 descriptors, below the head
        assertThat(read(VtdRegister.IQA, 8)).isEqualTo(QUEUE);
        write(VtdRegister.IQT, 8, 1 << 4);
        assertThat(read(VtdRegister.FSTS, 4) & Vtd.IQE).isNotZero();
        assertThat(read(VtdRegister.IQH, 8)).isEqualTo(300 << 4);
    }
}
