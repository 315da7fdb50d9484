// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.sim.Engine;

/** A range that is not wholly RAM goes to the bus in the largest naturally aligned accesses, lowest first. */
class AlignedAccessesTest
{
    private final BusTest.Recorder dev = new BusTest.Recorder();
    private final Bus bus = new Bus(new PhysicalMemory(), Engine.builder().build().trace());
    private final AddressMap map = new AddressMap();

    AlignedAccessesTest()
    {
        bus.mapMmio("dev", 0x1_0000, 0x1000, dev, AccessRule.ALIGNED);
        map.insert("dev", 0x1_0000, 0x1000, dev, AccessRule.ALIGNED);
    }

    @Test
    void thePieceIsTheLargestAlignedSizeThatFits()
    {
        assertThat(AlignedAccesses.piece(0x1000, 8)).isEqualTo(8);
        assertThat(AlignedAccesses.piece(0x1000, 7)).isEqualTo(4);
        assertThat(AlignedAccesses.piece(0x1004, 8)).isEqualTo(4);
        assertThat(AlignedAccesses.piece(0x1006, 8)).isEqualTo(2);
        assertThat(AlignedAccesses.piece(0x1007, 8)).isEqualTo(1);
        assertThat(AlignedAccesses.piece(0x1000, 1)).isEqualTo(1);
    }

    @Test
    void aSevenByteValueIsThreeAccesses()
    {
        assertThat(AlignedAccesses.write(bus, 0x100, 0x1_0001, 7, 0x0077_6655_4433_2211L)).isTrue();
        assertThat(dev.log).containsExactly("w1@1=11 by 100", "w2@2=3322 by 100", "w4@4=77665544 by 100");
        dev.log.clear();
        // The recorder reads offset | 0x...7700: byte 0x01 at 1, then 0x7702 at 2.
        assertThat(AlignedAccesses.read(bus, 0x100, 0x1_0001, 3)).isEqualTo(0x77_0201L);
        assertThat(dev.log).containsExactly("r1@1 by 100", "r2@2 by 100");
    }

    @Test
    void aBufferIsMovedPieceByPieceAndARefusedReadPieceIsReported()
    {
        final byte[] buf = {1, 2, 3, 4, 5, 6};
        assertThat(AlignedAccesses.transfer(bus, map, 0x100, 0x1_0006, buf, 0, 6, true)).isTrue();
        assertThat(dev.log).containsExactly("w2@6=201 by 100", "w4@8=6050403 by 100");
        final byte[] back = new byte[4];
        assertThat(AlignedAccesses.transfer(bus, map, 0x100, 0x1_0ffe, back, 0, 4, false)).isFalse();
        // 0x7ffe from the recorder, then 0xff for the piece beyond the region.
        assertThat(back).containsExactly(0xfe, 0x7f, 0xff, 0xff);
    }
}
