// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.novaemu.sim.Clock;
import org.novaemu.sim.Engine;

class HipTest
{
    private static long u64(final byte[] b, final int off)
    {
        long v = 0;
        for (int i = 7; i >= 0; i--)
        {
            v = v << 8 | (b[off + i] & 0xff);
        }
        return v;
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void theHipIsByteExactAndSumsToZero(final TestPlatform p)
    {
        final Kernel kernel = new Kernel(p.platform(), Engine.builder().clock(Clock.ofMhz(2_400)).build(),
            Costs.X86_64);
        final Hip hip = kernel.hip();
        final byte[] b = hip.bytes();
        final boolean x86 = p.abi() == Abi.X86_64;
        assertThat(b).hasSize(x86 ? 0xb8 : 0xb0);
        assertThat(new String(b, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("NOVA");
        assertThat((b[6] & 0xff) | (b[7] & 0xff) << 8).isEqualTo(b.length);
        int sum = 0;
        for (int i = 0; i < b.length; i += 2)
        {
            sum += (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
        }
        assertThat(sum & 0xffff).isZero();
        assertThat(u64(b, 0x70)).isEqualTo(2_400_000_000L);
        assertThat(u64(b, 0x38)).isEqualTo(-1L); // no RSDP
        assertThat(b[0x78]).isEqualTo((byte) 18);  // SBW_OBJ
        assertThat(b[0x79]).isEqualTo((byte) p.hostSelectorBits());
        assertThat(b[0x7c]).isEqualTo((byte) (x86 ? 16 : 0)); // SBW_PIO
        assertThat(b[0x80]).isEqualTo((byte) 9);   // MCO_OBJ
        assertThat(u64(b, 0x88) >>> 16 & 0xffff).isEqualTo(p.cpus() - 1);
        assertThat(u64(b, 0x90) & 0xffff).isEqualTo(p.hostArchEvents());
        assertThat(u64(b, 0x90) >>> 16 & 0xffff).isEqualTo(2);
        assertThat(hip.get(HipField.CPU_MAX)).isEqualTo(p.cpus() - 1);
        // The root EC starts with its stack pointer at the HIP, the last page of user memory.
        assertThat(kernel.rootEc().gpr(p.abi().sp())).isEqualTo(kernel.hipAddress());
        assertThat(kernel.hipAddress()).isEqualTo(((1L << p.hostSelectorBits()) - 1) << 12);
        assertThat(kernel.rootUtcbAddress()).isEqualTo(kernel.hipAddress() - 4096);
    }

    @Test
    void fieldsAreCheckedAndPackedLittleEndian()
    {
        final Hip hip = new Hip(HipField.LENGTH_X86);
        hip.set(HipField.X86_PIN_NUM, 24).set(HipField.X86_GSI_NUM, 65_536).set(HipField.X86_VEC_NUM, 215);
        final byte[] b = hip.bytes();
        assertThat(b[0xa0] & 0xff).isEqualTo(215);
        assertThat(b[0xa2]).isEqualTo((byte) 24);
        assertThat(b[0xa6]).isEqualTo((byte) 1); // 65,536 = 0x0001_0000 at bits 63:32
        assertThat(hip.get(HipField.X86_GSI_NUM)).isEqualTo(65_536);
        assertThatThrownBy(() -> hip.set(HipField.X86_VEC_NUM, 256)).hasMessageContaining("X86_VEC_NUM");
        assertThatThrownBy(() -> new Hip(0xb4)).hasMessageContaining("length");
        hip.seal();
        assertThat(hip.sum16()).isZero();
        hip.set(HipField.FEATURES, 3);
        assertThat(hip.sum16()).isNotZero();
    }
}
