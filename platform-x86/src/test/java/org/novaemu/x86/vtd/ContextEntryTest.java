// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.vtd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Legacy-mode root and context entries (VT-d 9.1 and 9.3). */
class ContextEntryTest
{
    @Test
    void aRootEntryHoldsItsContextTableAndPresent()
    {
        assertThat(RootEntry.present(0x11000)).isEqualTo(0x11001);
        assertThat(RootEntry.isPresent(0x11001)).isTrue();
        assertThat(RootEntry.isPresent(0x11000)).isFalse();
        assertThat(RootEntry.contextTable(RootEntry.present(0x000f_ffff_ffff_f000L))).isEqualTo(0x000f_ffff_ffff_f000L);
        assertThat(RootEntry.at(0x10000, 1)).isEqualTo(0x10010);
    }

    @Test
    void aContextEntryMatchesTheSpecificationLayout()
    {
        // SLPTPTR 0x12000 with P; DID 5 in [87:72] (high bits 23:8), AW 2 (48-bit) in [66:64].
        final ContextEntry e = ContextEntry.translated(0x12000, 5, ContextEntry.addressWidth(4));
        assertThat(e.low()).isEqualTo(0x12001);
        assertThat(e.high()).isEqualTo(5 << 8 | 2);
    }

    @Test
    void aContextEntryDecodesToWhatBuiltIt()
    {
        final ContextEntry e = ContextEntry.translated(0x0000_0123_4567_8000L, 0xfffe, ContextEntry.addressWidth(3));
        assertThat(ContextEntry.isPresent(e.low())).isTrue();
        assertThat(ContextEntry.faultProcessingDisabled(e.low())).isFalse();
        assertThat(ContextEntry.translationType(e.low())).isEqualTo(ContextEntry.TT_SECOND_LEVEL);
        assertThat(ContextEntry.secondLevelTable(e.low())).isEqualTo(0x0000_0123_4567_8000L);
        assertThat(ContextEntry.addressWidthOf(e.high())).isEqualTo(1);
        assertThat(ContextEntry.domainId(e.high())).isEqualTo(0xfffe);
        assertThat(ContextEntry.at(0x11000, 0x08)).isEqualTo(0x11080);
    }
}
