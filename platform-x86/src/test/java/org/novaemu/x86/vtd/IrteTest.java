// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.vtd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.x86.apic.Delivery;

/** The remapped-format interrupt remapping table entry (VT-d 9.10). */
class IrteTest
{
    @Test
    void novasEntryMatchesTheSpecificationLayout()
    {
        // Destination 3 in [63:32], vector 0x41 in [23:16], level [4], present [0]; SVT 1 [19:18] with SID 01:00.0.
        final Irte e = Irte.remapped(3, 0x41, true, 0x0100, 0);
        assertThat(e.low()).isEqualTo(0x0000_0003_0041_0011L);
        assertThat(e.high()).isEqualTo(0x0000_0000_0004_0100L);
        // SQ 3 [17:16]: the function number is not compared.
        assertThat(Irte.remapped(0, 0x20, false, 0xf0f8, 3).high()).isEqualTo(0x7_f0f8L);
    }

    @Test
    void anEntryDecodesToWhatBuiltIt()
    {
        final Irte e = Irte.remapped(0x1234_5678, 0xfe, false, 0xabcd, 2);
        assertThat(Irte.isPresent(e.low())).isTrue();
        assertThat(Irte.faultProcessingDisabled(e.low())).isFalse();
        assertThat(Irte.logical(e.low())).isFalse();
        assertThat(Irte.deliveryMode(e.low())).isEqualTo(Delivery.FIXED);
        assertThat(Irte.vector(e.low())).isEqualTo(0xfe);
        assertThat(Irte.levelTriggered(e.low())).isFalse();
        assertThat(Irte.destination(e.low(), true)).isEqualTo(0x1234_5678);
        assertThat(Irte.sourceValidation(e.high())).isEqualTo(Irte.SVT_REQUESTER);
        assertThat(Irte.sourceQualifier(e.high())).isEqualTo(2);
        assertThat(Irte.sourceId(e.high())).isEqualTo(0xabcd);
        assertThat(Irte.hasReservedBits(e.low(), e.high(), true)).isFalse();
    }

    @Test
    void anXapicDestinationSitsInBits47To40()
    {
        final Irte e = Irte.remapped(Irte.xapicDestination(2), 0x61, false, 0x0100, 0);
        assertThat(e.low() >>> 40).isEqualTo(2);
        assertThat(Irte.destination(e.low(), false)).isEqualTo(2);
        assertThat(Irte.hasReservedBits(e.low(), e.high(), false)).isFalse();
    }

    @Test
    void reservedBitsDependOnTheDestinationMode()
    {
        final long x2apic = Irte.remapped(3, 0x63, false, 0, 0).low();
        assertThat(Irte.hasReservedBits(x2apic, 0, true)).isFalse();
        assertThat(Irte.hasReservedBits(x2apic, 0, false)).isTrue(); // bits 39:32 without EIME
        assertThat(Irte.hasReservedBits(Irte.IRTE_MODE.mask() | 1, 0, true)).isTrue(); // posted
        assertThat(Irte.hasReservedBits(1, 1L << 20, true)).isTrue(); // above SVT
    }

    @Test
    void theNotPresentEntryIsAllZero()
    {
        assertThat(Irte.NOT_PRESENT.low()).isZero();
        assertThat(Irte.NOT_PRESENT.high()).isZero();
        assertThat(Irte.at(0x40000, 5)).isEqualTo(0x40050);
    }
}
