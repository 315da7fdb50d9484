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

/** VT-d DMA remapping programmed as a driver programs it: registers, tables in memory, faults, caches. */
class VtdTest
{
    private static final long REGS = 0xfed9_0000L;
    private static final long ROOT = 0x10000;
    private static final long CONTEXT = 0x11000;
    private static final long PML4 = 0x12000;
    private static final long QUEUE = 0x20000;
    private static final long DEV = RequesterId.pci(0, 1, 0, 0);

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
        bus.write(REGS + 0x20, 8, ROOT);
        bus.write(REGS + 0x18, 4, Vtd.SRTP);
        bus.write(REGS + 0x38, 4, 0);                             // fault events unmasked
        bus.write(REGS + 0x3c, 4, 0x99);
        bus.write(REGS + 0x40, 4, 0xfee0_0000L);
        bus.write(REGS + 0x18, 4, Vtd.TE);
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

    private long fault(final int i)
    {
        return bus.read(REGS + Vtd.FRCD + 16 * i + 8, 8);
    }

    @Test
    void capabilitiesAndTheGlobalStatusHandshake()
    {
        assertThat(bus.read(REGS, 4)).isEqualTo(0x10);
        assertThat(bus.read(REGS + 8, 8)).isEqualTo(Vtd.CAP);
        assertThat(Vtd.CAP >>> 8 & 0x1f).isEqualTo(0b0110); // 39- and 48-bit
        assertThat((Vtd.CAP >>> 24 & 0x3ff) * 16).isEqualTo(Vtd.FRCD);
        assertThat(bus.read(REGS + 0x10, 8)).isEqualTo(Vtd.ECAP);
        assertThat(bus.read(REGS + 0x1c, 4)).isEqualTo((Vtd.TE | 1 << 30) & 0xffff_ffffL); // TES, RTPS
        assertThat(bus.read(REGS + 0x18, 4)).isZero(); // GCMD reads as zero
    }

    @Test
    void translationWalksFourLevelsAndLargePages()
    {
        mem.write64(0x80_0123L, 0x1122_3344L);
        assertThat(bus.dmaRead(DEV, 0x40_0123L, 8)).isEqualTo(0x1122_3344L);
        assertThat(vtd.translate(DEV, 0x4012_3456L, 4, true)).isEqualTo(0x6012_3456L);
        assertThat(vtd.translate(RequesterId.pci(1, 1, 0, 0), 0x40_0000L, 4, false)).isEqualTo(0x40_0000L); // other segment
        assertThat(vtd.faults()).isZero();
    }

    @Test
    void faultsAreRecordedCompressedAndSignalled()
    {
        assertThat(bus.dmaWrite(DEV, 0x7f_0010L, 4, 1)).isFalse(); // read-only
        assertThat(fault(0)).isEqualTo(1L << 63 | (long) Vtd.FR_WRITE << 32 | 0x0100);
        assertThat(bus.read(REGS + Vtd.FRCD, 8)).isEqualTo(0x7f_0000L);
        assertThat(bus.read(REGS + 0x34, 4) & Vtd.PPF).isNotZero();
        assertThat(events.count()).isEqualTo(1);
        assertThat(events.value(0)).isEqualTo(0x99L);
        assertThat(bus.dmaRead(DEV, 0x50_0000L, 4)).isEqualTo(0xffff_ffffL); // unmapped: compressed, not recorded
        assertThat(fault(1)).isZero();
        // Other reasons, from other sources.
        mem.write64(ROOT + 16 * 2, 0);
        vtd.translate(RequesterId.pci(0, 2, 0, 0), 0x1000, 4, false);
        vtd.translate(RequesterId.pci(0, 1, 1, 0), 0x1000, 4, false);
        vtd.translate(RequesterId.pci(0, 1, 0, 0) + 0, 1L << 48, 4, false);
        assertThat(fault(1) >>> 32 & 0xff).isEqualTo(Vtd.FR_ROOT_NOT_PRESENT);
        assertThat(fault(2) >>> 32 & 0xff).isEqualTo(Vtd.FR_CONTEXT_NOT_PRESENT);
        assertThat(events.count()).isEqualTo(1); // one event per transition of PPF
        // Clearing F frees the record; once all are clear PPF drops and the next fault signals again.
        for (int i = 0; i < 3; i++)
        {
            bus.write(REGS + Vtd.FRCD + 16 * i + 12, 4, 1L << 31);
        }
        assertThat(bus.read(REGS + 0x34, 4) & Vtd.PPF).isZero();
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
        assertThat(bus.read(REGS + 0x34, 4) & Vtd.PFO).isNotZero();
        bus.write(REGS + 0x34, 4, Vtd.PFO);
        assertThat(bus.read(REGS + 0x34, 4) & Vtd.PFO).isZero();
    }

    @Test
    void cachedTranslationsLastUntilTheirInvalidation()
    {
        assertThat(vtd.translate(DEV, 0x40_0000L, 4, false)).isEqualTo(0x80_0000L);
        map(0x40_0000L, 0x90_0000L, 1, 3);
        assertThat(vtd.translate(DEV, 0x40_0000L, 4, false)).isEqualTo(0x80_0000L); // the IOTLB still has it
        bus.write(REGS + Vtd.IVA, 8, 0x40_0000L);               // page-selective, AM 0
        bus.write(REGS + Vtd.IVA + 8, 8, 1L << 63 | 3L << 60 | 5L << 32);
        assertThat(bus.read(REGS + Vtd.IVA + 8, 8) >>> 63).isZero(); // IVT clears when done
        assertThat(vtd.translate(DEV, 0x40_0000L, 4, false)).isEqualTo(0x90_0000L);
        // The context entry is cached too: removing it changes nothing until a context invalidation.
        mem.write64(CONTEXT, 0);
        bus.write(REGS + Vtd.IVA + 8, 8, 1L << 63 | 1L << 60); // global IOTLB
        assertThat(vtd.translate(DEV, 0x40_0000L, 4, false)).isEqualTo(0x90_0000L);
        bus.write(REGS + 0x28, 8, 1L << 63 | 3L << 61 | 0x0100L << 16); // device
        bus.write(REGS + Vtd.IVA + 8, 8, 1L << 63 | 1L << 60);
        assertThat(vtd.translate(DEV, 0x40_0000L, 4, false)).isEqualTo(DmaTranslation.FAULT);
    }

    @Test
    void theInvalidationQueueRunsAndWrapsAround()
    {
        vtd.translate(DEV, 0x40_0000L, 4, false);
        map(0x40_0000L, 0x90_0000L, 1, 3);
        bus.write(REGS + 0x90, 8, QUEUE);                         // 256 descriptors
        bus.write(REGS + 0x18, 4, Vtd.TE | Vtd.QIE);
        // 255 no-op waits take the head to the last slot.
        for (int i = 0; i < 255; i++)
        {
            mem.write64(QUEUE + 16L * i, 5);
        }
        bus.write(REGS + 0x88, 8, 255 << 4);
        assertThat(bus.read(REGS + 0x80, 8)).isEqualTo(255 << 4);
        // An IOTLB-global in the last slot and a wait with status write in the first: the head wraps.
        mem.write64(QUEUE + 16 * 255, 2 | 1 << 4);
        mem.write64(QUEUE, 5 | 1 << 5 | 0x600dL << 32);
        mem.write64(QUEUE + 8, 0x30000);
        bus.write(REGS + 0x88, 8, 1 << 4);
        assertThat(bus.read(REGS + 0x80, 8)).isEqualTo(1 << 4);
        assertThat(mem.read32(0x30000)).isEqualTo(0x600d);
        // A reserved descriptor type stops the queue with IQE, the head on it.
        mem.write64(QUEUE + 16, 0);
        bus.write(REGS + 0x88, 8, 2 << 4);
        assertThat(bus.read(REGS + 0x34, 4) & Vtd.IQE).isNotZero();
        assertThat(bus.read(REGS + 0x80, 8)).isEqualTo(1 << 4);
        assertThat(vtd.translate(DEV, 0x40_0000L, 4, false)).isEqualTo(0x90_0000L);
    }
}
