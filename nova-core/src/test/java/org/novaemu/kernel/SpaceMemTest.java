// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The radix tree of a memory space against a flat array of pages, under random updates. */
class SpaceMemTest
{
    private static final int BITS = 20;

    @Test
    void randomUpdatesAgreeWithAFlatModelAndFreeTheirTables()
    {
        final SpaceMem space = new SpaceMem(Kind.HST, new Pd(), BITS);
        final long[] model = new long[1 << BITS];
        final SplittableRandom random = new SplittableRandom(42);
        for (int op = 0; op < 400; op++)
        {
            final int ord = random.nextInt(BITS + 1);
            final long sel = random.nextLong(1L << BITS) >>> ord << ord;
            final boolean clear = random.nextInt(4) == 0;
            // Frames aligned to the block half of the time, so that large leaves are possible.
            final long frame = random.nextBoolean() ? random.nextLong(1L << 30) >>> ord << ord
                : random.nextLong(1L << 30);
            final int perms = 1 + random.nextInt(15);
            final long attributes = random.nextLong(1L << SpaceMem.ATTRIBUTE_BITS);
            final long entry = clear ? 0 : SpaceMem.entry(frame, perms, attributes, false);
            space.update(sel, ord, entry);
            for (long i = 0; i < 1L << ord; i++)
            {
                model[(int) (sel + i)] = entry == 0 ? 0 : entry + i;
            }
        }
        for (int page = 0; page < model.length; page++)
        {
            if (space.lookup(page) != model[page])
            {
                assertThat(space.lookup(page)).as("page 0x%x", page).isEqualTo(model[page]);
            }
        }
        assertThat(space.isEmpty()).isFalse();
        space.update(0, BITS, 0);
        assertThat(space.isEmpty()).isTrue();
        assertThat(space.lookup(0x1234)).isZero();
    }

    @Test
    void largePagesNeedAlignedFrames()
    {
        final SpaceMem space = new SpaceMem(Kind.DMA, new Pd(), 36);
        space.update(0x200, 9, SpaceMem.entry(0x400, Perm.MEM_R, 0, false));
        assertThat(space.pageOrder(0x300)).isEqualTo(9);
        space.update(0x400, 9, SpaceMem.entry(0x401, Perm.MEM_R, 0, false));
        assertThat(space.pageOrder(0x500)).isZero();
        assertThat(SpaceMem.frame(space.lookup(0x5ff))).isEqualTo(0x600);
        space.update(1L << 27, 27, SpaceMem.entry(0, Perm.MEM_R, 0, false));
        assertThat(space.pageOrder((1L << 27) + 5)).isEqualTo(18);
        assertThat(SpaceMem.frame(space.lookup((1L << 28) - 1))).isEqualTo((1L << 27) - 1);
        assertThat(space.lookup(1L << 36)).isZero();
        assertThat(space.lookup(-1)).isZero();
    }

    @Test
    void theNovaHostSpaceIsComputedAndCannotBeChanged()
    {
        final SpaceMem nova = SpaceMem.nova(new Pd(), 35, Withheld.of(0x100, 0x180, new long[] {0x1000L << 12,
            0x1000}));
        assertThat(nova.isNova()).isTrue();
        assertThat(nova.lookup(0xff)).isEqualTo(SpaceMem.entry(0xff, 0xf, 0, false));
        assertThat(nova.lookup(0x100)).isZero();
        assertThat(nova.lookup(0x17f)).isZero();
        assertThat(SpaceMem.frame(nova.lookup(0x180))).isEqualTo(0x180);
        assertThat(nova.lookup(0x1000)).isZero();
        assertThat(SpaceMem.frame(nova.lookup(0x1001))).isEqualTo(0x1001);
        assertThat(SpaceMem.frame(nova.lookup((1L << 35) - 1))).isEqualTo((1L << 35) - 1);
        assertThat(nova.lookup(1L << 35)).isZero();
        assertThatThrownBy(() -> nova.update(0, 0, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SpaceMem(Kind.PIO, new Pd(), 16)).hasMessageContaining("kind");
        assertThatThrownBy(() -> new SpaceMem(Kind.HST, new Pd(), 41)).hasMessageContaining("selectorBits");
    }
}
