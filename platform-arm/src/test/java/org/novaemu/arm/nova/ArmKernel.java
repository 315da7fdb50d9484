// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

import org.novaemu.arm.cpu.Pe;
import org.novaemu.arm.cpu.SystemCounter;
import org.novaemu.arm.firmware.Psci;
import org.novaemu.kernel.BootInfo;
import org.novaemu.kernel.Costs;
import org.novaemu.kernel.Kernel;
import org.novaemu.sim.Engine;

/**
 * A NOVA kernel on {@link ArmPlatform}'s roles for tests: a 1 GHz engine, PEs sharing one system counter,
 * 4 MiB of kernel memory at 1 GiB, and {@link TimerOnlyInterrupts} for the GIC driver.
 *
 * @param engine the engine
 * @param platform the Arm half
 * @param kernel the kernel
 */
record ArmKernel(Engine engine, ArmPlatform platform, Kernel kernel)
{
    /** Where the kernel memory starts. */
    static final long KERNEL_MEMORY = 0x4000_0000L;
    /** A GIC distributor's frame the kernel withholds. */
    static final long GICD = 0x0800_0000L;

    /**
     * @param cpus the number of CPUs
     * @param psci the firmware's PSCI, or null
     * @return the kernel, not started
     */
    static ArmKernel boot(final int cpus, final Psci psci)
    {
        final Engine engine = Engine.builder().build();
        final SystemCounter counter = new SystemCounter(engine);
        final Pe[] pes = new Pe[cpus];
        for (int i = 0; i < cpus; i++)
        {
            pes[i] = new Pe(counter, i);
        }
        final ArmPlatform platform = new ArmPlatform(new ArmPlatform.Hardware(pes, KERNEL_MEMORY, 0x40_0000L,
            ArmPlatform.DEFAULT_MODULE_BASE, new long[] {GICD, 0x1_0000}, 988, 64, 65_536, psci,
            new BootInfo(-1, null, 0x4000_0000L, 0x11, 0x22)));
        final TimerOnlyInterrupts interrupts = new TimerOnlyInterrupts();
        final Kernel kernel = new Kernel(platform.roles(interrupts), engine, Costs.AARCH64);
        interrupts.attach(platform, kernel);
        return new ArmKernel(engine, platform, kernel);
    }

    /** @return a kernel on 2 CPUs with PSCI 1.1 and SYSTEM_SUSPEND */
    static ArmKernel boot()
    {
        return boot(2, new Psci(Psci.V1_1, true));
    }
}
