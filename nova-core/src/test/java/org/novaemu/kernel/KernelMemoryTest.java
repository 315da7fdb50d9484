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

/** Kernel memory running out: MEM_OBJ for objects, MEM_CAP for capability storage, partial failures. */
class KernelMemoryTest
{
    private static final long NOVA_HST = 30;
    private static final long CHILD = 31;
    private static final long CHILD_HST = 32;
    private static final long SM = 33;
    private static final long GLOBAL = 34;
    private static final long LOCAL = 35;

    private Kernel kernel;
    private Ec root;
    private KernelMemory heap;

    private Status call()
    {
        return kernel.hypercall(root);
    }

    private void boot(final TestPlatform p)
    {
        kernel = new Kernel(p.platform(), Engine.builder().build(), Costs.X86_64);
        root = kernel.rootEc();
        heap = kernel.heap();
        Calls.ctrlPd(root, ROOT_NOVA_OBJ, ROOT_OBJ, Kernel.NOVA_HST, 0, NOVA_HST, 0x3f, 0);
        assertThat(call()).isEqualTo(Status.SUCCESS);
        Calls.createPd(root, CHILD, Kind.PD.op(), ROOT_PD);
        assertThat(call()).isEqualTo(Status.SUCCESS);
        Calls.createPd(root, CHILD_HST, Kind.HST.op(), CHILD);
        assertThat(call()).isEqualTo(Status.SUCCESS);
        Calls.createSm(root, SM, ROOT_PD, 0);
        assertThat(call()).isEqualTo(Status.SUCCESS);
    }

    private final java.util.ArrayDeque<Long> drained = new java.util.ArrayDeque<>();

    /** Leaves exactly {@code frames} frames of kernel memory free, taking or giving back frames. */
    private void drainTo(final long frames)
    {
        while (heap.available() > frames)
        {
            drained.push(heap.allocate());
        }
        while (heap.available() < frames)
        {
            heap.free(drained.pop());
        }
        assertThat(heap.available()).isEqualTo(frames);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void objectsAreMemObjBeforeABusySelectorAndLeavesAreMemCap(final TestPlatform p)
    {
        boot(p);
        drainTo(0);
        // A space always needs a table: MEM_OBJ, even at a busy selector.
        Calls.createPd(root, SM, Kind.OBJ.op(), CHILD);
        assertThat(call()).isEqualTo(Status.MEM_OBJ);
        // A semaphore fits in its slab, but selector 0x10000 lies in a leaf table not yet allocated.
        assertThat(heap.framesFor(Kind.SM)).isZero();
        Calls.createSm(root, 0x10000, ROOT_PD, 0);
        assertThat(call()).isEqualTo(Status.MEM_CAP);
        Calls.createSm(root, SM, ROOT_PD, 0);
        assertThat(call()).isEqualTo(Status.BAD_CAP);
        Calls.createSm(root, SM + 1, ROOT_PD, 0);
        assertThat(call()).isEqualTo(Status.SUCCESS); // same slab, same leaf: no frame needed
        assertThat(kernel.root().obj().object(0x10000)).isNull();
        drainTo(1);
        Calls.createSm(root, 0x10000, ROOT_PD, 0);
        assertThat(call()).isEqualTo(Status.SUCCESS);
        assertThat(heap.available()).isZero();
    }

    /** Sets up a create_* of {@code kind} at {@code sel}; the root has made a global EC at GLOBAL for SCs. */
    private void create(final Kind kind, final long sel)
    {
        switch (kind)
        {
            case PD:
                Calls.createPd(root, sel, 0, ROOT_PD);
                break;
            case EC:
                Calls.createEc(root, sel, ROOT_PD, false, Kernel.ROOT_IMAGE_SIZE + (sel << 12), 0, 0, 0);
                break;
            case SC:
                Calls.createSc(root, sel, ROOT_PD, GLOBAL, 1, 1, 0);
                break;
            case PT:
                Calls.createPt(root, sel, ROOT_PD, LOCAL, 0x100);
                break;
            case SM:
                Calls.createSm(root, sel, ROOT_PD, 0);
                break;
            default:
                Calls.createDc(root, sel, ROOT_PD, 0, 0, 0);
                break;
        }
    }

    /** The frames a create_* of {@code kind} at {@code sel} needs, leaf table aside. */
    private long need(final Kind kind, final long sel)
    {
        final long utcb = kind == Kind.EC ? 1 + kernel.root().hst().tablesFor(
            (Kernel.ROOT_IMAGE_SIZE >>> 12) + sel, 0, SpaceMem.entry(0, Perm.MEM_R, 0, true)) : 0;
        return heap.framesFor(kind) + utcb;
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void everyCreateReturnsMemObjThenMemCapAsMemoryGrows(final TestPlatform p)
    {
        for (final Kind kind : new Kind[] {Kind.PD, Kind.EC, Kind.SC, Kind.PT, Kind.SM, Kind.DC})
        {
            boot(p);
            Calls.createEc(root, GLOBAL, ROOT_PD, true, 0x4000_0000L, 0, 0, 0);
            assertThat(call()).isEqualTo(Status.SUCCESS);
            Calls.createEc(root, LOCAL, ROOT_PD, false, 0x4000_1000L, 0, 0, 0);
            assertThat(call()).isEqualTo(Status.SUCCESS);
            // Fill the kind's slabs so that the next object needs a new slab frame.
            long sel = 0x100;
            while (heap.framesFor(kind) == 0)
            {
                create(kind, sel++);
                assertThat(call()).as("%s filler", kind).isEqualTo(Status.SUCCESS);
            }
            final long busy = sel - 1 >= 0x100 ? sel - 1 : SM;
            drainTo(need(kind, busy) - 1);
            create(kind, busy);
            assertThat(call()).as("%s", kind).isEqualTo(Status.MEM_OBJ); // before the busy selector
            final long fresh = 0x10000; // in a leaf table not allocated yet
            drainTo(need(kind, fresh));
            create(kind, fresh);
            assertThat(call()).as("%s", kind).isEqualTo(Status.MEM_CAP);
            assertThat(kernel.root().obj().object(fresh)).isNull();
            drainTo(need(kind, fresh) + 1);
            create(kind, fresh);
            assertThat(call()).as("%s", kind).isEqualTo(Status.SUCCESS);
            assertThat(kernel.root().obj().object(fresh).kind()).isEqualTo(kind);
        }
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void objectDelegationStopsAtTheFirstLeafThatCannotBeAllocated(final TestPlatform p)
    {
        boot(p);
        Calls.createSm(root, 513, ROOT_PD, 0); // the root's second leaf
        assertThat(call()).isEqualTo(Status.SUCCESS);
        drainTo(1);
        // 1,024 selectors into two untouched leaves: the first gets the last frame, the second fails.
        Calls.ctrlPd(root, ROOT_OBJ, ROOT_OBJ, 0, 10, 0x20000, 0x3f, 0);
        assertThat(call()).isEqualTo(Status.MEM_CAP);
        final SpaceObj obj = kernel.root().obj();
        assertThat(obj.object(0x20000 + SM)).isSameAs(obj.object(SM));
        assertThat(obj.object(0x20000 + 513)).isNull();
        // Revocation never needs memory.
        Calls.ctrlPd(root, ROOT_OBJ, ROOT_OBJ, 0x20000, 10, 0x20000, 0, 0);
        assertThat(call()).isEqualTo(Status.SUCCESS);
        assertThat(obj.object(0x20000 + SM)).isNull();
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void memoryDelegationNeedsItsTablesAndGivesThemBack(final TestPlatform p)
    {
        boot(p);
        final SpaceMem child = (SpaceMem) kernel.root().obj().object(CHILD_HST);
        final long tables = child.tablesFor(0x12345, 0, SpaceMem.entry(1, 1, 0, false));
        assertThat(tables).isEqualTo((p.hostSelectorBits() + 8) / 9 - 1); // one per level below the top
        drainTo(tables - 1);
        Calls.ctrlPd(root, NOVA_HST, CHILD_HST, 0x80000, 0, 0x12345, Perm.MEM_R, 0);
        assertThat(call()).isEqualTo(Status.MEM_CAP);
        assertThat(child.lookup(0x12345)).isZero();
        assertThat(child.version()).isZero();
        drainTo(tables);
        Calls.ctrlPd(root, NOVA_HST, CHILD_HST, 0x80000, 0, 0x12345, Perm.MEM_R, 0);
        assertThat(call()).isEqualTo(Status.SUCCESS);
        assertThat(heap.available()).isZero();
        // A 2 MiB page at an unaligned frame needs a level-0 table of its own; an aligned one does not.
        Calls.ctrlPd(root, NOVA_HST, CHILD_HST, 0x80000, 9, 0x200, Perm.MEM_R, 0);
        assertThat(call()).isEqualTo(Status.SUCCESS);
        // Revoking everything frees every table below the top one.
        Calls.ctrlPd(root, NOVA_HST, CHILD_HST, 0, 31, 0, 0, 0);
        assertThat(call()).isEqualTo(Status.SUCCESS);
        assertThat(child.isEmpty()).isTrue();
        assertThat(heap.available()).isEqualTo(tables);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void guestAndDmaSpacesNeedTheirTablesToo(final TestPlatform p)
    {
        boot(p);
        final Kind other = p.supports(Kind.DMA) ? Kind.DMA : Kind.GST;
        Calls.createPd(root, 40, other.op(), CHILD);
        assertThat(call()).isEqualTo(Status.SUCCESS);
        final SpaceMem space = (SpaceMem) kernel.root().obj().object(40);
        final long tables = space.tablesFor(0x777, 0, SpaceMem.entry(1, 1, 0, false));
        drainTo(tables - 1);
        Calls.ctrlPd(root, NOVA_HST, 40, 0x80000, 0, 0x777, Perm.MEM_R, 0);
        assertThat(call()).isEqualTo(Status.MEM_CAP);
        assertThat(space.lookup(0x777)).isZero();
        drainTo(tables);
        Calls.ctrlPd(root, NOVA_HST, 40, 0x80000, 0, 0x777, Perm.MEM_R, 0);
        assertThat(call()).isEqualTo(Status.SUCCESS);
        assertThat(SpaceMem.frame(space.lookup(0x777))).isEqualTo(0x80000);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void aDyingObjectGivesItsMemoryBack(final TestPlatform p)
    {
        boot(p);
        final long before = heap.available();
        Calls.createPd(root, 40, Kind.HST.op(), CHILD);
        assertThat(call()).isEqualTo(Status.ABORTED); // the child has its host space already
        Calls.createPd(root, 40, p.supports(Kind.DMA) ? Kind.DMA.op() : Kind.GST.op(), CHILD);
        assertThat(call()).isEqualTo(Status.SUCCESS);
        assertThat(heap.available()).isLessThan(before);
        Calls.ctrlPd(root, ROOT_OBJ, ROOT_OBJ, 40, 0, 40, 0, 0); // its only capability goes
        assertThat(call()).isEqualTo(Status.SUCCESS);
        assertThat(heap.available()).isEqualTo(before);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void aKernelMemoryTooSmallToBootIsRejected(final TestPlatform p)
    {
        // Every size below what the boot objects, the HIP and the root UTCB with their tables need is
        // refused with the same message; the first that suffices boots with both pages mapped.
        long size = 0x1000;
        while (true)
        {
            final Engine engine = Engine.builder().build();
            try
            {
                final Kernel k = new Kernel(p.withKernelMemory(size).platform(), engine, Costs.X86_64);
                k.start(u -> Program.PREEMPT);
                assertThat(SpaceMem.perms(k.root().hst().lookup(k.hipAddress() >>> 12))).isEqualTo(Perm.MEM_R);
                assertThat(SpaceMem.perms(k.root().hst().lookup(k.rootUtcbAddress() >>> 12))).isNotZero();
                assertThat(SpaceMem.perms(k.root().hst().lookup(RootImage.TEXT >>> 12))).isNotZero();
                assertThat(SpaceMem.perms(k.root().hst().lookup(0))).isZero(); // the null page stays unmapped
                break;
            }
            catch (final IllegalStateException e)
            {
                assertThat(e).hasMessageContaining("kernelMemorySize");
            }
            size += 0x1000;
        }
        assertThat(size).isGreaterThan(0x4000);
        assertThatThrownBy(() -> new KernelMemory(0x1000, 0)).hasMessageContaining("not empty");
    }
}
