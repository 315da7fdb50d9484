// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.mem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhysicalMemoryTest
{
    private final PhysicalMemory mem = new PhysicalMemory();

    @Test
    void untouchedMemoryReadsZeroAndAllocatesNothing()
    {
        assertThat(mem.read64(0)).isZero();
        assertThat(mem.read32(PhysicalMemory.LIMIT - 4)).isZero();
        assertThat(mem.read8(0x1234_5678_9abcL)).isZero();
        assertThat(mem.allocatedPages()).isZero();
    }

    @Test
    void isLittleEndianAtEverySize()
    {
        mem.write64(0x1000, 0x0807_0605_0403_0201L);
        assertThat(mem.read8(0x1000)).isEqualTo(0x01);
        assertThat(mem.read16(0x1000)).isEqualTo(0x0201);
        assertThat(mem.read32(0x1000)).isEqualTo(0x0403_0201);
        assertThat(mem.read16(0x1006)).isEqualTo(0x0807);
        assertThat(mem.read(0x1004, 4)).isEqualTo(0x0807_0605L);
        mem.write16(0x1001, 0xbbaa);
        assertThat(mem.read64(0x1000)).isEqualTo(0x0807_0605_04bb_aa01L);
        mem.write8(0x1007, 0x1ff);
        assertThat(mem.read8(0x1007)).isEqualTo(0xff);
    }

    @Test
    void readsZeroExtendAndSizedWritesKeepTheirNeighbours()
    {
        mem.write(0x2000, 8, -1L);
        mem.write(0x2002, 2, 0);
        assertThat(mem.read(0x2000, 8)).isEqualTo(0xffff_ffff_0000_ffffL);
        assertThat(mem.read(0x2000, 4)).isEqualTo(0x0000_ffffL);
        assertThat(mem.read(0x2004, 4)).isEqualTo(0xffff_ffffL);
        assertThat(mem.read(0x2004, 2)).isEqualTo(0xffffL);
        assertThat(mem.read(0x2004, 1)).isEqualTo(0xffL);
        mem.write(0x2004, 1, 0x12);
        assertThat(mem.read32(0x2004)).isEqualTo(0xffff_ff12);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8})
    void accessesAcrossAPageBoundaryWork(final int size)
    {
        for (int offset = 1; offset < size; offset++)
        {
            final long address = 0x5000L - offset;
            final long value = 0x1122_3344_5566_7788L >>> (64 - 8 * size);
            mem.write(address, size, value);
            assertThat(mem.read(address, size)).as("offset %d", offset).isEqualTo(value);
            for (int i = 0; i < size; i++)
            {
                assertThat(mem.read8(address + i)).isEqualTo((int) (value >>> (8 * i)) & 0xff);
            }
        }
        assertThat(mem.allocatedPages()).isEqualTo(2);
    }

    @Test
    void coversTheWhole52BitSpaceSparsely()
    {
        final long[] addresses = {0, 0xfff, 0x1_0000_0000L, 0x8_0000_0000_0000L, PhysicalMemory.LIMIT - 8};
        for (final long a : addresses)
        {
            mem.write64(a & ~7L, a ^ 0x5a5a);
        }
        for (final long a : addresses)
        {
            assertThat(mem.read64(a & ~7L)).isEqualTo(a ^ 0x5a5a);
        }
        assertThat(mem.allocatedPages()).isEqualTo(4); // 0 and 0xfff share a page
    }

    @Test
    void addressesBeyond52BitsAreRejectedByName()
    {
        assertThatThrownBy(() -> mem.read8(PhysicalMemory.LIMIT)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("address");
        assertThatThrownBy(() -> mem.write8(-1, 0)).hasMessageContaining("address");
        assertThatThrownBy(() -> mem.read64(PhysicalMemory.LIMIT - 4)).hasMessageContaining("address");
        assertThatThrownBy(() -> mem.read(0, 3)).hasMessageContaining("size");
        assertThatThrownBy(() -> mem.write(0, 16, 0)).hasMessageContaining("size");
    }

    @Test
    void bulkCopiesCrossPages()
    {
        final byte[] src = new byte[10_000];
        for (int i = 0; i < src.length; i++)
        {
            src[i] = (byte) (i * 31);
        }
        mem.writeBytes(0x7ff0, src, 0, src.length);
        final byte[] dst = new byte[src.length + 2];
        mem.readBytes(0x7ff0, dst, 1, src.length);
        for (int i = 0; i < src.length; i++)
        {
            assertThat(dst[i + 1]).isEqualTo(src[i]);
        }
        assertThat(mem.read8(0x7ff0 + 4321)).isEqualTo(src[4321] & 0xff);
        assertThatThrownBy(() -> mem.readBytes(0, dst, 5, dst.length)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void zeroFillOfUntouchedPagesAllocatesNothing()
    {
        mem.fill(0x10_0000, 1 << 20, 0);
        assertThat(mem.allocatedPages()).isZero();
        mem.fill(0x10_0800, 0x1000, 0xab);
        assertThat(mem.allocatedPages()).isEqualTo(2);
        assertThat(mem.read8(0x10_07ff)).isZero();
        assertThat(mem.read8(0x10_0800)).isEqualTo(0xab);
        assertThat(mem.read8(0x10_17ff)).isEqualTo(0xab);
        assertThat(mem.read8(0x10_1800)).isZero();
    }
}
