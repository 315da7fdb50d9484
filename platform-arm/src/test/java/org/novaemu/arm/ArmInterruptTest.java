// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.novaemu.arm.cpu.GenericTimer;
import org.novaemu.arm.cpu.SysReg;
import org.novaemu.arm.gic.GicdRegister;
import org.novaemu.arm.gic.GicrRegister;
import org.novaemu.arm.nova.ArchState;
import org.novaemu.arm.nova.GicInterrupts;
import org.novaemu.arm.nova.HypTimer;
import org.novaemu.irq.IrqLine;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Program;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.Status;
import org.novaemu.kernel.User;

/**
 * Interrupts through the GICv3 of an {@link ArmMachine} to NOVA: a wired SPI or ESPI, edge or level, to a
 * driver thread's down on the PE it is routed to, deactivated by that thread's next down; SGIs for the
 * kernel's IPIs (a release to another CPU, a recall); timeouts through the EL2 physical timer's PPI 26.
 */
class ArmInterruptTest
{
    private static final long PARK = 10;
    private static final long SM = 11;
    private static final long HANDLER = 12;
    private static final long DRIVER = 13;
    private static final long SC = 14;
    private static final long EVT = 0x100;
    /** STARTUP and RECALL: SEL_HST/ARCH + 0 and + 1. */
    private static final long STARTUP = EVT + 64;
    private static final int SPI = 40;

    private final List<String> failed = new ArrayList<>();
    private final List<Long> wakes = new ArrayList<>();
    private final List<String> log = new ArrayList<>();

    /**
     * The root's setup and a driver thread on CPU 1: a global EC whose STARTUP handler sends it to label 700,
     * where it downs {@link #SM} in a loop, noting when it wakes; {@code then} is what the root does after.
     */
    private Script driver(final List<Consumer<User>> semaphore, final List<Consumer<User>> then)
    {
        final List<Consumer<User>> calls = new ArrayList<>(semaphore);
        calls.add(u -> Calls.createSm(u, PARK, Kernel.ROOT_PD, 0));
        calls.add(u -> Calls.createEc(u, HANDLER, Kernel.ROOT_PD, false, 0x1000, 0, 1, 0));
        calls.add(u -> Calls.createPt(u, STARTUP, Kernel.ROOT_PD, HANDLER, Script.ip(500)));
        calls.add(u -> Calls.ctrlPt(u, STARTUP, 0x51, ArchState.EL2_ELR_SPSR));
        calls.add(u -> Calls.createPt(u, STARTUP + 1, Kernel.ROOT_PD, HANDLER, Script.ip(520)));
        calls.add(u -> Calls.createEc(u, DRIVER, Kernel.ROOT_PD, true, 0x2000, EVT, 1, 0));
        calls.add(u -> Calls.createSc(u, SC, Kernel.ROOT_PD, DRIVER, 5, 50, 0));
        calls.addAll(then);
        calls.add(u -> Calls.down(u, PARK, false, 0));
        return Script.calls(calls, failed)
            .at(500, u -> {
                u.setUtcb(ArchState.ELR_WORD, Script.ip(700)); // STARTUP: the driver starts at label 700
                Calls.reply(u, ArchState.EL2_ELR_SPSR);
                return Script.hypercall(u, 501);
            })
            .at(520, u -> {
                log.add("recall on cpu " + u.cpu() + " at " + u.stc());
                Calls.reply(u, 0);
                return Script.hypercall(u, 521);
            })
            .at(700, u -> {
                Calls.down(u, SM, false, 0);
                return Script.hypercall(u, 701);
            })
            .at(701, u -> {
                if (Calls.status(u) == Status.SUCCESS && u.cpu() == 1)
                {
                    wakes.add(u.stc());
                }
                else
                {
                    failed.add("driver woke " + Calls.status(u) + " on cpu " + u.cpu());
                }
                Calls.down(u, SM, false, 0); // ends the interrupt it was woken for
                return Script.hypercall(u, 701);
            });
    }

    /** An interrupt semaphore for {@code intid}, attached on CPU 1 with {@code cfg}. */
    private static List<Consumer<User>> interrupt(final int intid, final int cfg)
    {
        return List.of(
            u -> Calls.createInterruptSm(u, SM, Kernel.ROOT_PD, intid),
            u -> Calls.assignInt(u, SM, 0, true, 1, 0, cfg));
    }

    private static long gicd(final ArmMachine m, final GicdRegister reg, final int n)
    {
        return m.bus().read(ArmMachine.GICD_BASE + reg.offset(n), reg.width());
    }

    private static boolean active(final ArmMachine m, final int intid)
    {
        final boolean e = intid >= 4096;
        final int n = e ? intid - 4096 : intid;
        return (gicd(m, e ? GicdRegister.ISACTIVERE : GicdRegister.ISACTIVER, n / 32) >>> n % 32 & 1) != 0;
    }

    private void edges(final ArmMachine m, final int intid)
    {
        final IrqLine line = m.spi(intid);
        m.kernel().start(driver(interrupt(intid, 0), List.of()));
        m.engine().runUntil(50_000);
        assertThat(failed).isEmpty();
        assertThat(wakes).isEmpty();
        m.engine().post(100_000, arg -> line.pulse(), 0);
        m.engine().runUntil(200_000);
        assertThat(wakes).hasSize(1);
        assertThat(wakes.get(0)).isBetween(100_000L, 105_000L);
        assertThat(active(m, intid)).as("deactivated by the driver's next down").isFalse();
        m.engine().post(300_000, arg -> line.pulse(), 0);
        m.engine().runUntil(400_000);
        assertThat(wakes).hasSize(2);
        assertThat(wakes.get(1)).isBetween(300_000L, 305_000L);
        assertThat(m.interrupts().taken()).isEqualTo(2);
        assertThat(m.interrupts().spurious()).isZero();
        assertThat(failed).isEmpty();
    }

    @Test
    void anEdgeSpiWakesTheDriverOnThePeItIsRoutedToOncePerEdge()
    {
        edges(ArmMachine.builder().cpus(2).build(), SPI);
    }

    @Test
    void anEdgeEspiLikewise()
    {
        edges(ArmMachine.builder().cpus(2).espis(32).build(), 4096 + 17);
    }

    @Test
    void aLevelSpiFiresAgainAtEachDownWhileAssertedAndStopsOnceLowered()
    {
        final ArmMachine m = ArmMachine.builder().cpus(2).build();
        final IrqLine line = m.spi(SPI);
        m.kernel().start(driver(interrupt(SPI, 2), List.of()));
        m.engine().runUntil(50_000);
        m.engine().post(100_000, arg -> line.raise(), 0);
        m.engine().post(150_000, arg -> line.lower(), 0);
        m.engine().runUntil(160_000);
        final int whileHigh = wakes.size();
        assertThat(whileHigh).isGreaterThan(5); // each down deactivates it, and the level is pending again
        assertThat(wakes.get(0)).isBetween(100_000L, 105_000L);
        assertThat(wakes.get(whileHigh - 1)).isLessThan(155_000L);
        m.engine().runUntil(500_000);
        assertThat(wakes).hasSize(whileHigh); // lowered: the last down's deactivation finds nothing pending
        assertThat(active(m, SPI)).isFalse();
        assertThat(m.interrupts().taken()).isEqualTo(whileHigh);
        assertThat(failed).isEmpty();
    }

    @Test
    void aLevelEspiLikewise()
    {
        final ArmMachine m = ArmMachine.builder().cpus(2).espis(64).build();
        final int espi = 4096 + 63;
        final IrqLine line = m.spi(espi);
        m.kernel().start(driver(interrupt(espi, 2), List.of()));
        m.engine().runUntil(50_000);
        m.engine().post(100_000, arg -> line.raise(), 0);
        m.engine().post(150_000, arg -> line.lower(), 0);
        m.engine().runUntil(500_000);
        assertThat(wakes.size()).isGreaterThan(5);
        assertThat(wakes.get(wakes.size() - 1)).isLessThan(155_000L);
        assertThat(active(m, espi)).isFalse();
        assertThat(failed).isEmpty();
    }

    @Test
    void aGuestOwnedSpiIsLeftActiveByTheDownAndADetachEndsIt()
    {
        final ArmMachine m = ArmMachine.builder().build();
        final Kernel k = m.kernel();
        final IrqLine line = m.spi(SPI);
        Script.ok(k, u -> Calls.createInterruptSm(u, SM, Kernel.ROOT_PD, SPI));
        Script.ok(k, u -> Calls.createInterruptSm(u, SM + 10, Kernel.ROOT_PD, SPI + 1));
        Script.ok(k, u -> Calls.assignInt(u, SM, 0, true, 0, 0, 8)); // edge, guest-owned
        Script.ok(k, u -> Calls.assignInt(u, SM + 10, 0, true, 0, 0, 0)); // edge, the host's
        line.pulse();
        m.spi(SPI + 1).pulse();
        m.interrupts().handle(0, k.events(0));
        m.interrupts().handle(0, k.events(0));
        assertThat(m.interrupts().taken()).isEqualTo(2);
        Script.ok(k, u -> Calls.down(u, SM, false, 0)); // counted: returns at once, after the deactivation
        Script.ok(k, u -> Calls.down(u, SM + 10, false, 0));
        assertThat(active(m, SPI)).as("a guest deactivates it through its list register").isTrue();
        assertThat(active(m, SPI + 1)).isFalse();
        Script.ok(k, u -> Calls.assignInt(u, SM, 0, false, 0, 0, 0)); // A44: the stopped route is not left active
        assertThat(active(m, SPI)).isFalse();
    }

    @Test
    void aReleaseToAnotherCpuIsAnRrqSgi()
    {
        final ArmMachine m = ArmMachine.builder().cpus(2).build();
        final GicInterrupts gic = m.interrupts();
        m.kernel().start(driver(List.of(u -> Calls.createSm(u, SM, Kernel.ROOT_PD, 0)), List.of(
            u -> Calls.down(u, PARK, false, 100_000), // the driver starts on CPU 1 and blocks
            u -> Calls.up(u, SM)))); // its SC is released to CPU 1
        m.engine().runUntil(90_000);
        final long before = gic.sgis(GicInterrupts.SGI_RRQ);
        assertThat(wakes).isEmpty();
        m.engine().runUntil(200_000);
        assertThat(wakes).hasSize(1);
        assertThat(wakes.get(0)).isBetween(100_000L, 110_000L);
        assertThat(gic.sgis(GicInterrupts.SGI_RRQ)).isEqualTo(before + 1);
        assertThat(failed).containsExactly("call 8 TIMEOUT");
    }

    @Test
    void aRecallOfAnEcRunningOnAnotherCpuIsAnRkeSgi()
    {
        final ArmMachine m = ArmMachine.builder().cpus(2).build();
        final Script root = driver(List.of(u -> Calls.createSm(u, SM, Kernel.ROOT_PD, 0)), List.of(
            u -> Calls.down(u, PARK, false, 100_000),
            u -> Calls.recall(u, DRIVER, false)));
        root.at(700, u -> {
            u.charge(1_000); // spins in user mode
            return Program.PREEMPT;
        });
        m.kernel().start(root);
        m.engine().runUntil(200_000);
        assertThat(m.interrupts().sgis(GicInterrupts.SGI_RKE)).isEqualTo(1);
        assertThat(log).hasSize(1);
        assertThat(log.get(0)).startsWith("recall on cpu 1 at ");
        assertThat(Long.parseLong(log.get(0).substring("recall on cpu 1 at ".length()))).isBetween(100_000L,
            110_000L);
        assertThat(failed).containsExactly("call 8 TIMEOUT");
    }

    @Test
    void aDownWithADeadlineTimesOutThroughTheEl2PhysicalTimersPpi()
    {
        final ArmMachine m = ArmMachine.builder().cpus(2).build();
        m.kernel().start(Script.calls(List.of(
            u -> Calls.createSm(u, PARK, Kernel.ROOT_PD, 0),
            u -> Calls.down(u, PARK, false, 50_000),
            u -> {
                log.add(Calls.status(u) + " " + u.stc());
                Calls.down(u, PARK, false, 0);
            }), failed));
        m.engine().runUntil(40_000);
        assertThat(m.pe(0).read(SysReg.CNTHP_CVAL_EL2)).isEqualTo(50_000);
        m.engine().runUntil(100_000);
        assertThat(log).hasSize(1);
        assertThat(log.get(0)).startsWith("TIMEOUT ");
        assertThat(Long.parseLong(log.get(0).substring(8))).isBetween(50_000L, 52_000L);
        assertThat(m.interrupts().ppis(GenericTimer.PPI_HYP_PHYSICAL)).isEqualTo(1);
        assertThat(m.pe(0).read(SysReg.CNTHP_CVAL_EL2)).isEqualTo(HypTimer.STOPPED);
        final long active = m.bus().read(m.gic().redistributorBase(0) + GicrRegister.ISACTIVER.offset(0), 4);
        assertThat(active >>> GenericTimer.PPI_HYP_PHYSICAL & 1).as("deactivated at once").isZero();
    }
}
