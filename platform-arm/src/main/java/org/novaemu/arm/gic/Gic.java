// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.novaemu.bus.AccessRule;
import org.novaemu.bus.Bus;
import org.novaemu.sim.Engine;
import org.novaemu.trace.Trace;
import org.novaemu.util.Require;

/**
 * A GICv3 (Arm GIC architecture specification, IHI 0069): one distributor ({@link Gicd}), one redistributor
 * ({@link Gicr}) and one CPU interface ({@link GicCpuInterface}) per PE, the distributor's frame and the
 * redistributor regions mapped on a {@link Bus}. It routes what crosses the blocks: SGIs from a CPU interface to
 * the redistributors its SGI register names, SPIs with 1-of-N routing to a participating PE, acknowledge and
 * deactivation to the block that holds the INTID.
 *
 * <p>PEs are numbered 0 to {@code pes() - 1} (GICR_TYPER.Processor_Number); each has an affinity, by default
 * Aff1 = PE / 16 and Aff0 = PE % 16 (decision A15). Finding a PE by affinity is a binary search; delivering
 * and acknowledging an interrupt never scans PEs or INTIDs. Not thread-safe: the engine calls it on one thread.
 */
public final class Gic
{
    private final Engine engine;
    private final long propagationDelay;
    private final Gicd distributor;
    private final Gicr[] redistributors;
    private final GicCpuInterface[] cpus;
    private final int[] sortedAffinities;
    private final int[] peBySorted;
    private final long[][] participating;
    private final long distributorBase;
    private final long[] redistributorBases;
    private int cursor = -1;

    private Gic(final Builder b)
    {
        this.engine = b.engine;
        this.propagationDelay = b.propagationDelay;
        final int n = b.pes;
        final int[] aff = b.affinities != null ? b.affinities.clone() : defaultAffinities(n);
        this.sortedAffinities = new int[n];
        this.peBySorted = new int[n];
        final long[] keyed = new long[n];
        for (int i = 0; i < n; i++)
        {
            keyed[i] = (aff[i] & 0xffff_ffffL) << 32 | i;
        }
        Arrays.sort(keyed);
        for (int i = 0; i < n; i++)
        {
            sortedAffinities[i] = (int) (keyed[i] >>> 32);
            peBySorted[i] = (int) keyed[i];
            if (i > 0 && sortedAffinities[i] == sortedAffinities[i - 1])
            {
                throw new IllegalArgumentException("affinities must be distinct, PEs " + peBySorted[i - 1] + " and "
                    + peBySorted[i] + " share " + Integer.toHexString(sortedAffinities[i]));
            }
        }
        this.participating = new long[2][n + 63 >>> 6];
        this.distributor = new Gicd(this, b.spis, b.espis, b.lpis, b.idBits);
        this.redistributors = new Gicr[n];
        this.cpus = new GicCpuInterface[n];
        this.distributorBase = b.distributorBase;
        this.redistributorBases = new long[n];
        int pe = 0;
        for (int r = 0; r < b.regionBases.size(); r++)
        {
            final int count = b.regionCounts.get(r);
            for (int k = 0; k < count; k++, pe++)
            {
                redistributorBases[pe] = b.regionBases.get(r) + (long) k * GicrRegister.FRAMES;
                redistributors[pe] = new Gicr(this, pe, aff[pe], k == count - 1, b.eppis, b.lpis, b.idBits,
                    b.bus.memory());
                cpus[pe] = new GicCpuInterface(this, redistributors[pe]);
                redistributors[pe].attach(cpus[pe]);
            }
        }
        distributor.resetRoutes();
        b.bus.mapMmio("gicd", distributorBase, GicdRegister.FRAME, distributor, AccessRule.ALIGNED);
        pe = 0;
        for (int r = 0; r < b.regionBases.size(); r++)
        {
            final int count = b.regionCounts.get(r);
            b.bus.mapMmio("gicr" + r, b.regionBases.get(r), (long) count * GicrRegister.FRAMES,
                new GicrRegion(Arrays.copyOfRange(redistributors, pe, pe + count)), AccessRule.ALIGNED);
            pe += count;
        }
    }

    private static int[] defaultAffinities(final int n)
    {
        final int[] a = new int[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = Affinity.of(0, 0, i / 16, i % 16);
        }
        return a;
    }

    /**
     * @param engine the engine whose time the handshake bits follow
     * @param bus where the GIC's frames are mapped and its LPI tables are read
     * @return a builder
     */
    public static Builder builder(final Engine engine, final Bus bus)
    {
        return new Builder(engine, bus);
    }

    /** @return the number of PEs */
    public int pes()
    {
        return redistributors.length;
    }

    /** @return the distributor */
    public Gicd distributor()
    {
        return distributor;
    }

    /**
     * @param pe a PE
     * @return its redistributor
     */
    public Gicr redistributor(final int pe)
    {
        return redistributors[pe];
    }

    /**
     * @param pe a PE
     * @return its CPU interface
     */
    public GicCpuInterface cpuInterface(final int pe)
    {
        return cpus[pe];
    }

    /** @return where the distributor's frame is */
    public long distributorBase()
    {
        return distributorBase;
    }

    /**
     * @param pe a PE
     * @return where its redistributor's RD_base frame is
     */
    public long redistributorBase(final int pe)
    {
        return redistributorBases[pe];
    }

    /**
     * @param affinity a packed affinity ({@link Affinity})
     * @return the PE with that affinity, or -1
     */
    public int peOf(final int affinity)
    {
        final int i = Arrays.binarySearch(sortedAffinities, affinity);
        return i >= 0 ? peBySorted[i] : -1;
    }

    // ---- Between the blocks -------------------------------------------------------------------------------

    /** @return the trace the GIC and its ITSs record in (the engine's) */
    public Trace trace()
    {
        return engine.trace();
    }

    /** @return the engine's time */
    long now()
    {
        return engine.now();
    }

    /** @return how long RWP and ChildrenAsleep lag behind a write */
    long propagationDelay()
    {
        return propagationDelay;
    }

    /** GICD_CTLR's group enables changed: every CPU interface looks again. */
    void groupEnablesChanged()
    {
        for (final GicCpuInterface c : cpus)
        {
            c.update();
        }
    }

    /**
     * A PE's participation in 1-of-N distribution may have changed (its WAKER, DPG bits or group enables): a PE
     * participates in a group while awake, enabling the group at its CPU interface, and not excluded by DPG
     * (decision A7).
     */
    void participationChanged(final int pe)
    {
        final Gicr r = redistributors[pe];
        for (int g = 0; g < 2; g++)
        {
            final boolean now = r.awake() && cpus[pe].groupEnable(g) && !r.distributionDisabled(g);
            if (now != participates(pe, g))
            {
                if (now)
                {
                    participating[g][pe >>> 6] |= 1L << pe;
                }
                else
                {
                    participating[g][pe >>> 6] &= ~(1L << pe);
                }
                distributor.participationChanged(pe, g, now);
            }
        }
    }

    /**
     * @param pe a PE
     * @param group 0 or 1
     * @return whether it participates in 1-of-N distribution of the group
     */
    boolean participates(final int pe, final int group)
    {
        return (participating[group][pe >>> 6] & 1L << pe) != 0;
    }

    /**
     * @param group 0 or 1
     * @return the next participating PE after the one chosen last, round robin; -1 if none participates
     */
    int chooseOneOfN(final int group)
    {
        final long[] m = participating[group];
        final int n = redistributors.length;
        int pe = next(m, cursor + 1 < n ? cursor + 1 : 0);
        if (pe < 0)
        {
            pe = next(m, 0);
        }
        if (pe >= 0)
        {
            cursor = pe;
        }
        return pe;
    }

    private static int next(final long[] m, final int from)
    {
        int w = from >>> 6;
        if (w >= m.length)
        {
            return -1;
        }
        long bits = m[w] & -1L << from;
        while (bits == 0)
        {
            if (++w == m.length)
            {
                return -1;
            }
            bits = m[w];
        }
        return w << 6 | Long.numberOfTrailingZeros(bits);
    }

    /**
     * An SGI register write (decision A11): to every PE but the sender with IRM 1, else to the PEs of the
     * named cluster whose Aff0 is {@code 16 RS + b} for each set bit {@code b} of the target list; a target
     * that names no PE is ignored.
     */
    void generateSgi(final int sender, final long value, final int group)
    {
        final int intid = (int) Sgi1r.INTID.extract(value);
        if (Sgi1r.IRM.isSet(value))
        {
            for (int pe = 0; pe < redistributors.length; pe++)
            {
                if (pe != sender)
                {
                    redistributors[pe].sgi(intid, group);
                }
            }
            return;
        }
        final int cluster = Sgi1r.cluster(value);
        final int range = (int) Sgi1r.RS.extract(value) << 4;
        int list = (int) Sgi1r.TARGET_LIST.extract(value);
        while (list != 0)
        {
            final int pe = peOf(cluster | range | Integer.numberOfTrailingZeros(list));
            list &= list - 1;
            if (pe >= 0)
            {
                redistributors[pe].sgi(intid, group);
            }
        }
    }

    /**
     * @param gicr the redistributor of the PE that names the INTID
     * @param intid an INTID from EOIR or DIR
     * @return whether the INTID is one this PE could have acknowledged: an SGI, PPI, implemented extended PPI,
     *         implemented SPI or extended SPI, or an LPI its tables cover
     */
    boolean valid(final Gicr gicr, final int intid)
    {
        return gicr.implemented(intid) || distributor.implemented(intid) || gicr.coversLpi(intid);
    }

    /** Acknowledge: the block that holds the INTID makes it active (an LPI: not pending). */
    void activate(final Gicr gicr, final int intid)
    {
        if (gicr.implemented(intid))
        {
            gicr.activate(intid);
        }
        else if (distributor.implemented(intid))
        {
            distributor.activate(intid);
        }
        else
        {
            gicr.acknowledgeLpi(intid);
        }
    }

    /** Deactivation: the block that holds the INTID makes it inactive; LPIs have no active state. */
    void deactivate(final Gicr gicr, final int intid)
    {
        if (gicr.implemented(intid))
        {
            gicr.deactivate(intid);
        }
        else if (distributor.implemented(intid))
        {
            distributor.deactivate(intid);
        }
    }

    /** Builds a GIC and maps its frames on the bus. */
    public static final class Builder
    {
        private final Engine engine;
        private final Bus bus;
        private int pes = 1;
        private int[] affinities;
        private int spis = 256;
        private int espis;
        private int eppis;
        private boolean lpis = true;
        private int idBits = 16;
        private long distributorBase = 0x0800_0000L;
        private final List<Long> regionBases = new ArrayList<>();
        private final List<Integer> regionCounts = new ArrayList<>();
        private long propagationDelay;

        private Builder(final Engine engine, final Bus bus)
        {
            this.engine = Require.nonNull("engine", engine);
            this.bus = Require.nonNull("bus", bus);
        }

        /**
         * @param count the number of PEs, 1 to 4,096 (default 1)
         * @return this builder
         */
        public Builder pes(final int count)
        {
            pes = (int) Require.inRange("pes", count, 1, 4096);
            return this;
        }

        /**
         * @param packed each PE's affinity ({@link Affinity}), distinct, one per PE (default: Aff1 = PE / 16,
         *        Aff0 = PE % 16)
         * @return this builder
         */
        public Builder affinities(final int... packed)
        {
            affinities = Require.nonNull("affinities", packed).clone();
            return this;
        }

        /**
         * @param count the number of SPIs: a multiple of 32 up to 960, or 988 (INTIDs 32 to 1019; default 256)
         * @return this builder
         */
        public Builder spis(final int count)
        {
            if (count != 988 && (count < 0 || count > 960 || count % 32 != 0))
            {
                throw new IllegalArgumentException("spis must be a multiple of 32 up to 960, or 988, was " + count);
            }
            spis = count;
            return this;
        }

        /**
         * @param count the number of extended SPIs: a multiple of 32 up to 1,024 (default 0: none)
         * @return this builder
         */
        public Builder espis(final int count)
        {
            if (count < 0 || count > 1024 || count % 32 != 0)
            {
                throw new IllegalArgumentException("espis must be a multiple of 32 up to 1024, was " + count);
            }
            espis = count;
            return this;
        }

        /**
         * @param count the number of extended PPIs per PE: 0, 32 or 64 (default 0)
         * @return this builder
         */
        public Builder eppis(final int count)
        {
            if (count != 0 && count != 32 && count != 64)
            {
                throw new IllegalArgumentException("eppis must be 0, 32 or 64, was " + count);
            }
            eppis = count;
            return this;
        }

        /**
         * @param supported whether LPIs are supported (default true)
         * @return this builder
         */
        public Builder lpis(final boolean supported)
        {
            lpis = supported;
            return this;
        }

        /**
         * @param bits the INTID bits, 14 to 16 (default 16: LPIs 8192 to 65535)
         * @return this builder
         */
        public Builder idBits(final int bits)
        {
            idBits = (int) Require.inRange("idBits", bits, 14, 16);
            return this;
        }

        /**
         * @param base where the distributor's 64 KiB frame goes, 64 KiB aligned (default 0x0800_0000)
         * @return this builder
         */
        public Builder distributorBase(final long base)
        {
            distributorBase = aligned("distributorBase", base);
            return this;
        }

        /**
         * Adds a redistributor region; the regions take the PEs in order. Without one, all PEs are in one region
         * at 0x080A_0000.
         *
         * @param base where the region goes, 64 KiB aligned
         * @param count how many redistributors it holds, at least 1
         * @return this builder
         */
        public Builder redistributorRegion(final long base, final int count)
        {
            regionBases.add(aligned("base", base));
            regionCounts.add((int) Require.positive("count", count));
            return this;
        }

        /**
         * @param cycles how long GICD_CTLR.RWP, GICR_CTLR.RWP and GICR_WAKER.ChildrenAsleep lag behind the
         *        writes they track, 0 or more (default 0)
         * @return this builder
         */
        public Builder propagationDelay(final long cycles)
        {
            propagationDelay = Require.nonNegative("propagationDelay", cycles);
            return this;
        }

        /**
         * @return the GIC, its frames mapped on the bus
         * @throws IllegalArgumentException if the affinities or the regions do not match the PEs, or a frame
         *         overlaps another region of the bus
         */
        public Gic build()
        {
            if (affinities != null && affinities.length != pes)
            {
                throw new IllegalArgumentException("affinities must name " + pes + " PEs, named "
                    + affinities.length);
            }
            if (regionBases.isEmpty())
            {
                regionBases.add(0x080a_0000L);
                regionCounts.add(pes);
            }
            final int total = regionCounts.stream().mapToInt(Integer::intValue).sum();
            if (total != pes)
            {
                throw new IllegalArgumentException("redistributor regions must hold " + pes + " PEs, hold " + total);
            }
            return new Gic(this);
        }

        private static long aligned(final String field, final long base)
        {
            if (base < 0 || (base & 0xffff) != 0)
            {
                throw new IllegalArgumentException(field + " must be 64 KiB aligned, was 0x" + Long.toHexString(base));
            }
            return base;
        }
    }
}
