// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bench;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@link MsiDeliveryBenchmark}'s path, a device's MSI-X to its driver thread through the kernel, with tracing off
 * and on (issue 14, decision T20): off, every record point is one predictable branch on a field, with no argument
 * computed and nothing allocated; on, every record the path writes (raise, MSI, delivery, interrupt entry,
 * acknowledge, up, wake-up, switch, hypercalls, MMIO) goes into the engine's ring and digest.
 */
public class TracedDeliveryBenchmark extends MsiDeliveryBenchmark
{
    @Param({"false", "true"})
    boolean tracing;

    /** Turns the machine's trace on or off, after {@link MsiDeliveryBenchmark#setUp} built it. */
    @Setup
    public void trace()
    {
        engine().trace().setEnabled(tracing);
    }
}
