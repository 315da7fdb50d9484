// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.novaemu.kernel.Kernel.ROOT_NOVA_OBJ;
import static org.novaemu.kernel.Kernel.ROOT_OBJ;
import static org.novaemu.kernel.Kernel.ROOT_PD;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.novaemu.sim.Engine;

/** ctrl_pd out of host spaces into host, guest and DMA spaces, the NOVA host space, and kernel pages. */
class MemorySpaceTest
{
    private static final long NOVA_HST = 50;
    private static final long ROOT_HST = 51;
    private static final long CHILD_PD = 52;
    private static final long CHILD_HST = 53;
    private static final long OTHER = 54;
    private static final int RWX = Perm.MEM_R | Perm.MEM_W | Perm.MEM_XU | Perm.MEM_XS;

    private Kernel kernel;
    private Ec root;
    private TestPlatform platform;

    private Status ctrlPd(final long src, final long dst, final long ssb, final int ord, final long dsb,
                          final int pmm, final int mad)
    {
        Calls.ctrlPd(root, src, dst, ssb, ord, dsb, pmm, mad);
        return kernel.hypercall(root);
    }

    private Status createPd(final long sel, final Kind kind, final long owner)
    {
        Calls.createPd(root, sel, kind.op(), owner);
        return kernel.hypercall(root);
    }

    /** Boots, takes the NOVA and root host spaces, and makes a child PD with a host space and one more space. */
    private void boot(final TestPlatform p)
    {
        platform = p;
        kernel = new Kernel(p.platform(), Engine.builder().build(), Costs.X86_64);
        root = kernel.rootEc();
        assertThat(ctrlPd(ROOT_NOVA_OBJ, ROOT_OBJ, Kernel.NOVA_HST, 0, NOVA_HST, 0x3f, 0)).isEqualTo(Status.SUCCESS);
        assertThat(ctrlPd(ROOT_NOVA_OBJ, ROOT_OBJ, Kernel.NOVA_ROOT_HST, 0, ROOT_HST, 0x3f, 0))
            .isEqualTo(Status.SUCCESS);
        assertThat(createPd(CHILD_PD, Kind.PD, ROOT_PD)).isEqualTo(Status.SUCCESS);
        assertThat(createPd(CHILD_HST, Kind.HST, CHILD_PD)).isEqualTo(Status.SUCCESS);
        assertThat(createPd(OTHER, otherKind(), CHILD_PD)).isEqualTo(Status.SUCCESS);
    }

    /** The non-host memory space the platform has: DMA on the x86-like one, GST on the Arm-like one. */
    private Kind otherKind()
    {
        return platform.supports(Kind.DMA) ? Kind.DMA : Kind.GST;
    }

    /** A valid MAD with non-zero attributes: x86 WC with key 2; Arm normal write-back, inner shareable. */
    private int goodMad()
    {
        return platform.abi() == Abi.X86_64 ? 2 | 2 << 3 : 7 | 3 << 3;
    }

    private SpaceMem space(final long sel)
    {
        return (SpaceMem) kernel.root().obj().object(sel);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void theNovaHostSpaceGivesPhysicalFramesWithTheMadsAttributes(final TestPlatform p)
    {
        boot(p);
        // 2 MiB of physical memory at 0x4000_0000 to virtual 0x20_0000 of the root, read and write only.
        assertThat(ctrlPd(NOVA_HST, ROOT_HST, 0x40000, 9, 0x200, Perm.MEM_R | Perm.MEM_W, goodMad()))
            .isEqualTo(Status.SUCCESS);
        final SpaceMem hst = space(ROOT_HST);
        for (final long page : new long[] {0x200, 0x2ab, 0x3ff})
        {
            final long e = hst.lookup(page);
            assertThat(SpaceMem.frame(e)).isEqualTo(0x40000 + page - 0x200);
            assertThat(SpaceMem.perms(e)).isEqualTo(Perm.MEM_R | Perm.MEM_W);
            assertThat(SpaceMem.attributes(e)).isEqualTo(platform.decode(goodMad()));
            assertThat(SpaceMem.isKernel(e)).isFalse();
        }
        assertThat(hst.pageOrder(0x2ab)).isEqualTo(9); // one 2 MiB leaf
        assertThat(hst.lookup(0x400)).isZero();
        assertThat(hst.lookup(0x1ff)).isZero();
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void kernelMemoryIsWithheldByTheNovaHostSpace(final TestPlatform p)
    {
        boot(p);
        final long first = p.kernelMemoryBase() >>> 12;
        final long end = first + (p.kernelMemorySize() >>> 12);
        // 64 MiB around the kernel memory: only the pages outside it arrive.
        assertThat(ctrlPd(NOVA_HST, CHILD_HST, 0, 14, 0, RWX, 0)).isEqualTo(Status.SUCCESS);
        final SpaceMem child = space(CHILD_HST);
        assertThat(SpaceMem.frame(child.lookup(first - 1))).isEqualTo(first - 1);
        // Kernel memory's first page is the memory-buffer console, which the root may delegate (C.1).
        assertThat(first).isEqualTo(kernel.console().start() >>> 12);
        assertThat(SpaceMem.frame(child.lookup(first))).isEqualTo(first);
        assertThat(child.lookup(first + 1)).isZero();
        assertThat(child.lookup(end - 1)).isZero();
        assertThat(SpaceMem.frame(child.lookup(end))).isEqualTo(end);
        assertThat(SpaceMem.perms(child.lookup(end))).isEqualTo(RWX);
        assertThat(kernel.novaHst().lookup(first + 1)).isZero();
        assertThat(SpaceMem.frame(kernel.novaHst().lookup(0x12345))).isEqualTo(0x12345);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void theHipAndTheRootUtcbAreKernelPagesThatDoNotDelegate(final TestPlatform p)
    {
        boot(p);
        final SpaceMem hst = space(ROOT_HST);
        final long hip = hst.lookup(kernel.hipAddress() >>> 12);
        assertThat(SpaceMem.perms(hip)).isEqualTo(Perm.MEM_R);
        assertThat(SpaceMem.isKernel(hip)).isTrue();
        final byte[] bytes = kernel.hip().bytes();
        for (int i = 0; i < bytes.length; i++)
        {
            assertThat((byte) kernel.memory().read8((SpaceMem.frame(hip) << 12) + i)).isEqualTo(bytes[i]);
        }
        final long utcb = hst.lookup(kernel.rootUtcbAddress() >>> 12);
        assertThat(SpaceMem.perms(utcb)).isEqualTo(Perm.MEM_R | Perm.MEM_W);
        assertThat(SpaceMem.isKernel(utcb)).isTrue();
        assertThat(SpaceMem.frame(utcb) << 12).isEqualTo(root.utcbFrame());
        root.setUtcb(3, 0x1122_3344_5566_7788L);
        assertThat(kernel.memory().read64(root.utcbFrame() + 24)).isEqualTo(0x1122_3344_5566_7788L);

        // The same bytes through the root's own host space, as its program reads them.
        assertThat(root.read(kernel.rootUtcbAddress() + 24, 8)).isEqualTo(0x1122_3344_5566_7788L);
        assertThat(root.read(kernel.hipAddress(), 4)).isEqualTo(Hip.SIGNATURE);
        // A write that crosses into the read-only HIP faults there and writes nothing.
        assertThatThrownBy(() -> root.write(kernel.rootUtcbAddress() + 4092, 8, 0x0102_0304_0506_0708L))
            .isSameAs(Fault.INSTANCE);
        assertThat(root.exceptionAddress()).isEqualTo(kernel.hipAddress());
        assertThat(root.exceptionSyndrome()).isEqualTo(p.faultSyndrome(User.WRITE, true));
        assertThat(root.utcb(511)).isZero();
        // A read across two unmapped pages faults on the lower one.
        assertThatThrownBy(() -> root.read(0x4000_0ffcL, 8)).isSameAs(Fault.INSTANCE);
        assertThat(root.exceptionAddress()).isEqualTo(0x4000_0ffcL);
        assertThat(root.exceptionSyndrome()).isEqualTo(p.faultSyndrome(User.READ, false));
        // A read across the UTCB's end into the HIP's start assembles both, little-endian.
        assertThat(root.read(kernel.rootUtcbAddress() + 4092, 8) >>> 32).isEqualTo(Hip.SIGNATURE);

        final long top = kernel.hipAddress() >>> 12;
        assertThat(ctrlPd(ROOT_HST, CHILD_HST, top - 1, 1, 0x100, RWX, 0)).isEqualTo(Status.SUCCESS);
        assertThat(space(CHILD_HST).lookup(0x100)).isZero();
        assertThat(space(CHILD_HST).lookup(0x101)).isZero();
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void aHostSpaceDelegatesItsVirtualPagesWithTheirAttributesAndIgnoresTheMad(final TestPlatform p)
    {
        boot(p);
        assertThat(ctrlPd(NOVA_HST, ROOT_HST, 0x80000, 10, 0x80000, RWX, goodMad())).isEqualTo(Status.SUCCESS);
        // An invalid MAD is ignored out of a host space that is not NOVA's.
        assertThat(ctrlPd(ROOT_HST, OTHER, 0x80100, 8, 0x300, Perm.MEM_R | Perm.MEM_XU, -1)).isEqualTo(Status.SUCCESS);
        final SpaceMem other = space(OTHER);
        final long e = other.lookup(0x3ff);
        assertThat(SpaceMem.frame(e)).isEqualTo(0x801ff);
        assertThat(SpaceMem.perms(e)).isEqualTo(Perm.MEM_R | Perm.MEM_XU);
        assertThat(SpaceMem.attributes(e)).isEqualTo(platform.decode(goodMad()));
        assertThat(other.lookup(0x2ff)).isZero();
        assertThat(other.lookup(0x400)).isZero();
        // Permissions only shrink along the way.
        assertThat(ctrlPd(OTHER, CHILD_HST, 0x300, 0, 0, RWX, 0)).isEqualTo(Status.BAD_CAP); // GST/DMA: no TAKE
        assertThat(ctrlPd(ROOT_HST, CHILD_HST, 0x80100, 0, 0x5, Perm.MEM_W, 0)).isEqualTo(Status.SUCCESS);
        assertThat(SpaceMem.perms(space(CHILD_HST).lookup(0x5))).isEqualTo(Perm.MEM_W);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void aSmallDelegationSplitsALargePageAndRevocationClearsInPlace(final TestPlatform p)
    {
        boot(p);
        final SpaceMem child = space(CHILD_HST);
        assertThat(ctrlPd(NOVA_HST, CHILD_HST, 0x40000, 18, 0x40000, RWX, 0)).isEqualTo(Status.SUCCESS);
        assertThat(child.pageOrder(0x40000)).isEqualTo(18);
        // One 4 KiB page in the middle gets another frame: the 1 GiB page splits down to 4 KiB around it.
        assertThat(ctrlPd(NOVA_HST, CHILD_HST, 0x7, 0, 0x40203, Perm.MEM_R, 0)).isEqualTo(Status.SUCCESS);
        assertThat(SpaceMem.frame(child.lookup(0x40203))).isEqualTo(0x7);
        assertThat(SpaceMem.perms(child.lookup(0x40203))).isEqualTo(Perm.MEM_R);
        assertThat(child.pageOrder(0x40203)).isZero();
        assertThat(SpaceMem.frame(child.lookup(0x40204))).isEqualTo(0x40204);
        assertThat(child.pageOrder(0x40204)).isZero();
        assertThat(child.pageOrder(0x40400)).isEqualTo(9);
        assertThat(child.pageOrder(0x50000)).isEqualTo(9);
        // Reduce the lower half in place to read-only, then revoke its first quarter with pmm 0.
        assertThat(ctrlPd(CHILD_HST, CHILD_HST, 0x40000, 17, 0x40000, Perm.MEM_R, 0)).isEqualTo(Status.SUCCESS);
        assertThat(SpaceMem.perms(child.lookup(0x40204))).isEqualTo(Perm.MEM_R);
        assertThat(SpaceMem.frame(child.lookup(0x40203))).isEqualTo(0x7);
        assertThat(SpaceMem.perms(child.lookup(0x60000))).isEqualTo(RWX);
        assertThat(ctrlPd(CHILD_HST, CHILD_HST, 0x40000, 16, 0x40000, 0, 0)).isEqualTo(Status.SUCCESS);
        assertThat(child.lookup(0x40203)).isZero();
        assertThat(child.lookup(0x4ffff)).isZero();
        assertThat(SpaceMem.perms(child.lookup(0x50000))).isEqualTo(Perm.MEM_R);
        // A null source overwrites: the root maps nothing at 0x50000, so the child loses those pages too.
        assertThat(ctrlPd(ROOT_HST, CHILD_HST, 0x50000, 16, 0x50000, RWX, 0)).isEqualTo(Status.SUCCESS);
        assertThat(child.lookup(0x5ffff)).isZero();
        assertThat(SpaceMem.frame(child.lookup(0x60000))).isEqualTo(0x60000);
    }

    /** A selector that holds no capability. */
    private static final long CHILD_HST_TAKEN = 99;

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void theLargestOrderMapsAndRevokesByLargePages(final TestPlatform p)
    {
        boot(p);
        final SpaceMem child = space(CHILD_HST);
        // 2^31 pages (8 TiB) from physical 2^31 pages up: 8,192 leaves of 1 GiB, not 2^31 entries.
        assertThat(ctrlPd(NOVA_HST, CHILD_HST, 1L << 31, 31, 0, RWX, 0)).isEqualTo(Status.SUCCESS);
        assertThat(SpaceMem.frame(child.lookup((1L << 31) - 1))).isEqualTo((1L << 32) - 1);
        assertThat(child.pageOrder(0x1234_5678L)).isEqualTo(18);
        assertThat(ctrlPd(NOVA_HST, CHILD_HST, 0, 31, 0, 0, 0)).isEqualTo(Status.SUCCESS);
        assertThat(child.lookup(0x1234_5678L)).isZero();
        assertThat(child.lookup(0)).isZero();
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void aDeadSpaceMapsNothing(final TestPlatform p)
    {
        boot(p);
        assertThat(ctrlPd(NOVA_HST, OTHER, 0x80000, 9, 0x200, RWX, 0)).isEqualTo(Status.SUCCESS);
        final SpaceMem other = space(OTHER);
        final long version = other.version();
        assertThat(other.lookup(0x2ff)).isNotZero();
        assertThat(ctrlPd(ROOT_OBJ, ROOT_OBJ, OTHER, 0, OTHER, 0, 0)).isEqualTo(Status.SUCCESS); // its only capability
        assertThat(other.isDead()).isTrue();
        assertThat(other.lookup(0x2ff)).isZero();
        assertThat(other.version()).isNotEqualTo(version); // translation caches see the change
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void badInputChangesNothing(final TestPlatform p)
    {
        boot(p);
        final int badMad = platform.abi() == Abi.X86_64 ? 5 : 4;
        final long before = space(ROOT_HST).version() + space(CHILD_HST).version() + space(OTHER).version();
        final int sbw = p.hostSelectorBits();
        // Misaligned bases: BAD_PAR before any capability check.
        assertThat(ctrlPd(NOVA_HST, ROOT_HST, 0x101, 1, 0x100, RWX, 0)).isEqualTo(Status.BAD_PAR);
        assertThat(ctrlPd(NOVA_HST, CHILD_HST_TAKEN, 0x100, 1, 0x101, RWX, 0)).isEqualTo(Status.BAD_PAR);
        // A bad MAD out of the NOVA host space: BAD_PAR, even toward an incompatible space.
        assertThat(ctrlPd(NOVA_HST, ROOT_HST, 0x100, 0, 0x100, RWX, badMad)).isEqualTo(Status.BAD_PAR);
        assertThat(ctrlPd(NOVA_HST, ROOT_OBJ, 0x100, 0, 0x100, RWX, badMad)).isEqualTo(Status.BAD_PAR);
        if (platform.abi() == Abi.X86_64)
        {
            final int keyTooLarge = (TestPlatform.KID_MAX + 1) << 3;
            assertThat(ctrlPd(NOVA_HST, ROOT_HST, 0x100, 0, 0x100, RWX, keyTooLarge)).isEqualTo(Status.BAD_PAR);
        }
        else
        {
            assertThat(ctrlPd(NOVA_HST, ROOT_HST, 0x100, 0, 0x100, RWX, 7 | 1 << 3)).isEqualTo(Status.BAD_PAR);
        }
        // Incompatible kinds, missing capabilities and permissions: BAD_CAP.
        assertThat(ctrlPd(NOVA_HST, ROOT_OBJ, 0x100, 0, 0x100, RWX, 0)).isEqualTo(Status.BAD_CAP);
        assertThat(ctrlPd(ROOT_OBJ, ROOT_HST, 0x100, 0, 0x100, RWX, 0)).isEqualTo(Status.BAD_CAP);
        assertThat(ctrlPd(OTHER, OTHER, 0, 0, 0, RWX, 0)).isEqualTo(Status.BAD_CAP);
        assertThat(ctrlPd(CHILD_HST_TAKEN, ROOT_HST, 0, 0, 0, RWX, 0)).isEqualTo(Status.BAD_CAP);
        assertThat(ctrlPd(ROOT_HST, NOVA_HST, 0, 0, 0, RWX, 0)).isEqualTo(Status.BAD_CAP); // NOVA's: TAKE only
        assertThat(ctrlPd(ROOT_OBJ, ROOT_OBJ, ROOT_HST, 0, 60, 1, 0)).isEqualTo(Status.SUCCESS); // GRANT only
        assertThat(ctrlPd(60, CHILD_HST, 0, 0, 0, RWX, 0)).isEqualTo(Status.BAD_CAP);
        assertThat(ctrlPd(ROOT_OBJ, ROOT_OBJ, OTHER, 0, 61, Perm.SPACE_ASSIGN, 0)).isEqualTo(Status.SUCCESS);
        assertThat(ctrlPd(NOVA_HST, 61, 0, 0, 0, RWX, 0)).isEqualTo(Status.BAD_CAP); // ASSIGN only, no GRANT
        // Ranges beyond the source or the destination space.
        assertThat(ctrlPd(NOVA_HST, ROOT_HST, 1L << sbw, 0, 0, RWX, 0)).isEqualTo(Status.BAD_PAR);
        assertThat(ctrlPd(NOVA_HST, ROOT_HST, 0, 0, 1L << sbw, RWX, 0)).isEqualTo(Status.BAD_PAR);
        final int otherBits = otherKind() == Kind.DMA ? p.platform().iommu().selectorBits()
            : p.platform().vcpus().guestSelectorBits();
        assertThat(ctrlPd(NOVA_HST, OTHER, 0, 0, 1L << otherBits, RWX, 0)).isEqualTo(Status.BAD_PAR);
        assertThat(space(ROOT_HST).version() + space(CHILD_HST).version() + space(OTHER).version())
            .isEqualTo(before);
        // The whole space at once is in range.
        assertThat(ctrlPd(NOVA_HST, CHILD_HST, (1L << sbw) - (1L << 31), 31, 0, 0, 0)).isEqualTo(Status.SUCCESS);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void createEcMapsItsUtcbAndRunsOutOfKernelMemoryWithMemObj(final TestPlatform p)
    {
        boot(p);
        if (platform.supports(Kind.PIO))
        {
            assertThat(createPd(55, Kind.PIO, CHILD_PD)).isEqualTo(Status.SUCCESS);
        }
        assertThat(createPd(56, Kind.OBJ, CHILD_PD)).isEqualTo(Status.SUCCESS);
        Calls.createEc(root, 100, CHILD_PD, false, 0x7000_0000L, 0, 0, 0);
        assertThat(kernel.hypercall(root)).isEqualTo(Status.SUCCESS);
        final Ec ec = (Ec) kernel.root().obj().object(100);
        final long utcb = space(CHILD_HST).lookup(0x7000_0);
        assertThat(SpaceMem.isKernel(utcb)).isTrue();
        assertThat(SpaceMem.frame(utcb) << 12).isEqualTo(ec.utcbFrame());
        assertThat(ec.utcbAddress()).isEqualTo(0x7000_0000L);

        long sel = 101;
        Status s;
        do
        {
            Calls.createEc(root, sel++, CHILD_PD, false, 0x100_0000L + (sel << 12), 0, 0, 0);
            s = kernel.hypercall(root);
        }
        while (s == Status.SUCCESS);
        assertThat(s).isEqualTo(Status.MEM_OBJ);
        assertThat(kernel.root().obj().object(sel - 1)).isNull();
        assertThat(space(CHILD_HST).lookup(0x1000 + sel)).isZero(); // the failed call's UTCB page
        // It failed for want of the UTCB's frame (and perhaps a slab or a table), not before.
        assertThat(kernel.heap().available()).isLessThan(kernel.heap().framesFor(Kind.EC) + 1 + 3);
        assertThat(sel - 101).isGreaterThan(100);
    }
}
