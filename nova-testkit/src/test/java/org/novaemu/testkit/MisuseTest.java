// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.KernelObserver;

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
        assertThatThrownBy(() -> bed.device(1)).isInstanceOf(IndexOutOfBoundsException.class)
            .hasMessageContaining("device index i must be in [0, 1), was 1");
    }

    @Test
    void onlyTheKernelWritesAnInterceptorsRecords()
    {
        assertThat(KernelObserver.class.isAssignableFrom(Interceptor.class)).isFalse();
        assertThat(Arrays.stream(Interceptor.class.getMethods()).map(Method::getName))
            .doesNotContain("hypercall", "interrupt");
        assertThat(Arrays.stream(IrqThread.class.getMethods()).map(Method::getReturnType)).doesNotContain(Ec.class);
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
