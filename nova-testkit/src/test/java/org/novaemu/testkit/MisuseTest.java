// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Misusing the kit throws at once, naming the field at fault. */
class MisuseTest
{
    @Test
    void aShapeOrHelperArgumentOutOfRangeIsNamed()
    {
        assertThatThrownBy(() -> TestBed.of(Arch.X86, 1, 33, 1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("devices");
        final TestBed bed = TestBed.of(Arch.ARM, 2, 1, 2);
        assertThatThrownBy(() -> bed.root().msix(DriverPd.ROOT, bed.device(0), 0, 2, null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cpu");
        assertThatThrownBy(() -> bed.root().msix(DriverPd.ROOT, bed.device(0), -1, 0, null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entry");
    }

    @Test
    void aCallsStatusBeforeItIsMadeIsAnError()
    {
        final Call c = TestBed.of(Arch.X86, 1, 0, 1).root().attempt("up", u -> { });
        assertThatThrownBy(c::status).isInstanceOf(IllegalStateException.class).hasMessageContaining("up has not");
    }

    @Test
    void theKitKnowsOnlyItsMachines()
    {
        assertThatThrownBy(() -> Arch.of(null)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("machine");
    }
}
