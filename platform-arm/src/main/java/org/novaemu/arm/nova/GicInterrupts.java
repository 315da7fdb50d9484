// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

import org.novaemu.arm.ArmTrace;
import org.novaemu.arm.cpu.GenericTimer;
import org.novaemu.arm.gic.Gic;
import org.novaemu.arm.gic.GicCpuInterface;
import org.novaemu.arm.gic.GicdRegister;
import org.novaemu.arm.gic.GicdTyper;
import org.novaemu.arm.gic.GicrRegister;
import org.novaemu.arm.gic.GicrTyper;
import org.novaemu.arm.gic.IccRegister;
import org.novaemu.arm.gic.Intid;
import org.novaemu.arm.gic.Sgi1r;
import org.novaemu.bus.Bus;
import org.novaemu.kernel.Dc;
import org.novaemu.kernel.Iommu;
import org.novaemu.kernel.Interrupts;
import org.novaemu.kernel.Ipi;
import org.novaemu.kernel.KernelEvents;
import org.novaemu.kernel.Sm;
import org.novaemu.kernel.Status;
import org.novaemu.kernel.Sys.AssignInt;
import org.novaemu.sim.Engine;
import org.novaemu.trace.Trace;
import org.novaemu.util.Require;

/**
 * NOVA's Arm {@code Interrupt} on a GICv3 (specification 5.3.5, 5.5.3, 7.6.6; NOVA's 2025/2026
 * {@code src/aarch64/interrupt.cpp}, {@code gicd.cpp}, {@code gicr.cpp}, {@code gicc.cpp}, {@code timer.cpp}).
 * It drives the GIC only as NOVA does: the distributor and the redistributors through their registers on the
 * bus, each CPU interface through its system registers.
 * <ul>
 *   <li>Boot (NOVA's {@code Gicd::init}, {@code Gicr::init}, {@code Gicc::init}, {@code Timer::init}): the
 *       distributor disabled, every SPI and ESPI disabled, group 1, priority 0, then ARE and EnableGrp1; on each
 *       CPU its redistributor's SGIs and PPIs the same, the SGIs enabled, the WAKER handshake; ICC_SRE_EL2 with
 *       SRE, BPR1 7, PMR 0xFF, IGRPEN1 1, EOImode 1; PPIs 26 (EL2 physical timer) and 27 (EL1 virtual timer)
 *       level and enabled. The limits are GICD_TYPER's, as NOVA's {@code Gicd::mmap_mmio} reads them.</li>
 *   <li>ISD: the INTID in bits 23:0, an SPI, ESPI or LPI below SPI_NUM, ESPI_NUM or LPI_NUM; bits 63:24 zero
 *       (A40). The SM table is global and indexed by INTID: slot and route are the INTID, and {@code idx}
 *       names no slot (A41).</li>
 *   <li>assign_int: an SPI or ESPI is a pin (no DC, no P: A42); its attach programs, as {@code Gicd::conf_std}
 *       and {@code conf_ext} do, disable, trigger from T, IROUTER to the CPU's affinity, enable unless M, and
 *       records G; the MSI pair is 0. An LPI needs a DC whose DTD word 2 names a GITS of the machine, driven by
 *       {@code Gits} (A140-A143): MAPTI, MOVI, DISCARD; the MSI pair is GITS_TRANSLATER and the EventID.
 *       The device's ITT comes with its DC ({@link #createDc}, {@link #destroyDc}; A180-A184).
 *       A detached route is masked (A44).</li>
 *   <li>The entry ({@link #handle}): ICC_IAR1_EL1, at once ICC_EOIR1_EL1 (priority drop); SGI 0 RRQ and SGI 1
 *       RKE to the kernel, PPI 26 to {@link HypTimer#expired}, each deactivated at once by ICC_DIR_EL1; PPI 27
 *       is left for a guest to deactivate; an SPI, ESPI or LPI ups the semaphore in its slot and an SPI or
 *       ESPI stays active until that semaphore's next down deactivates it ({@link #deactivate}), unless a
 *       guest owns it (A45). An SPI of the SMMU's, which no semaphore can hold, goes to the SMMU driver's
 *       handler on the CPU that took it and is deactivated at once (A191, A212).</li>
 *   <li>IPIs: SGI 0 (RRQ) and SGI 1 (RKE) through the sending CPU's ICC_SGI1R_EL1 to the target's affinity,
 *       with RS for an Aff0 of 16 or more, which NOVA's {@code Gicc::send_cpu} cannot reach (A46).</li>
 * </ul>
 * Nothing on the entry and deactivation paths allocates or scans: a slot is an array index.
 */
public final class GicInterrupts implements Interrupts
{
    /** SGI 0: NOVA's {@code Request::RRQ}. */
    public static final int SGI_RRQ = 0;
    /** SGI 1: NOVA's {@code Request::RKE}. */
    public static final int SGI_RKE = 1;
    /** The most SPIs an ISD names (NOVA's NUM_SPI): INTIDs 32 to 1019. */
    public static final int NUM_SPI = 988;
    /** The most ESPIs (NOVA's NUM_ESPI): INTIDs 4096 to 5119. */
    public static final int NUM_ESPI = 1024;
    /** The most LPIs (NOVA's NUM_LPI): INTIDs 8192 to 65535. */
    public static final int NUM_LPI = 57_344;

    /** NOVA's interrupt group for everything it owns: group 1 (all ones in IGROUPR). */
    private static final long GROUP1 = 0xffff_ffffL;
    private static final long ALL = 0xffff_ffffL;
    /** The configuration table (2^16 bytes for 16 INTID bits) and each pending table, 64 KiB aligned. */
    private static final long LPI_TABLE = 0x1_0000;
    /** How many reads a wait for RWP or ChildrenAsleep takes before NOVA gives up on it (its 2025 timeout). */
    private static final int POLLS = 1 << 16;

    private final Engine engine;
    private final Bus bus;
    private final HypTimer timer;
    private final long gicd;
    private final long[] gicr;
    private final GicCpuInterface[] icc;
    /** Each CPU's MPIDR_EL1 affinity fields in their positions: what IROUTER takes (NOVA's affinity_bits). */
    private final long[] affinity;
    /** Each CPU's packed affinity, for ICC_SGI1R_EL1. */
    private final int[] packed;
    private final int spis;
    private final int espis;
    private final int lpis;
    /** NOVA's {@code guest_s} and {@code guest_e}: one bit per SPI and ESPI a guest owns. */
    private final long[] guestSpi = new long[(NUM_SPI + 63) / 64];
    private final long[] guestEspi = new long[NUM_ESPI / 64];
    /** The CPU each SPI or ESPI was last routed to, by INTID: the interface a deactivation uses off-CPU. */
    private final short[] routedTo;
    private long taken;
    private long spurious;
    private final long[] sgis = new long[16];
    private final long[] ppis = new long[16];
    /** One driver per ITS, found by the GITS address of a DTD's word 2. */
    private final Gits[] gits;
    /** The LPI tables' region: the configuration table first. */
    private final long tables;
    /** Each LPI's mapping, by INTID - 8192: its device's ITT (null: none), EventID and collection (CPU). */
    private final Itt[] lpiItt;
    private final int[] lpiEid;
    private final short[] lpiCpu;
    private long itsFailures;
    /** The SMMU driver whose SPIs the kernel owns, or null (A191, A212). */
    private final IntidOwner smmu;
    /** One bit per SPI the kernel owns (the SMMU's), by INTID - 32: no ISD names one, the entry hands it over. */
    private final long[] ownedSpi = new long[(NUM_SPI + 63) / 64];

    /**
     * Takes over the GIC as NOVA's boot does on every CPU (see the class description), without LPIs: no ITS.
     *
     * @param engine the engine, which tells the CPU the kernel runs on
     * @param bus where the GIC's frames are mapped
     * @param gic the GIC, one PE per CPU, found by the CPUs' MPIDR affinities
     * @param platform the Arm half: the CPUs' PEs and their EL2 physical timers
     * @throws IllegalArgumentException if a CPU's affinity names no PE of the GIC
     * @throws IllegalStateException if a handshake never completes (NOVA panics)
     */
    public GicInterrupts(final Engine engine, final Bus bus, final Gic gic, final ArmPlatform platform)
    {
        this(engine, bus, gic, platform, new long[0], 0);
    }

    /**
     * Takes over the GIC as NOVA's boot does on every CPU (see the class description), with LPIs enabled on
     * every redistributor from one configuration table and each CPU's pending table, and a driver for each ITS
     * (A140).
     *
     * @param engine the engine, which tells the CPU the kernel runs on
     * @param bus where the GIC's frames are mapped
     * @param gic the GIC, one PE per CPU, found by the CPUs' MPIDR affinities
     * @param platform the Arm half: the CPUs' PEs and their EL2 physical timers
     * @param gits the bases of the machine's ITSes
     * @param tables a 64 KiB aligned region of zeroed memory, {@link #tablesBytes} long, that the NOVA host
     *        space withholds: the LPI and ITS tables; 0 with no ITS leaves LPIs off
     * @throws IllegalArgumentException if a CPU's affinity names no PE of the GIC
     * @throws IllegalStateException if a handshake never completes (NOVA panics)
     */
    public GicInterrupts(final Engine engine, final Bus bus, final Gic gic, final ArmPlatform platform,
                         final long[] gits, final long tables)
    {
        this(engine, bus, gic, platform, gits, tables, null);
    }

    /**
     * Takes over the GIC as {@link #GicInterrupts(Engine, Bus, Gic, ArmPlatform, long[], long)} does, and takes
     * the SMMU driver's SPIs as the kernel's own: the SMMUv3's event queue and global error interrupts, edge
     * (A191), or the SMMUv2's global fault and context bank interrupts, level (A212); each routed to CPU 0 and
     * enabled, as NOVA's SMMU init configures its interrupts on the BSP, and no semaphore can be bound to them.
     *
     * @param engine the engine, which tells the CPU the kernel runs on
     * @param bus where the GIC's frames are mapped
     * @param gic the GIC, one PE per CPU, found by the CPUs' MPIDR affinities
     * @param platform the Arm half: the CPUs' PEs and their EL2 physical timers
     * @param gits the bases of the machine's ITSes
     * @param tables as for the other constructor; 0 leaves LPIs off
     * @param iommu the SMMU driver ({@link SmmuV3Driver} or {@link SmmuV2Driver}) whose SPIs the kernel takes;
     *        null or any other {@link Iommu} for none
     * @throws IllegalArgumentException if a CPU's affinity names no PE of the GIC, or an SPI of the SMMU is not
     *         one the GIC has
     * @throws IllegalStateException if a handshake never completes (NOVA panics)
     */
    public GicInterrupts(final Engine engine, final Bus bus, final Gic gic, final ArmPlatform platform,
                         final long[] gits, final long tables, final Iommu iommu)
    {
        this.smmu = iommu instanceof IntidOwner o ? o : null;
        this.engine = Require.nonNull("engine", engine);
        this.bus = Require.nonNull("bus", bus);
        Require.nonNull("gic", gic);
        this.timer = Require.nonNull("platform", platform).timer();
        final int cpus = platform.cpus();
        this.gicd = gic.distributorBase();
        this.gicr = new long[cpus];
        this.icc = new GicCpuInterface[cpus];
        this.affinity = new long[cpus];
        this.packed = new int[cpus];
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            affinity[cpu] = platform.pe(cpu).mpidr().affinity();
            packed[cpu] = platform.pe(cpu).mpidr().packed();
            final int pe = gic.peOf(packed[cpu]);
            if (pe < 0)
            {
                throw new IllegalArgumentException("gic: no redistributor has CPU " + cpu + "'s affinity "
                    + platform.pe(cpu).mpidr());
            }
            gicr[cpu] = gic.redistributorBase(pe); // the MADT's GICR base of the CPU
            icc[cpu] = gic.cpuInterface(pe);
        }
        final GicdTyper typer = GicdTyper.of((int) bus.read(gicd + GicdRegister.TYPER.offset(), 4));
        this.spis = spiNum(typer);
        this.espis = espiNum(typer);
        this.lpis = lpiNum(typer);
        this.routedTo = new short[Intid.ESPI + espis];
        initDistributor();
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            initRedistributor(cpu);
            initCpuInterface(cpu);
            confPpi(cpu, GenericTimer.PPI_VIRTUAL, false, true);
            confPpi(cpu, GenericTimer.PPI_HYP_PHYSICAL, false, true);
        }
        if (smmu != null)
        {
            for (final int i : smmu.intids())
            {
                if (!Intid.isSpi(i) || i >= Intid.SPI + spis)
                {
                    throw new IllegalArgumentException("iommu: its INTID " + i + " is not one of the GIC's SPIs");
                }
                ownedSpi[i - Intid.SPI >>> 6] |= 1L << i - Intid.SPI;
                confKernelSpi(i, smmu.levelTriggered());
            }
        }
        this.gits = new Gits[tables != 0 && lpis > 0 ? gits.length : 0];
        if (this.gits.length > 0)
        {
            final long[] rdbase = new long[cpus];
            for (int cpu = 0; cpu < cpus; cpu++)
            {
                initLpis(cpu, tables, typer);
                rdbase[cpu] = GicrTyper.PROCESSOR_NUMBER.extract(gicrRead(cpu, GicrRegister.TYPER, 0));
            }
            long next = tables + LPI_TABLE + (long) cpus * LPI_TABLE;
            for (int i = 0; i < gits.length; i++)
            {
                this.gits[i] = new Gits(bus, gits[i], next, rdbase);
                next += Gits.bytes(cpus);
            }
        }
        this.tables = tables;
        this.lpiItt = new Itt[this.gits.length > 0 ? lpis : 0];
        this.lpiEid = new int[lpiItt.length];
        this.lpiCpu = new short[lpiItt.length];
    }

    /**
     * @param cpus the CPUs
     * @param gits the ITSes
     * @return the bytes of the region the LPI and ITS tables take: the configuration table, each CPU's pending
     *         table, and each ITS's queue, tables and ITTs
     */
    public static long tablesBytes(final int cpus, final int gits)
    {
        return LPI_TABLE * (1L + cpus) + gits * Gits.bytes(cpus);
    }

    /**
     * NOVA's LPI setup of a redistributor: PROPBASER at the shared configuration table (16 INTID bits, every LPI
     * disabled at priority 0), PENDBASER at the CPU's pending table with PTZ, then EnableLPIs.
     */
    private void initLpis(final int cpu, final long tables, final GicdTyper typer)
    {
        final int bits = Math.min(16, typer.idBits() + 1);
        gicrWrite(cpu, GicrRegister.PROPBASER, 0, tables & GicrRegister.PROPBASER_PA.mask()
            | GicrRegister.PROPBASER_ID_BITS.encode(bits - 1));
        gicrWrite(cpu, GicrRegister.PENDBASER, 0, tables + LPI_TABLE * (1L + cpu) & GicrRegister.PENDBASER_PA.mask()
            | GicrRegister.PENDBASER_PTZ.mask());
        gicrWrite(cpu, GicrRegister.CTLR, 0, GicrRegister.CTLR_ENABLE_LPIS.mask());
    }

    // ---- GICD_TYPER, as NOVA's Gicd::mmap_mmio reads it ---------------------------------------------------

    /**
     * @param typer the distributor's GICD_TYPER
     * @return SPI_NUM: min(NUM_SPI, 32 ITLinesNumber), the SPIs from INTID 32
     */
    public static int spiNum(final GicdTyper typer)
    {
        return Math.min(NUM_SPI, typer.itLinesNumber() << 5);
    }

    /**
     * @param typer the distributor's GICD_TYPER
     * @return ESPI_NUM: min(NUM_ESPI, 32 (ESPI_range + 1)) if ESPI is set, else 0
     */
    public static int espiNum(final GicdTyper typer)
    {
        return typer.espi() ? Math.min(NUM_ESPI, typer.espiRange() + 1 << 5) : 0;
    }

    /**
     * @param typer the distributor's GICD_TYPER
     * @return LPI_NUM: if LPIS is set, min(NUM_LPI, 2^(num_LPIs + 1) if num_LPIs is not 0, else the INTIDs from
     *         8192 below 2^(IDbits + 1)); else 0
     */
    public static int lpiNum(final GicdTyper typer)
    {
        if (!typer.lpis())
        {
            return 0;
        }
        final long n = typer.numLpis() != 0 ? 1L << typer.numLpis() + 1 : (1L << typer.idBits() + 1) - Intid.LPI;
        return (int) Math.min(NUM_LPI, Math.max(0, n));
    }

    /** @return SPI_NUM */
    public int spis()
    {
        return spis;
    }

    /** @return ESPI_NUM */
    public int espis()
    {
        return espis;
    }

    /** @return LPI_NUM */
    public int lpis()
    {
        return lpis;
    }

    /** @return SPIs, ESPIs and LPIs taken and signalled to a semaphore */
    public long taken()
    {
        return taken;
    }

    /** @return acknowledges that found nothing (INTID 1023), or an INTID whose slot no semaphore holds */
    public long spurious()
    {
        return spurious;
    }

    /**
     * @param sgi an SGI, 0 to 15
     * @return how many times the kernel took it (NOVA's {@code Counter::req})
     */
    public long sgis(final int sgi)
    {
        return sgi >= 0 && sgi < sgis.length ? sgis[sgi] : 0;
    }

    /**
     * @param intid a PPI, 16 to 31
     * @return how many times the kernel took it (NOVA's {@code Counter::loc})
     */
    public long ppis(final int intid)
    {
        return intid >= Intid.PPI && intid < Intid.SPI ? ppis[intid - Intid.PPI] : 0;
    }

    // ---- Boot ---------------------------------------------------------------------------------------------

    /** NOVA's {@code Gicd::init_mmio} on the BSP (GICv3): everything off, group 1, priority 0, then on. */
    private void initDistributor()
    {
        setCtlr(0);
        initIntids(GicdRegister.ICENABLER, GicdRegister.IGROUPR, GicdRegister.IPRIORITYR, Intid.SPI, spis);
        initIntids(GicdRegister.ICENABLERE, GicdRegister.IGROUPRE, GicdRegister.IPRIORITYRE, 0, espis);
        setCtlr((int) (GicdRegister.CTLR_ARE.mask() | GicdRegister.CTLR_ENABLE_GRP1.mask()));
    }

    private void setCtlr(final int value)
    {
        gicdWrite(GicdRegister.CTLR, 0, value);
        waitRwp();
    }

    /** NOVA's {@code Gicd::init_intid}: groups and disables in words of 32, priorities 0 in words of 4. */
    private void initIntids(final GicdRegister clear, final GicdRegister group, final GicdRegister priority,
                            final int first, final int n)
    {
        for (int i = first; i < first + n; i += 32)
        {
            gicdWrite(group, i / 32, GROUP1);
            gicdWrite(clear, i / 32, ALL);
        }
        for (int i = first; i < first + n; i += 4)
        {
            gicdWrite(priority, i / 4, 0);
        }
    }

    /** NOVA's {@code Gicr::init_mmio}: LPIs off, SGIs and PPIs disabled, group 1, priority 0, SGIs on, awake. */
    private void initRedistributor(final int cpu)
    {
        gicrWrite(cpu, GicrRegister.CTLR, 0, 0);
        gicrWrite(cpu, GicrRegister.ICENABLER, 0, ALL);
        gicrWrite(cpu, GicrRegister.IGROUPR, 0, GROUP1);
        for (int i = 0; i < 8; i++)
        {
            gicrWrite(cpu, GicrRegister.IPRIORITYR, i, 0);
        }
        waitRedistributorRwp(cpu);
        gicrWrite(cpu, GicrRegister.ISENABLER, 0, 0xffff);
        if ((gicrRead(cpu, GicrRegister.ISENABLER, 0) & (1 << SGI_RRQ | 1 << SGI_RKE)) != (1 << SGI_RRQ | 1 << SGI_RKE))
        {
            throw new IllegalStateException("gic: CPU " + cpu + "'s SGIs 0 and 1 cannot be enabled");
        }
        gicrWrite(cpu, GicrRegister.WAKER, 0, 0);
        for (int n = 0; (gicrRead(cpu, GicrRegister.WAKER, 0) & GicrRegister.WAKER_CHILDREN_ASLEEP.mask()) != 0; n++)
        {
            if (n == POLLS)
            {
                throw new IllegalStateException("gic: CPU " + cpu + "'s redistributor never wakes");
            }
        }
    }

    /** NOVA's {@code Gicc::init_mode} and {@code init_regs}: system registers, BPR1 7, PMR 0xFF, EOImode 1. */
    private void initCpuInterface(final int cpu)
    {
        final GicCpuInterface c = icc[cpu];
        c.write(IccRegister.SRE_EL2, c.read(IccRegister.SRE_EL2) | 7);
        if ((c.read(IccRegister.SRE_EL2) & 1) == 0)
        {
            throw new IllegalStateException("gic: CPU " + cpu + " has no system register interface");
        }
        c.write(IccRegister.BPR1_EL1, 7);
        c.write(IccRegister.PMR_EL1, 0xff);
        c.write(IccRegister.IGRPEN1_EL1, 1);
        c.write(IccRegister.CTLR_EL1, IccRegister.CTLR_EOIMODE.mask());
    }

    /** NOVA's {@code Gicr::conf_ppi}: disable, wait, trigger, enable unless masked. */
    private void confPpi(final int cpu, final int ppi, final boolean masked, final boolean level)
    {
        gicrWrite(cpu, GicrRegister.ICENABLER, ppi / 32, 1L << ppi % 32);
        waitRedistributorRwp(cpu);
        final long bit = 2L << ppi % 16 * 2;
        final long cfg = gicrRead(cpu, GicrRegister.ICFGR, ppi / 16);
        gicrWrite(cpu, GicrRegister.ICFGR, ppi / 16, level ? cfg & ~bit : cfg | bit);
        if (!masked)
        {
            gicrWrite(cpu, GicrRegister.ISENABLER, ppi / 32, 1L << ppi % 32);
        }
    }

    /**
     * NOVA's {@code Interrupt::conf_spi} for an SPI of its own (the SMMU's): disabled while it changes, edge or
     * level as the SMMU drives it (the SMMUv3 pulses its wired outputs, A131; the SMMUv2 holds them, A169),
     * IROUTER to CPU 0, the CPU that set the SMMU up, then enabled.
     */
    private void confKernelSpi(final int i, final boolean level)
    {
        gicdWrite(GicdRegister.ICENABLER, i / 32, 1L << i % 32);
        waitRwp();
        final long bit = 2L << i % 16 * 2;
        final long cfg = gicdRead(GicdRegister.ICFGR, i / 16);
        gicdWrite(GicdRegister.ICFGR, i / 16, level ? cfg & ~bit : cfg | bit);
        gicdWrite(GicdRegister.IROUTER, i, affinity[0]);
        routedTo[i] = 0;
        gicdWrite(GicdRegister.ISENABLER, i / 32, 1L << i % 32);
    }

    /**
     * NOVA's {@code wait_rwp}: GICD_CTLR.RWP is read until it clears. The kernel's register accesses take no
     * simulated time, so a GIC whose writes propagate later than at once would keep it set: the wait gives up
     * after a bound, as NOVA's 2025 wait does, and the write is taken as done (A47).
     */
    private void waitRwp()
    {
        for (int n = 0; n < POLLS && (gicdRead(GicdRegister.CTLR, 0) & GicdRegister.CTLR_RWP.mask()) != 0; n++)
        {
            // pause()
        }
    }

    private void waitRedistributorRwp(final int cpu)
    {
        for (int n = 0; n < POLLS && (gicrRead(cpu, GicrRegister.CTLR, 0) & GicrRegister.CTLR_RWP.mask()) != 0; n++)
        {
            // pause()
        }
    }

    private long gicdRead(final GicdRegister reg, final int n)
    {
        return bus.read(gicd + reg.offset(n), reg.width());
    }

    private void gicdWrite(final GicdRegister reg, final int n, final long value)
    {
        bus.write(gicd + reg.offset(n), reg.width(), value);
    }

    private long gicrRead(final int cpu, final GicrRegister reg, final int n)
    {
        return bus.read(gicr[cpu] + reg.offset(n), reg.width());
    }

    private void gicrWrite(final int cpu, final GicrRegister reg, final int n, final long value)
    {
        bus.write(gicr[cpu] + reg.offset(n), reg.width(), value);
    }

    // ---- ISDs and slots -----------------------------------------------------------------------------------

    private static int intid(final long isd)
    {
        return (int) isd & 0xff_ffff;
    }

    /**
     * An SPI, ESPI or LPI the GIC implements, not one the kernel owns (the SMMU's, A191, A212: NOVA's
     * {@code Interrupt::get_ptr} has no slot for it, so create_sm is BAD_PAR); the reserved bits 63:24 zero (A40).
     */
    @Override
    public boolean validIsd(final long isd)
    {
        if (isd >>> 24 != 0)
        {
            return false;
        }
        final int i = intid(isd);
        if (owned(i))
        {
            return false;
        }
        return i >= Intid.SPI && i < Intid.SPI + spis || i >= Intid.ESPI && i < Intid.ESPI + espis
            || i >= Intid.LPI && i < Intid.LPI + lpis;
    }

    /** The INTID: one route per INTID (below 2^16, NOVA's INTID bound). */
    @Override
    public int route(final long isd)
    {
        return intid(isd);
    }

    /** One global table indexed by INTID, up to the last one an ISD can name. */
    @Override
    public int slots()
    {
        if (lpis > 0)
        {
            return Intid.LPI + lpis;
        }
        return espis > 0 ? Intid.ESPI + espis : Intid.SPI + spis;
    }

    /** The semaphore's INTID, whatever {@code cpu} and {@code idx} (5.5.3: "indexed by GSI"). */
    @Override
    public int slot(final Sm sm, final int cpu, final int idx)
    {
        return intid(sm.isd());
    }

    // ---- assign_int ---------------------------------------------------------------------------------------

    // ---- Device contexts ------------------------------------------------------------------------------------

    /**
     * NOVA's {@code Dc_state} constructor (A180-A182): a DTD whose word 2 names a GITS of the machine (bits 63:12)
     * and a DeviceID its device table covers gets the DeviceID's ITT, the one the DCs naming it share or a new one
     * with its MAPD; no memory left for a new one (its page, or its level-2 device table page) is MEM_OBJ with
     * nothing changed. Any other DTD, or a MAPD that stalled, makes a DC without an ITT, which assign_int of an LPI
     * refuses (BAD_DEV, A143).
     */
    @Override
    public Status createDc(final Dc dc)
    {
        final Gits g = gitsOf(dc);
        final long did = dc.dtd(0) >>> 32;
        if (g == null || !g.validDevice(did))
        {
            return Status.SUCCESS;
        }
        final Itt shared = g.find((int) did);
        if (shared != null)
        {
            shared.share();
            dc.platformState(shared);
            return Status.SUCCESS;
        }
        if (!g.room((int) did))
        {
            return Status.MEM_OBJ;
        }
        final Itt itt = g.open((int) did);
        if (itt == null)
        {
            itsFailures++; // the DC has no ITT (A181)
        }
        dc.platformState(itt);
        return Status.SUCCESS;
    }

    /**
     * NOVA's {@code Dc_state} destructor, once the last DC sharing the ITT dies (A182): each LPI still mapped
     * through it stops as at a detach (disabled, DISCARD, SYNC), then MAPD with V=0; the page is free again unless
     * that stalled.
     */
    @Override
    public void destroyDc(final Dc dc)
    {
        if (!(dc.platformState() instanceof Itt itt) || !itt.release())
        {
            return;
        }
        for (int eid = 0; eid < itt.events(); eid++)
        {
            final int n = itt.lpi(eid);
            if (n != Itt.NONE)
            {
                unprogramLpi(Intid.LPI + n);
            }
        }
        if (!itt.gits().close(itt))
        {
            itsFailures++;
        }
    }

    /**
     * Arm's checks for an attach (a detach has none: its slot is its INTID): an SPI or ESPI is a pin, so a DC
     * is BAD_CAP and P, which the GIC cannot honour, BAD_PAR (A42); an LPI is an MSI, so no DC is BAD_CAP, M, T
     * or P (pins' only) BAD_PAR, a DC without an ITT (its DTD names no GITS of the machine or a DeviceID it cannot
     * map, or its MAPD stalled) BAD_DEV, and an EventID beyond the ITT BAD_PAR (A143, A181, A210); G is taken.
     * The target CPU is any: IROUTER and the collections reach every affinity.
     */
    @Override
    public Status check(final boolean attach, final Sm sm, final Dc dc, final int cpu, final int idx, final int cfg)
    {
        if (!attach)
        {
            return Status.SUCCESS;
        }
        if (Intid.isLpi(intid(sm.isd())))
        {
            if (dc == null)
            {
                return Status.BAD_CAP;
            }
            if ((cfg & (AssignInt.CFG_M | AssignInt.CFG_T | AssignInt.CFG_P)) != 0)
            {
                return Status.BAD_PAR; // "only valid for GSI type PIN" (5.5.3); G is valid on Arm (A210)
            }
            if (!(dc.platformState() instanceof Itt itt))
            {
                return Status.BAD_DEV; // no GITS of this machine, a DeviceID it cannot map, no ITT (A143, A181)
            }
            return itt.gits().validEvent(idx) ? Status.SUCCESS : Status.BAD_PAR; // beyond the one-page ITT (A143)
        }
        if (dc != null)
        {
            return Status.BAD_CAP;
        }
        return (cfg & AssignInt.CFG_P) != 0 ? Status.BAD_PAR : Status.SUCCESS;
    }

    /**
     * NOVA's {@code Gicd::conf_std} (SPI) and {@code conf_ext} (ESPI): disabled while it changes (an SPI waits
     * for RWP), the trigger from T, IROUTER to the target's affinity, enabled unless M; the guest-owned bit
     * from G. The MSI pair stays 0 (a pin's).
     */
    @Override
    public Status program(final Sm sm, final Dc dc, final int cpu, final int idx, final int cfg, final long[] msi)
    {
        final int i = intid(sm.isd());
        if (Intid.isLpi(i))
        {
            return programLpi(i, dc, cpu, idx, msi);
        }
        final boolean espi = Intid.isEspi(i);
        final int n = espi ? i - Intid.ESPI : i;
        setGuest(i, (cfg & AssignInt.CFG_G) != 0);
        routedTo[i] = (short) cpu;
        gicdWrite(espi ? GicdRegister.ICENABLERE : GicdRegister.ICENABLER, n / 32, 1L << n % 32);
        if (!espi)
        {
            waitRwp(); // conf_ext does not wait
        }
        final GicdRegister icfgr = espi ? GicdRegister.ICFGRE : GicdRegister.ICFGR;
        final long bit = 2L << n % 16 * 2;
        final long v = gicdRead(icfgr, n / 16);
        gicdWrite(icfgr, n / 16, (cfg & AssignInt.CFG_T) != 0 ? v & ~bit : v | bit);
        gicdWrite(espi ? GicdRegister.IROUTERE : GicdRegister.IROUTER, n, affinity[cpu]);
        if ((cfg & AssignInt.CFG_M) == 0)
        {
            gicdWrite(espi ? GicdRegister.ISENABLERE : GicdRegister.ISENABLER, n / 32, 1L << n % 32);
        }
        return Status.SUCCESS;
    }

    /**
     * The route stops (A44): the interrupt is disabled, and an activation its old owner has not ended is
     * ended, so that it neither reaches the empty slot nor stays active for the next owner.
     */
    @Override
    public void unprogram(final Sm sm)
    {
        final int i = intid(sm.isd());
        if (Intid.isLpi(i))
        {
            unprogramLpi(i);
            return;
        }
        final boolean espi = Intid.isEspi(i);
        final int n = espi ? i - Intid.ESPI : i;
        gicdWrite(espi ? GicdRegister.ICENABLERE : GicdRegister.ICENABLER, n / 32, 1L << n % 32);
        if (!espi)
        {
            waitRwp();
        }
        gicdWrite(espi ? GicdRegister.ICACTIVERE : GicdRegister.ICACTIVER, n / 32, 1L << n % 32);
        setGuest(i, false);
    }

    private Gits gitsOf(final Dc dc)
    {
        final long at = dc.dtd(2) & ~0xfffL;
        for (final Gits g : gits)
        {
            if (g.base() == at)
            {
                return g;
            }
        }
        return null;
    }

    /**
     * An LPI attached through a DC's ITT (A140): the same event to another CPU is MOVI; another event (or none
     * before) is the LPI enabled in the configuration table, MAPTI, INV and SYNC, then DISCARD of the old event.
     * An LPI whose event the MAPTI took over loses its route, as the ITS now translates the event to this one
     * (A183), and is disabled, its CPU's redistributor told by INVALL (A211). The MSI is GITS_TRANSLATER's address
     * and the EventID. A command that stalls is BAD_DEV, and the route stays as it was (A142).
     */
    private Status programLpi(final int i, final Dc dc, final int cpu, final int idx, final long[] msi)
    {
        final Itt itt = (Itt) dc.platformState();
        final Gits g = itt.gits();
        final int n = i - Intid.LPI;
        final Itt old = lpiItt[n];
        if (old == itt && lpiEid[n] == idx)
        {
            if (lpiCpu[n] != cpu && !g.move(itt.did(), idx, cpu))
            {
                itsFailures++;
                return Status.BAD_DEV;
            }
        }
        else
        {
            final int config = bus.memory().read8(tables + n);
            bus.memory().write8(tables + n, 3); // priority 0, RES1, enabled
            if (!g.map(itt.did(), idx, i, cpu))
            {
                bus.memory().write8(tables + n, config);
                itsFailures++;
                return Status.BAD_DEV;
            }
            final int other = itt.lpi(idx);
            if (other != Itt.NONE)
            {
                bus.memory().write8(tables + other, 2); // its event is this LPI's now: no DISCARD (A183)
                lpiItt[other] = null;
                // No event names it for an INV now: its redistributor reads the whole table again (A211).
                if (!g.invalidateAll(lpiCpu[other]))
                {
                    itsFailures++;
                }
            }
            if (old != null)
            {
                if (!old.gits().discard(old.did(), lpiEid[n], lpiCpu[n]))
                {
                    itsFailures++; // the old event may still reach the LPI, which is the semaphore's now
                }
                old.set(lpiEid[n], Itt.NONE);
            }
            itt.set(idx, n);
        }
        lpiItt[n] = itt;
        lpiEid[n] = idx;
        lpiCpu[n] = (short) cpu;
        msi[0] = g.translater();
        msi[1] = idx;
        return Status.SUCCESS;
    }

    /**
     * An LPI's route stops: disabled in the configuration table, INV so that its redistributor sees that before
     * the event goes (A211), its event discarded.
     */
    private void unprogramLpi(final int i)
    {
        final int n = i - Intid.LPI;
        final Itt itt = n < lpiItt.length ? lpiItt[n] : null;
        if (itt != null)
        {
            bus.memory().write8(tables + n, 2);
            itsFailures += itt.gits().stop(itt.did(), lpiEid[n], lpiCpu[n]);
            itt.set(lpiEid[n], Itt.NONE);
            lpiItt[n] = null;
        }
    }

    /** @return ITS commands that stalled the queue and were replaced by SYNC (A142) */
    public long itsFailures()
    {
        return itsFailures;
    }

    /**
     * @param n an ITS, in the order the machine gave them
     * @return its driver
     */
    Gits gits(final int n)
    {
        return gits[n];
    }

    private void setGuest(final int i, final boolean guest)
    {
        final long[] bits = Intid.isEspi(i) ? guestEspi : guestSpi;
        final int n = Intid.isEspi(i) ? i - Intid.ESPI : i - Intid.SPI;
        if (guest)
        {
            bits[n >>> 6] |= 1L << n;
        }
        else
        {
            bits[n >>> 6] &= ~(1L << n);
        }
    }

    private boolean guest(final int i)
    {
        if (Intid.isSpi(i))
        {
            return (guestSpi[i - Intid.SPI >>> 6] & 1L << i - Intid.SPI) != 0;
        }
        return (guestEspi[i - Intid.ESPI >>> 6] & 1L << i - Intid.ESPI) != 0;
    }

    /**
     * NOVA's {@code Interrupt::deactivate} on a down: ICC_DIR_EL1 with the INTID on the CPU the down runs on
     * (the kernel has checked it is the routed one), unless a guest owns the SPI or ESPI or it is an LPI,
     * which has no active state. Deactivating an inactive INTID changes nothing.
     */
    @Override
    public void deactivate(final Sm sm)
    {
        final int i = intid(sm.isd());
        if (Intid.isLpi(i) || guest(i))
        {
            return;
        }
        final int here = engine.currentCpu();
        // Off any CPU (a test calling the kernel directly): the interface of the CPU it was routed to.
        icc[here >= 0 && here < icc.length ? here : routedTo[i]].write(IccRegister.DIR_EL1, i);
    }

    // ---- The interrupt entry ------------------------------------------------------------------------------

    /**
     * NOVA's {@code Interrupt::handler}: one acknowledge, the priority drop at once (EOImode 1), then by INTID
     * (see the class description). Another interrupt pending raises IRQ again at the drop, and the kernel
     * takes it at its next interrupt point.
     */
    @Override
    public void handle(final int cpu, final KernelEvents kernel)
    {
        final GicCpuInterface c = icc[cpu];
        final long val = c.read(IccRegister.IAR1_EL1);
        final int i = (int) val & 0xff_ffff;
        final Trace trace = engine.trace();
        trace.record(ArmTrace.ACK, i, 0, 0);
        if (Intid.isSpecial(i))
        {
            spurious++; // nothing to take: no EOI for a special INTID
            return;
        }
        c.write(IccRegister.EOIR1_EL1, val);
        trace.record(ArmTrace.EOI, i, 0, 0);
        if (i < Intid.PPI)
        {
            sgis[i]++;
            if (i == SGI_RRQ)
            {
                kernel.ipiArrived(Ipi.RRQ);
            }
            else if (i == SGI_RKE)
            {
                kernel.ipiArrived(Ipi.RKE);
            }
            c.write(IccRegister.DIR_EL1, val);
        }
        else if (i < Intid.SPI || Intid.isEppi(i))
        {
            if (i < Intid.SPI)
            {
                ppis[i - Intid.PPI]++;
            }
            if (i == GenericTimer.PPI_VIRTUAL)
            {
                return; // deactivated by a guest (NOVA's handle_ppi); no vCPU here yet
            }
            if (i == GenericTimer.PPI_HYP_PHYSICAL)
            {
                timer.expired(cpu, kernel);
            }
            c.write(IccRegister.DIR_EL1, val);
        }
        else if (kernel.interrupt(i))
        {
            taken++; // an SPI or ESPI stays active until the semaphore's next down; an LPI has no active state
        }
        else if (owned(i))
        {
            smmu.interrupt(i); // NOVA's handle_spi: no semaphore, an SMMU's IID (A191, A212)
            c.write(IccRegister.DIR_EL1, val);
        }
        else
        {
            spurious++; // no semaphore in the slot: it stays active, as NOVA leaves it (A45)
        }
    }

    /** @return whether the kernel owns the INTID: an SPI of the SMMU's (NOVA's {@code Smmu::using_iid}) */
    private boolean owned(final int i)
    {
        return Intid.isSpi(i) && (ownedSpi[i - Intid.SPI >>> 6] & 1L << i - Intid.SPI) != 0;
    }

    /** An SGI through the sending CPU's ICC_SGI1R_EL1 to the target's affinity: Aff3.Aff2.Aff1, RS, TargetList. */
    @Override
    public boolean sendIpi(final int cpu, final Ipi kind)
    {
        final int from = engine.currentCpu();
        if (from < 0 || from >= icc.length)
        {
            return false; // not sent from a CPU (a test calling the kernel directly): the kernel models it
        }
        icc[from].write(IccRegister.SGI1R_EL1, Sgi1r.to(kind == Ipi.RRQ ? SGI_RRQ : SGI_RKE, packed[cpu]));
        return true;
    }
}
