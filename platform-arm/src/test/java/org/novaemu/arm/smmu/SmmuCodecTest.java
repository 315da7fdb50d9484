// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.kernel.Perm;

/** The in-memory formats against the bits IHI 0070 and the Arm ARM give them. */
class SmmuCodecTest
{
    @Test
    void eventNumbersAreTheArchitectures()
    {
        // IHI 0070 7.3, Table 7-1: the event numbers a stage-2 SMMU raises.
        assertThat(new int[] {Event.C_BAD_STREAMID, Event.F_STE_FETCH, Event.C_BAD_STE, Event.F_WALK_EABT,
            Event.F_TRANSLATION, Event.F_ADDR_SIZE, Event.F_ACCESS, Event.F_PERMISSION})
            .containsExactly(0x02, 0x03, 0x04, 0x0b, 0x10, 0x11, 0x12, 0x13);
    }

    @Test
    void stage2DescriptorsAreTheArmArmsAsNovasDptWritesThem()
    {
        final Stage2Format f = Stage2Format.INSTANCE;
        // A page: bits 1:0 0b11, S2AP read (6) and write (7), AF (10), MemAttr 0b1111 (5:2), SH inner (9:8).
        assertThat(f.leaf(0x12345, Perm.MEM_R | Perm.MEM_W, 3 << 3 | 7, 0))
            .isEqualTo(0x1234_5000L | 0b11 | 1 << 6 | 1 << 7 | 1 << 10 | 0xf << 2 | 3 << 8);
        // A 2 MiB block, read-only, Device-nGnRE (CA 1), not shareable: bits 1:0 0b01, MemAttr 0b0001.
        assertThat(f.leaf(0x200, Perm.MEM_R, 1, 1)).isEqualTo(0x20_0000L | 0b01 | 1 << 6 | 1 << 10 | 1 << 2);
        // Normal non-cacheable (CA 5) is MemAttr 0b0101, write-through (CA 6) 0b1010.
        assertThat(Stage2Format.memAttr(5)).isEqualTo(0b0101);
        assertThat(Stage2Format.memAttr(6)).isEqualTo(0b1010);
        assertThat(f.leaf(0x1, Perm.MEM_XU, 7, 0) & (3 << 6)).isZero();             // execute only: no S2AP
        assertThat(f.leaf(0x1, 0, 7, 0)).isZero();
        assertThat(f.table(0x4000_1000L)).isEqualTo(0x4000_1003L);
    }

    @Test
    void theSteNovaWritesForA48BitSpace()
    {
        final Ste s = Ste.stage2(0x1234, 0x4567_8000L, 16, 2, 5);
        assertThat(s.word0()).isEqualTo(0b1101);                                       // V, Config 0b110
        // S2R | S2AA64 | S2PS 5 | S2SH0 inner | S2OR0 WB | S2IR0 WB | S2SL0 2 | S2T0SZ 16 | S2VMID (NOVA's val[2])
        assertThat(s.word2()).isEqualTo(1L << 58 | 1L << 51 | 5L << 48 | 3L << 44 | 1L << 42 | 1L << 40 | 2L << 38
            | 16L << 32 | 0x1234);
        assertThat(s.word3()).isEqualTo(0x4567_8000L);
        assertThat(L1Std.encode(0x4000_2000L, 7)).isEqualTo(0x4000_2007L);           // NOVA: ptr | (6 + 1)
    }

    @Test
    void commandsCarryTheirFieldsWhereChapter4PutsThem()
    {
        assertThat(Command.cfgiSte(0x1234, true)).isEqualTo(new Command(0x1234L << 32 | 0x03, 1));
        assertThat(Command.cfgiAll()).isEqualTo(new Command(0x04, 31));
        assertThat(Command.tlbiS12Vmall(9)).isEqualTo(new Command(9L << 32 | 0x28, 0));
        assertThat(Command.tlbiS2Ipa(9, 0x1_2345_6789L, true)).isEqualTo(new Command(9L << 32 | 0x2a,
            0x1_2345_6000L | 1));
        assertThat(Command.tlbiNsnhAll().low()).isEqualTo(0x30);
        assertThat(Command.sync(Command.SIG_IRQ, 0x4000_0004L, 0xabcd))
            .isEqualTo(new Command(0xabcdL << 32 | 1 << 12 | 0x46, 0x4000_0004L));
    }

    @Test
    void anEventRecordDecodes()
    {
        final Event e = new Event(0x55L << 32 | Event.F_PERMISSION, 1L << 35 | 1L << 39 | 2L << 40, 0x1234_5678L,
            0x1234_5000L);
        assertThat(e.type()).isEqualTo(Event.F_PERMISSION);
        assertThat(e.streamId()).isEqualTo(0x55);
        assertThat(e.read()).isTrue();
        assertThat(e.stage2()).isTrue();
        assertThat(e.faultClass()).isEqualTo(Event.CLASS_IN);
        assertThat(e.inputAddress()).isEqualTo(0x1234_5678L);
        assertThat(e.ipa()).isEqualTo(0x1234_5000L);
    }
}
