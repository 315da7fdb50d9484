// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The page ranges the NOVA host space withholds (decision K20): the kernel's memory and the platform's. */
class WithheldTest
{
    @Test
    void theKernelsMemoryAndThePlatformsRangesAreWithheldInAnyOrder()
    {
        final Withheld w = Withheld.of(0x100, 0x200, new long[] {0x9000L << 12, 0x2000, 0x10L << 12, 0x1000});
        assertThat(w.contains(0x10)).isTrue();
        assertThat(w.contains(0x11)).isFalse();
        assertThat(w.contains(0x1ff)).isTrue();
        assertThat(w.contains(0x200)).isFalse();
        assertThat(w.contains(0x9001)).isTrue();
        assertThat(w.contains(0x9002)).isFalse();
    }

    @Test
    void aBlockIsTheLargestAlignedOneThatIsAllWithheldOrAllNot()
    {
        final Withheld w = Withheld.of(0x100, 0x200, new long[0]);
        assertThat(w.blockOrder(0x100, 20)).isEqualTo(8);  // 0x100-0x1ff exactly
        assertThat(w.blockOrder(0x0, 20)).isEqualTo(8);    // 0x000-0x0ff, below it
        assertThat(w.blockOrder(0x200, 20)).isEqualTo(9);  // 0x200-0x3ff
        assertThat(w.blockOrder(0x80000, 20)).isEqualTo(19);
    }

    @Test
    void aRangeThatIsUnalignedEmptyOrOverlappingIsRefusedByName()
    {
        assertThatThrownBy(() -> Withheld.of(0x100, 0x200, new long[] {0x1234, 0x1000}))
            .hasMessageContaining("protectedMemory() range 0").hasMessageContaining("4 KiB aligned");
        assertThatThrownBy(() -> Withheld.of(0x100, 0x200, new long[] {0x1000, 0}))
            .hasMessageContaining("not empty");
        assertThatThrownBy(() -> Withheld.of(0x100, 0x200, new long[] {0x1ffL << 12, 0x2000}))
            .hasMessageContaining("overlaps");
    }
}
