// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoTest
{
    @Test
    void everyPacketIsHandledAndRunsAreDeterministic()
    {
        final Demo.Result a = Demo.run(64, 256, 2_000_000, 1);
        final Demo.Result b = Demo.run(64, 256, 2_000_000, 1);
        assertThat(a).isEqualTo(b);
        assertThat(a.packets()).isGreaterThan(2_000);
        // Handling takes 400 cycles, so at most the last packet of each CPU can still be pending at the end.
        assertThat(a.handled()).isBetween(a.packets() - 64, a.packets());
        assertThat(Demo.run(64, 256, 2_000_000, 2).digest()).isNotEqualTo(a.digest());
    }

    @Test
    void fullSizeMachineHandlesEveryPacket()
    {
        final Demo.Result r = Demo.run(256, 4_096, 4_000_000, 3);
        assertThat(r.packets()).isGreaterThan(60_000);
        assertThat(r.handled()).isBetween(r.packets() - 256, r.packets());
        assertThat(r.simulatedCycles()).isEqualTo(4_000_000);
    }
}
