// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/** The indexed min-heap's contract: (key, tie, id) order, removal anywhere, re-keying, growth, no allocation. */
class IndexedMinHeapTest
{
    private final IndexedMinHeap heap = new IndexedMinHeap(4);

    private List<Integer> drain()
    {
        final List<Integer> out = new ArrayList<>();
        int id;
        while ((id = heap.poll()) != IndexedMinHeap.NONE)
        {
            out.add(id);
        }
        return out;
    }

    @Test
    void anEmptyHeapHasNoMinimum()
    {
        assertThat(heap.isEmpty()).isTrue();
        assertThat(heap.size()).isZero();
        assertThat(heap.minId()).isEqualTo(IndexedMinHeap.NONE);
        assertThat(heap.minKey()).isEqualTo(Long.MAX_VALUE);
        assertThat(heap.poll()).isEqualTo(IndexedMinHeap.NONE);
        assertThat(heap.contains(0)).isFalse();
        assertThat(heap.contains(-1)).isFalse();
        assertThat(heap.contains(Integer.MAX_VALUE)).isFalse();
        assertThat(heap.remove(3)).isFalse();
    }

    @Test
    void elementsComeOutInKeyOrder()
    {
        heap.add(0, 30, 0);
        heap.add(1, 10, 0);
        heap.add(2, 20, 0);
        heap.add(3, -5, 0);
        assertThat(heap.size()).isEqualTo(4);
        assertThat(heap.minId()).isEqualTo(3);
        assertThat(heap.minKey()).isEqualTo(-5);
        assertThat(heap.key(2)).isEqualTo(20);
        assertThat(drain()).containsExactly(3, 1, 2, 0);
        assertThat(heap.isEmpty()).isTrue();
    }

    @Test
    void equalKeysComeOutInTieOrderWhateverTheIds()
    {
        // Ties as an arrival counter: id 3 came first, so it leaves first.
        heap.add(3, 100, 0);
        heap.add(0, 100, 1);
        heap.add(2, 100, 2);
        heap.add(1, 100, 3);
        assertThat(drain()).containsExactly(3, 0, 2, 1);
    }

    @Test
    void equalKeysAndTiesComeOutInIdOrder()
    {
        heap.add(2, 7, 7);
        heap.add(0, 7, 7);
        heap.add(3, 7, 7);
        heap.add(1, 7, 7);
        assertThat(drain()).containsExactly(0, 1, 2, 3);
    }

    @Test
    void removalFromTheMiddleKeepsTheRestInOrder()
    {
        for (int id = 0; id < 15; id++)
        {
            heap.add(id, 100 - id, 0);
        }
        assertThat(heap.remove(7)).isTrue();
        assertThat(heap.remove(7)).isFalse();
        assertThat(heap.remove(14)).isTrue(); // the minimum
        assertThat(heap.remove(0)).isTrue(); // the maximum
        assertThat(heap.contains(7)).isFalse();
        assertThat(heap.contains(8)).isTrue();
        assertThat(drain()).containsExactly(13, 12, 11, 10, 9, 8, 6, 5, 4, 3, 2, 1);
    }

    @Test
    void rekeyingMovesAnElementUpOrDown()
    {
        for (int id = 0; id < 10; id++)
        {
            heap.add(id, id * 10L, 0);
        }
        heap.update(9, -1, 0); // from the bottom to the top
        assertThat(heap.minId()).isEqualTo(9);
        heap.update(9, 1_000, 0); // and back below everything
        heap.update(0, 50, 1); // ties with 5 (tie 0), so after it
        assertThat(heap.key(0)).isEqualTo(50);
        assertThat(drain()).containsExactly(1, 2, 3, 4, 5, 0, 6, 7, 8, 9);
    }

    @Test
    void rekeyingToTheSameKeyWithANewTieIsARemovalAndAnAddition()
    {
        heap.add(0, 5, 0);
        heap.add(1, 5, 1);
        heap.add(2, 5, 2);
        heap.update(0, 5, 3); // as a re-armed timer goes behind the others at its time
        assertThat(drain()).containsExactly(1, 2, 0);
    }

    @Test
    void idsBeyondTheCapacityGrowTheHeap()
    {
        final IndexedMinHeap small = new IndexedMinHeap(1);
        assertThat(small.capacity()).isEqualTo(1);
        small.add(1_000, 1, 0);
        assertThat(small.capacity()).isGreaterThan(1_000);
        for (int id = 0; id < 1_000; id++)
        {
            small.add(id, 2_000 - id, 0);
        }
        assertThat(small.size()).isEqualTo(1_001);
        assertThat(small.poll()).isEqualTo(1_000);
        assertThat(small.poll()).isEqualTo(999);
        small.ensureCapacity(5_000);
        assertThat(small.capacity()).isGreaterThanOrEqualTo(5_000);
        assertThat(small.size()).isEqualTo(999);
        assertThat(small.minId()).isEqualTo(998);
    }

    @Test
    void misuseNamesTheProblem()
    {
        heap.add(1, 1, 1);
        assertThatThrownBy(() -> heap.add(1, 2, 2)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("id 1 is already in the heap");
        assertThatThrownBy(() -> heap.add(-1, 2, 2)).hasMessageContaining("id must be in [0,");
        assertThatThrownBy(() -> heap.update(2, 2, 2)).hasMessageContaining("id 2 is not in the heap");
        assertThatThrownBy(() -> heap.key(-3)).hasMessageContaining("id -3 is not in the heap");
        assertThatThrownBy(() -> new IndexedMinHeap(0)).hasMessageContaining("capacity");
        assertThat(heap.size()).isEqualTo(1);
    }

    /** Random adds, removals, re-keyings and polls, with few distinct keys and ties, against a sorted set. */
    @Test
    void randomOperationsAgreeWithASortedSet()
    {
        final SplittableRandom random = new SplittableRandom(42);
        final int ids = 300;
        final long[] key = new long[ids];
        final long[] tie = new long[ids];
        final Comparator<Integer> order = Comparator.<Integer>comparingLong(i -> key[i])
            .thenComparingLong(i -> tie[i]).thenComparingInt(i -> i);
        final TreeSet<Integer> model = new TreeSet<>(order);
        for (int step = 0; step < 50_000; step++)
        {
            final int id = random.nextInt(ids);
            final int op = random.nextInt(4);
            if (op == 0 && !model.contains(id))
            {
                key[id] = random.nextLong(20);
                tie[id] = random.nextLong(3);
                heap.add(id, key[id], tie[id]);
                model.add(id);
            }
            else if (op == 1)
            {
                assertThat(heap.remove(id)).isEqualTo(model.remove(id));
            }
            else if (op == 2 && model.contains(id))
            {
                model.remove(id);
                key[id] = random.nextLong(20);
                tie[id] = random.nextLong(3);
                heap.update(id, key[id], tie[id]);
                model.add(id);
            }
            else if (op == 3)
            {
                final Integer expected = model.pollFirst();
                assertThat(heap.poll()).isEqualTo(expected == null ? IndexedMinHeap.NONE : expected);
            }
            assertThat(heap.size()).isEqualTo(model.size());
            assertThat(heap.minId()).isEqualTo(model.isEmpty() ? IndexedMinHeap.NONE : model.first());
        }
        assertThat(drain()).containsExactlyElementsOf(new ArrayList<>(model));
    }

    @Test
    void onceGrownNoOperationAllocates()
    {
        final com.sun.management.ThreadMXBean mx =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final IndexedMinHeap h = new IndexedMinHeap(1);
        h.ensureCapacity(1_024);
        final Runnable round = () -> {
            for (int id = 0; id < 1_024; id++)
            {
                h.add(id, (id * 7919L) & 1023, id);
            }
            for (int id = 0; id < 1_024; id += 2)
            {
                h.update(id, h.key(id) + 3, 0);
            }
            for (int id = 1; id < 1_024; id += 4)
            {
                h.remove(id);
            }
            while (h.poll() != IndexedMinHeap.NONE)
            {
                // empty it for the next round
            }
        };
        for (int i = 0; i < 200; i++)
        {
            round.run();
        }
        final long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 2_000; i++)
        {
            round.run();
        }
        assertThat(mx.getCurrentThreadAllocatedBytes() - before).isLessThan(1024);
        assertThat(h.capacity()).isEqualTo(1_024);
    }
}
