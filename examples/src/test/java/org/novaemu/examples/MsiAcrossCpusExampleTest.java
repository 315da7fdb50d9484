// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novaemu.testkit.NovaAssertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.testkit.Arch;
import org.novaemu.testkit.DriverPd;
import org.novaemu.testkit.IrqThread;
import org.novaemu.testkit.NovaMachine;
import org.novaemu.testkit.RootScript;
import org.novaemu.testkit.TestBed;

/**
 * Issue 14, story 1 with the test kit: 8 CPUs, two devices, their MSI-X vectors spread over the CPUs; which thread
 * woke where, and when.
 */
class MsiAcrossCpusExampleTest
{
    @Test
    @NovaMachine(arch = Arch.X86, cpus = 8, devices = 2, vectors = 4)
    void onX86(final TestBed bed)
    {
        eachVectorWakesItsThreadOnItsCpu(bed);
    }

    @Test
    @NovaMachine(arch = Arch.ARM, cpus = 8, devices = 2, vectors = 4)
    void onArm(final TestBed bed)
    {
        eachVectorWakesItsThreadOnItsCpu(bed);
    }

    private static void eachVectorWakesItsThreadOnItsCpu(final TestBed bed)
    {
        final RootScript root = bed.root();
        final DriverPd driver = root.driverPd();
        final IrqThread[] threads = new IrqThread[8];
        for (int g = 0; g < 8; g++)
        {
            threads[g] = root.msix(driver, bed.device(g / 4), g % 4, g, null); // vector g to CPU g
        }
        root.run(10_000_000);
        for (int g = 0; g < 8; g++)
        {
            final IrqThread t = threads[g];
            final long raisedAt = bed.now();
            bed.device(g / 4).raise(g % 4);
            bed.runUntil(() -> t.wakes() == 1, "vector " + g + " waking its thread", 100_000);
            assertThat(bed.interceptor()).delivered(t, raisedAt, 5_000); // its EC, its CPU, within 5,000 cycles
            assertThat(t.lastCpu()).isEqualTo(g);
        }
    }
}
