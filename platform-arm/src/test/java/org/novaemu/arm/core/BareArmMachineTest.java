// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.novaemu.arm.core.Listing.IRQ;
import static org.novaemu.arm.core.Listing.RESET;
import static org.novaemu.arm.core.Listing.VBAR;
import static org.novaemu.arm.core.Listing.enableCpu;
import static org.novaemu.arm.core.Listing.gicd;
import static org.novaemu.arm.core.Listing.mrs;
import static org.novaemu.arm.core.Listing.msr;
import static org.novaemu.arm.core.Listing.psci;

import org.junit.jupiter.api.Test;
import org.novaemu.arm.ArmMachine;
import org.novaemu.arm.cpu.SysReg;
import org.novaemu.arm.firmware.Psci;
import org.novaemu.arm.gic.Affinity;
import org.novaemu.arm.gic.GicdRegister;
import org.novaemu.arm.gic.IccRegister;
import org.novaemu.arm.gic.Irouter;

/**
 * {@link ArmMachine} built bare (A70): the same GICv3, timers and PSCI as with NOVA, no kernel, each PE an
 * {@link El1Core}; a bare-metal program drives the GIC as an OS does, and a device's SPI from
 * {@link ArmMachine#spi} reaches the PE it routed it to.
 */
class BareArmMachineTest
{
    private static final long SECONDARY = RESET + 0x1000;

    @Test
    void theProgramRoutesADevicesSpiToPe1AndTakesItThere()
    {
        final int spi = 40;
        final Listing image = new Listing()
            .at(RESET,
                c -> msr(c, El1Register.VBAR_EL1, VBAR),
                Listing::enableDistributor,
                c -> enableCpu(c, 0),
                c -> gicd(c, GicdRegister.IGROUPR, 1, 1L << spi - 32),
                c -> c.write(ArmMachine.GICD_BASE + GicdRegister.IPRIORITYR.offset() + spi, 1, 0x80),
                c -> gicd(c, GicdRegister.ICFGR, spi / 16, 2L << 2 * (spi % 16)), // edge-triggered
                c -> gicd(c, GicdRegister.IROUTER, spi, Irouter.to(Affinity.of(0, 0, 0, 1))),
                c -> gicd(c, GicdRegister.ISENABLER, 1, 1L << spi - 32),
                c -> psci(c, Psci.CPU_ON, 1, SECONDARY, 0),
                c -> c.daifClr(El1.DAIF_IMM_I),
                El1::wfi,
                c -> c.branch(c.pc() - 4))
            .at(SECONDARY,
                c -> msr(c, El1Register.VBAR_EL1, VBAR),
                c -> enableCpu(c, 1),
                c -> c.daifClr(El1.DAIF_IMM_I),
                El1::wfi,
                c -> c.branch(c.pc() - 4))
            .at(IRQ,
                c -> c.setX(10, mrs(c, IccRegister.IAR1_EL1)),
                c -> msr(c, IccRegister.EOIR1_EL1, c.x(10)),
                c -> c.setX(11, mrs(c, SysReg.MPIDR_EL1) & 0xff),
                El1::eret);
        final ArmMachine m = ArmMachine.builder().cpus(2).bare(image).build();
        assertThat(m.kernel()).isNull();
        assertThat(m.platform()).isNull();
        assertThat(RESET).isEqualTo(ArmMachine.BARE_ENTRY);
        m.engine().runFor(100_000);
        assertThat(m.core(0).state()).isEqualTo(CoreState.WAITING_FOR_INTERRUPT);
        assertThat(m.core(1).state()).isEqualTo(CoreState.WAITING_FOR_INTERRUPT); // started by CPU_ON
        m.spi(spi).pulse();
        m.engine().runFor(50_000);
        assertThat(m.core(1).x(10)).isEqualTo(spi);
        assertThat(m.core(1).x(11)).isEqualTo(1);
        assertThat(image.count(1, IRQ)).isEqualTo(1);
        assertThat(image.count(0, IRQ)).isZero();
    }

    @Test
    void aMachineWithNovaHasNoBareCoresAndBareRefusesNullByName()
    {
        final ArmMachine nova = ArmMachine.builder().build();
        assertThatThrownBy(() -> nova.core(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("core");
        assertThatThrownBy(() -> ArmMachine.builder().bare(null)).hasMessageContaining("image");
        assertThatThrownBy(() -> ArmMachine.builder().bare(new Listing(), null)).hasMessageContaining("costs");
    }
}
