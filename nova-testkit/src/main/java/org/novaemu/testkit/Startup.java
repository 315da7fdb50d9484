// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

/**
 * Who replies to the STARTUP event of a PD's interrupt threads (docs/decisions.md U11). NOVA starts a global EC by
 * an implicit call of the portal at its event selector base + STARTUP (specification 5.4.2) to a local EC on the
 * same CPU, which replies with the instruction pointer; which PD that local EC lives in is the root task's choice.
 */
public enum Startup
{
    /** A local EC of the root task on the thread's CPU (one per CPU), the portal delegated into the thread's PD. */
    ROOT,
    /** A local EC of the thread's own PD on its CPU (one per PD and CPU): the PD handles its own threads' events. */
    OWN_PD
}
