// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A register field: mask, extract, deposit and the checks on its place in the word. */
class BitFieldTest
{
    /** VT-d's IOTLB invalidate register, IIRG: bits 61:60 (VT-d 10.4.8.1). */
    private static final BitField IIRG = new BitField("IIRG", 60, 2);

    @Test
    void theMaskCoversExactlyTheFieldsBits()
    {
        assertThat(IIRG.mask()).isEqualTo(0x3000_0000_0000_0000L);
        assertThat(BitField.bit("IVT", 63).mask()).isEqualTo(Long.MIN_VALUE);
        assertThat(new BitField("ALL", 0, 64).mask()).isEqualTo(-1L);
        assertThat(new BitField("DST", 32, 32).mask()).isEqualTo(0xffff_ffff_0000_0000L);
    }

    @Test
    void extractShiftsTheFieldDownAndIgnoresTheRest()
    {
        assertThat(IIRG.extract(-1L)).isEqualTo(3);
        assertThat(IIRG.extract(1L << 63 | 2L << 60 | 0xfff)).isEqualTo(2);
        assertThat(new BitField("DST", 32, 32).extract(0x8000_0001_0000_0000L)).isEqualTo(0x8000_0001L);
        assertThat(new BitField("ALL", 0, 64).extract(-5L)).isEqualTo(-5L);
    }

    @Test
    void depositReplacesOnlyTheFieldAndDropsExcessValueBits()
    {
        final long word = 1L << 63 | 1L << 60 | 0x55;
        assertThat(IIRG.deposit(word, 2)).isEqualTo(1L << 63 | 2L << 60 | 0x55);
        assertThat(IIRG.deposit(word, 0b111)).isEqualTo(1L << 63 | 3L << 60 | 0x55); // bit 2 of the value is dropped
        assertThat(IIRG.encode(1)).isEqualTo(1L << 60);
        assertThat(IIRG.extract(IIRG.deposit(0x1234, 3))).isEqualTo(3);
    }

    @Test
    void isSetTellsWhetherAnyBitOfTheFieldIsOne()
    {
        final BitField present = BitField.bit("P", 0);
        assertThat(present.isSet(0x1001)).isTrue();
        assertThat(present.isSet(0x1000)).isFalse();
        assertThat(IIRG.isSet(1L << 61)).isTrue();
        assertThat(IIRG.isSet(1L << 62)).isFalse();
    }

    @Test
    void aFieldMustLieInsideASixtyFourBitWord()
    {
        assertThatThrownBy(() -> new BitField("X", 60, 5)).hasMessageContaining("width");
        assertThatThrownBy(() -> new BitField("X", 64, 1)).hasMessageContaining("shift");
        assertThatThrownBy(() -> new BitField("X", 0, 0)).hasMessageContaining("width");
        assertThatThrownBy(() -> new BitField(null, 0, 1)).hasMessageContaining("name");
        assertThat(IIRG).hasToString("BitField[name=IIRG, shift=60, width=2]");
    }
}
