// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import static org.novaemu.testkit.NovaAssertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Perm;
import org.novaemu.kernel.Status;
import org.novaemu.testkit.Arch;
import org.novaemu.testkit.Call;
import org.novaemu.testkit.NovaMachine;
import org.novaemu.testkit.RootScript;

/** Issue 14, story 4 with the test kit: a bad selector and a missing permission; the status, and nothing changed. */
class NothingChangedExampleTest
{
    private static final long SM = 1;
    private static final long UP_ONLY = 2;

    @Test
    @NovaMachine(arch = Arch.ARM)
    void aBadSelectorAndAMissingPermissionAreRefusedAndChangeNothing(final RootScript root)
    {
        root.call("create_sm", u -> Calls.createSm(u, SM, Kernel.ROOT_PD, 0));
        root.call("the semaphore, CTRLUP only", u -> Calls.ctrlPd(u, Kernel.ROOT_OBJ, Kernel.ROOT_OBJ, SM, 0, UP_ONLY,
            Perm.SM_CTRLUP, 0));
        final Call badSelector = root.probe("create_sm owned by a null PD", u -> Calls.createSm(u, 3, 0x777, 0));
        final Call noPermission = root.probe("down without CTRLDN", u -> Calls.down(u, UP_ONLY, false, 0));
        root.run(1_000_000);
        assertThat(badSelector).hasStatus(Status.BAD_CAP).changedNothing();
        assertThat(noPermission).hasStatus(Status.BAD_CAP).changedNothing();
    }
}
