// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.ioapic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.x86.apic.Delivery;

/** The redirection entry in compatibility (82093AA 3.2.4) and remappable (VT-d 5.1.5.1) format. */
class RedirectionEntryTest
{
    @Test
    void aCompatibilityEntryMatchesTheDatasheetLayout()
    {
        // Destination 2 in [63:56]; vector 0x30; fixed, physical, edge, active high, unmasked.
        assertThat(RedirectionEntry.compatibility(2, false, Delivery.FIXED, 0x30, false, false, false))
            .isEqualTo(0x0200_0000_0000_0030L);
        // Logical destination 0xF0, lowest priority, masked, level, active low.
        assertThat(RedirectionEntry.compatibility(0xf0, true, Delivery.LOWEST, 0x41, true, true, true))
            .isEqualTo(0xf000_0000_0001_a941L);
    }

    @Test
    void aCompatibilityEntryDecodesToWhatBuiltIt()
    {
        final long e = RedirectionEntry.compatibility(0xf0, true, Delivery.LOWEST, 0x41, true, true, true);
        assertThat(RedirectionEntry.isRemappable(e)).isFalse();
        assertThat(RedirectionEntry.destination(e)).isEqualTo(0xf0);
        assertThat(RedirectionEntry.logical(e)).isTrue();
        assertThat(RedirectionEntry.deliveryMode(e)).isEqualTo(Delivery.LOWEST);
        assertThat(RedirectionEntry.vector(e)).isEqualTo(0x41);
        assertThat(RedirectionEntry.masked(e)).isTrue();
        assertThat(RedirectionEntry.levelTriggered(e)).isTrue();
        assertThat(RedirectionEntry.activeLow(e)).isTrue();
    }

    @Test
    void aRemappableEntryCarriesItsIndexAndTheVectorItsEoiNames()
    {
        // Index 0x8123: bits 14:0 in [63:49], bit 15 in [11]; format [48]; masked, level, active low;
        // vector field 5.
        final long e = RedirectionEntry.remappable(0x8123, true, true, true, 5);
        assertThat(e).isEqualTo(0x0247_0000_0001_a805L);
        assertThat(RedirectionEntry.isRemappable(e)).isTrue();
        assertThat(RedirectionEntry.index(e)).isEqualTo(0x8123);
        assertThat(RedirectionEntry.vector(e)).isEqualTo(5);
        assertThat(RedirectionEntry.masked(e)).isTrue();
        assertThat(RedirectionEntry.levelTriggered(e)).isTrue();
        assertThat(RedirectionEntry.activeLow(e)).isTrue();
    }

    @Test
    void everyIndexRoundTrips()
    {
        for (int index = 0; index <= 0xffff; index += 0x0fff)
        {
            assertThat(RedirectionEntry.index(RedirectionEntry.remappable(index, false, false, false, 0)))
                .isEqualTo(index);
        }
    }

    @Test
    void deliveryStatusRemoteIrrAndTheReservedBitsAreNotWritable()
    {
        assertThat(RedirectionEntry.WRITABLE).isEqualTo(0xffff_0000_0001_afffL);
    }
}
