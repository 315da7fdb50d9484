// SPDX-License-Identifier: GPL-2.0-only
/**
 * Simulation kernel: simulated time in cycles of a reference {@link org.novaemu.sim.Clock}, the deterministic
 * {@link org.novaemu.sim.EventQueue}, and the {@link org.novaemu.sim.Engine} that runs CPUs
 * ({@link org.novaemu.sim.SimCpu}, driven by an {@link org.novaemu.sim.Agent}) and events in time order.
 */
package org.novaemu.sim;
