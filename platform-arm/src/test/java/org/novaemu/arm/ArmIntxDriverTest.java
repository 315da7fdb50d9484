// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.novaemu.arm.gic.GicdRegister;
import org.novaemu.arm.nova.ArchState;
import org.novaemu.devices.PinDevice;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Perm;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.Status;

/**
 * A PCI function's INTx through NOVA on the Arm machine (A121): a pin device behind a root port asserts INTA#,
 * which reaches its swizzled SPI; a driver thread downing an interrupt semaphore bound to that SPI as a level
 * interrupt wakes once, acknowledges the device through its BAR, mapped uncached into its host space, and its
 * next down ends the interrupt.
 */
class ArmIntxDriverTest
{
    private static final long PARK = 10;
    private static final long SM = 11;
    private static final long HANDLER = 12;
    private static final long DRIVER = 13;
    private static final long SC = 14;
    private static final long NOVA_HST = 40;
    private static final long ROOT_HST = 41;
    private static final long EVT = 0x100;
    private static final long STARTUP = EVT + 64;
    /** Where the driver sees the device's BAR page. */
    private static final long BAR_VIRT = 0x9000_0000L;
    /** assign_int cfg: T, level-triggered (A42). */
    private static final int LEVEL = 2;

    private final List<String> failed = new ArrayList<>();
    private final List<Long> wakes = new ArrayList<>();

    @Test
    void aPinDevicesIntaWakesTheDriverOnceThroughItsLevelSpiUntilTheDriverAcknowledgesIt()
    {
        final PinDevice[] dev = new PinDevice[1];
        final ArmMachine m = ArmMachine.builder().cpus(2)
            .pcie((t, e) -> dev[0] = t.root().rootPort().add(new PinDevice("pin")))
            .build();
        // 01:00.0 INTA# arrives as INTA# at root port 00:01.0: wire (1 + 1 - 1) mod 4, SPI 4.
        final int intid = ArmMachine.intx(0, 1, 1);
        assertThat(intid).isEqualTo(36);
        final long bar = dev[0].barAddress(0);
        final long register = BAR_VIRT + (bar & 0xfff);
        m.kernel().start(Script.calls(List.of(
            u -> Calls.ctrlPd(u, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_HST, 0, NOVA_HST, 0x1f, 0),
            u -> Calls.ctrlPd(u, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_ROOT_HST, 0, ROOT_HST, 0x1f, 0),
            u -> Calls.ctrlPd(u, NOVA_HST, ROOT_HST, bar >>> 12, 0, BAR_VIRT >>> 12, Perm.MEM_R | Perm.MEM_W, 0),
            u -> Calls.createInterruptSm(u, SM, Kernel.ROOT_PD, intid),
            u -> Calls.assignInt(u, SM, 0, true, 1, 0, LEVEL),
            u -> Calls.createSm(u, PARK, Kernel.ROOT_PD, 0),
            u -> Calls.createEc(u, HANDLER, Kernel.ROOT_PD, false, 0x1000, 0, 1, 0),
            u -> Calls.createPt(u, STARTUP, Kernel.ROOT_PD, HANDLER, Script.ip(500)),
            u -> Calls.ctrlPt(u, STARTUP, 0x51, ArchState.EL2_ELR_SPSR),
            u -> Calls.createEc(u, DRIVER, Kernel.ROOT_PD, true, 0x2000, EVT, 1, 0),
            u -> Calls.createSc(u, SC, Kernel.ROOT_PD, DRIVER, 5, 50, 0),
            u -> Calls.down(u, PARK, false, 0)), failed)
            .at(500, u -> {
                u.setUtcb(ArchState.ELR_WORD, Script.ip(700)); // STARTUP: the driver starts at label 700
                Calls.reply(u, ArchState.EL2_ELR_SPSR);
                return Script.hypercall(u, 501);
            })
            .at(700, u -> {
                Calls.down(u, SM, false, 0);
                return Script.hypercall(u, 701);
            })
            .at(701, u -> {
                if (Calls.status(u) != Status.SUCCESS || u.cpu() != 1 || u.read(register, 4) != 1)
                {
                    failed.add("driver woke " + Calls.status(u) + " on cpu " + u.cpu());
                }
                wakes.add(u.stc());
                u.write(register, 4, 0); // acknowledge: the device releases INTA#
                Calls.down(u, SM, false, 0); // ends the interrupt it was woken for
                return Script.hypercall(u, 701);
            }));
        m.engine().runUntil(50_000);
        assertThat(failed).isEmpty();
        m.engine().post(100_000, arg -> dev[0].assertPin(), 0);
        m.engine().runUntil(200_000);
        assertThat(wakes).hasSize(1);
        assertThat(wakes.get(0)).isBetween(100_000L, 105_000L);
        assertThat(dev[0].asserted()).isFalse();
        assertThat(m.spi(intid).level()).isFalse();
        final long active = m.bus().read(ArmMachine.GICD_BASE + GicdRegister.ISACTIVER.offset(1), 4);
        assertThat(active >>> intid - 32 & 1).as("deactivated by the driver's next down").isZero();
        m.engine().post(300_000, arg -> dev[0].assertPin(), 0);
        m.engine().runUntil(400_000);
        assertThat(wakes).hasSize(2);
        assertThat(wakes.get(1)).isBetween(300_000L, 305_000L);
        assertThat(m.interrupts().taken()).isEqualTo(2);
        assertThat(failed).isEmpty();
    }
}
