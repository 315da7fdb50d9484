// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import org.novaemu.sim.Failure;
import org.novaemu.sim.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector of a hypercall loop that never advances (decision U25): an EC whose same hypercall fails with the
 * same status {@link #LIMIT} times in a row, no call of it succeeding or timing out in between, is reported once
 * per streak as a {@link Failure#HYPERCALL_LOOP}. It costs two int fields per EC and a compare per failing call.
 */
final class HypercallLoop
{
    /** Failures in a row that make a loop: far beyond any retry a correct program makes. */
    static final int LIMIT = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(HypercallLoop.class);

    private HypercallLoop()
    {
    }

    /**
     * A hypercall of the EC failed.
     *
     * @param ec the EC
     * @param number the hypercall number
     * @param s its status, neither SUCCESS nor TIMEOUT
     */
    static void failed(final Ec ec, final int number, final Status s)
    {
        final int key = number << 8 | s.code();
        if (ec.failKey != key)
        {
            ec.failKey = key;
            ec.failStreak = 1;
            return;
        }
        if (++ec.failStreak == LIMIT)
        {
            final Failures failures = ec.kernel().engine().failures();
            if (failures.wanted(LOG, Failure.HYPERCALL_LOOP))
            {
                failures.report(LOG, Failure.HYPERCALL_LOOP, "EC#" + ec.ecSerial() + " on CPU " + ec.cpu() + " at IP 0x"
                    + Long.toHexString(ec.ip()) + " has had " + Hypercall.of(number) + " fail with " + s + " "
                    + LIMIT + " times in a row");
            }
        }
    }
}
