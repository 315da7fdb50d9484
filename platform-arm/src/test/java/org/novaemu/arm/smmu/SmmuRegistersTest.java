// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The register file: identification and reset values, the enable handshakes, guarded registers, access sizes. */
class SmmuRegistersTest
{
    private final SmmuHarness h = new SmmuHarness();

    @Test
    void identificationReportsAStage2OnlySmmuWithWhatNovasDriverChecks()
    {
        final long idr0 = h.read(SmmuRegister.IDR0);
        assertThat(SmmuRegister.IDR0_S2P.extract(idr0)).isEqualTo(1);
        assertThat(SmmuRegister.IDR0_S1P.extract(idr0)).isZero();
        assertThat(SmmuRegister.IDR0_TTF.extract(idr0)).isEqualTo(0b10);         // VMSAv8-64
        assertThat(SmmuRegister.IDR0_COHACC.extract(idr0)).isEqualTo(1);
        assertThat(SmmuRegister.IDR0_HYP.extract(idr0)).isZero();
        assertThat(SmmuRegister.IDR0_MSI.extract(idr0)).isEqualTo(1);
        assertThat(SmmuRegister.IDR0_VMID16.extract(idr0)).isEqualTo(1);
        assertThat(SmmuRegister.IDR0_STALL_MODEL.extract(idr0)).isEqualTo(0b01);  // no stalls
        assertThat(SmmuRegister.IDR0_ST_LEVEL.extract(idr0)).isEqualTo(0b01);     // 2-level tables
        final long idr1 = h.read(SmmuRegister.IDR1);
        assertThat(SmmuRegister.IDR1_SIDSIZE.extract(idr1)).isEqualTo(16);
        assertThat(SmmuRegister.IDR1_SSIDSIZE.extract(idr1)).isZero();
        assertThat(SmmuRegister.IDR1_CMDQS.extract(idr1)).isEqualTo(19);
        assertThat(SmmuRegister.IDR1_EVENTQS.extract(idr1)).isEqualTo(19);
        assertThat(idr1 >>> 29 & 3).isZero();                                     // nothing preset
        final long idr5 = h.read(SmmuRegister.IDR5);
        assertThat(SmmuRegister.IDR5_OAS.extract(idr5)).isEqualTo(0b101);         // 48 bits
        assertThat(SmmuRegister.IDR5_GRAN4K.extract(idr5)).isEqualTo(1);
        assertThat(idr5 & (SmmuRegister.IDR5_GRAN16K.mask() | SmmuRegister.IDR5_GRAN64K.mask())).isZero();
        assertThat(h.read(SmmuRegister.IIDR) & 0xfff).isEqualTo(0x43b);           // Arm
        assertThat(h.read(SmmuRegister.AIDR)).isZero();                            // SMMUv3.0
        assertThat(new SmmuHarness(5).read(SmmuRegister.IDR1) & 0x3f).isEqualTo(5);
    }

    @Test
    void afterResetTheSmmuIsDisabledAndAbortsEverything()
    {
        assertThat(h.read(SmmuRegister.CR0)).isZero();
        assertThat(h.read(SmmuRegister.CR0ACK)).isZero();
        assertThat(h.read(SmmuRegister.IRQ_CTRLACK)).isZero();
        assertThat(h.read(SmmuRegister.GERROR)).isZero();
        for (final SmmuRegister r : new SmmuRegister[] {SmmuRegister.CR1, SmmuRegister.CR2,
            SmmuRegister.STRTAB_BASE, SmmuRegister.STRTAB_BASE_CFG, SmmuRegister.CMDQ_BASE, SmmuRegister.CMDQ_PROD,
            SmmuRegister.CMDQ_CONS, SmmuRegister.EVENTQ_BASE, SmmuRegister.EVENTQ_PROD, SmmuRegister.EVENTQ_CONS,
            SmmuRegister.GERROR_IRQ_CFG0, SmmuRegister.EVENTQ_IRQ_CFG0})
        {
            assertThat(h.read(r)).as(r.name()).isZero();                             // UNKNOWN at reset: zero
        }
        assertThat(h.read(SmmuRegister.GBPA) & SmmuRegister.GBPA_ABORT).isNotZero();
        assertThat(h.read(SmmuRegister.GBPA) & SmmuRegister.GBPA_UPDATE).isZero();
        h.mem.write64(SmmuHarness.RAM, 0x1234);
        assertThat(h.bus.dmaRead(SmmuHarness.DEV, SmmuHarness.RAM, 8)).isEqualTo(-1L);
        assertThat(h.bus.dmaFaults()).isEqualTo(1);
    }

    @Test
    void cr0IsAcknowledgedAtOnceWithItsImplementedBitsOnly()
    {
        h.write(SmmuRegister.CR0, 0xffff_ffffL);
        assertThat(h.read(SmmuRegister.CR0)).isEqualTo(0b1101);                    // SMMUEN, EVENTQEN, CMDQEN
        assertThat(h.read(SmmuRegister.CR0ACK)).isEqualTo(0b1101);
        h.write(SmmuRegister.CR0ACK, 0);                                           // read-only
        assertThat(h.read(SmmuRegister.CR0ACK)).isEqualTo(0b1101);
        h.write(SmmuRegister.CR0, SmmuRegister.CR0_EVENTQEN);
        assertThat(h.read(SmmuRegister.CR0ACK)).isEqualTo(SmmuRegister.CR0_EVENTQEN);
        h.write(SmmuRegister.IRQ_CTRL, 0xff);
        assertThat(h.read(SmmuRegister.IRQ_CTRLACK)).isEqualTo(0b101);             // no PRI queue
    }

    @Test
    void gbpaTakesOnlyWritesThatSetUpdateAndCompletesThemAtOnce()
    {
        h.write(SmmuRegister.GBPA, 0);                                             // no Update: ignored
        assertThat(h.read(SmmuRegister.GBPA) & SmmuRegister.GBPA_ABORT).isNotZero();
        h.write(SmmuRegister.GBPA, SmmuRegister.GBPA_UPDATE | 1 << 12);
        assertThat(h.read(SmmuRegister.GBPA)).isEqualTo(1 << 12);                  // Update clear, bypass
        h.mem.write64(SmmuHarness.RAM + 0x100, 0x55);
        assertThat(h.bus.dmaRead(SmmuHarness.DEV, SmmuHarness.RAM + 0x100, 8)).isEqualTo(0x55);
        // Bypass passes no address beyond the 48-bit output size, and never a CPU's access.
        assertThat(h.smmu.translate(SmmuHarness.DEV, 1L << 48, 4, false)).isEqualTo(Smmuv3.FAULT);
        assertThat(h.smmu.translate(-1L, SmmuHarness.RAM, 4, false)).isEqualTo(Smmuv3.FAULT);
        h.write(SmmuRegister.GBPA, SmmuRegister.GBPA_UPDATE | SmmuRegister.GBPA_ABORT);
        assertThat(h.smmu.translate(SmmuHarness.DEV, SmmuHarness.RAM, 4, false)).isEqualTo(Smmuv3.FAULT);
        assertThat(h.smmu.eventsRecorded() + h.smmu.eventsLost()).isZero();        // bypass and abort record nothing
    }

    @Test
    void guardedRegistersAreReadOnlyWhileWhatGuardsThemIsEnabled()
    {
        h.enableLinear();
        h.write(SmmuRegister.STRTAB_BASE, 0x1234_0000L);
        h.write(SmmuRegister.STRTAB_BASE_CFG, 4);
        h.write(SmmuRegister.CMDQ_BASE, 0x5678_0000L);
        h.write(SmmuRegister.CMDQ_CONS, 3);
        h.write(SmmuRegister.EVENTQ_BASE, 0x9abc_0000L);
        h.write(SmmuRegister.EVENTQ_PROD, 5);
        h.write(SmmuRegister.CR2, 0);
        h.write(SmmuRegister.GERROR_IRQ_CFG1, 0x77);
        h.write(SmmuRegister.EVENTQ_IRQ_CFG0, SmmuHarness.DOORBELL);
        assertThat(h.read(SmmuRegister.STRTAB_BASE)).isEqualTo(SmmuHarness.STRTAB);
        assertThat(h.read(SmmuRegister.STRTAB_BASE_CFG)).isEqualTo(8);
        assertThat(h.read(SmmuRegister.CMDQ_BASE)).isEqualTo(SmmuHarness.CMDQ | 4);
        assertThat(h.read(SmmuRegister.CMDQ_CONS)).isEqualTo(3);                   // the three commands enable ran
        assertThat(h.read(SmmuRegister.EVENTQ_BASE)).isEqualTo(SmmuHarness.EVENTQ | 3);
        assertThat(h.read(SmmuRegister.EVENTQ_PROD)).isZero();
        assertThat(h.read(SmmuRegister.CR2)).isEqualTo(SmmuRegister.CR2_RECINVSID);
        assertThat(h.read(SmmuRegister.GERROR_IRQ_CFG1)).isZero();
        assertThat(h.read(SmmuRegister.EVENTQ_IRQ_CFG0)).isZero();
        h.write(SmmuRegister.CR0, 0);
        h.write(SmmuRegister.IRQ_CTRL, 0);
        h.write(SmmuRegister.STRTAB_BASE_CFG, 4);
        h.write(SmmuRegister.CMDQ_CONS, 2);
        h.write(SmmuRegister.EVENTQ_IRQ_CFG0, SmmuHarness.DOORBELL | 3);           // bits 1:0 are RES0
        assertThat(h.read(SmmuRegister.STRTAB_BASE_CFG)).isEqualTo(4);
        assertThat(h.read(SmmuRegister.CMDQ_CONS)).isEqualTo(2);
        assertThat(h.read(SmmuRegister.EVENTQ_IRQ_CFG0)).isEqualTo(SmmuHarness.DOORBELL);
    }

    @Test
    void sixtyFourBitRegistersTakeHalvesAndTheEventQueueIndexesLiveInPage1Only()
    {
        h.bus.write(SmmuHarness.SMMU + SmmuRegister.STRTAB_BASE.offset(), 4, 0x4010_0040L);
        h.bus.write(SmmuHarness.SMMU + SmmuRegister.STRTAB_BASE.offset() + 4, 4, 0x4000_0000L); // RA, bit 62
        assertThat(h.read(SmmuRegister.STRTAB_BASE)).isEqualTo(1L << 62 | 0x4010_0040L);
        assertThat(h.bus.read(SmmuHarness.SMMU + SmmuRegister.STRTAB_BASE.offset() + 4, 4)).isEqualTo(0x4000_0000L);
        h.write(SmmuRegister.EVENTQ_CONS, 6);
        assertThat(h.bus.read(SmmuHarness.SMMU + 0x100ac, 4)).isEqualTo(6);
        assertThat(h.bus.read(SmmuHarness.SMMU + 0xac, 4)).isZero();               // page 0: RAZ/WI
        h.bus.write(SmmuHarness.SMMU + 0xac, 4, 2);
        assertThat(h.read(SmmuRegister.EVENTQ_CONS)).isEqualTo(6);
        assertThat(h.bus.read(SmmuHarness.SMMU + 0x1_0020, 4)).isZero();           // page 1 elsewhere: RES0
        // A 64-bit access to two 32-bit registers acts on both.
        h.write(SmmuRegister.CMDQ_BASE, SmmuHarness.CMDQ | 4);
        h.bus.write(SmmuHarness.SMMU + SmmuRegister.CMDQ_PROD.offset(), 8, 5L << 32 | 4);
        assertThat(h.read(SmmuRegister.CMDQ_PROD)).isEqualTo(4);
        assertThat(h.read(SmmuRegister.CMDQ_CONS)).isEqualTo(5);
        // Byte accesses are refused by the bus (the access rule), never seen by the SMMU.
        assertThat(h.bus.read(SmmuHarness.SMMU, 1)).isEqualTo(0xff);
    }
}
