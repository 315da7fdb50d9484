// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novaemu.testkit.NovaAssertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.arm.ArmMachine;
import org.novaemu.testkit.Arch;
import org.novaemu.testkit.DriverPd;
import org.novaemu.testkit.IrqThread;
import org.novaemu.testkit.NovaMachine;
import org.novaemu.testkit.PciMsi;
import org.novaemu.testkit.TestBed;
import org.novaemu.x86.X86Machine;
import org.novaemu.x86.vtd.Vtd;

/**
 * A device that writes another device's MSI (its address and data copied into its own MSI-X entry) wakes nobody:
 * on x86 VT-d's source-ID validation blocks it with a fault record naming the sender and the interrupt index; on
 * Arm the ITS translates it with the sender's own DeviceID, under which that EventID maps nothing. The sender's
 * own vector still works. Ported to the kit from platform-x86's IsolationScenarioTest and platform-arm's
 * ArmIsolationScenarioTest, which set up the same with numbered script labels.
 */
class ForgedMsiTest
{
    @Test
    @NovaMachine(arch = Arch.X86, cpus = 2, devices = 2)
    void onX86SourceIdValidationBlocksItWithAFaultRecord(final TestBed bed)
    {
        final IrqThread a = forgedMsiReachesNobodyAndTheSendersOwnVectorWorks(bed);
        final Vtd vtd = ((X86Machine) bed.machine()).vtd();
        assertThat(vtd.faults()).isEqualTo(1);
        final long[] record = ((X86Machine) bed.machine()).platform().smmu().unit(0).lastFault();
        assertThat(record[1] & 0xffff).isEqualTo(bed.device(1).requesterId()); // SID: the sender
        assertThat(record[1] >>> 32 & 0xff).isEqualTo(Vtd.FR_IR_SOURCE);
        assertThat(record[0] >>> 48).as("FI: the interrupt index, a's GSI").isEqualTo(a.isd() & 0xffff);
    }

    @Test
    @NovaMachine(arch = Arch.ARM, cpus = 2, devices = 2)
    void onArmTheItsTranslatesItWithTheSendersDeviceIdToNothing(final TestBed bed)
    {
        forgedMsiReachesNobodyAndTheSendersOwnVectorWorks(bed);
        final ArmMachine m = (ArmMachine) bed.machine();
        assertThat(m.its().dropped()).isEqualTo(1);
        assertThat(m.smmu().eventsRecorded()).as("the doorbell is in the DMA space").isZero();
    }

    /** a's entry 0 to CPU 0, b's entry 1 to CPU 1; a's works; b sends from its entry 0 what assign_int gave a. */
    private static IrqThread forgedMsiReachesNobodyAndTheSendersOwnVectorWorks(final TestBed bed)
    {
        final DriverPd driver = bed.root().driverPd();
        final IrqThread a = bed.root().msix(driver, bed.device(0), 0, 0, null);
        final IrqThread b = bed.root().msix(driver, bed.device(1), 1, 1, null);
        bed.root().run(10_000_000);
        bed.device(0).raise(0);
        bed.runUntil(() -> a.wakes() == 1, "a's own vector waking a", 100_000);
        bed.interceptor().clear();
        PciMsi.msix(bed.machine(), bed.device(1), 0, a.attach().out(1), a.attach().out(2));
        bed.device(1).raise(0);
        bed.machine().engine().runFor(100_000);
        assertThat(a.wakes()).isEqualTo(1);
        assertThat(bed.interceptor()).deliveredNothingOf(a.isd());
        final long raisedAt = bed.now();
        bed.device(1).raise(1);
        bed.runUntil(() -> b.wakes() == 1, "b's own vector waking b", 100_000);
        assertThat(bed.interceptor()).delivered(b, raisedAt, 5_000);
        return a;
    }
}
