// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.vtd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The register map (VT-d 10.4) and the unit's capabilities. */
class VtdRegisterTest
{
    @Test
    void offsetsAreTheSpecifications()
    {
        assertThat(VtdRegister.GCMD.offset()).isEqualTo(0x18);
        assertThat(VtdRegister.RTADDR.offset()).isEqualTo(0x20);
        assertThat(VtdRegister.FSTS.offset()).isEqualTo(0x34);
        assertThat(VtdRegister.IQT.offset()).isEqualTo(0x88);
        assertThat(VtdRegister.IQA.offset()).isEqualTo(0x90);
        assertThat(VtdRegister.IRTA.offset()).isEqualTo(0xb8);
    }

    @Test
    void lookupsFindRegisterStartsAndUpperHalves()
    {
        assertThat(VtdRegister.at(0x18)).isEqualTo(VtdRegister.GCMD);
        assertThat(VtdRegister.at(0x24)).isNull();
        assertThat(VtdRegister.upperHalfAt(0x24)).isEqualTo(VtdRegister.RTADDR);
        assertThat(VtdRegister.upperHalfAt(0x20)).isNull();
        assertThat(VtdRegister.upperHalfAt(0x1c)).isNull(); // GSTS starts there; GCMD is 32-bit
        assertThat(VtdRegister.at(Vtd.FRCD + 16 * (Vtd.FAULT_RECORDS - 1) + 12)).isEqualTo(VtdRegister.FRCD);
        assertThat(VtdRegister.at(Vtd.FRCD + 16 * Vtd.FAULT_RECORDS)).isNull();
    }

    @Test
    void theCapabilitiesPointAtTheRegistersAndMatchTheirHandValue()
    {
        assertThat(Vtd.CAP).isEqualTo(0x0012_078c_202f_0606L);
        assertThat(Vtd.ECAP).isEqualTo(0x00f0_301aL);
        assertThat(VtdRegister.CAP_FRO.extract(Vtd.CAP) * 16).isEqualTo(VtdRegister.FRCD.offset());
        assertThat(VtdRegister.CAP_NFR.extract(Vtd.CAP) + 1).isEqualTo(Vtd.FAULT_RECORDS);
        assertThat(VtdRegister.ECAP_IRO.extract(Vtd.ECAP) * 16).isEqualTo(VtdRegister.IVA.offset());
        assertThat(VtdRegister.IOTLB.offset()).isEqualTo(VtdRegister.IVA.offset() + 8);
    }
}
