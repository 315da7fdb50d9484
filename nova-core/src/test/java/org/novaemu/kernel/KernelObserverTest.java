// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.novaemu.sim.Engine;

/** The kernel tells its observer of each hypercall: which, the selector as made, and the status (U5). */
class KernelObserverTest
{
    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void everyHypercallIsReportedWithItsSelectorAndStatusAndNoneOnceTheObserverIsGone(final TestPlatform p)
    {
        final Kernel kernel = new Kernel(p.platform(), Engine.builder().build(), Costs.X86_64);
        final List<String> seen = new ArrayList<>();
        kernel.observe(new KernelObserver()
        {
            @Override
            public void hypercall(final Ec ec, final Hypercall call, final long selector, final Status status)
            {
                seen.add(call + " 0x" + Long.toHexString(selector) + " " + status + " EC " + ec.ecSerial());
            }

            @Override
            public void interrupt(final int cpu, final Sm sm, final Ec woken)
            {
                seen.add("interrupt");
            }
        });
        Script.direct(kernel, u -> Calls.createSm(u, 0x42, Kernel.ROOT_PD, 0));
        Script.direct(kernel, u -> Calls.createSm(u, 0x42, Kernel.ROOT_PD, 0));
        Script.direct(kernel, u -> Calls.up(u, 0x4242));
        kernel.observe(null);
        Script.direct(kernel, u -> Calls.up(u, 0x42));
        assertThat(seen).containsExactly("CREATE_SM 0x42 SUCCESS EC 1", "CREATE_SM 0x42 BAD_CAP EC 1",
            "CTRL_SM 0x4242 BAD_CAP EC 1");
    }
}
