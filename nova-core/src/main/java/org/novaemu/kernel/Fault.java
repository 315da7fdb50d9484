// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * Thrown out of a {@link Program}'s step when its instruction cannot complete: a memory access that the
 * host space does not allow, or an explicit {@link User#raise}. The kernel catches it, delivers the
 * exception event, and enters the program again at the EC's instruction pointer, as a CPU restarts a
 * faulting instruction. Programs must let it pass. It carries nothing (the EC records the exception) and
 * is thrown as one shared instance without a stack trace, so faulting allocates nothing.
 */
public final class Fault extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** The one instance. */
    static final Fault INSTANCE = new Fault();

    private Fault()
    {
        super("an exception event is pending for the running EC", null, false, false);
    }
}
