// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.novaemu.arm.core.Listing.IRQ;
import static org.novaemu.arm.core.Listing.RESET;

import org.junit.jupiter.api.Test;
import org.novaemu.arm.ArmMachine;

/**
 * {@link ArmMachine} built bare (A70): the same GICv3, timers and PSCI as with NOVA, no kernel, each PE an
 * {@link El1Core}; a bare-metal program drives the GIC as an OS does, and a device's SPI from
 * {@link ArmMachine#spi} reaches the PE it routed it to.
 */
class BareArmMachineTest
{
    @Test
    void theProgramRoutesADevicesSpiToPe1AndTakesItThere()
    {
        final int spi = 40;
        final Listing image = Listing.spiToPe1(spi);
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
