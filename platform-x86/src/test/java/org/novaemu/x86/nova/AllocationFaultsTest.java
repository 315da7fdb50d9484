// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.novaemu.kernel.AllocationFaults;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.Status;
import org.novaemu.kernel.User;
import org.novaemu.x86.X86Machine;

/**
 * Every creating hypercall's MEM_OBJ and MEM_CAP, reached through the public fault injection on a whole x86
 * machine: the failed call returns the status and leaves its selector empty; the next one succeeds.
 */
class AllocationFaultsTest
{
    private static final long EC = 30;
    private static final long LOCAL_EC = 31;
    private static final long DEV = 0x0100; // 00:01.0's requester ID: a DC needs no device to exist

    /** A creating hypercall at a selector. */
    interface Create
    {
        void at(User u, long sel);
    }

    static Stream<Arguments> creations()
    {
        return Stream.of(
            Arguments.of("create_pd", (Create) (u, sel) -> Calls.createPd(u, sel, Kind.PD.op(), Kernel.ROOT_PD)),
            Arguments.of("create_ec", (Create) (u, sel) -> Calls.createEc(u, sel, Kernel.ROOT_PD, false,
                0x4000_0000L + (sel << 12 & 0xfff_f000L), 0, 0, 0)),
            Arguments.of("create_sc", (Create) (u, sel) -> Calls.createSc(u, sel, Kernel.ROOT_PD, EC, 1, 1, 0)),
            Arguments.of("create_pt", (Create) (u, sel) -> Calls.createPt(u, sel, Kernel.ROOT_PD, LOCAL_EC, 0x1000)),
            Arguments.of("create_sm", (Create) (u, sel) -> Calls.createSm(u, sel, Kernel.ROOT_PD, 0)),
            Arguments.of("create_sm (interrupt)", (Create) (u, sel) -> Calls.createInterruptSm(u, sel,
                Kernel.ROOT_PD, 30)),
            Arguments.of("create_dc", (Create) (u, sel) -> Calls.createDc(u, sel, Kernel.ROOT_PD, DEV,
                X86Machine.VTD_BASE, 0)));
    }

    private static Kernel booted()
    {
        final Kernel k = X86Machine.builder().build().kernel();
        Script.ok(k, u -> Calls.createEc(u, EC, Kernel.ROOT_PD, true, 0x3000_0000L, 0, 0, 0));
        Script.ok(k, u -> Calls.createEc(u, LOCAL_EC, Kernel.ROOT_PD, false, 0x3000_1000L, 0, 0, 0));
        return k;
    }

    private static Status call(final Kernel k, final Create c, final long sel)
    {
        final Consumer<User> setup = u -> c.at(u, sel);
        return Script.direct(k, setup);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("creations")
    void theChosenObjectAllocationFailsWithMemObjAndChangesNothing(final String name, final Create c)
    {
        final Kernel k = booted();
        k.allocationFaults().failObject(2);
        assertThat(call(k, c, 40)).isEqualTo(Status.SUCCESS);  // the first allocation goes through
        assertThat(call(k, c, 41)).isEqualTo(Status.MEM_OBJ);  // the second fails
        assertThat(k.root().obj().object(41)).isNull();
        assertThat(call(k, c, 41)).isEqualTo(Status.SUCCESS);  // one failure only
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("creations")
    void theChosenTableAllocationFailsWithMemCapAndOnlyCallsThatNeedATableCount(final String name,
                                                                                final Create c)
    {
        final Kernel k = booted();
        k.allocationFaults().failCapabilityTable(1);
        assertThat(call(k, c, 42)).isEqualTo(Status.SUCCESS);      // its table exists: not counted
        assertThat(call(k, c, 0x10000)).isEqualTo(Status.MEM_CAP); // needs a new table: fails
        assertThat(k.root().obj().object(0x10000)).isNull();
        assertThat(call(k, c, 0x10000)).isEqualTo(Status.SUCCESS);
    }

    @Test
    void aCapabilityCheckFailingFirstIsNotAnAllocation()
    {
        final Kernel k = booted();
        k.allocationFaults().failObject(1);
        assertThat(Script.direct(k, u -> Calls.createSm(u, 50, 12345, 0))).isEqualTo(Status.BAD_CAP); // no PD
        assertThat(Script.direct(k, u -> Calls.createSm(u, 50, Kernel.ROOT_PD, 0))).isEqualTo(Status.MEM_OBJ);
        k.allocationFaults().failObject(1);
        k.allocationFaults().clear();
        assertThat(Script.direct(k, u -> Calls.createSm(u, 50, Kernel.ROOT_PD, 0))).isEqualTo(Status.SUCCESS);
    }

    @Test
    void misuseIsNamed()
    {
        final AllocationFaults f = booted().allocationFaults();
        assertThatThrownBy(() -> f.failObject(0)).hasMessageContaining("nth");
        assertThatThrownBy(() -> f.failCapabilityTable(-1)).hasMessageContaining("nth");
    }
}
