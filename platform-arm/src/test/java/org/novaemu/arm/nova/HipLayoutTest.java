// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.novaemu.arm.cpu.Pe;
import org.novaemu.arm.cpu.SystemCounter;
import org.novaemu.kernel.BootInfo;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.HipField;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Perm;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.SpaceMem;
import org.novaemu.sim.Engine;

/**
 * The HIP's Arm part (specification 6.3, 7.6.1, 7.6.2), the root's boot state (7.1.2) and the memory layout:
 * SBW_HST from NOVA's stage-2 host space, the protected GIC frame, the hardware's checks (A31, A32).
 */
class HipLayoutTest
{
    private static final long NOVA_HST = 40;
    private static final long ROOT_HST = 41;

    @Test
    void theHipHasTheArmLengthFieldsAndNoX86Spaces()
    {
        final ArmKernel k = ArmKernel.boot();
        final var hip = k.kernel().hip();
        assertThat(hip.length()).isEqualTo(0xb0);
        assertThat(hip.get(HipField.LENGTH)).isEqualTo(0xb0);
        assertThat(hip.sum16()).isZero();
        assertThat(hip.get(HipField.ARM_SPI_NUM)).isEqualTo(988);
        assertThat(hip.get(HipField.ARM_ESPI_NUM)).isEqualTo(64);
        assertThat(hip.get(HipField.ARM_LPI_NUM)).isEqualTo(65_536);
        assertThat(hip.get(HipField.ARM_SMG_NUM)).isZero();
        assertThat(hip.get(HipField.ARM_CTX_NUM)).isZero();
        assertThat(hip.get(HipField.FEATURES)).isZero(); // no SMMU
        assertThat(hip.get(HipField.SEL_HST_ARCH)).isEqualTo(64);
        assertThat(hip.get(HipField.SEL_HST_NOVA)).isEqualTo(2);
        assertThat(hip.get(HipField.SBW_HST)).isEqualTo(28);
        for (final HipField f : new HipField[] {HipField.SBW_GST, HipField.SBW_DMA, HipField.SBW_PIO,
            HipField.SBW_MSR, HipField.SEL_GST_ARCH})
        {
            assertThat(hip.get(f)).as(f.name()).isZero();
        }
        assertThat(hip.get(HipField.STC_FREQ)).isEqualTo(k.platform().pe(0).counter().frequency());
        assertThat(hip.get(HipField.CPU_MAX)).isEqualTo(1);
    }

    @Test
    void theRootStartsWithSpAtTheHipBelowOneTebibyteAndTheBootRegisters()
    {
        final ArmKernel k = ArmKernel.boot();
        final Ec root = k.kernel().rootEc();
        assertThat(k.kernel().hipAddress()).isEqualTo((1L << 40) - 0x1000);
        assertThat(root.gpr(31)).isEqualTo(k.kernel().hipAddress());
        assertThat(root.gpr(0)).isEqualTo(0x4000_0000L);
        assertThat(root.gpr(1)).isEqualTo(0x11);
        assertThat(root.gpr(2)).isEqualTo(0x22);
        assertThat(root.flags()).isZero(); // SPSR: EL0t
        assertThat(k.kernel().platform().supports(Kind.PIO)).isFalse();
        assertThat(k.kernel().platform().supports(Kind.GST)).isFalse();
    }

    @Test
    void theNovaHostSpaceWithholdsTheProtectedFramesAndTheKernelMemory()
    {
        final ArmKernel k = ArmKernel.boot();
        final Kernel kernel = k.kernel();
        Script.ok(kernel, r -> Calls.ctrlPd(r, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_HST, 0, NOVA_HST,
            0x1f, 0));
        Script.ok(kernel, r -> Calls.ctrlPd(r, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_ROOT_HST, 0,
            ROOT_HST, 0x1f, 0));
        final int rw = Perm.MEM_R | Perm.MEM_W;
        for (final long frame : new long[] {ArmKernel.GICD, ArmKernel.GICD + 0xf000, ArmKernel.KERNEL_MEMORY + 0x5000,
            0x1000_0000L})
        {
            final long dest = 0x8000_0000L + frame >>> 12;
            Script.ok(kernel, r -> Calls.ctrlPd(r, NOVA_HST, ROOT_HST, frame >>> 12, 0, dest, rw, 0));
            final long entry = kernel.root().hst().lookup(dest);
            if (frame == 0x1000_0000L)
            {
                assertThat(SpaceMem.frame(entry)).isEqualTo(frame >>> 12);
            }
            else
            {
                assertThat(entry).as("frame %x", frame).isZero();
            }
        }
        // Beyond 1 TiB the NOVA host space has no selectors.
        assertThat(kernel.novaHst().selectorBits()).isEqualTo(28);
    }

    @Test
    void theHardwareIsCheckedByField()
    {
        final Engine engine = Engine.builder().build();
        final Pe[] pes = {new Pe(new SystemCounter(engine), 0)};
        final Pe alien = new Pe(new SystemCounter(engine), 1);
        assertThatThrownBy(() -> hw(new Pe[] {pes[0], alien}, 1L << 39, new long[0], 0))
            .hasMessageContaining("pes[1]");
        assertThatThrownBy(() -> hw(pes, (1L << 39) + 0x1000, new long[0], 0)).hasMessageContaining("moduleBase");
        assertThatThrownBy(() -> hw(pes, 1L << 40, new long[0], 0)).hasMessageContaining("moduleBase");
        assertThatThrownBy(() -> hw(pes, 1L << 39, new long[] {0x4000_1000L, 0x1000}, 0))
            .hasMessageContaining("protectedMemory[0]");
        assertThatThrownBy(() -> hw(pes, 1L << 39, new long[] {0x800}, 0)).hasMessageContaining("protectedMemory");
        assertThatThrownBy(() -> hw(pes, 1L << 39, new long[0], 989)).hasMessageContaining("spis");
        assertThatThrownBy(() -> new ArmPlatform.Hardware(new Pe[0], 0x4000_0000L, 0x40_0000L, null))
            .hasMessageContaining("pes");
        assertThat(hw(pes, (1L << 40) - (1L << 30), new long[0], 988).moduleBase()).isEqualTo((1L << 40) - (1L << 30));
    }

    private static ArmPlatform.Hardware hw(final Pe[] pes, final long moduleBase, final long[] protectedMemory,
                                           final int spis)
    {
        return new ArmPlatform.Hardware(pes, 0x4000_0000L, 0x40_0000L, moduleBase, protectedMemory, spis, 0, 0,
            null, BootInfo.NONE);
    }
}
