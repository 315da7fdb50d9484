// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.machine;

import org.novaemu.pci.Topology;
import org.novaemu.sim.Engine;

/** Populates a PCI segment when a machine is built: adds root ports, switches and functions to its topology. */
@FunctionalInterface
public interface Pcie
{
    /**
     * @param topology the segment with its host bridge at 00:00.0
     * @param engine the engine that devices' timers run on
     */
    void populate(Topology topology, Engine engine);
}
