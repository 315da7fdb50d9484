// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.trace;

/** Where a {@link Trace} takes the time and the CPU of each record from: the simulation engine. */
public interface TraceContext
{
    /** @return the current simulated time in cycles */
    long now();

    /** @return the index of the CPU running now, or -1 when none is */
    int currentCpu();
}
