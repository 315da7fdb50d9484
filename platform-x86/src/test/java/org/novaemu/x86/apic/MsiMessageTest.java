// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The interrupt message formats: compatibility (SDM 3A, 11.11) and remappable (VT-d 5.1.2.2). */
class MsiMessageTest
{
    @Test
    void aCompatibilityMessageMatchesTheSdmLayout()
    {
        // Destination 0x12 in [19:12], logical in [2]; vector 0x45, lowest priority (1) in [10:8], level
        // triggered [15] and asserted [14].
        final MsiMessage m = MsiMessage.compatibility(0x12, true, 0x45, Delivery.LOWEST, true);
        assertThat(m.address()).isEqualTo(0xfee1_2004L);
        assertThat(m.data()).isEqualTo(0xc145);
    }

    @Test
    void aCompatibilityMessageDecodesToWhatBuiltIt()
    {
        for (final int destination : new int[] {0, 1, 0x7f, 0xff})
        {
            for (final boolean logical : new boolean[] {false, true})
            {
                final long address = MsiMessage.compatibilityAddress(destination, logical);
                assertThat(MsiMessage.inWindow(address)).isTrue();
                assertThat(MsiMessage.isRemappable(address)).isFalse();
                assertThat(MsiMessage.destination(address)).isEqualTo(destination);
                assertThat(MsiMessage.logical(address)).isEqualTo(logical);
            }
        }
        final int data = MsiMessage.data(0xfe, Delivery.NMI, false);
        assertThat(MsiMessage.vector(data)).isEqualTo(0xfe);
        assertThat(MsiMessage.deliveryMode(data)).isEqualTo(Delivery.NMI);
        assertThat(MsiMessage.levelTriggered(data)).isFalse();
        assertThat(MsiMessage.levelTriggered(MsiMessage.data(0x30, Delivery.FIXED, true))).isTrue();
    }

    @Test
    void aRemappableMessageCarriesItsHandleAndSubHandle()
    {
        // Handle 0x8001: bits 14:0 (1) in [19:5], bit 15 in [2]; format [4] and SHV [3] set.
        final MsiMessage m = MsiMessage.remappable(0x8001, 0x10);
        assertThat(m.address()).isEqualTo(0xfee0_003cL);
        assertThat(m.data()).isEqualTo(0x10);
        assertThat(MsiMessage.isRemappable(m.address())).isTrue();
        assertThat(MsiMessage.index(m.address(), m.data())).isEqualTo(0x8011);
        assertThat(MsiMessage.index(MsiMessage.remappableAddress(0x8001, false), 0x10)).isEqualTo(0x8001);
    }

    @Test
    void novasMsiIsHandleZeroWithTheEntryAsSubHandle()
    {
        final MsiMessage m = MsiMessage.remappable(0, 0x1234);
        assertThat(m.address()).isEqualTo(0xfee0_0018L);
        assertThat(MsiMessage.index(m.address(), m.data())).isEqualTo(0x1234);
    }

    @Test
    void everyHandleRoundTripsAndASubHandleMayPassTheLastIndex()
    {
        for (int handle = 0; handle <= 0xffff; handle += 0x0fff)
        {
            assertThat(MsiMessage.index(MsiMessage.remappableAddress(handle, false), 0xffff)).isEqualTo(handle);
        }
        assertThat(MsiMessage.index(MsiMessage.remappableAddress(0xffff, true), 2)).isEqualTo(0x10001);
    }

    @Test
    void theFormatBitsTheSubHandleAndTheWindowAreIntels()
    {
        assertThat(MsiMessage.index(MsiMessage.remappableAddress(0x8001, true), 0x10)).isEqualTo(0x8011);
        assertThat(MsiMessage.index(MsiMessage.remappableAddress(0x8001, false), 0x10)).isEqualTo(0x8001);
        assertThat(MsiMessage.REMAPPABLE).isEqualTo(1 << 4);
        assertThat(MsiMessage.SHV).isEqualTo(1 << 3);
        assertThat(MsiMessage.BASE + MsiMessage.SIZE).isEqualTo(0xfef0_0000L);
    }
}
