// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import java.util.function.Consumer;

import org.novaemu.kernel.User;

/**
 * One hypercall of the demo root task's set-up: what it is (for the failure message), how its registers are
 * set, and whether it is made once per PCI segment.
 *
 * @param what the call, as a failure names it
 * @param registers sets its registers
 * @param perSegment whether the root task makes it for each segment in turn
 */
record BootStep(String what, Consumer<User> registers, boolean perSegment)
{
    /**
     * A step made once.
     *
     * @param what the call, as a failure names it
     * @param registers sets its registers
     */
    BootStep(final String what, final Consumer<User> registers)
    {
        this(what, registers, false);
    }
}
