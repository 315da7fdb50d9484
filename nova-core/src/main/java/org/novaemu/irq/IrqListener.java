// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.irq;

/** The receiving end of a wired interrupt line: an interrupt controller input. */
@FunctionalInterface
public interface IrqListener
{
    /**
     * Called on every change of the line's level, rising or falling, never twice with the same level.
     *
     * @param tag the number the listener was connected with, usually its input pin
     * @param level the new level
     */
    void levelChanged(int tag, boolean level);
}
