// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClockTest
{
    @Test
    void convertsExactly()
    {
        final Clock c = Clock.ofMhz(2_400);
        assertThat(c.hz()).isEqualTo(2_400_000_000L);
        assertThat(c.cyclesFromNanos(1_000)).isEqualTo(2_400);
        assertThat(c.nanosFromCycles(2_400)).isEqualTo(1_000);
        assertThat(c.nanosFromCycles(1)).isZero();
        assertThat(new Clock(3).cyclesFromNanos(1_000_000_000L)).isEqualTo(3);
        assertThat(new Clock(3).nanosFromCycles(1)).isEqualTo(333_333_333L);
    }

    @Test
    void largeValuesAreExactOrSaturate()
    {
        final Clock c = new Clock(Clock.MAX_HZ);
        final long tenYears = 10L * 365 * 24 * 3600 * 1_000_000_000L;
        assertThat(c.cyclesFromNanos(tenYears)).isEqualTo(tenYears * 9);
        assertThat(c.cyclesFromNanos(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThat(new Clock(1).nanosFromCycles(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThat(c.nanosFromCycles(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE / 9);
    }

    @Test
    void rejectsBadValuesByName()
    {
        assertThatThrownBy(() -> new Clock(0)).hasMessage("hz must be in [1, 9000000000], was 0");
        assertThatThrownBy(() -> Clock.ofMhz(10_000)).hasMessageContaining("mhz");
        assertThatThrownBy(() -> Clock.ofMhz(1).cyclesFromNanos(-1)).hasMessageContaining("nanos");
        assertThatThrownBy(() -> Clock.ofMhz(1).nanosFromCycles(-1)).hasMessageContaining("cycles");
    }
}
