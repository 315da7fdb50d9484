// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.novaemu.bus.AccessRule;
import org.novaemu.bus.RecordingMmio;

/** Firmware's BAR assignment: natural alignment, the two windows, decoding on, bus mastering off. */
class BarAssignmentTest
{
    private static PciFunction function(final String name, final Bar... bars)
    {
        final PciFunction f = new PciFunction(name, 0x1234, 0x5678, 0x020000, false, 0);
        int index = 0;
        for (final Bar b : bars)
        {
            f.bar(index, b);
            index += b.registersTaken();
        }
        return f;
    }

    @Test
    void barsAreNaturallyAlignedInTheirWindowAndDecodeAtOnce()
    {
        final Machine m = new Machine();
        final RecordingMmio regs = new RecordingMmio(4);
        final Topology.Downstream port = new Topology(m.segment).root().rootPort();
        final PciFunction a = port.add(function("a", Bar.memory32(0x1000, regs, AccessRule.DWORD),
            Bar.memory64(0x4000, false, regs, AccessRule.DWORD)));
        final PciFunction b = port.add(function("b", Bar.memory64(0x10_0000, true, regs, AccessRule.DWORD),
            Bar.memory32(0x100, regs, AccessRule.DWORD)));
        BarAssignment.assign(m.segment, 0xc000_0000L, 0xd000_0000L, 0x80_0000_0000L, 0x90_0000_0000L);

        assertThat(a.barAddress(0)).isEqualTo(0xc000_0000L);
        assertThat(a.barAddress(1)).isEqualTo(0x80_0000_0000L);
        assertThat(b.barAddress(0)).isEqualTo(0x80_0010_0000L); // 1 MiB aligned after a's 16 KiB
        assertThat(b.barAddress(2)).isEqualTo(0xc000_1000L);
        assertThat(m.cfg(b, 0x14, 4)).isEqualTo(0x80);          // the upper half of BAR 0
        assertThat(a.command() & Header.COMMAND_MEMORY).isNotZero();
        assertThat(a.busMaster()).isFalse();
        m.bus.write(0xc000_1000L, 4, 0x55);
        assertThat(regs.count()).isEqualTo(1);
    }

    @Test
    void aBarThatDoesNotFitNamesTheFunction()
    {
        final Machine m = new Machine();
        new Topology(m.segment).root().rootPort().add(function("big",
            Bar.memory32(0x1000_0000L, new RecordingMmio(1), AccessRule.DWORD)));
        assertThatThrownBy(() -> BarAssignment.assign(m.segment, 0xc000_0000L, 0xc800_0000L, 1L << 39, 1L << 40))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("big");
    }
}
