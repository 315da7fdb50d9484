// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novaemu.kernel.Kernel.ROOT_PD;
import static org.novaemu.kernel.Script.hypercall;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.novaemu.sim.Engine;

/**
 * The kernel's interrupt entry: a platform reports a pending interrupt for a CPU, the CPU wakes from its
 * halt, and at the next interrupt point the platform's handler runs there and ups a semaphore on which a
 * driver waits.
 */
class InterruptEntryTest
{
    private static final long SM = 10;

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void aPendingInterruptWakesTheCpuAndItsHandlerRunsThere(final TestPlatform base)
    {
        final Engine engine = Engine.builder().build();
        final List<String> log = new ArrayList<>();
        final Kernel[] kernel = new Kernel[1];
        final TestPlatform p = base.withInterrupts((events, cpu) -> {
            log.add("entry on cpu " + cpu + " at " + engine.now());
            ((Sm) kernel[0].root().obj().object(SM)).up();
        });
        kernel[0] = new Kernel(p.platform(), engine, Costs.X86_64);
        kernel[0].start(new Script()
            .at(0, u -> {
                Calls.createSm(u, SM, ROOT_PD, 0);
                return hypercall(u, 1);
            })
            .at(1, u -> {
                Calls.down(u, SM, false, 0);
                return hypercall(u, 2);
            })
            .at(2, u -> {
                log.add("driver woke at " + u.stc());
                Calls.down(u, SM, false, 0);
                return hypercall(u, 2);
            }));
        engine.runUntil(10_000);
        assertThat(kernel[0].simCpu(0).isBlocked()).isTrue(); // the driver waits, the CPU halts
        engine.post(50_000, arg -> {
            kernel[0].events(0).interruptPending();
            kernel[0].events(0).interruptPending(); // merged with the first
        }, 0);
        engine.runUntil(100_000);
        assertThat(log).hasSize(2);
        assertThat(log.get(0)).isEqualTo("entry on cpu 0 at " + (50_000 + Costs.X86_64.hypercall())); // after entry
        // Entry, the hypercall cost of the down that returns, and the switch back to the driver.
        assertThat(log.get(1)).startsWith("driver woke at ");
        final long woke = Long.parseLong(log.get(1).substring("driver woke at ".length()));
        assertThat(woke).isBetween(50_000L + Costs.X86_64.hypercall(), 50_000L + 4_000);
        assertThat(kernel[0].simCpu(0).isBlocked()).isTrue();
    }
}
