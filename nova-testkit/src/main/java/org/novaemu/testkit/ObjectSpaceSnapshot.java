// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.novaemu.kernel.Dc;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Kobject;
import org.novaemu.kernel.Pd;
import org.novaemu.kernel.Pt;
import org.novaemu.kernel.Sc;
import org.novaemu.kernel.Sm;
import org.novaemu.kernel.SpaceObj;

/**
 * A typed snapshot of a PD's object space: every non-null capability with its kind, permissions and the salient
 * state of the object it names (reference count; a semaphore's counter and waiters, an EC's CPU and state, an SC's
 * priority and budget, a portal's entry, ID and MTD, a DC's DTD), in selector order. {@link #diff} says what
 * changed between two snapshots, one line per change, so "this call changed nothing" is an empty diff
 * (docs/decisions.md U6). Objects are compared by identity: a selector that names another object of the same kind
 * is a change.
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

    private final List<Capability> caps;

    private ObjectSpaceSnapshot(final List<Capability> caps)
    {
        this.caps = caps;
    }

    /**
     * @param pd a PD (the root is {@code kernel.root()})
     * @return a snapshot of its object space now
     */
    public static ObjectSpaceSnapshot of(final Pd pd)
    {
        final SpaceObj obj = pd.obj();
        final List<Capability> list = new ArrayList<>();
        for (long sel = 0; sel < SpaceObj.SELECTORS; sel++)
        {
            final Kobject o = obj.object(sel);
            if (o != null)
            {
                list.add(new Capability(sel, o.kind(), obj.perms(sel), state(o), o));
            }
        }
        return new ObjectSpaceSnapshot(Collections.unmodifiableList(list));
    }

    /** @return the capabilities, in selector order */
    public List<Capability> capabilities()
    {
        return caps;
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
     * What changed from this snapshot to a later one, in selector order: "+ cap" for a capability that appeared,
     * "- cap" for one that went, "~ before -> after" for one whose permissions, object or state changed.
     *
     * @param later a later snapshot of the same space
     * @return the changes, empty if none
     */
    public List<String> diff(final ObjectSpaceSnapshot later)
    {
        final List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        final List<Capability> a = caps;
        final List<Capability> b = later.caps;
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

    private static String state(final Kobject o)
    {
        final StringBuilder s = new StringBuilder("refs=").append(o.refs());
        if (o.isDead())
        {
            s.append(" dead");
        }
        if (o instanceof Sm sm)
        {
            s.append(" counter=").append(sm.counter()).append(sm.hasWaiters() ? " waiters" : "");
            if (sm.isInterrupt())
            {
                s.append(" isd=0x").append(Long.toHexString(sm.isd()));
            }
        }
        else if (o instanceof Ec ec)
        {
            s.append(" cpu=").append(ec.cpu()).append(ec.isGlobal() ? " global" : " local")
                .append(ec.isKilled() ? " killed" : "").append(ec.isRunnable() ? " runnable" : "");
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

    @Override
    public String toString()
    {
        final StringBuilder s = new StringBuilder();
        for (final Capability c : caps)
        {
            s.append(c).append('\n');
        }
        return s.toString();
    }
}
