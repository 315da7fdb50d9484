// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** MPIDR_EL1's affinity fields, the machine's numbering of PEs in clusters of 16, and SGI target groups (A20). */
class MpidrTest
{
    @Test
    void theMachineNumbersSixteenPesPerCluster()
    {
        assertThat(Mpidr.ofPe(0)).isEqualTo(new Mpidr(0, 0, 0, 0));
        assertThat(Mpidr.ofPe(15)).isEqualTo(new Mpidr(0, 0, 0, 15));
        assertThat(Mpidr.ofPe(16)).isEqualTo(new Mpidr(0, 0, 1, 0));
        assertThat(Mpidr.ofPe(17)).isEqualTo(new Mpidr(0, 0, 1, 1));
        assertThat(Mpidr.ofPe(4095)).isEqualTo(new Mpidr(0, 0, 255, 15));
        assertThat(Mpidr.ofPe(4096)).isEqualTo(new Mpidr(0, 1, 0, 0));
        assertThat(Mpidr.ofPe(1 << 20)).isEqualTo(new Mpidr(1, 0, 0, 0));
        assertThat(Mpidr.ofPe(Mpidr.MAX_PES - 1)).isEqualTo(new Mpidr(255, 255, 255, 15));
    }

    @Test
    void theRegisterHoldsAff0To2LowAff3At32WithBit31Set()
    {
        assertThat(Mpidr.ofPe(0).encode()).isEqualTo(0x8000_0000L);
        assertThat(new Mpidr(0x12, 0x34, 0x56, 0x78).encode()).isEqualTo(0x12_8034_5678L);
        assertThat(new Mpidr(0x12, 0x34, 0x56, 0x78).affinity()).isEqualTo(0x12_0034_5678L);
        assertThat(new Mpidr(0x12, 0x34, 0x56, 0x78).packed()).isEqualTo(0x1234_5678);
        assertThat(Mpidr.ofPe(17).encode() & (Mpidr.MT | Mpidr.U)).isZero();
    }

    @Test
    void decodingIgnoresTheOtherBitsAndRoundTrips()
    {
        for (final int pe : new int[] {0, 1, 15, 16, 300, 4096, 70_000, 1 << 27})
        {
            assertThat(Mpidr.decode(Mpidr.ofPe(pe).encode())).isEqualTo(Mpidr.ofPe(pe));
        }
        assertThat(Mpidr.decode(0xffff_ff12_ffff_ff78L | Mpidr.MT)).isEqualTo(new Mpidr(0x12, 0xff, 0xff, 0x78));
    }

    @Test
    void anSgiReachesSixteenAff0ValuesOfOneClusterInTheRangeRsSelects()
    {
        assertThat(Mpidr.ofPe(3).targetListBit()).isEqualTo(3);
        assertThat(Mpidr.ofPe(19).targetListBit()).isEqualTo(3);
        assertThat(Mpidr.ofPe(19).rangeSelector()).isZero();
        assertThat(Mpidr.ofPe(0).sameSgiGroup(Mpidr.ofPe(15))).isTrue();
        assertThat(Mpidr.ofPe(15).sameSgiGroup(Mpidr.ofPe(16))).isFalse(); // beyond 16: another Aff1
        // An Aff0 above 15 (not the machine's numbering, but a valid MPIDR) needs RS.
        final Mpidr wide = Mpidr.decode(0x25);
        assertThat(wide.rangeSelector()).isEqualTo(2);
        assertThat(wide.targetListBit()).isEqualTo(5);
        assertThat(wide.sameSgiGroup(Mpidr.decode(0x05))).isFalse();
        assertThat(wide.sameSgiGroup(Mpidr.decode(0x2f))).isTrue();
    }

    @Test
    void fieldsOutsideEightBitsAreRefusedByName()
    {
        assertThatThrownBy(() -> new Mpidr(0, 0, 0, 256)).hasMessageContaining("aff0");
        assertThatThrownBy(() -> new Mpidr(-1, 0, 0, 0)).hasMessageContaining("aff3");
        assertThatThrownBy(() -> Mpidr.ofPe(Mpidr.MAX_PES)).hasMessageContaining("pe");
    }
}
