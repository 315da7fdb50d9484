// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The system's local APICs and the routing between them (SDM 3A, 11.6.2): IPIs from the ICR, compatibility
 * format MSIs and IOAPIC messages reach their targets by physical ID (an array index), logical flat or
 * cluster destination (tables rebuilt when a guest writes LDR or DFR, which it does at boot), or x2APIC
 * cluster (the cluster's sixteen entries). Lowest-priority delivery picks the matching APIC with the lowest
 * processor priority, the first one on ties. Every APIC whose ID matches a physical destination accepts the
 * message, even where software gave two the same xAPIC ID (11.6.2.1). An 8-bit logical destination from a
 * compatibility-format message reaches x2APIC-mode APICs as a destination in cluster 0 (bits 7:0 name
 * x2APIC IDs 0 to 7), as KVM routes it, so that an I/O APIC or MSI without remapping is not lost. EOIs of
 * level-triggered vectors are broadcast to the listeners (IOAPICs) registered here.
 */
public final class ApicBus
{
    /** xAPIC physical broadcast. */
    public static final int BROADCAST_XAPIC = 0xff;
    /** x2APIC physical broadcast. */
    public static final int BROADCAST_X2APIC = -1;

    private final List<LocalApic> apics = new ArrayList<>();
    private final List<IntConsumer> eoiListeners = new ArrayList<>();
    private LocalApic[] byId = new LocalApic[256];
    /** The APICs beyond the first that share a physical ID, by ID; null when no two share one. */
    private LocalApic[][] sharedId;
    private LocalApic[][] flat = new LocalApic[8][];
    private LocalApic[][] cluster = new LocalApic[16 * 4][];
    private LocalApic[][] x2cluster = new LocalApic[0][];
    private long messages;
    private long round;

    /** @return the APICs in the order they were created */
    public List<LocalApic> apics()
    {
        return java.util.Collections.unmodifiableList(apics);
    }

    /**
     * @param listener called with the vector of each broadcast EOI
     */
    public void onEoi(final IntConsumer listener)
    {
        eoiListeners.add(listener);
    }

    /** @return how many interrupt messages were routed */
    public long messages()
    {
        return messages;
    }

    void eoiBroadcast(final int vector)
    {
        for (int i = 0; i < eoiListeners.size(); i++)
        {
            eoiListeners.get(i).accept(vector);
        }
    }

    /** An APIC's ID, LDR, DFR or mode changed: rebuild the destination tables. */
    void moved(final LocalApic apic)
    {
        if (!apics.contains(apic))
        {
            apics.add(apic);
        }
        int maxId = 255;
        int maxCluster = -1;
        for (final LocalApic a : apics)
        {
            maxId = Math.max(maxId, a.initialId());
            maxCluster = Math.max(maxCluster, a.initialId() >>> 4);
        }
        byId = new LocalApic[maxId + 1];
        sharedId = null;
        flat = new LocalApic[8][];
        cluster = new LocalApic[16 * 4][];
        x2cluster = new LocalApic[maxCluster + 1][];
        for (final LocalApic a : apics)
        {
            if (!a.globallyEnabled())
            {
                continue;
            }
            final int id = a.id();
            if (id >= 0 && id < byId.length)
            {
                if (byId[id] == null)
                {
                    byId[id] = a;
                }
                else
                {
                    sharedId = sharedId == null ? new LocalApic[byId.length][] : sharedId;
                    sharedId[id] = append(sharedId[id], a);
                }
            }
            if (a.x2apic())
            {
                final int c = a.initialId() >>> 4;
                if (x2cluster[c] == null)
                {
                    x2cluster[c] = new LocalApic[16];
                }
                x2cluster[c][a.initialId() & 15] = a;
            }
            else if (a.flatModel())
            {
                final int logical = a.logicalId();
                for (int bit = 0; bit < 8; bit++)
                {
                    if ((logical >>> bit & 1) != 0)
                    {
                        flat[bit] = append(flat[bit], a);
                    }
                }
            }
            else
            {
                final int logical = a.logicalId();
                for (int bit = 0; bit < 4; bit++)
                {
                    if ((logical >>> bit & 1) != 0)
                    {
                        final int slot = (logical >>> 4) * 4 + bit;
                        cluster[slot] = append(cluster[slot], a);
                    }
                }
            }
        }
    }

    private static LocalApic[] append(final LocalApic[] list, final LocalApic a)
    {
        if (list == null)
        {
            return new LocalApic[] {a};
        }
        final LocalApic[] out = Arrays.copyOf(list, list.length + 1);
        out[list.length] = a;
        return out;
    }

    /**
     * Sends an IPI from an ICR.
     *
     * @param source the sending APIC
     * @param shorthand the destination shorthand ({@link Icr#SHORTHAND})
     * @param logical the destination mode
     * @param destination the destination field (8 bits xAPIC, 32 bits x2APIC)
     * @param mode the delivery mode
     * @param vector the vector
     * @param levelTrigger the trigger mode bit
     * @param assertLevel the level bit
     */
    void send(final LocalApic source, final int shorthand, final boolean logical, final int destination,
              final int mode, final int vector, final boolean levelTrigger, final boolean assertLevel)
    {
        if (mode == Delivery.INIT && levelTrigger && !assertLevel)
        {
            return; // INIT level de-assert: no effect on processors since the Pentium 4
        }
        messages++;
        switch (shorthand)
        {
            case Icr.SELF -> source.deliver(mode, vector, false);
            case Icr.ALL_INCLUDING_SELF -> broadcast(null, mode, vector, false);
            case Icr.ALL_EXCLUDING_SELF -> broadcast(source, mode, vector, false);
            default -> route(source.x2apic(), logical, destination, mode, vector, levelTrigger);
        }
    }

    /**
     * An interrupt message in compatibility format, as an MSI or an IOAPIC redirection entry produces it.
     *
     * @param destination the 8-bit destination ID (x2APIC targets: up to 32 bits after remapping)
     * @param logical the destination mode
     * @param mode the delivery mode
     * @param vector the vector
     * @param level whether it is level-triggered
     * @param x2 whether the destination is an x2APIC ID (from interrupt remapping with EIM)
     */
    public void message(final int destination, final boolean logical, final int mode, final int vector,
                        final boolean level, final boolean x2)
    {
        messages++;
        route(x2, logical, destination, mode, vector, level);
    }

    private void route(final boolean x2, final boolean logical, final int destination, final int mode,
                       final int vector, final boolean level)
    {
        if (!logical)
        {
            if (x2 ? destination == BROADCAST_X2APIC : destination == BROADCAST_XAPIC)
            {
                broadcast(null, mode, vector, level);
                return;
            }
            if (destination < 0 || destination >= byId.length || byId[destination] == null)
            {
                return;
            }
            final LocalApic[] also = sharedId == null ? null : sharedId[destination];
            if (also == null)
            {
                byId[destination].deliver(mode, vector, level);
                return;
            }
            final long mark = ++round;
            LocalApic lowest = target(byId[destination], null, mode, vector, level, mark);
            for (final LocalApic a : also)
            {
                lowest = target(a, lowest, mode, vector, level, mark);
            }
            if (lowest != null)
            {
                lowest.deliver(Delivery.FIXED, vector, level);
            }
            return;
        }
        if (x2 ? destination == BROADCAST_X2APIC : (destination & 0xff) == BROADCAST_XAPIC)
        {
            broadcast(null, mode, vector, level); // a logical all-ones destination is a broadcast as well
            return;
        }
        LocalApic lowest = null;
        final long mark = ++round; // an APIC matched by several destination bits gets the message once
        // x2APIC-mode APICs: the cluster in bits 31:16, members in 15:0; an 8-bit destination is cluster 0.
        final int clusterId = x2 ? destination >>> 16 : 0;
        final int memberBits = x2 ? destination & 0xffff : destination & 0xff;
        final LocalApic[] x2members = clusterId < x2cluster.length ? x2cluster[clusterId] : null;
        for (int bit = 0; x2members != null && bit < 16; bit++)
        {
            if ((memberBits >>> bit & 1) != 0 && x2members[bit] != null)
            {
                lowest = target(x2members[bit], lowest, mode, vector, level, mark);
            }
        }
        if (!x2)
        {
            final int mda = destination & 0xff;
            for (int bit = 0; bit < 8; bit++)
            {
                if ((mda >>> bit & 1) == 0)
                {
                    continue;
                }
                // Flat-model APICs match any common bit; cluster-model ones the cluster and a low bit.
                final LocalApic[] f = flat[bit];
                for (int i = 0; f != null && i < f.length; i++)
                {
                    lowest = target(f[i], lowest, mode, vector, level, mark);
                }
                final LocalApic[] c = bit < 4 ? cluster[(mda >>> 4) * 4 + bit] : null;
                for (int i = 0; c != null && i < c.length; i++)
                {
                    lowest = target(c[i], lowest, mode, vector, level, mark);
                }
            }
        }
        if (lowest != null)
        {
            lowest.deliver(Delivery.FIXED, vector, level);
        }
    }

    /**
     * Delivers to every APIC but {@code except}, in the order they were created; lowest priority is
     * delivered as fixed to all (decision X3).
     */
    private void broadcast(final LocalApic except, final int mode, final int vector, final boolean level)
    {
        final int as = mode == Delivery.LOWEST ? Delivery.FIXED : mode;
        for (int i = 0; i < apics.size(); i++)
        {
            final LocalApic a = apics.get(i);
            if (a != except)
            {
                a.deliver(as, vector, level);
            }
        }
    }

    /** Delivers to a matched APIC now (once per message), or keeps the lowest-priority candidate. */
    private static LocalApic target(final LocalApic a, final LocalApic best, final int mode, final int vector,
                                    final boolean level, final long mark)
    {
        if (a.mark == mark)
        {
            return best;
        }
        a.mark = mark;
        if (mode != Delivery.LOWEST)
        {
            a.deliver(mode, vector, level);
            return best;
        }
        if (!a.enabled())
        {
            return best; // a disabled APIC cannot take a lowest-priority interrupt
        }
        return best == null || a.ppr() < best.ppr() ? a : best;
    }
}
