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
}
