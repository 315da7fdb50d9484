// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.sim;

/**
 * What an event does when its time comes. One handler object usually serves many events and tells them
 * apart by the {@code arg} given when the event was armed or posted, so that no event needs an object of
 * its own.
 */
@FunctionalInterface
public interface EventHandler
{
    /**
     * Called when the event fires; {@link EventQueue#now()} is the event's time. The handler may arm,
     * cancel and post events, including re-arming the timer that fired.
     *
     * @param arg the argument given when the event was created
     */
    void onEvent(long arg);
}
