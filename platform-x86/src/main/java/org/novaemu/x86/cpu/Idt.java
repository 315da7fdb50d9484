// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.cpu;

import java.util.Arrays;

import org.novaemu.util.Require;

/**
 * The interrupt descriptor table a core delivers events through (Intel SDM volume 3A, 6.10 and 6.14.1): per
 * vector its gate's handler address, its present bit, and whether it is a trap gate (delivery keeps RFLAGS.IF)
 * or an interrupt gate (delivery clears it, 6.12.1.3). What {@link Ring0#setInterruptGate},
 * {@link Ring0#setTrapGate} and {@link Ring0#clearGate} program.
 *
 * <p>The table is held by the core, not read from memory (docs/decisions.md X35), and is its own class because
 * it is its own structure in the SDM: the core asks it which gate an event goes through and decides itself what
 * a missing gate raises. Three primitive arrays, so that delivery looks a gate up without allocation.
 */
final class Idt
{
    /** Vectors 0 to 255. */
    static final int VECTORS = 256;

    private final long[] handler = new long[VECTORS];
    private final boolean[] present = new boolean[VECTORS];
    private final boolean[] trapGate = new boolean[VECTORS];

    /** As after power-up or INIT: IDTR's limit is reset, so no gate is present. */
    void reset()
    {
        Arrays.fill(present, false);
    }

    /**
     * Installs a present gate.
     *
     * @param vector 0 to 255
     * @param address the handler's address
     * @param trap a trap gate (keeps RFLAGS.IF) rather than an interrupt gate (clears it)
     */
    void set(final int vector, final long address, final boolean trap)
    {
        Require.inRange("vector", vector, 0, VECTORS - 1);
        handler[vector] = address;
        present[vector] = true;
        trapGate[vector] = trap;
    }

    /** @param vector 0 to 255, whose gate becomes not present */
    void clear(final int vector)
    {
        present[(int) Require.inRange("vector", vector, 0, VECTORS - 1)] = false;
    }

    /**
     * @param vector 0 to 255
     * @return whether its gate is present
     */
    boolean present(final int vector)
    {
        return present[vector];
    }

    /**
     * @param vector 0 to 255, with a present gate
     * @return whether its gate is a trap gate (delivery keeps RFLAGS.IF)
     */
    boolean trapGate(final int vector)
    {
        return trapGate[vector];
    }

    /**
     * @param vector 0 to 255, with a present gate
     * @return its handler's address
     */
    long handler(final int vector)
    {
        return handler[vector];
    }
}
