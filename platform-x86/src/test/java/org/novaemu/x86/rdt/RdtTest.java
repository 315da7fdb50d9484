// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.rdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** One CPU's RDT allocation registers: reset values and the writes the hardware refuses (SDM 3B, 18.19). */
class RdtTest
{
    private final Rdt rdt = new Rdt(RdtCaps.SERVER);

    @Test
    void masksResetToAllOnesDelaysToZeroCdpOff()
    {
        for (int n = 0; n < 16; n++)
        {
            assertThat(rdt.l3Mask(n)).isEqualTo(0x7ff);
            assertThat(rdt.mbaDelay(n)).isZero();
        }
        assertThat(rdt.l2Mask(7)).isEqualTo(0xff);
        assertThat(rdt.l3Cdp()).isFalse();
        assertThat(rdt.cos()).isZero();
    }

    @Test
    void onlyContiguousNonEmptyMasksWithinTheLengthAreValid()
    {
        assertThat(Rdt.validMask(1, 11)).isTrue();
        assertThat(Rdt.validMask(0x7ff, 11)).isTrue();
        assertThat(Rdt.validMask(0x3c0, 11)).isTrue();
        assertThat(Rdt.validMask(0, 11)).isFalse();
        assertThat(Rdt.validMask(0x801, 11)).isFalse();
        assertThat(Rdt.validMask(0x5, 11)).isFalse();
        assertThat(Rdt.validMask(0xffff_ffffL, 32)).isTrue();
    }

    @Test
    void refusedWritesChangeNothing()
    {
        assertThat(rdt.writeL3Mask(16, 1)).isFalse();
        assertThat(rdt.writeL3Mask(-1, 1)).isFalse();
        assertThat(rdt.writeL2Mask(0, 0x100)).isFalse();
        assertThat(rdt.writeMbaDelay(0, 91)).isFalse();
        assertThat(rdt.writeCdp(false, true)).isFalse();  // no L2 CDP on this part
        assertThat(rdt.l2Mask(0)).isEqualTo(0xff);
        assertThat(rdt.l2Cdp()).isFalse();
        assertThat(rdt.writeCdp(true, false)).isTrue();
        assertThat(rdt.l3Cdp()).isTrue();
    }

    @Test
    void capabilitiesAreCheckedByName()
    {
        assertThatThrownBy(() -> new RdtCaps(16, 0, false, 0, 0, false, 0, 0)).hasMessageContaining("l3CbmBits");
        assertThatThrownBy(() -> new RdtCaps(0, 0, true, 0, 0, false, 0, 0)).hasMessageContaining("l3Cdp");
        assertThatThrownBy(() -> new RdtCaps(0, 0, false, 0, 0, false, 4, 0)).hasMessageContaining("mbaMaxDelay");
    }
}
