// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The x86 ISD (specification 8.6.6) and DTD (8.6.7), written by root tasks and read by the kernel. */
class DescriptorTest
{
    @Test
    void anIsdHoldsTheGsiBelowTheSegment()
    {
        final Isd isd = new Isd(3, 0x1234);
        assertThat(isd.value()).isEqualTo(0x0003_1234L);
        assertThat(Isd.of(isd.value())).isEqualTo(isd);
        assertThat(Isd.segment(0xffff_ffff_0002_0028L)).isEqualTo(2); // bits 63:32 are not the ISD's
        assertThat(Isd.gsi(0xffff_ffff_0002_0028L)).isEqualTo(0x28);
    }

    @Test
    void anIsdFieldBeyondSixteenBitsIsNamed()
    {
        assertThatThrownBy(() -> new Isd(0x1_0000, 0)).hasMessageContaining("segment");
        assertThatThrownBy(() -> new Isd(0, -1)).hasMessageContaining("gsi");
    }

    @Test
    void aDtdHoldsTheRequesterAndSegmentInWordZeroAndTheIommuInWordOne()
    {
        final Dtd dtd = new Dtd(1, 0x0208, 0xfed9_1000L); // 02:01.0 on segment 1
        assertThat(dtd.word0()).isEqualTo(0x0001_0208L);
        assertThat(dtd.word1()).isEqualTo(0xfed9_1000L);
        assertThat(Dtd.of(dtd.word0(), dtd.word1() | 0xfff)).isEqualTo(dtd); // bits 11:0 of word 1 are not the address
        assertThat(Dtd.requester(dtd.word0())).isEqualTo(0x0208);
        assertThat(Dtd.segment(dtd.word0())).isEqualTo(1);
    }

    @Test
    void aDtdWithAnUnalignedIommuIsRefused()
    {
        assertThatThrownBy(() -> new Dtd(0, 0, 0xfed9_0010L)).hasMessageContaining("iommu");
    }
}
