// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TraceTest
{
    private long time;
    private final TraceContext ctx = new TraceContext()
    {
        @Override
        public long now()
        {
            return time;
        }

        @Override
        public int currentCpu()
        {
            return (int) (time % 3) - 1;
        }
    };

    private Trace filled(final int capacity, final int n, final long salt)
    {
        final Trace t = new Trace(ctx, capacity);
        t.setEnabled(true);
        for (int i = 0; i < n; i++)
        {
            time = i;
            t.record(CoreTrace.USER, i, salt, -i);
        }
        return t;
    }

    @Test
    void disabledTraceWritesNothing()
    {
        final Trace t = new Trace(ctx, 4);
        final long empty = t.digest();
        t.record(CoreTrace.USER, 1, 2, 3);
        assertThat(t.written()).isZero();
        assertThat(t.records()).isEmpty();
        assertThat(t.digest()).isEqualTo(empty);
    }

    @Test
    void keepsTheNewestRecordsAndDigestsAll()
    {
        final Trace t = filled(4, 10, 0);
        assertThat(t.written()).isEqualTo(10);
        assertThat(t.records()).extracting(TraceRecord::a).containsExactly(6L, 7L, 8L, 9L);
        assertThat(t.records().get(0).cpu()).isEqualTo(-1);
        assertThat(t.records().get(1).cpu()).isEqualTo(0);
        assertThat(t.records().get(0).toString()).contains("USER").contains("0x6");
        assertThat(t.count(CoreTrace.USER)).isEqualTo(4);
        // The digest covers the overwritten records too, and does not depend on the capacity.
        assertThat(filled(1000, 10, 0).digest()).isEqualTo(t.digest());
        assertThat(filled(4, 10, 1).digest()).isNotEqualTo(t.digest());
    }

    /** Changing any one field of one record (time, CPU, kind, a, b or c) changes the digest. */
    @Test
    void digestSeesEveryField()
    {
        final long base = digestWithChange(-1);
        for (int field = 0; field < 6; field++)
        {
            assertThat(digestWithChange(field)).as("field %d", field).isNotEqualTo(base);
        }
        assertThat(digestWithChange(-1)).isEqualTo(base);
    }

    private long digestWithChange(final int field)
    {
        final Trace t = new Trace(ctx, 8);
        t.setEnabled(true);
        for (int i = 0; i < 5; i++)
        {
            final boolean change = i == 2;
            time = 3L * i + (change && field == 0 ? 3 * 7 : 0) + (change && field == 1 ? 1 : 0);
            t.record(change && field == 2 ? CoreTrace.MSI : CoreTrace.USER,
                i + (change && field == 3 ? 1 : 0), change && field == 4 ? 1 : 0, -i + (change && field == 5 ? 1 : 0));
        }
        return t.digest();
    }

    @Test
    void capacityIsCheckedByName()
    {
        assertThatThrownBy(() -> new Trace(ctx, 0)).hasMessageContaining("capacity");
        assertThatThrownBy(() -> new Trace(null, 1)).hasMessageContaining("context");
    }
}
