// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.sim.Engine;
import org.novaemu.trace.CoreTrace;
import org.novaemu.trace.TraceRecord;

class BusTest
{
    /** Records every access; reads return offset + size so tests can tell them apart. */
    static final class Recorder implements MmioDevice
    {
        final List<String> log = new ArrayList<>();

        @Override
        public long read(final long offset, final int size, final long requester)
        {
            log.add(String.format("r%d@%x by %x", size, offset, requester));
            return 0x1122_3344_5566_7700L | offset;
        }

        @Override
        public void write(final long offset, final int size, final long value, final long requester)
        {
            log.add(String.format("w%d@%x=%x by %x", size, offset, value, requester));
        }
    }

    private final Engine engine = Engine.builder().tracing(true).build();
    private final PhysicalMemory mem = new PhysicalMemory();
    private final Bus bus = new Bus(mem, engine.trace());
    private final Recorder dev = new Recorder();

    BusTest()
    {
        bus.mapRam("ram", 0, 0x10_0000);
        bus.mapMmio("regs", 0xfec0_0000L, 0x1000, dev, AccessRule.DWORD);
        bus.mapMmio("cfg", 0xe000_0000L, 0x1000, dev, AccessRule.ALIGNED);
    }

    @Test
    void ramAccessesReachMemory()
    {
        bus.write(0x100, 8, 0xdead_beef_cafe_f00dL);
        assertThat(mem.read64(0x100)).isEqualTo(0xdead_beef_cafe_f00dL);
        assertThat(bus.read(0x104, 4)).isEqualTo(0xdead_beefL);
        assertThat(bus.read(0x100, 1)).isEqualTo(0x0dL);
        bus.write(0x100, 2, 0xffff_1234L);
        assertThat(bus.read(0x100, 4)).isEqualTo(0xcafe_1234L);
    }

    @Test
    void isRamTellsRamFromDevicesAndHoles()
    {
        assertThat(bus.isRam(0x100, 8)).isTrue();
        assertThat(bus.isRam(0x10_0000 - 4, 8)).isFalse(); // runs past the end of RAM
        assertThat(bus.isRam(0xfec0_0010L, 4)).isFalse();
        assertThat(bus.isRam(0x8000_0000L, 4)).isFalse();
    }

    @Test
    void mmioAccessesReachTheDeviceWithOffsetSizeAndRequester()
    {
        assertThat(bus.read(0xfec0_0010L, 4)).isEqualTo(0x5566_7710L);
        bus.write(0xfec0_0020L, 4, 0x1_0000_00abL);
        assertThat(dev.log).containsExactly("r4@10 by ffffffffffffffff", "w4@20=ab by ffffffffffffffff");
        assertThat(bus.badAccesses()).isZero();
    }

    @Test
    void accessRuleDecidesWhichSizesADeviceSees()
    {
        for (final int size : new int[] {1, 2, 8})
        {
            assertThat(bus.read(0xfec0_0010L, size)).isEqualTo(size == 8 ? -1L : (1L << (8 * size)) - 1);
            bus.write(0xfec0_0010L, size, 0);
        }
        assertThat(bus.read(0xfec0_0012L, 4)).isEqualTo(0xffff_ffffL); // misaligned
        assertThat(dev.log).isEmpty();
        assertThat(bus.badAccesses()).isEqualTo(7);
        // The ALIGNED region takes every size, aligned.
        for (final int size : new int[] {1, 2, 4, 8})
        {
            bus.read(0xe000_0008L, size);
        }
        bus.read(0xe000_0003L, 2);
        assertThat(dev.log).containsExactly("r1@8 by ffffffffffffffff", "r2@8 by ffffffffffffffff",
            "r4@8 by ffffffffffffffff", "r8@8 by ffffffffffffffff");
    }

    @Test
    void unmappedAccessesReadAllOnesIgnoreWritesAndAreTraced()
    {
        assertThat(bus.read(0x4000_0000L, 4)).isEqualTo(0xffff_ffffL);
        assertThat(bus.read(0x4000_0000L, 8)).isEqualTo(-1L);
        assertThat(bus.read(-8, 8)).isEqualTo(-1L);
        assertThat(bus.read(PhysicalMemory.LIMIT, 1)).isEqualTo(0xffL);
        assertThat(bus.write(0x4000_0000L, 4, 7, RequesterId.CPU)).isFalse();
        assertThat(bus.badAccesses()).isEqualTo(5);
        final List<TraceRecord> bad = engine.trace().records();
        assertThat(bad).extracting(TraceRecord::kind).containsOnly(CoreTrace.BAD_ACCESS);
        assertThat(bad.get(4).a()).isEqualTo(0x4000_0000L);
        assertThat(bad.get(4).c()).isEqualTo(7);
        assertThat(mem.allocatedPages()).isZero();
    }

    @Test
    void anAccessStraddlingARegionEndIsRefused()
    {
        assertThat(bus.read(0xf_fffc, 8)).isEqualTo(-1L);
        bus.write(0xf_fffc, 8, 0);
        assertThat(bus.badAccesses()).isEqualTo(2);
        assertThat(bus.read(0xf_fff8, 8)).isZero();
    }

    @Test
    void overlappingRegionsAreRejectedWithBothNames()
    {
        assertThatThrownBy(() -> bus.mapMmio("dup", 0xfec0_0800L, 0x1000, dev, AccessRule.ANY))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("dup").hasMessageContaining("regs");
        assertThatThrownBy(() -> bus.mapRam("low", 0xf_f000, 0x2000)).hasMessageContaining("ram");
        assertThatThrownBy(() -> bus.mapRam("odd", 0x20_0001, 0x1000)).hasMessageContaining("base");
        assertThatThrownBy(() -> bus.mapRam("odd", 0x20_0000, 0x10)).hasMessageContaining("size");
        assertThatThrownBy(() -> bus.mapMmio("big", PhysicalMemory.LIMIT - 4, 8, dev, AccessRule.ANY))
            .hasMessageContaining("size");
        assertThatThrownBy(() -> bus.mapMmio("n", 0x1_0000_0000L, 8, null, AccessRule.ANY))
            .hasMessageContaining("device");
        assertThatThrownBy(() -> bus.read(0, 3)).hasMessageContaining("size");
    }

    @Test
    void regionsAreListedInAddressOrderAndCanBeUnmapped()
    {
        assertThat(bus.regions()).extracting(Region::name).containsExactly("ram", "cfg", "regs");
        assertThat(bus.regions().get(0).isRam()).isTrue();
        assertThat(bus.unmap(0xe000_0000L)).isTrue();
        assertThat(bus.unmap(0xe000_0000L)).isFalse();
        assertThat(bus.read(0xe000_0000L, 4)).isEqualTo(0xffff_ffffL);
        bus.mapMmio("cfg2", 0xe000_0000L, 0x100, dev, AccessRule.ANY);
        assertThat(bus.read(0xe000_00ffL, 1)).isEqualTo(0xffL);
        assertThat(bus.read(0xe000_0100L, 1)).isEqualTo(0xffL);
        assertThat(dev.log).containsExactly("r1@ff by ffffffffffffffff");
    }

    @Test
    void lookupIsCorrectAcrossManyRegions()
    {
        for (int i = 0; i < 500; i++)
        {
            bus.mapMmio("d" + i, 0x1_0000_0000L + i * 0x2000L, 0x1000, dev, AccessRule.ANY);
        }
        for (int i = 499; i >= 0; i -= 7)
        {
            bus.read(0x1_0000_0000L + i * 0x2000L + i, 1);
            assertThat(bus.read(0x1_0000_1000L + i * 0x2000L, 1)).isEqualTo(0xffL); // the gap
        }
        assertThat(dev.log).hasSize(72).allMatch(s -> s.startsWith("r1@"));
        assertThat(dev.log.get(0)).startsWith("r1@1f3 ");
    }

    @Test
    void dmaPassesTheTranslationStageWithItsRequester()
    {
        final List<String> seen = new ArrayList<>();
        final long rid = RequesterId.pci(0, 3, 0, 1);
        bus.setTranslation((requester, address, size, write) -> {
            seen.add(String.format("%s %x %d %b", RequesterId.pciToString(requester), address, size, write));
            return address >= 0x8000_0000L ? DmaTranslation.FAULT : address + 0x1000;
        });
        assertThat(bus.dmaWrite(rid, 0x10, 4, 0x1234_5678L)).isTrue();
        assertThat(mem.read32(0x1010)).isEqualTo(0x1234_5678);
        assertThat(bus.dmaRead(rid, 0x10, 2)).isEqualTo(0x5678L);
        assertThat(bus.dmaWrite(rid, 0x8000_0000L, 4, 1)).isFalse();
        assertThat(bus.dmaRead(rid, 0x8000_0000L, 8)).isEqualTo(-1L);
        assertThat(bus.dmaFaults()).isEqualTo(2);
        assertThat(seen).containsExactly("0000:03:00.1 10 4 true", "0000:03:00.1 10 2 false",
            "0000:03:00.1 80000000 4 true", "0000:03:00.1 80000000 8 false");
        assertThat(engine.trace().count(CoreTrace.DMA_FAULT)).isEqualTo(2);
    }

    @Test
    void dmaToMmioCarriesTheRequesterToTheDevice()
    {
        final long rid = RequesterId.arm(0x42, 0x4242);
        bus.dmaWrite(rid, 0xe000_0040L, 4, 9);
        assertThat(dev.log).containsExactly("w4@40=9 by 424200000042");
    }

    @Test
    void messageSignalledInterruptsTravelTheDmaPath()
    {
        final long rid = RequesterId.pci(0, 0, 2, 0);
        final List<Long> translated = new ArrayList<>();
        bus.setTranslation((requester, address, size, write) -> {
            translated.add(address);
            return address == 0x10_0040L ? 0xfec0_0040L : DmaTranslation.FAULT; // an SMMU mapping a doorbell
        });
        assertThat(bus.signalMessage(rid, 0x10_0040L, 0x8000_0021)).isTrue();
        assertThat(bus.signalMessage(rid, 0x20_0000L, 5)).isFalse();
        assertThat(translated).containsExactly(0x10_0040L, 0x20_0000L);
        assertThat(dev.log).containsExactly("w4@40=80000021 by 10");
        assertThat(engine.trace().count(CoreTrace.MSI)).isEqualTo(2);
    }

    @Test
    void aSingleDmaAccessCrossingAPageIsTranslatedPerPage()
    {
        final long rid = RequesterId.pci(0, 1, 0, 0);
        // IOVA page 1 maps to physical page 5, page 3 to page 9; page 2 is unmapped.
        bus.setTranslation((requester, address, size, write) -> {
            assertThat((address & 0xfff) + size).isLessThanOrEqualTo(0x1000);
            final long page = address >>> 12;
            final long to = page == 1 ? 5 : page == 3 ? 9 : page == 4 ? 10 : -1;
            return to < 0 ? DmaTranslation.FAULT : (to << 12) | (address & 0xfff);
        });
        mem.write32(0x5ffc, 0x4433_2211);
        // The half on the unmapped page reads as ones and faults; it does not leak page 6.
        mem.write32(0x6000, 0x7777_7777);
        assertThat(bus.dmaRead(rid, 0x1ffc, 8)).isEqualTo(0xffff_ffff_4433_2211L);
        assertThat(bus.dmaFaults()).isEqualTo(1);
        // Pages 3 and 4 map to physical pages 9 and 10: split, little-endian, 3 + 5 bytes.
        assertThat(bus.dmaWrite(rid, 0x3ffd, 8, 0x8877_6655_4433_2211L)).isTrue();
        assertThat(mem.read8(0x9ffd)).isEqualTo(0x11);
        assertThat(mem.read8(0x9fff)).isEqualTo(0x33);
        assertThat(mem.read8(0xa000)).isEqualTo(0x44);
        assertThat(mem.read32(0xa001)).isEqualTo(0x8877_6655);
        assertThat(bus.dmaRead(rid, 0x3ffd, 8)).isEqualTo(0x8877_6655_4433_2211L);
        assertThat(bus.dmaWrite(rid, 0x1ffe, 4, 0)).isFalse();
        assertThat(mem.read16(0x5ffe)).isZero(); // the mapped half was written
    }

    @Test
    void bulkDmaToMmioUsesTheLargestAlignedAccessesTheDeviceAccepts()
    {
        final long rid = RequesterId.pci(0, 1, 0, 0);
        final Recorder regs = new Recorder();
        bus.mapMmio("doorbells", 0x2_0000_0000L, 0x1000, regs, AccessRule.DWORD_QWORD);
        final byte[] src = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        assertThat(bus.dmaWrite(rid, 0x2_0000_0010L, src, 0, src.length)).isTrue();
        assertThat(regs.log).containsExactly("w8@10=807060504030201 by 100", "w4@18=c0b0a09 by 100");
        regs.log.clear();
        final byte[] dst = new byte[12];
        assertThat(bus.dmaRead(rid, 0x2_0000_0004L, dst, 0, dst.length)).isTrue();
        assertThat(regs.log).containsExactly("r4@4 by 100", "r8@8 by 100");
        assertThat(dst[0]).isEqualTo((byte) 0x04);
        assertThat(dst[4]).isEqualTo((byte) 0x08);
        // Misaligned to a 4-byte register bank: the leading byte is refused, the rest arrives.
        regs.log.clear();
        assertThat(bus.dmaWrite(rid, 0x2_0000_0023L, src, 0, 5)).isFalse();
        assertThat(regs.log).containsExactly("w4@24=5040302 by 100");
    }

    @Test
    void bulkDmaIntoAHoleIsOneRefusal()
    {
        final long rid = RequesterId.pci(0, 1, 0, 0);
        final byte[] buf = new byte[3 * 4096];
        final long before = engine.trace().written();
        assertThat(bus.dmaWrite(rid, 0x3_0000_0000L, buf, 0, buf.length)).isFalse();
        assertThat(bus.dmaRead(rid, 0x3_0000_0000L, buf, 0, buf.length)).isFalse();
        assertThat(buf[5000]).isEqualTo((byte) -1);
        assertThat(bus.badAccesses()).isEqualTo(6); // one per page, for each direction
        assertThat(engine.trace().written() - before).isEqualTo(8); // 2 DMA records + 6 refusals
    }

    @Test
    void dmaToTheTopOfTheAddressSpaceIsRefusedNotFaulted()
    {
        assertThat(bus.dmaRead(RequesterId.pci(0, 1, 0, 0), -1L, 1)).isEqualTo(0xffL);
        assertThat(bus.dmaWrite(RequesterId.pci(0, 1, 0, 0), -8L, 8, 1)).isFalse();
        assertThat(bus.dmaFaults()).isZero();
        assertThat(bus.badAccesses()).isEqualTo(2);
    }

    @Test
    void bulkDmaIsTranslatedPageByPage()
    {
        final long rid = RequesterId.pci(0, 1, 0, 0);
        // IOVA page n maps to physical page (9 - n): a scattered buffer.
        bus.setTranslation((requester, address, size, write) -> {
            assertThat((address & 0xfff) + size).isLessThanOrEqualTo(0x1000);
            final long page = address >>> 12;
            return page > 9 ? DmaTranslation.FAULT : ((9 - page) << 12) | (address & 0xfff);
        });
        final byte[] src = new byte[3 * 4096];
        for (int i = 0; i < src.length; i++)
        {
            src[i] = (byte) i;
        }
        assertThat(bus.dmaWrite(rid, 0x800, src, 0, src.length)).isTrue();
        assertThat(mem.read8(0x9800)).isEqualTo(0);
        assertThat(mem.read8(0x8000)).isEqualTo(0x800 & 0xff);
        assertThat(mem.read16(0x8000 + 0x7fe)).isEqualTo(((0xfff & 0xff) << 8) | 0xfe);
        final byte[] back = new byte[src.length];
        assertThat(bus.dmaRead(rid, 0x800, back, 0, back.length)).isTrue();
        assertThat(back).isEqualTo(src);
        // The last page faults: its bytes read as 0xff and the call reports failure.
        final byte[] partial = new byte[0x2000];
        assertThat(bus.dmaRead(rid, 0x9000, partial, 0, partial.length)).isFalse();
        assertThat(partial[0x0fff]).isEqualTo((byte) 0);
        assertThat(partial[0x1000]).isEqualTo((byte) -1);
    }
}
