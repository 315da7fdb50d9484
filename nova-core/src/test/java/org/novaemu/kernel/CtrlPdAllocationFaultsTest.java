// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novaemu.kernel.Kernel.ROOT_NOVA_OBJ;
import static org.novaemu.kernel.Kernel.ROOT_OBJ;
import static org.novaemu.kernel.Kernel.ROOT_PD;

import java.util.function.Consumer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.novaemu.sim.Engine;

/**
 * ctrl_pd's table allocations through {@link AllocationFaults#failCapabilityTable} (docs/decisions.md K46):
 * the chosen table fails with MEM_CAP; what was delegated before it stays (the specification's partial
 * failure, 5.4.1), the capability or block that needed it and those after it are unchanged, and the failed
 * table takes no kernel memory.
 */
class CtrlPdAllocationFaultsTest
{
    private static final long SM_A = 0x200;  // the root's leaf 1
    private static final long SM_B = 0x400;  // the root's leaf 2
    private static final long NOVA_HST = 30;
    private static final long CHILD = 31;
    private static final long CHILD_HST = 32;
    private static final long ROOT_HST = 33;

    private Kernel kernel;
    private SpaceObj space;
    private KernelMemory heap;
    private AllocationFaults faults;

    private void boot(final TestPlatform p)
    {
        kernel = new Kernel(p.platform(), Engine.builder().build(), Costs.X86_64);
        space = kernel.root().obj();
        heap = kernel.heap();
        faults = kernel.allocationFaults();
        ok(u -> Calls.createSm(u, SM_A, ROOT_PD, 0));
        ok(u -> Calls.createSm(u, SM_B, ROOT_PD, 0));
        ok(u -> Calls.ctrlPd(u, ROOT_NOVA_OBJ, ROOT_OBJ, Kernel.NOVA_HST, 0, NOVA_HST, 0x3f, 0));
        ok(u -> Calls.ctrlPd(u, ROOT_NOVA_OBJ, ROOT_OBJ, Kernel.NOVA_ROOT_HST, 0, ROOT_HST, 0x3f, 0));
        ok(u -> Calls.createPd(u, CHILD, Kind.PD.op(), ROOT_PD));
        ok(u -> Calls.createPd(u, CHILD_HST, Kind.HST.op(), CHILD));
    }

    private void ok(final Consumer<Ec> setup)
    {
        Script.ok(kernel, setup);
    }

    private Status call(final Consumer<Ec> setup)
    {
        return Script.direct(kernel, setup);
    }

    private static Consumer<Ec> delegate(final long src, final long dst, final long ssb, final int ord,
                                         final long dsb)
    {
        return u -> Calls.ctrlPd(u, src, dst, ssb, ord, dsb, 0x3f, 0);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void objectDelegationFailsAtTheChosenLeafAndKeepsWhatCameBefore(final TestPlatform p)
    {
        boot(p);
        faults.failCapabilityTable(3);
        final long before = heap.available();
        // 2,048 selectors with capabilities at 30 to 33, 0x200 and 0x400: into leaves 4 and 5 (allocated)
        // and 6 (fails).
        assertThat(call(delegate(ROOT_OBJ, ROOT_OBJ, 0, 11, 0x800))).isEqualTo(Status.MEM_CAP);
        assertThat(space.object(0x800 + CHILD)).isSameAs(space.object(CHILD));
        assertThat(space.object(0x800 + SM_A)).isSameAs(space.object(SM_A));
        assertThat(space.object(0x800 + SM_B)).isNull();
        assertThat(heap.available()).isEqualTo(before - 2);
        assertThat(space.object(SM_B).refs()).isEqualTo(1);
        // One failure only: the same call now completes.
        assertThat(call(delegate(ROOT_OBJ, ROOT_OBJ, 0, 11, 0x800))).isEqualTo(Status.SUCCESS);
        assertThat(space.object(0x800 + SM_B)).isSameAs(space.object(SM_B));
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void onlyNewTablesCountAndCreatingHypercallsShareTheCount(final TestPlatform p)
    {
        boot(p);
        faults.failCapabilityTable(2);
        ok(delegate(ROOT_OBJ, ROOT_OBJ, SM_A, 0, SM_A + 1));                 // leaf 1 exists: not counted
        ok(delegate(ROOT_OBJ, ROOT_OBJ, SM_A, 0, 0x1000));                   // a new leaf: the first
        ok(u -> Calls.createSm(u, 0x1001, ROOT_PD, 0));                       // same leaf: not counted
        assertThat(call(u -> Calls.createSm(u, 0x1200, ROOT_PD, 0))).isEqualTo(Status.MEM_CAP); // the second
        assertThat(space.object(0x1200)).isNull();
        ok(delegate(ROOT_OBJ, ROOT_OBJ, SM_A, 0, 0x1400));
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void aMemoryBlockWhoseTableFailsChangesNothing(final TestPlatform p)
    {
        boot(p);
        final SpaceMem child = (SpaceMem) space.object(CHILD_HST);
        final long tables = child.tablesFor(0x12345, 0, SpaceMem.entry(1, 1, 0, false));
        assertThat(tables).isEqualTo((p.hostSelectorBits() + 8) / 9 - 1); // one per level below the top
        final long before = heap.available();
        faults.failCapabilityTable(tables); // its last table
        assertThat(call(delegate(NOVA_HST, CHILD_HST, 0x80000, 0, 0x12345))).isEqualTo(Status.MEM_CAP);
        assertThat(child.lookup(0x12345)).isZero();
        assertThat(child.version()).isZero();
        assertThat(heap.available()).isEqualTo(before);
        // Counted per table: with one more to go, the block goes through and the next table fails.
        faults.failCapabilityTable(tables + 1);
        ok(delegate(NOVA_HST, CHILD_HST, 0x80000, 0, 0x12345));
        assertThat(SpaceMem.frame(child.lookup(0x12345))).isEqualTo(0x80000);
        assertThat(call(delegate(NOVA_HST, CHILD_HST, 0x80001, 0, 0x12345 + 0x200))).isEqualTo(Status.MEM_CAP);
        assertThat(child.lookup(0x12345 + 0x200)).isZero();
        ok(delegate(NOVA_HST, CHILD_HST, 0x80001, 0, 0x12345 + 0x200));
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void aMemoryDelegationFailsPartiallyAtTheChosenTable(final TestPlatform p)
    {
        boot(p);
        // Two pages of the root host space, 2 MiB apart, delegated as one block of 1,024 pages: each page is
        // a block of its own in the child, the first needing a table per level, the second a level-0 table.
        ok(delegate(NOVA_HST, ROOT_HST, 0x80000, 0, 0x10000));
        ok(delegate(NOVA_HST, ROOT_HST, 0x80001, 0, 0x10200));
        final SpaceMem child = (SpaceMem) space.object(CHILD_HST);
        final long tables = child.tablesFor(0x20000, 0, SpaceMem.entry(1, 1, 0, false));
        faults.failCapabilityTable(tables + 1);
        assertThat(call(delegate(ROOT_HST, CHILD_HST, 0x10000, 10, 0x20000))).isEqualTo(Status.MEM_CAP);
        assertThat(SpaceMem.frame(child.lookup(0x20000))).isEqualTo(0x80000);
        assertThat(child.lookup(0x20200)).isZero();
        ok(delegate(ROOT_HST, CHILD_HST, 0x10000, 10, 0x20000));
        assertThat(SpaceMem.frame(child.lookup(0x20200))).isEqualTo(0x80001);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void revocationNeedsNoTableAndIsNotCounted(final TestPlatform p)
    {
        boot(p);
        ok(delegate(NOVA_HST, CHILD_HST, 0x80000, 0, 0x12345));
        faults.failCapabilityTable(1);
        ok(u -> Calls.ctrlPd(u, NOVA_HST, CHILD_HST, 0, 20, 0, 0, 0));        // revokes; allocates nothing
        ok(u -> Calls.ctrlPd(u, ROOT_OBJ, ROOT_OBJ, 0x3000, 9, 0x3000, 0, 0)); // null into an untouched leaf
        assertThat(((SpaceMem) space.object(CHILD_HST)).lookup(0x12345)).isZero();
        assertThat(call(u -> Calls.createSm(u, 0x3000, ROOT_PD, 0))).isEqualTo(Status.MEM_CAP); // still armed
    }
}
