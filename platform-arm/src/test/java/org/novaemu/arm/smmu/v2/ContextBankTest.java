// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu.v2;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.Allocations;
import org.novaemu.arm.ArmTrace;
import org.novaemu.trace.TraceRecord;

/**
 * A stage 2 context bank (IHI 0062D, the SMMU_CBn_* registers; the walk per Arm ARM D8; A165-A167): 4 KiB pages, 2 MiB
 * and 1 GiB blocks, concatenated start tables, translation, access flag, permission, address size and external
 * faults with FSR, FAR and FSYNR0 and the context interrupt, and a TLB that keeps translations until the
 * architected invalidations.
 */
class ContextBankTest
{
    private static final int SID = 0x21;
    private static final long PA = V2Harness.RAM + 0x100_0000L;
    private static final long DEV = V2Harness.dev(SID);

    private final V2Harness h = new V2Harness();

    ContextBankTest()
    {
        h.enable();
        h.group(2, SID, 0, 3);
        h.bank(3, 9);
    }

    private long fsr()
    {
        return h.read(Smmuv2Register.FSR, 3);
    }

    @Test
    void pagesAndBlocksTranslate()
    {
        h.map4k(0x1000, PA, V2Harness.R | V2Harness.W);
        h.map2m(0x40_0000, V2Harness.RAM + 0x20_0000, V2Harness.R | V2Harness.W);
        h.map1g(0x8000_0000L, V2Harness.RAM, V2Harness.R | V2Harness.W);
        assertThat(h.bus.dmaWrite(DEV, 0x1008, 8, 1)).isTrue();
        assertThat(h.mem.read64(PA + 8)).isEqualTo(1);
        assertThat(h.bus.dmaWrite(DEV, 0x40_0000 + 0x1_2340, 8, 2)).isTrue();
        assertThat(h.mem.read64(V2Harness.RAM + 0x21_2340)).isEqualTo(2);
        assertThat(h.bus.dmaWrite(DEV, 0x8000_0000L + 0x0123_4560, 8, 3)).isTrue();
        assertThat(h.mem.read64(V2Harness.RAM + 0x0123_4560)).isEqualTo(3);
        assertThat(h.bus.dmaRead(DEV, 0x1008, 8)).isEqualTo(1);
        assertThat(fsr()).isZero();
        assertThat(h.context[3].level()).isFalse();
    }

    @Test
    void concatenatedStartTables()
    {
        // 40-bit IPAs from level 1 (T0SZ 24, SL0 1): two concatenated level 1 tables, 8 KiB aligned.
        final long root = V2Harness.RAM + 0x80_0000L;
        final long l2 = root + 0x2000;
        h.write(Smmuv2Register.TCR, 3, 24 | 1 << 6 | 5 << 16);
        h.write(Smmuv2Register.TTBR0, 3, root);
        h.mem.write64(root + 0x1000 + 8, l2 | V2Harness.TABLE); // IPA bit 39 set: the second table
        h.mem.write64(l2, V2Harness.RAM | V2Harness.R | V2Harness.AF | V2Harness.BLOCK);
        final long ipa = 0x80_4000_0000L + 0x10;
        h.mem.write64(V2Harness.RAM + 0x10, 0x77);
        assertThat(h.bus.dmaRead(DEV, ipa, 8)).isEqualTo(0x77);
        assertThat(h.bus.dmaRead(DEV, 1L << 40, 8)).as("beyond T0SZ").isEqualTo(-1L);
        assertThat(fsr()).isEqualTo(Smmuv2Register.FSR_TF);
    }

    /** Traced (T21): the StreamID, the input address and 0x40 + the FSR bit, with 0x100 for a write. */
    @Test
    void aContextFaultIsTraced()
    {
        h.engine.trace().setEnabled(true);
        h.bus.dmaWrite(DEV, 0x5008, 8, 1);
        assertThat(h.engine.trace().records()).filteredOn(x -> x.kind() == ArmTrace.SMMU_FAULT).singleElement()
            .extracting(TraceRecord::a, TraceRecord::b, TraceRecord::c)
            .containsExactly((long) SID, 0x5008L, 0x140L + Integer.numberOfTrailingZeros(Smmuv2Register.FSR_TF));
    }

    @Test
    void translationFaultsRecordAndInterrupt()
    {
        assertThat(h.bus.dmaWrite(DEV, 0x5008, 8, 1)).isFalse();
        assertThat(fsr()).isEqualTo(Smmuv2Register.FSR_TF);
        assertThat(h.read(Smmuv2Register.FAR, 3)).isEqualTo(0x5008);
        final long syn = h.read(Smmuv2Register.FSYNR0, 3);
        assertThat(Smmuv2Register.FSYNR0_PLVL.extract(syn)).as("level 0 invalid").isZero();
        assertThat(syn & Smmuv2Register.FSYNR0_WNR).isNotZero();
        assertThat(h.context[3].level()).isTrue();
        assertThat(h.context[2].level()).isFalse();
        // A second fault: MULTI, the first's syndrome kept.
        h.map4k(0x6000, PA, V2Harness.R);
        assertThat(h.bus.dmaRead(DEV, 0x5000 + (1L << 30), 8)).isEqualTo(-1L);
        assertThat(fsr()).isEqualTo((Smmuv2Register.FSR_TF | Smmuv2Register.FSR_MULTI) & 0xffff_ffffL);
        assertThat(h.read(Smmuv2Register.FAR, 3)).isEqualTo(0x5008);
        h.write(Smmuv2Register.FSR, 3, fsr());
        assertThat(h.context[3].level()).as("cleared").isFalse();
        assertThat(h.bus.dmaRead(DEV, 0x7000, 8)).isEqualTo(-1L);
        assertThat(Smmuv2Register.FSYNR0_PLVL.extract(h.read(Smmuv2Register.FSYNR0, 3))).as("level 3")
            .isEqualTo(3);
        assertThat(h.smmu.contextFaults(3)).isEqualTo(3);
        // CFIE 0: recorded, no interrupt.
        h.write(Smmuv2Register.SCTLR, 3, Smmuv2Register.SCTLR_M);
        assertThat(h.context[3].level()).isFalse();
        assertThat(fsr()).isEqualTo(Smmuv2Register.FSR_TF);
    }

    @Test
    void permissionAccessFlagAddressSizeAndExternalFaults()
    {
        h.map4k(0x1000, PA, V2Harness.R);
        h.mem.write64(PA, 5);
        assertThat(h.bus.dmaRead(DEV, 0x1000, 8)).isEqualTo(5);
        assertThat(h.bus.dmaWrite(DEV, 0x1000, 8, 6)).isFalse();
        assertThat(h.mem.read64(PA)).as("blocked").isEqualTo(5);
        assertThat(fsr()).isEqualTo(Smmuv2Register.FSR_PF);
        assertThat(Smmuv2Register.FSYNR0_PLVL.extract(h.read(Smmuv2Register.FSYNR0, 3))).isEqualTo(3);
        h.write(Smmuv2Register.FSR, 3, -1L);

        h.mem.write64(h.slot(0x2000, 3), PA | V2Harness.R | V2Harness.PAGE); // AF 0
        assertThat(h.bus.dmaRead(DEV, 0x2000, 8)).isEqualTo(-1L);
        assertThat(fsr()).isEqualTo(Smmuv2Register.FSR_AFF);
        h.write(Smmuv2Register.FSR, 3, -1L);
        h.write(Smmuv2Register.SCTLR, 3, h.read(Smmuv2Register.SCTLR, 3) | Smmuv2Register.SCTLR_AFFD);
        assertThat(h.bus.dmaRead(DEV, 0x2000, 8)).as("AFFD: AF 0 taken as 1").isEqualTo(5);
        h.write(Smmuv2Register.SCTLR, 3, h.read(Smmuv2Register.SCTLR, 3) & ~Smmuv2Register.SCTLR_AFFD);

        h.map4k(0x3000, 1L << 44, V2Harness.R); // beyond a 40-bit PS
        h.write(Smmuv2Register.TCR, 3, V2Harness.TCR_48 & ~(7 << 16) | 2 << 16);
        assertThat(h.bus.dmaRead(DEV, 0x3000, 8)).isEqualTo(-1L);
        assertThat(fsr()).isEqualTo(Smmuv2Register.FSR_ASF);
        h.write(Smmuv2Register.FSR, 3, -1L);

        h.write(Smmuv2Register.TTBR0, 3, 0x1000_0000L); // not RAM
        assertThat(h.bus.dmaRead(DEV, 0x1000, 8)).as("the TLB still has it").isEqualTo(5);
        assertThat(h.bus.dmaRead(DEV, 0x9000, 8)).isEqualTo(-1L);
        assertThat(fsr()).isEqualTo(Smmuv2Register.FSR_EF);
        assertThat(h.read(Smmuv2Register.FSYNR0, 3) & Smmuv2Register.FSYNR0_PTWF).isNotZero();
    }

    @Test
    void theTlbKeepsTranslationsUntilInvalidated()
    {
        h.map4k(0x1000, PA, V2Harness.R | V2Harness.W);
        assertThat(h.bus.dmaWrite(DEV, 0x1000, 8, 1)).isTrue();
        final long walks = h.smmu.walks();
        h.mem.write64(h.slot(0x1000, 3), 0); // unmapped, not invalidated
        assertThat(h.bus.dmaWrite(DEV, 0x1000, 8, 2)).isTrue();
        assertThat(h.smmu.walks()).as("a hit").isEqualTo(walks);
        h.write(Smmuv2Register.TLBIVMID, 8); // another VMID
        h.write(Smmuv2Register.STLBGSYNC, 0);
        assertThat(h.bus.dmaWrite(DEV, 0x1000, 8, 3)).isTrue();
        h.write(Smmuv2Register.TLBIVMID, 9);
        h.write(Smmuv2Register.STLBGSYNC, 0);
        assertThat(h.read(Smmuv2Register.STLBGSTATUS)).isZero();
        assertThat(h.bus.dmaWrite(DEV, 0x1000, 8, 4)).isFalse();
        assertThat(h.mem.read64(PA)).isEqualTo(3);

        // By IPA, from the bank: only the page named goes.
        h.write(Smmuv2Register.FSR, 3, -1L);
        h.map4k(0x1000, PA, V2Harness.R);
        h.map4k(0x2000, PA + 0x1000, V2Harness.R);
        assertThat(h.bus.dmaRead(DEV, 0x1000, 8)).isEqualTo(3);
        assertThat(h.bus.dmaRead(DEV, 0x2000, 8)).isZero();
        h.map4k(0x1000, PA, V2Harness.R | V2Harness.W);
        h.map4k(0x2000, PA + 0x1000, V2Harness.R | V2Harness.W);
        h.write(Smmuv2Register.TLBIIPAS2, 3, 0x2000 >>> 12);
        h.write(Smmuv2Register.TLBSYNC, 3, 0);
        assertThat(h.read(Smmuv2Register.TLBSTATUS, 3)).isZero();
        assertThat(h.bus.dmaWrite(DEV, 0x2000, 8, 5)).isTrue();
        assertThat(h.bus.dmaWrite(DEV, 0x1000, 8, 5)).as("still read-only").isFalse();
        h.write(Smmuv2Register.TLBIALLNSNH, 0);
        h.write(Smmuv2Register.STLBGSYNC, 0);
        assertThat(h.bus.dmaWrite(DEV, 0x1000, 8, 6)).isTrue();
        assertThat(h.mem.read64(PA)).isEqualTo(6);
    }

    @Test
    void aTlbHitAllocatesNothing()
    {
        h.map4k(0x1000, PA, V2Harness.R | V2Harness.W);
        assertThat(h.smmu.translate(DEV, 0x1010, 4, true)).isEqualTo(PA + 0x10);
        final Runnable body = () -> h.smmu.translate(DEV, 0x1010, 4, true);
        assertThat(Allocations.allocatedBy(body)).isLessThan(1024);
        assertThat(h.smmu.walks()).as("stream match and TLB hits").isEqualTo(1);
    }

    @Test
    void translationOffBypasses()
    {
        h.write(Smmuv2Register.SCTLR, 3, 0);
        assertThat(h.bus.dmaWrite(DEV, PA, 8, 7)).isTrue();
        assertThat(h.mem.read64(PA)).isEqualTo(7);
        assertThat(h.bus.dmaWrite(DEV, 1L << 48, 8, 7)).as("beyond the output size").isFalse();
        assertThat(fsr()).isZero();
    }

    @Test
    void badTranslationControlIsATranslationFault()
    {
        h.map4k(0x1000, PA, V2Harness.R);
        h.write(Smmuv2Register.TCR, 3, 16 | 3 << 6 | 5 << 16); // SL0 reserved
        assertThat(h.bus.dmaRead(DEV, 0x1000, 8)).isEqualTo(-1L);
        assertThat(fsr()).isEqualTo(Smmuv2Register.FSR_TF);
        h.write(Smmuv2Register.FSR, 3, -1L);
        h.write(Smmuv2Register.TCR, 3, 16 | 1 << 6 | 5 << 16); // 48 bits from level 1: 2^18 tables
        assertThat(h.bus.dmaRead(DEV, 0x1000, 8)).isEqualTo(-1L);
        assertThat(fsr()).isEqualTo(Smmuv2Register.FSR_TF);
    }
}
