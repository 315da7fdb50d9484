// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import org.novaemu.util.Require;

/**
 * The instructions of {@link User} that the kernel's objects govern, as the CPU executes them for an EC:
 * IN and OUT against the PD's PIO space (NOVA's TSS I/O bitmap), and the architectural event of a refused
 * one ({@link Instruction}; docs/decisions.md K38).
 */
final class UserInstructions
{
    private UserInstructions()
    {
    }

    /** IN: the ports must all be granted, else the PORT_IO event. */
    static long in(final Ec ec, final int port, final int size)
    {
        check(ec, port, size);
        return ec.kernel().bus().ports().in(port, size);
    }

    /** OUT: as {@link #in}. */
    static void out(final Ec ec, final int port, final int size, final long value)
    {
        check(ec, port, size);
        ec.kernel().bus().ports().out(port, size, value);
    }

    /** The TSS I/O bitmap check: every port of the access granted by the PD's PIO space, or the event. */
    private static void check(final Ec ec, final int port, final int size)
    {
        Require.inRange("port", port, 0, 0xffff);
        if (size != 1 && size != 2 && size != 4)
        {
            throw new IllegalArgumentException("size must be 1, 2 or 4, was " + size);
        }
        final Space pio = ec.pd().pio();
        boolean granted = ec.kernel().platform().supports(Kind.PIO) && pio != null
            && port + size <= SpacePio.SELECTORS;
        for (int p = port; granted && p < port + size; p++)
        {
            granted = ((SpacePio) pio).perms(p) != 0;
        }
        if (!granted)
        {
            throw refuse(ec, Instruction.PORT_IO);
        }
    }

    /**
     * Pends the event a refused instruction raises.
     *
     * @return the fault that ends the step, for the caller to throw
     */
    static Fault refuse(final Ec ec, final Instruction insn)
    {
        final EcArch arch = ec.kernel().platform().ec();
        ec.pend(arch.instructionEvent(insn), arch.instructionSyndrome(insn), 0);
        return Fault.INSTANCE;
    }
}
