// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novaemu.testkit.NovaAssertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.bus.IommuFault.Access;
import org.novaemu.bus.IommuFault.Reason;
import org.novaemu.devices.MultiQueueDevice;
import org.novaemu.testkit.Arch;
import org.novaemu.testkit.DriverPd;
import org.novaemu.testkit.IrqThread;
import org.novaemu.testkit.NovaMachine;
import org.novaemu.testkit.PciMsi;
import org.novaemu.testkit.TestBed;

/**
 * Issue 14, story 2 with the test kit: a malicious device, bound to a driver like any other, writes the kernel's
 * memory by DMA and forges another device's MSI. The IOMMU refuses both with typed fault records naming the device,
 * nothing is written and no interrupt reaches the victim's thread. On x86 VT-d's DMA remapping refuses the write and
 * its source-ID check the MSI; on Arm the SMMUv3 refuses the write and the ITS, translating the forged EventID with
 * the attacker's own DeviceID, finds nothing.
 */
class MaliciousDeviceExampleTest
{
    @Test
    @NovaMachine(arch = Arch.X86, devices = 2)
    void onX86(final TestBed bed)
    {
        refusedWithTypedFaultsAndNothingWrittenOrDelivered(bed, Reason.SOURCE_ID);
    }

    @Test
    @NovaMachine(arch = Arch.ARM, devices = 2)
    void onArm(final TestBed bed)
    {
        refusedWithTypedFaultsAndNothingWrittenOrDelivered(bed, Reason.TRANSLATION);
    }

    private static void refusedWithTypedFaultsAndNothingWrittenOrDelivered(final TestBed bed, final Reason forged)
    {
        final DriverPd driver = bed.root().driverPd();
        final IrqThread victim = bed.root().msix(driver, bed.device(0), 0, 0, null);
        bed.root().msix(driver, bed.device(1), 1, 1, null); // the attacker has a vector and a DMA space of its own
        bed.root().run(10_000_000);
        final MultiQueueDevice attacker = bed.device(1);
        final long kernel = bed.arch().kernelMemory();
        final long before = bed.machine().bus().read(kernel, 8);
        assertThat(attacker.dmaWrite(kernel, 8, ~before)).isFalse();
        PciMsi.msix(bed.machine(), attacker, 0, victim.attach().out(1), victim.attach().out(2)); // the victim's MSI
        attacker.raise(0);
        bed.runFor(100_000);
        assertThat(bed.machine().bus().read(kernel, 8)).isEqualTo(before);
        assertThat(bed.interceptor()).deliveredNothingTo(victim);
        assertThat(bed.machine().iommuFaults()).hasFaults(2).onlyFrom(attacker)
            .refused(attacker, Access.WRITE, Reason.TRANSLATION).refused(attacker, Access.INTERRUPT, forged);
    }
}
