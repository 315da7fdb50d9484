// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.novaemu.arm.cpu.GenericTimer;
import org.novaemu.arm.gic.GicdRegister;
import org.novaemu.arm.gic.GicrRegister;
import org.novaemu.arm.gic.IccRegister;
import org.novaemu.arm.nova.GicInterrupts;
import org.novaemu.kernel.HipField;
import org.novaemu.kernel.Hip;
import org.novaemu.kernel.SpaceMem;

/**
 * The Arm machine: the HIP's Arm fields from the GIC's GICD_TYPER, the GIC as NOVA's boot leaves it, the GIC's
 * frames withheld from the NOVA host space, redistributor regions as QEMU's virt splits them, and the builder's
 * refusals.
 */
class ArmMachineTest
{
    private static long gicd(final ArmMachine m, final GicdRegister reg, final int n)
    {
        return m.bus().read(ArmMachine.GICD_BASE + reg.offset(n), reg.width());
    }

    private static long gicr(final ArmMachine m, final int pe, final GicrRegister reg, final int n)
    {
        return m.bus().read(m.gic().redistributorBase(pe) + reg.offset(n), reg.width());
    }

    @Test
    void theHipsArmFieldsAreWhatGicdTyperSays()
    {
        final Hip hip = ArmMachine.builder().cpus(2).spis(988).espis(64).build().kernel().hip();
        assertThat(hip.get(HipField.ARM_SPI_NUM)).isEqualTo(988);
        assertThat(hip.get(HipField.ARM_ESPI_NUM)).isEqualTo(64);
        assertThat(hip.get(HipField.ARM_LPI_NUM)).isEqualTo(GicInterrupts.NUM_LPI); // 16 INTID bits: 8192-65535
        assertThat(hip.get(HipField.CPU_MAX)).isEqualTo(1);
        final Hip small = ArmMachine.builder().build().kernel().hip();
        assertThat(small.get(HipField.ARM_SPI_NUM)).isEqualTo(256);
        assertThat(small.get(HipField.ARM_ESPI_NUM)).isZero();
        assertThat(small.sum16()).isZero();
    }

    @Test
    void novasBootLeavesTheGicAsItsInitProgramsIt()
    {
        final ArmMachine m = ArmMachine.builder().cpus(3).espis(32).build();
        final long ctlr = gicd(m, GicdRegister.CTLR, 0);
        assertThat(ctlr & GicdRegister.CTLR_ARE.mask()).isNotZero();
        assertThat(ctlr & GicdRegister.CTLR_ENABLE_GRP1.mask()).isNotZero();
        assertThat(ctlr & GicdRegister.CTLR_ENABLE_GRP0.mask()).isZero();
        assertThat(ctlr & GicdRegister.CTLR_RWP.mask()).isZero();
        for (int w = 1; w < 9; w++)
        {
            assertThat(gicd(m, GicdRegister.IGROUPR, w)).as("SPIs are group 1").isEqualTo(0xffff_ffffL);
            assertThat(gicd(m, GicdRegister.ISENABLER, w)).as("and disabled until assign_int").isZero();
        }
        assertThat(gicd(m, GicdRegister.IGROUPRE, 0)).isEqualTo(0xffff_ffffL);
        assertThat(gicd(m, GicdRegister.ISENABLERE, 0)).isZero();
        for (int pe = 0; pe < 3; pe++)
        {
            final long waker = gicr(m, pe, GicrRegister.WAKER, 0);
            assertThat(waker & GicrRegister.WAKER_PROCESSOR_SLEEP.mask()).as("awake").isZero();
            assertThat(waker & GicrRegister.WAKER_CHILDREN_ASLEEP.mask()).isZero();
            assertThat(gicr(m, pe, GicrRegister.IGROUPR, 0)).isEqualTo(0xffff_ffffL);
            // The SGIs and the two timer PPIs enabled, the PPIs level (ICFGR1's bits for 26 and 27 clear).
            assertThat(gicr(m, pe, GicrRegister.ISENABLER, 0))
                .isEqualTo(0xffffL | 1L << GenericTimer.PPI_HYP_PHYSICAL | 1L << GenericTimer.PPI_VIRTUAL);
            assertThat(gicr(m, pe, GicrRegister.ICFGR, 1) >>> 20 & 0xf).isZero();
            final var icc = m.gic().cpuInterface(pe);
            assertThat(icc.read(IccRegister.CTLR_EL1) & IccRegister.CTLR_EOIMODE.mask()).as("EOImode 1")
                .isNotZero();
            assertThat(icc.read(IccRegister.PMR_EL1)).isEqualTo(0xf8); // 0xFF written, five bits kept (A3)
            assertThat(icc.read(IccRegister.BPR1_EL1)).isEqualTo(7);
            assertThat(icc.read(IccRegister.IGRPEN1_EL1)).isEqualTo(1);
            assertThat(icc.read(IccRegister.IGRPEN0_EL1)).isZero();
            assertThat(icc.read(IccRegister.SRE_EL2) & 1).isEqualTo(1);
        }
    }

    @Test
    void theGicsFramesAreWithheldFromTheNovaHostSpace()
    {
        final ArmMachine m = ArmMachine.builder().cpus(130).build();
        final SpaceMem hst = m.kernel().novaHst();
        assertThat(hst.lookup(ArmMachine.GICD_BASE >>> 12)).isZero();
        assertThat(hst.lookup(ArmMachine.GICD_BASE + 0xf000 >>> 12)).isZero();
        assertThat(hst.lookup(ArmMachine.GICR_BASE >>> 12)).isZero();
        assertThat(hst.lookup(m.gic().redistributorBase(122) + 0x1_f000 >>> 12)).isZero();
        assertThat(hst.lookup(m.gic().redistributorBase(129) + 0x1_f000 >>> 12)).isZero();
        assertThat(hst.lookup(m.gic().redistributorBase(129) + 0x2_0000 >>> 12)).as("past the last frame")
            .isNotZero();
        assertThat(hst.lookup(ArmMachine.SMMU_TABLES - 0x1000 >>> 12))
            .as("LPI and ITS tables, below the SMMU driver's (A144)").isZero();
        assertThat(hst.lookup(ArmMachine.RAM_BASE + ArmMachine.RAM_SIZE - (64L << 20) >>> 12)).isNotZero();
        assertThat(hst.lookup(ArmMachine.KERNEL_MEMORY + 0x1000 >>> 12)).as("kernel memory").isZero();
    }

    @Test
    void aThousandPesFillTheLowRedistributorRegionThenTheHighOne()
    {
        final ArmMachine m = ArmMachine.builder().cpus(1024).build();
        assertThat(m.gic().redistributorBase(122)).isEqualTo(ArmMachine.GICR_BASE + 122 * 0x2_0000L);
        assertThat(m.gic().redistributorBase(123)).isEqualTo(ArmMachine.GICR_HIGH);
        assertThat(m.gic().redistributorBase(1023)).isEqualTo(ArmMachine.GICR_HIGH + 900 * 0x2_0000L);
        assertThat(gicr(m, 1023, GicrRegister.WAKER, 0) & GicrRegister.WAKER_PROCESSOR_SLEEP.mask()).isZero();
        assertThat(m.gic().redistributor(1023).affinity()).isEqualTo(m.pe(1023).mpidr().packed());
        assertThat(m.kernel().hip().get(HipField.CPU_MAX)).isEqualTo(1023);
        // The high redistributor region ends below segment 0's ECAM, QEMU virt's next region (A120).
        assertThat(m.gic().redistributorBase(1023) + 0x2_0000L).isLessThanOrEqualTo(ArmMachine.ECAM_BASE);
        assertThat(m.segments()).isEqualTo(1);
    }

    @Test
    void theBuilderAndTheSpiLinesNameWhatTheyRefuse()
    {
        assertThatThrownBy(() -> ArmMachine.builder().spis(100)).hasMessageContaining("spis");
        assertThatThrownBy(() -> ArmMachine.builder().espis(33)).hasMessageContaining("espis");
        assertThatThrownBy(() -> ArmMachine.builder().cpus(1025)).hasMessageContaining("cpus");
        assertThatThrownBy(() -> ArmMachine.builder().pcie(null)).hasMessageContaining("pcie");
        final ArmMachine m = ArmMachine.builder().build();
        assertThatThrownBy(() -> m.spi(31)).hasMessageContaining("intid");
        assertThatThrownBy(() -> m.spi(32 + 256)).hasMessageContaining("intid");
        assertThatThrownBy(() -> m.spi(4096)).hasMessageContaining("intid");
        assertThat(m.spi(33)).isSameAs(m.spi(33));
    }

    @Test
    void aSegmentTheMachineLacksIsNamed()
    {
        final ArmMachine m = ArmMachine.builder().build();
        assertThat(m.segments()).isEqualTo(1); // segment 0 with its host bridge, as on x86 (A126)
        assertThatThrownBy(() -> m.segment(1)).hasMessageContaining("segment");
        assertThatThrownBy(() -> m.rootComplex(1)).hasMessageContaining("segment");
    }
}
