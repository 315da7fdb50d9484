// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The interrupt command register's layout (SDM 3A, 11.6.1 and 11.12.9). */
class IcrTest
{
    @Test
    void novasIpiIsFixedPhysicalAssertedInX2apicFormat()
    {
        // Destination 7 in [63:32], level [14], vector 0xF7; fixed (0), physical, edge, no shorthand.
        assertThat(Icr.fixedPhysical(7, 0xf7)).isEqualTo(0x0000_0007_0000_40f7L);
        assertThat(Icr.fixedPhysical(-1, 0x20) >>> 32).isEqualTo(0xffff_ffffL);
    }

    @Test
    void aCommandDecodesToWhatBuiltIt()
    {
        final long icr = Icr.command(Icr.ALL_EXCLUDING_SELF, true, Delivery.INIT, 0x9a, true, false)
            | Icr.X2APIC_DESTINATION.encode(0x1234_5678L);
        assertThat(Icr.shorthand(icr)).isEqualTo(Icr.ALL_EXCLUDING_SELF);
        assertThat(Icr.logical(icr)).isTrue();
        assertThat(Icr.deliveryMode(icr)).isEqualTo(Delivery.INIT);
        assertThat(Icr.vector(icr)).isEqualTo(0x9a);
        assertThat(Icr.levelTriggered(icr)).isTrue();
        assertThat(Icr.level(icr)).isFalse();
        assertThat(Icr.destination(icr, true)).isEqualTo(0x1234_5678);
        assertThat(Icr.destination(icr, false)).isEqualTo(0x12);
    }

    @Test
    void theXapicHalvesKeepOnlyTheirFields()
    {
        // Low: vector, delivery mode, destination mode, level, trigger mode, shorthand; not delivery status.
        assertThat(Icr.XAPIC_LOW_WRITABLE).isEqualTo(0x000c_cfff);
        assertThat(Icr.XAPIC_HIGH_WRITABLE).isEqualTo(0xff00_0000);
        assertThat(Icr.command(Icr.SELF, false, Delivery.FIXED, 0x42, false, false)).isEqualTo(1 << 18 | 0x42);
    }
}
