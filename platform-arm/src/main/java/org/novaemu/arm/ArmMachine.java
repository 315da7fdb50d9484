// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm;

import java.util.Arrays;

import org.novaemu.arm.core.CoreCosts;
import org.novaemu.arm.core.El1Core;
import org.novaemu.arm.core.El1Cores;
import org.novaemu.arm.core.El1Program;
import org.novaemu.arm.cpu.GenericTimer;
import org.novaemu.arm.cpu.Pe;
import org.novaemu.arm.cpu.SystemCounter;
import org.novaemu.arm.firmware.Psci;
import org.novaemu.arm.gic.Gic;
import org.novaemu.arm.gic.GicPins;
import org.novaemu.arm.gic.GicdTyper;
import org.novaemu.arm.gic.GicrRegister;
import org.novaemu.arm.gic.Intid;
import org.novaemu.arm.nova.ArmPlatform;
import org.novaemu.arm.nova.GicInterrupts;
import org.novaemu.irq.IrqLine;
import org.novaemu.kernel.BootInfo;
import org.novaemu.kernel.Costs;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.KernelEvents;
import org.novaemu.machine.Machine;
import org.novaemu.machine.MachineBuilder;
import org.novaemu.machine.Pcie;
import org.novaemu.sim.Engine;
import org.novaemu.util.Require;

/**
 * An ARMv8-A machine with NOVA booted on it, laid out as QEMU's {@code virt} board: PEs with MPIDR affinities
 * of 16 per cluster (A20) sharing one system counter at the reference clock, each with its EL2 physical and
 * EL1 virtual timers on PPIs 26 and 27 of its redistributor; a GICv3 with its distributor at 0x0800_0000, the
 * redistributors of the first 123 PEs from 0x080A_0000 and those of the others from 256 GiB
 * ({@code VIRT_GIC_REDIST}, {@code VIRT_HIGH_GIC_REDIST2}); 2 GiB of RAM from 1 GiB, the kernel's memory at its
 * start; boot modules from {@link ArmPlatform#DEFAULT_MODULE_BASE}; PSCI 1.1 firmware with SYSTEM_SUSPEND; the
 * GIC's frames withheld from the NOVA host space. Devices drive SPIs and ESPIs through {@link #spi}. The
 * kernel runs on {@link ArmPlatform}'s roles with {@link GicInterrupts}, each PE's IRQ wired to its CPU's
 * interrupt entry. PCI Express is not modelled on Arm yet: the machine has no PCI segment (A48).
 *
 * <pre>{@code
 * ArmMachine m = ArmMachine.builder().cpus(4).build();
 * IrqLine uart = m.spi(33);
 * m.kernel().start(rootTask);
 * m.engine().runFor(1_000_000);
 * }</pre>
 */
public final class ArmMachine extends Machine
{
    /** The distributor's 64 KiB frame. */
    public static final long GICD_BASE = 0x0800_0000L;
    /** The first redistributor region: 123 redistributors of 128 KiB. */
    public static final long GICR_BASE = 0x080a_0000L;
    /** The redistributors the first region holds (0xF6_0000 bytes). */
    public static final int GICR_LOW = 123;
    /** The second redistributor region, for PEs 123 and up. */
    public static final long GICR_HIGH = 0x40_0000_0000L;
    /** The start of RAM. */
    public static final long RAM_BASE = 0x4000_0000L;
    /** The size of RAM: 2 GiB. */
    public static final long RAM_SIZE = 0x8000_0000L;
    /** The kernel's own memory (HIP, UTCBs, its page tables), at the start of RAM. */
    public static final long KERNEL_MEMORY = RAM_BASE;
    /** The most CPUs. */
    public static final int MAX_CPUS = 1024;

    /** Where a bare machine's primary PE starts: the base of RAM (A70). */
    public static final long BARE_ENTRY = RAM_BASE;

    private final Pe[] pes;
    private final Gic gic;
    private final ArmPlatform platform;
    private final GicInterrupts interrupts;
    private final El1Core[] cores;
    private final int spis;
    private final int espis;
    private final IrqLine[] lines;

    private ArmMachine(final Builder b)
    {
        super(b, RAM_BASE, RAM_SIZE);
        final Engine engine = engine();
        final SystemCounter counter = new SystemCounter(engine);
        final int n = b.cpus();
        pes = new Pe[n];
        final int[] affinities = new int[n];
        for (int i = 0; i < n; i++)
        {
            pes[i] = new Pe(counter, i);
            affinities[i] = pes[i].mpidr().packed();
        }
        final Gic.Builder g = Gic.builder(engine, bus()).pes(n).affinities(affinities).spis(b.spis).espis(b.espis)
            .distributorBase(GICD_BASE).redistributorRegion(GICR_BASE, Math.min(n, GICR_LOW));
        if (n > GICR_LOW)
        {
            g.redistributorRegion(GICR_HIGH, n - GICR_LOW);
        }
        gic = g.build();
        for (int i = 0; i < n; i++)
        {
            gic.redistributor(i).connect(pes[i].hypTimer().output(), GenericTimer.PPI_HYP_PHYSICAL);
            gic.redistributor(i).connect(pes[i].virtualTimer().output(), GenericTimer.PPI_VIRTUAL);
        }
        lines = new IrqLine[Intid.ESPI + b.espis];
        final long[] gicFrames = {GICD_BASE, 0x1_0000L, GICR_BASE, (long) Math.min(n, GICR_LOW) * GicrRegister.FRAMES,
            GICR_HIGH, (long) Math.max(0, n - GICR_LOW) * GicrRegister.FRAMES};
        final int frames = n > GICR_LOW ? 6 : 4;
        final long[] protectedMemory = Arrays.copyOf(gicFrames, frames);
        final GicdTyper typer = gic.distributor().typer();
        spis = GicInterrupts.spiNum(typer);
        espis = GicInterrupts.espiNum(typer);
        final Psci psci = new Psci(Psci.V1_1, true);
        if (b.program != null)
        {
            // A bare machine: no kernel; each PE an EL1 core, the primary running, the others off until
            // PSCI CPU_ON (A70).
            platform = null;
            interrupts = null;
            cores = new El1Core[n];
            for (int i = 0; i < n; i++)
            {
                cores[i] = new El1Core(i, engine, bus(), gic.cpuInterface(i), pes[i], psci, b.program, b.coreCosts);
            }
            psci.attach(new El1Cores(cores));
            cores[0].powerOn(BARE_ENTRY, 0);
            return;
        }
        cores = null;
        platform = new ArmPlatform(new ArmPlatform.Hardware(pes, KERNEL_MEMORY, b.kernelMemory(),
            ArmPlatform.DEFAULT_MODULE_BASE, protectedMemory, GicInterrupts.spiNum(typer),
            GicInterrupts.espiNum(typer), GicInterrupts.lpiNum(typer), psci, BootInfo.NONE));
        interrupts = new GicInterrupts(engine, bus(), gic, platform);
        final Kernel kernel = boot(b, platform.roles(interrupts));
        for (int i = 0; i < n; i++)
        {
            final KernelEvents cpu = kernel.events(i);
            gic.cpuInterface(gic.peOf(affinities[i])).connect(new GicPins()
            {
                @Override
                public void irq(final boolean asserted)
                {
                    if (asserted)
                    {
                        cpu.interruptPending(); // the kernel takes it at the CPU's next interrupt point
                    }
                }

                @Override
                public void fiq(final boolean asserted)
                {
                    // group 0 is not used: NOVA puts every interrupt in group 1
                }
            });
        }
    }

    /**
     * @return a builder with 1 CPU at 2 GHz, 256 SPIs, no ESPIs, 64 MiB of kernel memory and the AArch64 cost
     *         table
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * The input of a shared peripheral interrupt, for a device to drive: a line connected to the distributor,
     * made on first use and the same on every call.
     *
     * @param intid an SPI (32 to 31 + SPI_NUM) or ESPI (4096 to 4095 + ESPI_NUM) the GIC implements
     * @return its line
     * @throws IllegalArgumentException naming {@code intid} if the GIC has no such SPI or ESPI
     */
    public IrqLine spi(final int intid)
    {
        final boolean ok = intid >= Intid.SPI && intid < Intid.SPI + spis
            || intid >= Intid.ESPI && intid < Intid.ESPI + espis;
        if (!ok)
        {
            throw new IllegalArgumentException("intid must be an SPI or ESPI of the GIC, was " + intid);
        }
        IrqLine line = lines[intid];
        if (line == null)
        {
            line = new IrqLine("spi" + intid, intid, engine().trace());
            gic.distributor().connect(line, intid);
            lines[intid] = line;
        }
        return line;
    }

    /** @return the GICv3 */
    public Gic gic()
    {
        return gic;
    }

    /**
     * @param cpu a CPU
     * @return its PE (MPIDR, timers, system registers)
     */
    public Pe pe(final int cpu)
    {
        return pes[cpu];
    }

    /**
     * @param cpu a PE of a bare machine
     * @return its EL1 core
     * @throws IllegalStateException on a machine with NOVA, whose PEs run the kernel
     */
    public El1Core core(final int cpu)
    {
        if (cores == null)
        {
            throw new IllegalStateException("core: this machine runs NOVA; build it bare for EL1 cores");
        }
        return cores[cpu];
    }

    /** @return NOVA's AArch64 half, or null on a bare machine */
    public ArmPlatform platform()
    {
        return platform;
    }

    /** @return NOVA's GIC driver, or null on a bare machine */
    public GicInterrupts interrupts()
    {
        return interrupts;
    }

    /** What to build: the options of every machine, and the GIC's SPIs and ESPIs. */
    public static final class Builder extends MachineBuilder<Builder, ArmMachine>
    {
        private int spis = 256;
        private int espis;
        private El1Program program;
        private CoreCosts coreCosts = CoreCosts.DEFAULT;

        private Builder()
        {
            super(MAX_CPUS, 1, Costs.AARCH64);
        }

        @Override
        protected Builder self()
        {
            return this;
        }

        /**
         * @param n SPIs: a multiple of 32 up to 960, or 988 (INTIDs 32 to 1019); default 256, as QEMU's virt
         * @return this builder
         */
        public Builder spis(final int n)
        {
            if (n != 988 && (n < 0 || n > 960 || n % 32 != 0))
            {
                throw new IllegalArgumentException("spis must be a multiple of 32 up to 960, or 988, was " + n);
            }
            spis = n;
            return this;
        }

        /**
         * @param n extended SPIs (INTIDs from 4096): a multiple of 32 up to 1,024; default 0
         * @return this builder
         */
        public Builder espis(final int n)
        {
            if (n < 0 || n > 1024 || n % 32 != 0)
            {
                throw new IllegalArgumentException("espis must be a multiple of 32 up to 1024, was " + n);
            }
            espis = n;
            return this;
        }

        /**
         * Builds a bare machine: the same hardware, no kernel; each PE is an {@link El1Core} executing
         * {@code image} at EL1, the primary from {@link #BARE_ENTRY}, the others once started by PSCI CPU_ON
         * (A70). {@link Machine#kernel()}, {@link #platform()} and {@link #interrupts()} are then null.
         *
         * @param image the code every PE executes
         * @param costs what its instructions cost
         * @return this builder
         */
        public Builder bare(final El1Program image, final CoreCosts costs)
        {
            program = Require.nonNull("image", image);
            coreCosts = Require.nonNull("costs", costs);
            return this;
        }

        /**
         * {@link #bare(El1Program, CoreCosts)} with {@link CoreCosts#DEFAULT}.
         *
         * @param image the code every PE executes
         * @return this builder
         */
        public Builder bare(final El1Program image)
        {
            return bare(image, CoreCosts.DEFAULT);
        }

        /**
         * PCI Express is not modelled on the Arm machine yet (A48).
         *
         * @param segment a segment
         * @param populate what would populate it
         * @return never
         * @throws IllegalArgumentException always, naming {@code pcie}
         */
        @Override
        public Builder pcie(final int segment, final Pcie populate)
        {
            throw new IllegalArgumentException("pcie: the Arm machine has no PCI Express yet");
        }

        @Override
        protected ArmMachine assemble()
        {
            return new ArmMachine(this);
        }
    }
}
