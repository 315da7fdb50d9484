// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.sim;

/**
 * The behaviour of a simulated CPU: an instruction interpreter, a NOVA execution context scheduler, or a
 * scripted load in a test.
 */
@FunctionalInterface
public interface Agent
{
    /**
     * Runs {@code cpu} from {@link SimCpu#time()} and returns once its time has reached
     * {@link SimCpu#limit()} or it has blocked. Each step charges its cost with {@link SimCpu#advance};
     * the last step may overshoot the limit. Returning neither advanced nor blocked, while the limit was
     * ahead, is a bug in the agent and makes the engine throw.
     *
     * @param cpu the CPU to run
     */
    void run(SimCpu cpu);
}
