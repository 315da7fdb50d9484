// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The register codecs round-trip and place their fields as the specification's figures do. */
class CodecTest
{
    @Test
    void irouterPlacesAff3AboveTheModeBit()
    {
        final int aff = Affinity.of(0x12, 0x34, 0x56, 0x78);
        assertThat(Irouter.to(aff)).isEqualTo(0x12_0034_5678L);
        assertThat(Irouter.affinity(Irouter.to(aff))).isEqualTo(aff);
        assertThat(Irouter.oneOfN(Irouter.oneOfN())).isTrue();
        assertThat(Irouter.oneOfN()).isEqualTo(1L << 31);
    }

    @Test
    void sgi1rPlacesItsFieldsAsTheRegisterDescriptionDoes()
    {
        final long v = Sgi1r.targets(9, Affinity.of(0xa3, 0xa2, 0xa1, 0), 5, 0x8001);
        assertThat(v).isEqualTo(0x00a3_50a2_0000_0000L | 9L << 24 | 0xa1L << 16 | 0x8001L);
        assertThat(Sgi1r.cluster(v)).isEqualTo(Affinity.of(0xa3, 0xa2, 0xa1, 0));
        assertThat(Sgi1r.to(3, Affinity.of(0, 0, 1, 0x23))).isEqualTo(3L << 24 | 1L << 16 | 2L << 44 | 1L << 3);
        assertThat(Sgi1r.broadcast(4)).isEqualTo(4L << 24 | 1L << 40);
    }

    @Test
    void affinityConvertsFromAndToMpidr()
    {
        final long mpidr = 0x8000_0000L | 0x07_0000_0000L | 0x05_0608L; // RES1 bit 31, Aff3 7, Aff2 5, Aff1 6, Aff0 8
        assertThat(Affinity.fromMpidr(mpidr)).isEqualTo(Affinity.of(7, 5, 6, 8));
        assertThat(Affinity.toMpidr(Affinity.of(7, 5, 6, 8))).isEqualTo(0x07_0005_0608L);
        assertThat(Affinity.level(Affinity.of(7, 5, 6, 8), 3)).isEqualTo(7);
    }

    @Test
    void typersRoundTrip()
    {
        final GicdTyper d = new GicdTyper(31, 0, true, false, false, 0, false, true, false, 15, true, false, true, 31);
        assertThat(GicdTyper.of(d.value())).isEqualTo(d);
        assertThat(d.value()).isEqualTo(0xfd7a_011f); // ESPI_range 31, RSS, A3V, IDbits 15, LPIS, ESPI, 31
        assertThat(d.spis()).isEqualTo(988);
        assertThat(d.espis()).isEqualTo(1024);
        final GicrTyper r = new GicrTyper(true, false, false, true, true, true, false, false, 513, 0, false, 2,
            Affinity.of(1, 2, 3, 4));
        assertThat(GicrTyper.of(r.value())).isEqualTo(r);
        assertThat(r.value()).isEqualTo(0x0102_0304_1002_0139L);
        assertThat(r.eppis()).isEqualTo(64);
    }

    @Test
    void declaredOffsetsAreTheSpecifications()
    {
        assertThat(GicdRegister.at(0x6000 + 8 * 40 + 4)).isEqualTo(GicdRegister.IROUTER);
        assertThat(GicdRegister.IROUTERE.offset(3)).isEqualTo(0x8018);
        assertThat(GicdRegister.ISENABLERE.offset(1)).isEqualTo(0x1204);
        assertThat(GicdRegister.IROUTERE.extended()).isTrue();
        assertThat(GicdRegister.IROUTER.extended()).isFalse();
        assertThat(GicdRegister.at(0x0fe8)).isEqualTo(GicdRegister.INMIR); // RAZ/WI: NOVA's 4 KiB probe reads 0
        assertThat(GicrRegister.at(0x1_0104)).isEqualTo(GicrRegister.ISENABLER); // GICR_ISENABLER1E
        assertThat(GicrRegister.IPRIORITYR.offset(8)).isEqualTo(0x1_0420); // GICR_IPRIORITYR8E
        assertThat(GicrRegister.ICFGR.offset(2)).isEqualTo(0x1_0c08); // GICR_ICFGR2E
        assertThat(GicrRegister.at(0x0f00)).isNull();
    }
}
