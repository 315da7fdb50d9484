// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu.v2;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.bus.RequesterId;

/**
 * Stream matching and the global faults (IHI 0062D, stream matching, SMMU_sGFSR and its syndromes, SMMU_SMRn and
 * SMMU_S2CRn; A162-A165): SMR ID and MASK, unidentified streams faulting or bypassing by sCR0.USFCFG, conflicts by
 * SMCFCFG, S2CR types, syndromes, MULTI and the global fault interrupt.
 */
class StreamMatchingTest
{
    private static final long PA = V2Harness.RAM + 0x100_0000L;
    private static final long IPA = 0x20_0000L;

    private final V2Harness h = new V2Harness();

    private void mapped()
    {
        h.bank(0, 5);
        h.map4k(IPA, PA, V2Harness.R | V2Harness.W);
    }

    @Test
    void resetBypassesEveryStream()
    {
        assertThat(h.bus.dmaWrite(V2Harness.dev(7), PA, 8, 1)).isTrue();
        assertThat(h.mem.read64(PA)).isEqualTo(1);
        assertThat(h.bus.dmaWrite(RequesterId.CPU, PA, 8, 2)).as("never the CPU marker").isFalse();
        assertThat(h.smmu.globalFaults()).isZero();
    }

    @Test
    void aMaskedSmrMatchesItsStreams()
    {
        h.enable();
        mapped();
        h.group(4, 0x120, 0x00f, 0); // StreamIDs 0x120 to 0x12f
        for (final int sid : new int[] {0x120, 0x12f, 0x125})
        {
            assertThat(h.bus.dmaWrite(V2Harness.dev(sid), IPA + 8, 8, sid)).isTrue();
            assertThat(h.mem.read64(PA + 8)).isEqualTo(sid);
        }
        assertThat(h.bus.dmaWrite(V2Harness.dev(0x130), IPA + 8, 8, 1)).as("beyond the mask").isFalse();
        assertThat(h.read(Smmuv2Register.SGFSR)).isEqualTo(Smmuv2Register.SGFSR_USF);
        assertThat(h.read(Smmuv2Register.SGFSYNR1)).isEqualTo(0x130);
        assertThat(h.read(Smmuv2Register.SGFAR)).isEqualTo(IPA + 8);
        assertThat(h.read(Smmuv2Register.SGFSYNR0)).as("a write").isEqualTo(Smmuv2Register.SGFSYNR0_WNR);
        assertThat(h.mem.read64(PA + 8)).isEqualTo(0x125);
        // A StreamID beyond the 15 bits an SMR holds matches nothing.
        assertThat(h.bus.dmaWrite(V2Harness.dev(0x8120), IPA + 8, 8, 1)).isFalse();
    }

    @Test
    void unidentifiedStreamsFaultOrBypassByUsfcfg()
    {
        h.enable();
        assertThat(h.bus.dmaRead(V2Harness.dev(9), PA, 8)).as("blocked").isEqualTo(-1L);
        assertThat(h.read(Smmuv2Register.SGFSR)).isEqualTo(Smmuv2Register.SGFSR_USF);
        assertThat(h.read(Smmuv2Register.SGFSYNR0)).as("a read").isZero();
        assertThat(h.global.level()).as("GCFGFIE").isTrue();
        h.write(Smmuv2Register.SGFSR, h.read(Smmuv2Register.SGFSR));
        assertThat(h.global.level()).isFalse();

        h.write(Smmuv2Register.SCR0, h.read(Smmuv2Register.SCR0) & ~Smmuv2Register.SCR0_USFCFG);
        assertThat(h.bus.dmaWrite(V2Harness.dev(9), PA, 8, 3)).isTrue();
        assertThat(h.mem.read64(PA)).isEqualTo(3);
        assertThat(h.read(Smmuv2Register.SGFSR)).isZero();
    }

    @Test
    void overlappingSmrsConflict()
    {
        h.enable();
        mapped();
        h.group(1, 0x40, 0x0f, 0);
        h.group(2, 0x44, 0x00, 0);
        assertThat(h.bus.dmaWrite(V2Harness.dev(0x41), IPA, 8, 1)).as("one match").isTrue();
        assertThat(h.bus.dmaWrite(V2Harness.dev(0x44), IPA, 8, 2)).as("two matches").isFalse();
        assertThat(h.read(Smmuv2Register.SGFSR)).isEqualTo(Smmuv2Register.SGFSR_SMCF);
        assertThat(h.read(Smmuv2Register.SGFSYNR1)).isEqualTo(0x44);
        assertThat(h.mem.read64(PA)).isEqualTo(1);
        // A second fault while one is recorded: MULTI, the syndrome kept.
        assertThat(h.bus.dmaWrite(V2Harness.dev(0x7000), IPA, 8, 2)).isFalse();
        assertThat(h.read(Smmuv2Register.SGFSR))
            .isEqualTo((Smmuv2Register.SGFSR_SMCF | Smmuv2Register.FSR_MULTI) & 0xffff_ffffL);
        assertThat(h.read(Smmuv2Register.SGFSYNR1)).isEqualTo(0x44);
        assertThat(h.smmu.globalFaults()).isEqualTo(2);

        // SMCFCFG 0: the lowest group wins (A164); the match cache follows the change.
        h.write(Smmuv2Register.SCR0, h.read(Smmuv2Register.SCR0) & ~Smmuv2Register.SCR0_SMCFCFG);
        h.write(Smmuv2Register.S2CR, 1, Smmuv2Register.S2CR_TYPE.encode(Smmuv2Register.S2CR_BYPASS));
        assertThat(h.bus.dmaWrite(V2Harness.dev(0x44), PA + 16, 8, 3)).as("group 1 bypasses").isTrue();
        assertThat(h.mem.read64(PA + 16)).isEqualTo(3);
    }

    @Test
    void smrWritesTakeEffectAtOnce()
    {
        h.enable();
        mapped();
        h.group(0, 0x10, 0, 0);
        assertThat(h.bus.dmaWrite(V2Harness.dev(0x10), IPA, 8, 1)).isTrue(); // cached as group 0
        h.write(Smmuv2Register.SMR, 0, 0);
        assertThat(h.bus.dmaWrite(V2Harness.dev(0x10), IPA, 8, 2)).as("invalid now").isFalse();
        h.write(Smmuv2Register.SGFSR, -1L);
        h.group(5, 0x10, 0, 0);
        assertThat(h.bus.dmaWrite(V2Harness.dev(0x10), IPA, 8, 3)).isTrue();
        assertThat(h.mem.read64(PA)).isEqualTo(3);
        h.write(Smmuv2Register.S2CR, 5, Smmuv2Register.S2CR_TYPE.encode(Smmuv2Register.S2CR_FAULT));
        assertThat(h.bus.dmaWrite(V2Harness.dev(0x10), IPA, 8, 4)).as("S2CR read live").isFalse();
        assertThat(h.read(Smmuv2Register.SGFSR)).isEqualTo(Smmuv2Register.SGFSR_ICF);
    }

    @Test
    void badContextsAreGlobalFaults()
    {
        h.enable();
        h.group(0, 1, 0, 8); // CBNDX beyond NUMCB
        assertThat(h.bus.dmaWrite(V2Harness.dev(1), IPA, 8, 1)).isFalse();
        assertThat(h.read(Smmuv2Register.SGFSR)).isEqualTo(Smmuv2Register.SGFSR_UCBF);
        h.write(Smmuv2Register.SGFSR, -1L);
        h.write(Smmuv2Register.S2CR, 0, 3L << 16); // reserved TYPE
        assertThat(h.bus.dmaWrite(V2Harness.dev(1), IPA, 8, 1)).isFalse();
        assertThat(h.read(Smmuv2Register.SGFSR)).isEqualTo(Smmuv2Register.SGFSR_ICF);
        h.write(Smmuv2Register.SGFSR, -1L);
        mapped();
        h.group(0, 1, 0, 0);
        h.write(Smmuv2Register.CBAR, 0, 1L << 17 | 5); // a stage 1 type: this SMMU has no stage 1
        assertThat(h.bus.dmaWrite(V2Harness.dev(1), IPA, 8, 1)).isFalse();
        assertThat(h.read(Smmuv2Register.SGFSR)).isEqualTo(Smmuv2Register.SGFSR_ICF);
        h.write(Smmuv2Register.SGFSR, -1L);
        h.write(Smmuv2Register.CBAR, 0, 5);
        h.write(Smmuv2Register.CBA2R, 0, 0); // AArch32 tables
        assertThat(h.bus.dmaWrite(V2Harness.dev(1), IPA, 8, 1)).isFalse();
        assertThat(h.read(Smmuv2Register.SGFSR)).isEqualTo(Smmuv2Register.SGFSR_ICF);
        h.write(Smmuv2Register.CBA2R, 0, 1);
        assertThat(h.bus.dmaWrite(V2Harness.dev(1), IPA, 8, 9)).isTrue();
        assertThat(h.mem.read64(PA)).isEqualTo(9);
    }

    @Test
    void theGlobalInterruptFollowsGcfgfie()
    {
        h.write(Smmuv2Register.SCR0, Smmuv2Register.SCR0_USFCFG);
        assertThat(h.bus.dmaWrite(V2Harness.dev(3), PA, 8, 1)).isFalse();
        assertThat(h.read(Smmuv2Register.SGFSR)).isEqualTo(Smmuv2Register.SGFSR_USF);
        assertThat(h.global.level()).isFalse();
        h.write(Smmuv2Register.SCR0, Smmuv2Register.SCR0_USFCFG | Smmuv2Register.SCR0_GCFGFIE);
        assertThat(h.global.level()).as("a level: the held fault asserts it").isTrue();
    }
}
