// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * A portal: an entry point into a local EC. A call through it starts the EC at the portal's instruction
 * pointer with the portal's PID in the first hypercall register. The MTD is the architectural transfer
 * descriptor used when the portal delivers an event; regular calls bring their own.
 */
public final class Pt extends Kobject
{
    private final Ec ec;
    private final long ip;
    private long pid;
    private int mtd;

    Pt(final Ec ec, final long ip)
    {
        super(Kind.PT);
        this.ec = ec;
        this.ip = ip;
        ec.acquire(); // a portal keeps its EC alive, as in NOVA
    }

    @Override
    protected void destroyed()
    {
        ec.release();
    }

    /** @return the local EC it is bound to */
    public Ec ec()
    {
        return ec;
    }

    /** @return the entry instruction pointer */
    public long ip()
    {
        return ip;
    }

    /** @return the portal ID passed to the EC on each call */
    public long pid()
    {
        return pid;
    }

    /** @return the architectural MTD for event delivery */
    public int mtd()
    {
        return mtd;
    }

    void set(final long newPid, final int newMtd)
    {
        pid = newPid;
        mtd = newMtd;
    }
}
