// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * The hypercall handlers. Each reads the caller's registers, checks in the order of NOVA's own
 * {@code syscall.cpp} (docs/decisions.md K2), changes nothing unless every check passes, and returns the
 * status. Single selectors at or beyond 2^18 refer to no capability (K1); flag bits the specification
 * draws as 0 are ignored (K3).
 */
final class Syscall
{
    private static final int FLAG_I = 1;
    private static final int FLAG_D = 1;
    private static final int FLAG_Z = 2;

    private final Kernel kernel;
    private final Platform platform;

    Syscall(final Kernel kernel)
    {
        this.kernel = kernel;
        this.platform = kernel.platform();
    }

    Status execute(final Ec ec)
    {
        final long p0 = ec.param(0);
        final Hypercall call = Hypercall.of(p0);
        switch (call)
        {
            case CREATE_PD:
                return createPd(ec, Hypercall.selector(p0), Hypercall.flags(p0));
            case CREATE_SM:
                return createSm(ec, Hypercall.selector(p0), Hypercall.flags(p0));
            case CTRL_PD:
                return ctrlPd(ec, Hypercall.selector(p0));
            case CTRL_SM:
                return ctrlSm(ec, Hypercall.selector(p0), Hypercall.flags(p0));
            default:
                throw new UnsupportedOperationException(call + " is not implemented yet");
        }
    }

    /** A create_* destination: inside the space and holding a null capability. */
    private static boolean isFreeSlot(final SpaceObj space, final long sel)
    {
        return sel < SpaceObj.SELECTORS && space.object(sel) == null;
    }

    /** create_pd (0x2): sel[63:8], OP = flags; p1 = owner PD. */
    private Status createPd(final Ec ec, final long sel, final int op)
    {
        final SpaceObj cur = ec.pd().obj();
        final long pdSel = ec.param(1);
        final Pd owner = (Pd) cur.lookup(pdSel, Kind.PD, Perm.PD_PD);
        if (owner == null)
        {
            return Status.BAD_CAP;
        }
        final Kind kind = Kind.ofOp(op);
        if (kind == null)
        {
            return Status.BAD_PAR;
        }
        if (kind.isSpace())
        {
            if (!platform.supports(kind))
            {
                return Status.BAD_FTR;
            }
            if (!owner.canBind(kind))
            {
                return Status.ABORTED;
            }
        }
        if (!isFreeSlot(cur, sel))
        {
            return Status.BAD_CAP;
        }
        if (kind == Kind.PD)
        {
            cur.store(sel, new Pd(), cur.perms(pdSel));
        }
        else
        {
            cur.store(sel, owner.newSpace(kind), kind.perms());
        }
        return Status.SUCCESS;
    }

    /** create_sm (0x6): sel[63:8], flag I; p1 = owner PD; p2 = counter or ISD. */
    private Status createSm(final Ec ec, final long sel, final int flags)
    {
        final SpaceObj cur = ec.pd().obj();
        final boolean interrupt = (flags & FLAG_I) != 0;
        final long val = ec.param(2);
        if (cur.lookup(ec.param(1), Kind.PD, interrupt ? Perm.PD_DC : Perm.PD_SM) == null)
        {
            return Status.BAD_CAP;
        }
        if (interrupt && !platform.validIsd(val))
        {
            return Status.BAD_PAR;
        }
        if (!isFreeSlot(cur, sel))
        {
            return Status.BAD_CAP;
        }
        final Sm sm = interrupt ? Sm.forInterrupt(val) : Sm.regular(val);
        cur.store(sel, sm, sm.definedPerms());
        return Status.SUCCESS;
    }

    /**
     * ctrl_pd (0x8): src[63:8]; p1 = dst; p2 = ssb[63:12] ord[4:0]; p3 = dsb[63:12] pmm[5:0]; p4 = mad[31:0].
     */
    private Status ctrlPd(final Ec ec, final long srcSel)
    {
        final SpaceObj cur = ec.pd().obj();
        final long dstSel = ec.param(1);
        final long p2 = ec.param(2);
        final long p3 = ec.param(3);
        final int ord = (int) p2 & 0x1f;
        final long ssb = p2 >>> 12;
        final long dsb = p3 >>> 12;
        final int pmm = (int) p3 & 0x3f;
        final long count = 1L << ord;
        if (((ssb | dsb) & (count - 1)) != 0)
        {
            return Status.BAD_PAR;
        }
        final Kobject src = cur.object(srcSel);
        final Kobject dst = cur.object(dstSel);
        if (src == null || dst == null || !src.kind().isSpace() || !dst.kind().isSpace()
            || (cur.perms(srcSel) & Perm.SPACE_TAKE) == 0 || (cur.perms(dstSel) & Perm.SPACE_GRANT) == 0)
        {
            return Status.BAD_CAP;
        }
        final Kind sk = src.kind();
        final Kind dk = dst.kind();
        final boolean compatible = sk == Kind.HST ? dk == Kind.HST || dk == Kind.GST || dk == Kind.DMA : sk == dk;
        if (!compatible)
        {
            return Status.BAD_CAP;
        }
        if (sk != Kind.OBJ)
        {
            throw new UnsupportedOperationException("ctrl_pd from a " + sk + " space is not implemented yet");
        }
        if (ssb + count > SpaceObj.SELECTORS || dsb + count > SpaceObj.SELECTORS)
        {
            return Status.BAD_PAR;
        }
        final SpaceObj from = (SpaceObj) src;
        final SpaceObj to = (SpaceObj) dst;
        // Ascending order; ranges are identical or disjoint, so an in-place reduction is well defined.
        for (long i = 0; i < count; i++)
        {
            to.store(dsb + i, from.object(ssb + i), from.perms(ssb + i) & pmm);
        }
        return Status.SUCCESS;
    }

    /** ctrl_sm (0xc): sm[63:8], flags D and Z; p1 = absolute STC deadline for a down, 0 for none. */
    private Status ctrlSm(final Ec ec, final long sel, final int flags)
    {
        final boolean down = (flags & FLAG_D) != 0;
        final Sm sm = (Sm) ec.pd().obj().lookup(sel, Kind.SM, down ? Perm.SM_CTRLDN : Perm.SM_CTRLUP);
        if (sm == null)
        {
            return Status.BAD_CAP;
        }
        if (!down)
        {
            final Ec waiter = sm.dequeue();
            if (waiter != null)
            {
                resume(waiter, Status.SUCCESS); // a direct hand-off: the counter stays as it is
                return Status.SUCCESS;
            }
            return sm.increment() ? Status.SUCCESS : Status.OVRFLOW;
        }
        if (sm.tryDecrement((flags & FLAG_Z) != 0))
        {
            return Status.SUCCESS;
        }
        block(ec, sm, ec.param(1));
        return null;
    }

    /** Blocks an EC on a semaphore, FIFO, with an optional absolute deadline (docs/decisions.md K8). */
    private void block(final Ec ec, final Sm sm, final long deadline)
    {
        ec.state = Ec.BLOCKED;
        ec.blockedOn = sm;
        sm.enqueue(ec);
        if (deadline != 0)
        {
            if (ec.deadlineTimer < 0)
            {
                ec.deadlineTimer = kernel.engine().newTimer(arg -> timeout(ec), 0);
            }
            kernel.engine().arm(ec.deadlineTimer, Math.max(deadline, kernel.engine().now()));
        }
    }

    /** The deadline of a blocked down passed. */
    private void timeout(final Ec ec)
    {
        if (ec.state == Ec.BLOCKED)
        {
            ec.blockedOn.remove(ec);
            resume(ec, Status.TIMEOUT);
        }
    }

    /** Ends a blocking hypercall: writes its status and makes the EC and its parked SCs runnable again. */
    private void resume(final Ec ec, final Status status)
    {
        ec.state = Ec.RUNNABLE;
        ec.blockedOn = null;
        if (ec.deadlineTimer >= 0)
        {
            kernel.engine().cancel(ec.deadlineTimer);
        }
        ec.setParam(0, status.code());
        kernel.unpark(ec);
    }
}
