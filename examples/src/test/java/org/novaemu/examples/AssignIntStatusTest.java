// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novaemu.testkit.NovaAssertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.arm.ArmMachine;
import org.novaemu.arm.gic.Intid;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Status;
import org.novaemu.kernel.Sys.AssignInt;
import org.novaemu.testkit.Arch;
import org.novaemu.testkit.Call;
import org.novaemu.testkit.NovaMachine;
import org.novaemu.testkit.RootScript;
import org.novaemu.testkit.TestBed;

/**
 * assign_int of an LPI through NOVA's GITS driver (A140-A144, A210), each refusal with its status and no change to
 * the root's object space; the attach returns GITS_TRANSLATER and the EventID. Ported to the kit from
 * platform-arm's ArmMsiDriverTest, which kept a list of failed calls by their script labels.
 */
class AssignIntStatusTest
{
    @Test
    @NovaMachine(arch = Arch.ARM, cpus = 2, devices = 1)
    void eachRefusalHasItsStatusAndChangesNothing(final TestBed bed)
    {
        final RootScript root = bed.root();
        final long dc = root.dc(bed.device(0));
        final long[] dtd = Arch.ARM.dtd(bed.machine(), bed.device(0).bdf(), 0);
        final long noGits = root.selector();
        final long sm = root.selector();
        root.call("create_dc naming no ITS", u -> Calls.createDc(u, noGits, Kernel.ROOT_PD, dtd[0], dtd[1],
            ArmMachine.GITS_BASE + 0x2_0000));
        root.call("create_sm LPI 8197", u -> Calls.createInterruptSm(u, sm, Kernel.ROOT_PD, Intid.LPI + 5));
        final Call noDc = root.probe("no DC", u -> Calls.assignInt(u, sm, 0, true, 1, 3, 0));
        final Call noSuchGits = root.probe("no such GITS", u -> Calls.assignInt(u, sm, noGits, true, 1, 3, 0));
        final Call beyondItt = root.probe("EventID 512", u -> Calls.assignInt(u, sm, dc, true, 1, 512, 0));
        final Call maskBit = root.probe("M, pins only", u -> Calls.assignInt(u, sm, dc, true, 1, 3, AssignInt.CFG_M));
        final Call attach = root.attempt("attach", u -> Calls.assignInt(u, sm, dc, true, 1, 3, 0));
        root.run(1_000_000);
        assertThat(noDc).hasStatus(Status.BAD_CAP).changedNothing();
        assertThat(noSuchGits).hasStatus(Status.BAD_DEV).changedNothing();
        assertThat(beyondItt).hasStatus(Status.BAD_PAR).changedNothing();
        assertThat(maskBit).hasStatus(Status.BAD_PAR).changedNothing();
        assertThat(attach).succeeded();
        assertThat(attach.out(1)).as("GITS_TRANSLATER").isEqualTo(ArmMachine.GITS_BASE + 0x1_0040);
        assertThat(attach.out(2)).as("the EventID").isEqualTo(3);
    }
}
