// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.novaemu.kernel.Dc;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Kobject;
import org.novaemu.kernel.Pd;
import org.novaemu.kernel.Pt;
import org.novaemu.kernel.Sc;
import org.novaemu.kernel.Sm;
import org.novaemu.kernel.Space;
import org.novaemu.kernel.SpaceMem;
import org.novaemu.kernel.SpaceMsr;
import org.novaemu.kernel.SpaceObj;
import org.novaemu.kernel.SpacePio;

/**
 * A typed snapshot of a PD's object space and of every PD reachable from it by capability (each in the order its
 * first capability is found, walking selectors in order): every non-null capability with its kind, permissions and
 * the salient state of the object it names (reference count; a semaphore's counter, waiters and the CPU its
 * interrupt is routed to, an EC's CPU, state and the semaphore it is blocked on, an SC's priority and budget, a
 * portal's entry, ID and MTD, a DC's DTD), and a digest of the contents of every memory, PIO and MSR space (a PD's
 * attached host and PIO space with the PD). {@link #diff} says what changed between two snapshots, one line per
 * change, so "this call changed nothing" is an empty diff (docs/decisions.md U6). Objects are compared by identity:
 * a selector that names another object of the same kind is a change.
 */
public final class ObjectSpaceSnapshot
{
    /**
     * One capability.
     *
     * @param selector its selector
     * @param kind the kind of the object it names
     * @param perms its permission bits
     * @param state the object's salient state, as text
     * @param object the object itself (compared by identity)
     */
    public record Capability(long selector, Kind kind, int perms, String state, Kobject object)
    {
        @Override
        public String toString()
        {
            return "0x" + Long.toHexString(selector) + " " + kind + " perms=0x" + Integer.toHexString(perms) + " "
                + state;
        }
    }

    /** A non-null capability's selector and object, as the walk found it. */
    private record Found(long sel, Kobject object)
    {
    }

    /** One PD's object space: its name in failures ("root", or where it was found), the PD, its capabilities. */
    private record PdSpace(String name, Pd pd, List<Capability> caps)
    {
    }

    private final List<PdSpace> spaces;
    private final List<Capability> caps;

    private ObjectSpaceSnapshot(final List<PdSpace> spaces)
    {
        this.spaces = spaces;
        this.caps = spaces.get(0).caps();
    }

    /**
     * @param pd a PD (the root is {@code kernel.root()})
     * @return a snapshot of its object space, and of every PD's reachable from it, now
     */
    public static ObjectSpaceSnapshot of(final Pd pd)
    {
        // walk the PDs breadth first, in the order their first capability is found (selector order): an identity
        // map only answers "seen?" and names objects, it is never iterated
        final Map<Kobject, String> names = new IdentityHashMap<>();
        final List<Pd> pds = new ArrayList<>();
        final List<String> pdNames = new ArrayList<>();
        pds.add(pd);
        pdNames.add("root");
        names.put(pd, "root");
        final List<List<Found>> objects = new ArrayList<>();
        for (int k = 0; k < pds.size(); k++)
        {
            final SpaceObj obj = pds.get(k).obj();
            final List<Found> found = new ArrayList<>();
            objects.add(found);
            for (long sel = 0; obj != null && sel < SpaceObj.SELECTORS; sel++)
            {
                final Kobject o = obj.object(sel);
                if (o != null)
                {
                    found.add(new Found(sel, o));
                }
                if (o != null && !names.containsKey(o))
                {
                    final String name = (k == 0 ? "" : pdNames.get(k) + " ") + "0x" + Long.toHexString(sel);
                    names.put(o, name);
                    if (o instanceof Pd p)
                    {
                        pds.add(p);
                        pdNames.add("PD " + name);
                    }
                }
            }
        }
        final List<PdSpace> out = new ArrayList<>();
        for (int k = 0; k < pds.size(); k++)
        {
            final SpaceObj obj = pds.get(k).obj();
            final List<Capability> list = new ArrayList<>();
            for (final Found f : objects.get(k))
            {
                final Kobject o = f.object();
                list.add(new Capability(f.sel(), o.kind(), obj.perms(f.sel()), state(o, names), o));
            }
            out.add(new PdSpace(pdNames.get(k), pds.get(k), Collections.unmodifiableList(list)));
        }
        return new ObjectSpaceSnapshot(Collections.unmodifiableList(out));
    }

    /** @return the capabilities of the snapshot PD's own object space, in selector order */
    public List<Capability> capabilities()
    {
        return caps;
    }

    /** @return how many PDs' object spaces the snapshot holds: the PD's own and those reachable from it */
    public int objectSpaces()
    {
        return spaces.size();
    }

    /**
     * @param selector a selector
     * @return its capability, or null for a null capability
     */
    public Capability at(final long selector)
    {
        for (final Capability c : caps)
        {
            if (c.selector() == selector)
            {
                return c;
            }
        }
        return null;
    }

    /**
     * What changed from this snapshot to a later one, PD by PD and in selector order: "+ cap" for a capability that
     * appeared, "- cap" for one that went, "~ before -> after" for one whose permissions, object or state changed;
     * lines of another PD's object space begin with its name ("in PD 0x1001: ..."), and a PD reachable in only one
     * of the snapshots is a change too.
     *
     * @param later a later snapshot of the same space
     * @return the changes, empty if none
     */
    public List<String> diff(final ObjectSpaceSnapshot later)
    {
        final List<String> out = new ArrayList<>();
        for (int k = 0; k < Math.max(spaces.size(), later.spaces.size()); k++)
        {
            final PdSpace a = k < spaces.size() ? spaces.get(k) : null;
            final PdSpace b = k < later.spaces.size() ? later.spaces.get(k) : null;
            if (a == null || b == null || a.pd() != b.pd())
            {
                out.add("~ reachable PDs: " + (a == null ? "none" : a.name()) + " -> "
                    + (b == null ? "none" : b.name() + (a != null ? " (another PD)" : "")));
                continue;
            }
            final String prefix = k == 0 ? "" : "in " + a.name() + ": ";
            for (final String line : diff(a.caps(), b.caps()))
            {
                out.add(prefix + line);
            }
        }
        return out;
    }

    private static List<String> diff(final List<Capability> a, final List<Capability> b)
    {
        final List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size())
        {
            final long sa = i < a.size() ? a.get(i).selector() : Long.MAX_VALUE;
            final long sb = j < b.size() ? b.get(j).selector() : Long.MAX_VALUE;
            if (sa < sb)
            {
                out.add("- " + a.get(i++));
            }
            else if (sb < sa)
            {
                out.add("+ " + b.get(j++));
            }
            else
            {
                final Capability x = a.get(i++);
                final Capability y = b.get(j++);
                if (x.object() != y.object())
                {
                    out.add("~ " + x + " -> another object: " + y);
                }
                else if (x.perms() != y.perms() || !x.state().equals(y.state()))
                {
                    out.add("~ " + x + " -> " + y);
                }
            }
        }
        return out;
    }

    private static String state(final Kobject o, final Map<Kobject, String> names)
    {
        final StringBuilder s = new StringBuilder("refs=").append(o.refs());
        if (o.isDead())
        {
            s.append(" dead");
        }
        if (o instanceof Sm sm)
        {
            s.append(" counter=").append(Long.toUnsignedString(sm.counter()));
            final long[] waiters = sm.waiterSerials();
            if (waiters.length > 0)
            {
                s.append(" waiters=ECs").append(Arrays.toString(waiters));
            }
            if (sm.isInterrupt())
            {
                s.append(" isd=0x").append(Long.toHexString(sm.isd())).append(" routed=")
                    .append(sm.routedCpu() < 0 ? "no" : "CPU " + sm.routedCpu());
            }
        }
        else if (o instanceof Ec ec)
        {
            s.append(" EC ").append(ec.ecSerial()).append(" cpu=").append(ec.cpu())
                .append(ec.isGlobal() ? " global " : " local ").append(ec.stateName())
                .append(ec.isKilled() ? " killed" : "");
            if (ec.blockedOn() != null)
            {
                final String sm = names.get(ec.blockedOn());
                s.append(" on SM ").append(sm == null ? "not in these spaces" : sm);
            }
        }
        else if (o instanceof Pd pd)
        {
            // its attached spaces, which no capability need name
            s.append(pd.hst() != null ? " hst: " + contents(pd.hst()) : "")
                .append(pd.pio() != null ? " pio: " + contents(pd.pio()) : "");
        }
        else if (o instanceof Space space && o.kind() != Kind.OBJ)
        {
            s.append(' ').append(contents(space)); // an object space is snapshot as its PD's
        }
        else if (o instanceof Sc sc)
        {
            s.append(" cpu=").append(sc.cpu()).append(" prio=").append(sc.prio()).append(" budget=")
                .append(sc.budgetMs()).append("ms cos=").append(sc.cos());
        }
        else if (o instanceof Pt pt)
        {
            s.append(" ip=0x").append(Long.toHexString(pt.ip())).append(" pid=0x").append(Long.toHexString(pt.pid()))
                .append(" mtd=0x").append(Integer.toHexString(pt.mtd()));
        }
        else if (o instanceof Dc dc)
        {
            s.append(" dtd=0x").append(Long.toHexString(dc.dtd(0))).append(",0x").append(Long.toHexString(dc.dtd(1)))
                .append(",0x").append(Long.toHexString(dc.dtd(2)));
        }
        return s.toString();
    }

    /** A space's contents: how many selectors are mapped and a 64-bit FNV-1a digest of them in selector order. */
    private static String contents(final Space space)
    {
        final Digest d = new Digest();
        if (space instanceof SpaceMem mem)
        {
            mem.mappings((sel, order, entry) -> d.add(sel, order, entry));
        }
        else if (space instanceof SpacePio pio)
        {
            for (long port = 0; port < SpacePio.SELECTORS; port++)
            {
                d.addPerms(port, pio.perms(port));
            }
        }
        else if (space instanceof SpaceMsr msr)
        {
            for (long i = 0; i < 2L * SpaceMsr.RANGE; i++)
            {
                final long n = i < SpaceMsr.RANGE ? i : SpaceMsr.HIGH + i - SpaceMsr.RANGE;
                d.addPerms(n, msr.perms(n));
            }
        }
        return d.count + " mapped digest=0x" + Long.toHexString(d.hash);
    }

    /** FNV-1a over 64-bit words: deterministic, order-sensitive. */
    private static final class Digest
    {
        private long hash = 0xcbf29ce484222325L;
        private long count;

        void add(final long sel, final int order, final long entry)
        {
            count += 1L << order;
            word(sel);
            word(order);
            word(entry);
        }

        void addPerms(final long sel, final int perms)
        {
            if (perms != 0)
            {
                count++;
                word(sel);
                word(perms);
            }
        }

        private void word(final long w)
        {
            for (int b = 0; b < 64; b += 8)
            {
                hash = (hash ^ (w >>> b & 0xff)) * 0x100000001b3L;
            }
        }
    }

    @Override
    public String toString()
    {
        final StringBuilder s = new StringBuilder();
        for (final PdSpace space : spaces)
        {
            s.append(space.name()).append(":\n");
            for (final Capability c : space.caps())
            {
                s.append("  ").append(c).append('\n');
            }
        }
        return s.toString();
    }
}
