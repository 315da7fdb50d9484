// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bench;

import java.util.concurrent.TimeUnit;

import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Costs;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Perm;
import org.novaemu.sim.Engine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Host spaces: a user read through the translation cache and through table walks, and ctrl_pd of
 * 2^{@code order} pages out of the NOVA host space and back (delegate, then revoke in place) in a root host
 * space that already maps {@code mapped} 4 KiB pages at unaligned frames.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MemorySpaceBenchmark
{
    private static final long NOVA_HST = 100;
    private static final long ROOT_HST = 101;
    private static final int RW = Perm.MEM_R | Perm.MEM_W;

    /** A booted kernel whose root has taken the NOVA and root host spaces. */
    @State(Scope.Thread)
    public static class Machine
    {
        Kernel kernel;
        Ec root;

        void ctrlPd(final long src, final long dst, final long ssb, final int ord, final long dsb, final int pmm)
        {
            Calls.ctrlPd(root, src, dst, ssb, ord, dsb, pmm, 0);
            kernel.hypercall(root);
        }

        void boot(final int mapped)
        {
            kernel = new Kernel(new BarePlatform(1).platform(), Engine.builder().build(), Costs.X86_64);
            root = kernel.rootEc();
            ctrlPd(Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_HST, 0, NOVA_HST, 0x3f);
            ctrlPd(Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_ROOT_HST, 0, ROOT_HST, 0x3f);
            for (long page = 0; page < mapped; page++)
            {
                ctrlPd(NOVA_HST, ROOT_HST, 0x100_0001L + 3 * page, 0, 0x10_0000L + page, RW);
            }
        }

        /** Builds the machine this benchmark measures, once per trial. */
        @Setup
        public void setUp()
        {
            boot(1);
        }
    }

    /** The delegation's parameters. */
    @State(Scope.Thread)
    public static class Delegation extends Machine
    {
        @Param({"1", "65536"})
        int mapped;

        @Param({"0", "9", "18", "31"})
        int order;

        /** Builds the machine this benchmark measures, once per trial. */
        @Override
        @Setup
        public void setUp()
        {
            boot(mapped);
        }
    }

    /**
     * @param m the machine
     * @return a word of the root's UTCB, read through its host space (translation-cache hit)
     */
    @Benchmark
    public long readCached(final Machine m)
    {
        return m.root.read(m.kernel.rootUtcbAddress() + 8, 8);
    }

    /**
     * @param m the machine
     * @return two reads of pages that evict each other from the one-entry cache: two table walks
     */
    @Benchmark
    public long readWalk(final Machine m)
    {
        return m.root.read(m.kernel.rootUtcbAddress(), 8) + m.root.read(m.kernel.hipAddress(), 8);
    }

    /**
     * @param d the delegation's machine and order
     * @return the revocation's status: 2^order pages delegated at an unmapped range, then revoked
     */
    @Benchmark
    public long delegateAndRevoke(final Delegation d)
    {
        d.ctrlPd(NOVA_HST, ROOT_HST, 1L << 31, d.order, 1L << 32, RW);
        d.ctrlPd(ROOT_HST, ROOT_HST, 1L << 32, d.order, 1L << 32, 0);
        return d.root.param(0);
    }
}
