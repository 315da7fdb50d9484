// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import java.util.Arrays;

/**
 * The architecture-neutral half of assign_int: the SM table and which semaphore owns each interrupt route
 * (NOVA's {@code Interrupt::assign} and its {@code int_table}). The platform names slots and routes and
 * programs the hardware ({@link Interrupts}); the rules are here, once for every architecture:
 * <ul>
 *   <li>a slot holds at most one semaphore: attaching to a slot another holds, or detaching from a slot this
 *       one does not hold, is ABORTED; attaching again where it already is re-programs the route;</li>
 *   <li>a semaphore holds at most one slot: attached elsewhere, it leaves its old slot;</li>
 *   <li>semaphores of one ISD share its route, and the last one attached owns the hardware;</li>
 *   <li>a detached or dead semaphore that owns its route stops it, so that its interrupt reaches no slot
 *       that another semaphore may take next.</li>
 * </ul>
 *
 * <p>The slot lookup on the interrupt path is one array index. Owners are kept in blocks of 2^16 routes,
 * made on first use (x86 segments, Arm INTID ranges).
 */
final class InterruptRoutes
{
    private static final int BLOCK_BITS = 16;

    private final Interrupts hardware;
    private final Sm[] slots;
    private Sm[][] owners = new Sm[1][];

    InterruptRoutes(final Interrupts hardware)
    {
        this.hardware = hardware;
        this.slots = new Sm[hardware.slots()];
    }

    /**
     * @param slot an SM-table slot
     * @return the semaphore in it, or null (also for a slot beyond the table: a spurious interrupt)
     */
    Sm sm(final int slot)
    {
        return slot >= 0 && slot < slots.length ? slots[slot] : null;
    }

    /**
     * assign_int past the kernel's own checks: the architecture's checks, then the slot rules, then the
     * hardware. Nothing changes unless the status is SUCCESS.
     *
     * @param msi receives the MSI address and data of an attach, left as it is otherwise
     * @return the status
     */
    Status assign(final boolean attach, final Sm sm, final Dc dc, final int cpu, final int idx, final int cfg,
                  final long[] msi)
    {
        final Status s = hardware.check(attach, sm, dc, cpu, idx, cfg);
        if (s != Status.SUCCESS)
        {
            return s;
        }
        final int slot = hardware.slot(sm, cpu, idx);
        if (slot < 0 || slot >= slots.length)
        {
            return Status.BAD_PAR; // a slot the platform's table does not have, whatever its check said
        }
        if (!attach)
        {
            if (slots[slot] != sm)
            {
                return Status.ABORTED;
            }
            leave(sm);
            stop(sm);
            return Status.SUCCESS;
        }
        if (slots[slot] != null && slots[slot] != sm)
        {
            return Status.ABORTED;
        }
        final int oldSlot = sm.slot;
        final int oldCpu = sm.routedCpu;
        final Sm[] block = ownerBlock(hardware.route(sm.isd()));
        final int i = hardware.route(sm.isd()) & (1 << BLOCK_BITS) - 1;
        final Sm oldOwner = block[i];
        if (oldSlot >= 0 && oldSlot != slot)
        {
            slots[oldSlot] = null; // moved: the old slot is free again
        }
        slots[slot] = sm;
        sm.slot = slot;
        sm.routedCpu = cpu;
        block[i] = sm;
        final Status p = hardware.program(sm, dc, cpu, idx, cfg, msi);
        if (p != Status.SUCCESS)
        {
            // The hardware refused (Arm: a GITS command stalled): the semaphore stays where it was.
            slots[slot] = oldSlot == slot ? sm : null;
            if (oldSlot >= 0)
            {
                slots[oldSlot] = sm;
            }
            sm.slot = oldSlot;
            sm.routedCpu = oldCpu;
            block[i] = oldOwner;
        }
        return p;
    }

    /**
     * @param sm an interrupt semaphore
     * @return the CPU its ISD's interrupt is routed to, by whichever semaphore of the ISD owns the route (NOVA
     *         checks a down against the interrupt's configured CPU, not the semaphore's), or -1 if none does
     */
    int routedCpu(final Sm sm)
    {
        final int route = hardware.route(sm.isd());
        final Sm[] block = route >>> BLOCK_BITS < owners.length ? owners[route >>> BLOCK_BITS] : null;
        final Sm owner = block == null ? null : block[route & (1 << BLOCK_BITS) - 1];
        return owner == null ? -1 : owner.routedCpu;
    }

    /** An attached interrupt semaphore lost its last capability: it leaves its slot and stops its route. */
    void gone(final Sm sm)
    {
        if (sm.slot >= 0)
        {
            leave(sm);
            stop(sm);
        }
    }

    private void leave(final Sm sm)
    {
        slots[sm.slot] = null;
        sm.slot = -1;
        sm.routedCpu = -1;
    }

    /** If the semaphore owns its route, the route stops; another semaphore of the ISD may own it now. */
    private void stop(final Sm sm)
    {
        final int route = hardware.route(sm.isd());
        final Sm[] block = ownerBlock(route);
        final int i = route & (1 << BLOCK_BITS) - 1;
        if (block[i] == sm)
        {
            block[i] = null;
            hardware.unprogram(sm);
        }
    }

    private Sm[] ownerBlock(final int route)
    {
        final int b = route >>> BLOCK_BITS;
        if (b >= owners.length)
        {
            owners = Arrays.copyOf(owners, b + 1);
        }
        Sm[] block = owners[b];
        if (block == null)
        {
            block = new Sm[1 << BLOCK_BITS];
            owners[b] = block;
        }
        return block;
    }
}
