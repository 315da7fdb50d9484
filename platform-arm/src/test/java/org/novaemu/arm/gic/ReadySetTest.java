// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/** The ordered set of ready interrupts agrees with a sorted reference through random adds, changes and removals. */
class ReadySetTest
{
    @Test
    void theBestIsAlwaysTheLowestPriorityThenTheLowestSlot()
    {
        final int base = Intid.WIRED_SLOTS;
        final int size = 57_344;
        final ReadySet set = new ReadySet(base, size);
        final TreeSet<Integer> reference = new TreeSet<>();
        final int[] prio = new int[size];
        final Random random = new Random(7);
        for (int step = 0; step < 200_000; step++)
        {
            final int i = random.nextInt(random.nextBoolean() ? 200 : size);
            final int slot = base + i;
            if (random.nextInt(3) == 0)
            {
                set.remove(slot);
                reference.remove(ReadySet.key(prio[i], slot));
            }
            else
            {
                reference.remove(ReadySet.key(prio[i], slot));
                prio[i] = random.nextInt(32) << 3;
                set.add(slot, prio[i]);
                reference.add(ReadySet.key(prio[i], slot));
            }
            assertThat(set.best()).isEqualTo(reference.isEmpty() ? ReadySet.NONE : reference.first());
            assertThat(set.contains(slot)).isEqualTo(reference.contains(ReadySet.key(prio[i], slot)));
        }
        set.clear();
        assertThat(set.best()).isEqualTo(ReadySet.NONE);
    }

    @Test
    void emptyingAWordOrABlockHandsTheBestToTheNextNonEmptyOneAndAnEmptySetHasNone()
    {
        final ReadySet set = new ReadySet(0, 3 * 4096);
        set.add(5000, 0x40);      // block 1
        set.add(9000, 0x40);      // block 2
        set.add(5001, 0x20);      // block 1, the same word as 5000
        assertThat(set.best()).isEqualTo(ReadySet.key(0x20, 5001));
        set.remove(5001);
        assertThat(set.best()).isEqualTo(ReadySet.key(0x40, 5000));
        set.remove(5000);         // block 1 empty
        assertThat(set.best()).isEqualTo(ReadySet.key(0x40, 9000));
        set.remove(9000);
        assertThat(set.best()).isEqualTo(ReadySet.NONE);
        set.remove(9000);         // not a member: ignored
        set.add(100, 0x80);
        assertThat(set.best()).isEqualTo(ReadySet.key(0x80, 100));
        set.add(100, 0x10);       // a member's priority raised, then lowered past another's
        set.add(4200, 0x20);
        assertThat(set.best()).isEqualTo(ReadySet.key(0x10, 100));
        set.add(100, 0x30);
        assertThat(set.best()).isEqualTo(ReadySet.key(0x20, 4200));
    }
}
