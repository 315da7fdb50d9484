// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.novaemu.bus.Bus;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.sim.Engine;

/**
 * The SMMUv2's registers (IHI 0062D, global spaces 0 and 1 and the context banks; A160-A162, A168): reset values,
 * identification, read-only, write-1-to-clear and reserved bits, the 64-bit registers' halves, and the register map's
 * holes.
 */
class Smmuv2RegistersTest
{
    private final V2Harness h = new V2Harness();

    @Test
    void resetAndIdentification()
    {
        assertThat(h.read(Smmuv2Register.SCR0)).as("CLIENTPD: bypass").isEqualTo(1);
        final long id0 = h.read(Smmuv2Register.SIDR0);
        assertThat(Smmuv2Register.SIDR0_NUMSMRG.extract(id0)).isEqualTo(32);
        assertThat(Smmuv2Register.SIDR0_NUMSIDB.extract(id0)).isEqualTo(15);
        assertThat(Smmuv2Register.SIDR0_EXIDS.isSet(id0)).isFalse();
        assertThat(Smmuv2Register.SIDR0_SMS.isSet(id0)).as("stream matching").isTrue();
        assertThat(Smmuv2Register.SIDR0_S2TS.isSet(id0)).isTrue();
        assertThat(Smmuv2Register.SIDR0_S1TS.isSet(id0)).isFalse();
        assertThat(Smmuv2Register.SIDR0_NTS.isSet(id0)).isFalse();
        assertThat(Smmuv2Register.SIDR0_CTTW.isSet(id0)).isTrue();
        assertThat(Smmuv2Register.SIDR0_NUMIRPT.extract(id0)).isEqualTo(8);
        assertThat(Smmuv2Register.SIDR0_PTFS.extract(id0)).as("AArch64 only").isEqualTo(0b10);
        final long id1 = h.read(Smmuv2Register.SIDR1);
        assertThat(Smmuv2Register.SIDR1_NUMCB.extract(id1)).isEqualTo(8);
        assertThat(Smmuv2Register.SIDR1_NUMS2CB.extract(id1)).isEqualTo(8);
        assertThat(Smmuv2Register.SIDR1_PAGESIZE.isSet(id1)).as("4 KiB pages").isFalse();
        assertThat(Smmuv2Register.SIDR1_NUMPAGENDXB.extract(id1)).as("8 pages a half").isEqualTo(2);
        assertThat(h.smmu.frameSize()).isEqualTo(0x1_0000);
        final long id2 = h.read(Smmuv2Register.SIDR2);
        assertThat(Smmuv2Register.SIDR2_IAS.extract(id2)).as("48 bits").isEqualTo(5);
        assertThat(Smmuv2Register.SIDR2_OAS.extract(id2)).isEqualTo(5);
        assertThat(Smmuv2Register.SIDR2_PTFS_4K.isSet(id2)).isTrue();
        for (int n = 0; n < 32; n++)
        {
            assertThat(h.read(Smmuv2Register.SMR, n)).isZero();
            assertThat(Smmuv2Register.S2CR_TYPE.extract(h.read(Smmuv2Register.S2CR, n))).as("fault")
                .isEqualTo(Smmuv2Register.S2CR_FAULT);
        }
        assertThat(h.read(Smmuv2Register.SCTLR, 0)).isZero();
        assertThat(h.read(Smmuv2Register.SGFSR)).isZero();
        assertThat(h.read(Smmuv2Register.STLBGSTATUS)).isZero();
    }

    @Test
    void frameSizesFollowTheContextBanks()
    {
        assertThat(Smmuv2.frameSize(1)).isEqualTo(0x4000);
        assertThat(Smmuv2.frameSize(8)).isEqualTo(0x1_0000);
        assertThat(Smmuv2.frameSize(9)).isEqualTo(0x2_0000);
        final Engine e = Engine.builder().build();
        final Bus b = new Bus(new PhysicalMemory(), e.trace());
        final Smmuv2 s = Smmuv2.builder(b).contextBanks(9).build();
        assertThat(Smmuv2Register.SIDR1_NUMPAGENDXB.extract(s.read(Smmuv2Register.SIDR1.offset(), 4, 0)))
            .isEqualTo(3);
        assertThatThrownBy(() -> Smmuv2.builder(b).contextBanks(0)).hasMessageContaining("contextBanks");
        assertThatThrownBy(() -> Smmuv2.builder(b).streamMatchGroups(129)).hasMessageContaining("streamMatchGroups");
        assertThatThrownBy(() -> Smmuv2.builder(b).contextBanks(1).contextFaultIrqs(h.context).build())
            .hasMessageContaining("contextFaultIrqs");
    }

    @Test
    void identificationIsReadOnlyAndReservedIsRazWi()
    {
        final long id0 = h.read(Smmuv2Register.SIDR0);
        h.write(Smmuv2Register.SIDR0, 0);
        h.write(Smmuv2Register.STLBGSTATUS, 1);
        assertThat(h.read(Smmuv2Register.SIDR0)).isEqualTo(id0);
        assertThat(h.read(Smmuv2Register.STLBGSTATUS)).isZero();
        for (final long at : new long[] {0x004, 0x008, 0x07c, 0x400, 0x800 + 4 * 32, 0xc00 + 4 * 32, 0x1000 + 4 * 8,
            0x2000, 0x7ffc, V2Harness.CB_SPACE - V2Harness.SMMU + 0x100})
        {
            h.bus.write(V2Harness.SMMU + at, 4, 0xffff_ffffL);
            assertThat(h.bus.read(V2Harness.SMMU + at, 4)).as("0x%x", at).isZero();
        }
        // sCR0: EXIDENABLE, bit 30 and VMID16EN are RES0.
        h.write(Smmuv2Register.SCR0, 0xffff_ffffL);
        assertThat(h.read(Smmuv2Register.SCR0)).isEqualTo(0x3fff_fff7L);
        // SMR bit 15 (beyond NUMSIDB), S2CR EXIDVALID and bits 31:30 are RES0.
        h.write(Smmuv2Register.SMR, 3, 0xffff_ffffL);
        assertThat(h.read(Smmuv2Register.SMR, 3)).isEqualTo(0xffff_7fffL);
        h.write(Smmuv2Register.S2CR, 3, 0xffff_ffffL);
        assertThat(h.read(Smmuv2Register.S2CR, 3)).isEqualTo(0x3fff_fbffL);
        h.write(Smmuv2Register.CBA2R, 2, 0xffff_ffffL);
        assertThat(h.read(Smmuv2Register.CBA2R, 2)).as("VMID16 RES0").isEqualTo(1);
        h.write(Smmuv2Register.CBAR, 2, 0xffff_ffffL);
        assertThat(h.read(Smmuv2Register.CBAR, 2)).as("IRPTNDX RES0").isEqualTo(0x3_ffffL);
        h.write(Smmuv2Register.TCR, 2, 0xffff_ffffL);
        assertThat(h.read(Smmuv2Register.TCR, 2)).isEqualTo(0x7_ffffL);
    }

    @Test
    void sixtyFourBitRegistersTakeHalves()
    {
        h.write(Smmuv2Register.TTBR0, 1, 0x1234_5678_9abc_d000L);
        assertThat(h.read(Smmuv2Register.TTBR0, 1)).as("bits 63:48 RES0").isEqualTo(0x5678_9abc_d000L);
        h.bus.write(V2Harness.address(Smmuv2Register.TTBR0, 1) + 4, 4, 0x42);
        assertThat(h.read(Smmuv2Register.TTBR0, 1)).isEqualTo(0x42_9abc_d000L);
        assertThat(h.bus.read(V2Harness.address(Smmuv2Register.TTBR0, 1), 4)).isEqualTo(0x9abc_d000L);
        h.write(Smmuv2Register.SGFAR, 0xdead_beef_0000L);
        assertThat(h.bus.read(V2Harness.SMMU + 0x44, 4)).isEqualTo(0xdeadL);
        // A 64-bit access to two 32-bit registers: two accesses.
        h.bus.write(V2Harness.address(Smmuv2Register.SCTLR, 0), 8, 0xffff_ffff_0000_0001L);
        assertThat(h.read(Smmuv2Register.SCTLR, 0)).isEqualTo(1);
        assertThat(h.bus.read(V2Harness.address(Smmuv2Register.SCTLR, 0), 8)).isEqualTo(1);
    }

    @Test
    void faultStatusIsWriteOneToClearAndRestorable()
    {
        h.write(Smmuv2Register.SGFSRRESTORE, 0xffff_ffffL);
        assertThat(h.read(Smmuv2Register.SGFSR)).isEqualTo(0x8000_01ffL);
        h.write(Smmuv2Register.SGFSR, Smmuv2Register.SGFSR_USF | Smmuv2Register.FSR_MULTI);
        assertThat(h.read(Smmuv2Register.SGFSR)).isEqualTo(0x1fdL);
        h.write(Smmuv2Register.SGFSR, 0);
        assertThat(h.read(Smmuv2Register.SGFSR)).as("0 clears nothing").isEqualTo(0x1fdL);
        h.write(Smmuv2Register.FSRRESTORE, 4, Smmuv2Register.FSR_TF | Smmuv2Register.FSR_PF | 1);
        assertThat(h.read(Smmuv2Register.FSR, 4)).as("bit 0 RES0").isEqualTo(0b1010);
        h.write(Smmuv2Register.FSR, 4, Smmuv2Register.FSR_TF);
        assertThat(h.read(Smmuv2Register.FSR, 4)).isEqualTo(Smmuv2Register.FSR_PF);
        assertThat(h.read(Smmuv2Register.FSRRESTORE, 4)).as("write-only").isZero();
    }

    @Test
    void syncsCompleteAtOnceUnlessHeld()
    {
        h.write(Smmuv2Register.STLBGSYNC, 0);
        h.write(Smmuv2Register.TLBSYNC, 3, 0);
        assertThat(h.read(Smmuv2Register.STLBGSTATUS)).isZero();
        assertThat(h.read(Smmuv2Register.TLBSTATUS, 3)).isZero();
        h.write(Smmuv2Register.SACR, 0xffff_ffffL);
        assertThat(h.read(Smmuv2Register.SACR)).isEqualTo(Smmuv2Register.SACR_SYNCHOLD);
        h.write(Smmuv2Register.STLBGSYNC, 0);
        h.write(Smmuv2Register.TLBSYNC, 3, 0);
        assertThat(h.read(Smmuv2Register.STLBGSTATUS)).isEqualTo(Smmuv2Register.TLBSTATUS_ACTIVE);
        assertThat(h.read(Smmuv2Register.TLBSTATUS, 3)).isEqualTo(Smmuv2Register.TLBSTATUS_ACTIVE);
        assertThat(h.read(Smmuv2Register.TLBSTATUS, 2)).isZero();
        h.write(Smmuv2Register.SACR, 0);
        assertThat(h.read(Smmuv2Register.STLBGSTATUS)).isZero();
        assertThat(h.read(Smmuv2Register.TLBSTATUS, 3)).isZero();
    }
}
