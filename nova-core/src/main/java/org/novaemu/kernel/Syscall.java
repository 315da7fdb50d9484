// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import org.novaemu.sim.SimCpu;

/**
 * The hypercall handlers. Each reads the caller's registers, checks in the order of NOVA's own
 * {@code syscall.cpp} (docs/decisions.md K2), changes nothing unless every check passes, and returns the
 * status. Single selectors at or beyond 2^18 refer to no capability (K1); flag bits the specification
 * draws as 0 are ignored (K3).
 */
final class Syscall
{
    private static final int FLAG_I = 1;
    private static final int FLAG_T = 1;
    private static final int FLAG_G = 1;
    private static final int FLAG_TG = 2;
    private static final int MTD_WORDS = 0x1ff;
    private static final int FLAG_D = 1;
    private static final int FLAG_Z = 2;

    private final Kernel kernel;
    private final Platform platform;
    private final long[] msiOut = new long[2];

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
            case IPC_CALL:
                return ipcCall(ec, Hypercall.selector(p0), Hypercall.flags(p0));
            case IPC_REPLY:
                return ipcReply(ec);
            case CREATE_EC:
                return createEc(ec, Hypercall.selector(p0), Hypercall.flags(p0));
            case CREATE_PT:
                return createPt(ec, Hypercall.selector(p0));
            case CREATE_SC:
                return createSc(ec, Hypercall.selector(p0));
            case CTRL_EC:
                return ctrlEc(ec, Hypercall.selector(p0), Hypercall.flags(p0));
            case CTRL_SC:
                return ctrlSc(ec, Hypercall.selector(p0));
            case CTRL_PT:
                return ctrlPt(ec, Hypercall.selector(p0));
            case CREATE_PD:
                return createPd(ec, Hypercall.selector(p0), Hypercall.flags(p0));
            case CREATE_DC:
                return createDc(ec, Hypercall.selector(p0));
            case CTRL_HW:
                return ctrlHw(ec, Hypercall.selector(p0), Hypercall.flags(p0));
            case ASSIGN_DEV:
                return assignDev(ec, Hypercall.selector(p0));
            case ASSIGN_INT:
                return assignInt(ec, Hypercall.selector(p0), Hypercall.flags(p0));
            case CREATE_SM:
                return createSm(ec, Hypercall.selector(p0), Hypercall.flags(p0));
            case CTRL_PD:
                return ctrlPd(ec, Hypercall.selector(p0));
            case CTRL_SM:
                return ctrlSm(ec, Hypercall.selector(p0), Hypercall.flags(p0));
            default:
                throw new IllegalStateException("unreachable: " + call); // all sixteen numbers are handled above
        }
    }

    /** A create_* destination: inside the space and holding a null capability. */
    private static boolean isFreeSlot(final SpaceObj space, final long sel)
    {
        return sel < SpaceObj.SELECTORS && space.object(sel) == null;
    }

    /**
     * The last checks of every create_*, in NOVA's order (docs/decisions.md K27): the object's memory
     * (MEM_OBJ), a null destination (BAD_CAP), the destination's leaf table (MEM_CAP).
     *
     * @param extra frames the object needs beyond its slab and tables (a UTCB and its mapping)
     * @return the status, or null if the object can be created and stored
     */
    private Status admit(final SpaceObj cur, final long sel, final Kind kind, final long extra)
    {
        final KernelMemory heap = kernel.heap();
        final long need = heap.framesFor(kind) + extra;
        if (heap.available() < need)
        {
            return Status.MEM_OBJ;
        }
        if (!isFreeSlot(cur, sel))
        {
            return Status.BAD_CAP;
        }
        return cur.needsLeaf(sel) && heap.available() < need + 1 ? Status.MEM_CAP : null;
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
        final Status s = admit(cur, sel, kind, 0);
        if (s != null)
        {
            return s;
        }
        final KernelMemory heap = kernel.heap();
        if (kind == Kind.PD)
        {
            cur.store(sel, heap.account(new Pd()), cur.perms(pdSel));
        }
        else
        {
            final Space space = heap.account(owner.newSpace(kind, kernel.selectorBits(kind)));
            final PageTableFormat format = space instanceof SpaceMem ? platform.pageTableFormat(kind) : null;
            if (format != null)
            {
                ((SpaceMem) space).mirror(kernel.memory(), format); // the hardware walks this space
            }
            cur.store(sel, space, kind.perms());
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
        final Status s = admit(cur, sel, Kind.SM, 0);
        if (s != null)
        {
            return s;
        }
        final Sm sm = kernel.heap().account(interrupt ? Sm.forInterrupt(val) : Sm.regular(val));
        sm.owner = this;
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
        if (sk == Kind.HST)
        {
            // A bad MAD out of the NOVA host space is BAD_PAR even before the destination's kind (K2).
            final SpaceMem from = (SpaceMem) src;
            final long attributes = from.isNova() ? platform.memoryAttributes(ec.param(4) & 0xffffffffL) : 0;
            if (attributes < 0)
            {
                return Status.BAD_PAR;
            }
            if (dk != Kind.HST && dk != Kind.GST && dk != Kind.DMA)
            {
                return Status.BAD_CAP;
            }
            final SpaceMem to = (SpaceMem) dst;
            if (!fits(ssb, count, from.selectorBits()) || !fits(dsb, count, to.selectorBits()))
            {
                return Status.BAD_PAR;
            }
            final boolean done = from.delegate(to, ssb, dsb, ord, pmm, attributes);
            if (to.tableRoot() >= 0)
            {
                platform.memorySpaceChanged(to); // also after a partial failure: some entries changed
            }
            return done ? Status.SUCCESS : Status.MEM_CAP;
        }
        if (sk != dk)
        {
            return Status.BAD_CAP;
        }
        if (sk == Kind.PIO || sk == Kind.MSR)
        {
            return delegatePerms((PermSpace) src, (PermSpace) dst, ssb, dsb, count, pmm);
        }
        if (ssb + count > SpaceObj.SELECTORS || dsb + count > SpaceObj.SELECTORS)
        {
            return Status.BAD_PAR;
        }
        final SpaceObj from = (SpaceObj) src;
        final SpaceObj to = (SpaceObj) dst;
        // Ascending order; ranges are identical or disjoint, so an in-place reduction is well defined. The
        // first capability that needs a leaf table when kernel memory is out ends it with MEM_CAP.
        for (long i = 0; i < count; i++)
        {
            if (!to.store(dsb + i, from.object(ssb + i), from.perms(ssb + i) & pmm))
            {
                return Status.MEM_CAP;
            }
        }
        return Status.SUCCESS;
    }

    /** @return whether the aligned block of {@code count} selectors from {@code base} lies below 2^bits */
    private static boolean fits(final long base, final long count, final int bits)
    {
        return bits >= 64 || Long.compareUnsigned(base, 1L << bits) < 0 && (1L << bits) - base >= count;
    }

    /** ctrl_pd between PIO or MSR spaces: the same selectors on both sides, all inside the space. */
    private static Status delegatePerms(final PermSpace from, final PermSpace to, final long ssb, final long dsb,
                                        final long count, final int pmm)
    {
        if (ssb != dsb || !from.holds(ssb, count))
        {
            return Status.BAD_PAR;
        }
        for (long sel = ssb; sel < ssb + count; sel++)
        {
            to.set(sel, from.perms(sel) & pmm);
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
            return up(sm) ? Status.SUCCESS : Status.OVRFLOW;
        }
        if (sm.isInterrupt())
        {
            if (sm.routedCpu >= 0 && sm.routedCpu != ec.cpu())
            {
                return Status.BAD_CPU;
            }
            platform.deactivate(sm);
        }
        if (sm.tryDecrement((flags & FLAG_Z) != 0))
        {
            return Status.SUCCESS;
        }
        block(ec, sm, ec.param(1));
        return null;
    }

    /** An interrupt (from the platform) ups its semaphore; a counter at its limit stays there (K17). */
    void signal(final Sm sm)
    {
        up(sm);
    }

    /**
     * Up: hands the unit to the first waiter (the counter stays as it is) or increments the counter.
     *
     * @return false, changing nothing, if the counter is at its limit and nobody waits
     */
    private boolean up(final Sm sm)
    {
        final Ec waiter = sm.dequeue();
        if (waiter != null)
        {
            resume(waiter, Status.SUCCESS);
            return true;
        }
        return sm.increment();
    }

    /** create_dc (0x7): sel[63:8]; p1 = pd; p2, p3, p4 = DTD words 0 to 2, recorded as they are. */
    private Status createDc(final Ec ec, final long sel)
    {
        final SpaceObj cur = ec.pd().obj();
        if (cur.lookup(ec.param(1), Kind.PD, Perm.PD_DC) == null)
        {
            return Status.BAD_CAP;
        }
        final Status s = admit(cur, sel, Kind.DC, 0);
        if (s != null)
        {
            return s;
        }
        cur.store(sel, kernel.heap().account(new Dc(ec.param(2), ec.param(3), ec.param(4))), Kind.DC.perms());
        return Status.SUCCESS;
    }

    /** ctrl_hw (0xd): OP = flags, desc = bits 63:8; root PD only. */
    private Status ctrlHw(final Ec ec, final long desc, final int op)
    {
        if (ec.pd() != kernel.root())
        {
            return Status.BAD_HYP;
        }
        if (op != 0 && (op < 4 || op > 7))
        {
            return Status.BAD_PAR;
        }
        return platform.ctrlHw(op, desc);
    }

    /** assign_dev (0xe): dc[63:8]; p1 = DMA space. */
    private Status assignDev(final Ec ec, final long sel)
    {
        final SpaceObj cur = ec.pd().obj();
        final Dc dc = (Dc) cur.lookup(sel, Kind.DC, Perm.DC_ASSIGN_DEV);
        final Space dma = (Space) cur.lookup(ec.param(1), Kind.DMA, Perm.SPACE_ASSIGN);
        if (dc == null || dma == null)
        {
            return Status.BAD_CAP;
        }
        return platform.assignDev(dc, dma);
    }

    /**
     * assign_int (0xf): sm[63:8], flag A; p1 = dc (a null capability for pins and for detach);
     * p2 = idx[47:32] cpu[31:16] cfg[3:0]. Out: p1 = MSI address, p2 = MSI data.
     */
    private Status assignInt(final Ec ec, final long sel, final int flags)
    {
        final long p2 = ec.param(2);
        final int cpu = (int) (p2 >>> 16) & 0xffff;
        if (cpu >= platform.cpus())
        {
            return Status.BAD_CPU; // before any capability, as in NOVA (K18)
        }
        final SpaceObj cur = ec.pd().obj();
        final Sm sm = (Sm) cur.lookup(sel, Kind.SM, Perm.SM_ASSIGN);
        if (sm == null || !sm.isInterrupt())
        {
            return Status.BAD_CAP;
        }
        final long dcSel = ec.param(1);
        Dc dc = null;
        if (cur.object(dcSel) != null)
        {
            dc = (Dc) cur.lookup(dcSel, Kind.DC, Perm.DC_ASSIGN_INT);
            if (dc == null)
            {
                return Status.BAD_CAP;
            }
        }
        final boolean attach = (flags & 1) != 0;
        if (!attach && dc != null)
        {
            return Status.BAD_CAP; // a detach names no DC
        }
        final long[] msi = msiOut;
        msi[0] = 0;
        msi[1] = 0;
        final Status s = platform.assignInt(attach, sm, dc, cpu, (int) (p2 >>> 32) & 0xffff, (int) p2 & 0xf, msi);
        if (s == Status.SUCCESS)
        {
            sm.routedCpu = attach ? cpu : -1;
            if (attach)
            {
                ec.setParam(1, msi[0]); // a detach leaves the registers as they were
                ec.setParam(2, msi[1]);
            }
        }
        return s;
    }

    /** Blocks an EC on a semaphore, FIFO, with an optional absolute deadline (docs/decisions.md K8). */
    private void block(final Ec ec, final Sm sm, final long deadline)
    {
        ec.state = Ec.BLOCKED;
        ec.blockedOn = sm;
        sm.enqueue(ec);
        if (deadline != 0)
        {
            kernel.cpuKernel(ec.cpu()).addTimeout(ec, deadline);
        }
    }

    /** The deadline of a blocked down passed. */
    void timeout(final Ec ec)
    {
        if (ec.state == Ec.BLOCKED)
        {
            ec.blockedOn.remove(ec);
            resume(ec, Status.TIMEOUT);
        }
    }

    /** An attached interrupt semaphore died: the platform detaches it. */
    void interruptGone(final Sm sm)
    {
        platform.interruptGone(sm);
    }

    /** A semaphore died under a waiting EC. */
    void abortWaiter(final Ec ec)
    {
        resume(ec, Status.ABORTED);
    }

    /** Ends a blocking hypercall: writes its status and makes the EC and its parked SCs runnable again. */
    private void resume(final Ec ec, final Status status)
    {
        ec.state = Ec.RUNNABLE;
        ec.blockedOn = null;
        if (ec.timeoutIndex >= 0)
        {
            kernel.cpuKernel(ec.cpu()).removeTimeout(ec);
        }
        ec.setParam(0, status.code());
        kernel.unpark(ec);
    }

    /** create_ec (0x3): sel[63:8], flags G T F; p1 = pd; p2 = hvp[63:12]; p3 = evt[63:16] cpu[15:0]; p4 = sp. */
    private Status createEc(final Ec ec, final long sel, final int flags)
    {
        final SpaceObj cur = ec.pd().obj();
        final long hva = ec.param(2) & ~0xfffL;
        final long p3 = ec.param(3);
        final int cpu = (int) p3 & 0xffff;
        final int hstBits = platform.hostSelectorBits() + 12;
        if (hstBits < 64 && Long.compareUnsigned(hva, 1L << hstBits) >= 0)
        {
            return Status.BAD_PAR;
        }
        if (cpu >= platform.cpus())
        {
            return Status.BAD_CPU;
        }
        final Pd owner = (Pd) cur.lookup(ec.param(1), Kind.PD, Perm.PD_EC);
        if (owner == null)
        {
            return Status.BAD_CAP;
        }
        if ((flags & FLAG_G) != 0)
        {
            return createVcpu(ec, cur, sel, owner, cpu, p3 >>> 16, hva);
        }
        if (owner.obj() == null || owner.hst() == null || platform.supports(Kind.PIO) && owner.pio() == null)
        {
            return Status.ABORTED; // a required space is missing (docs/decisions.md K12)
        }
        // The UTCB's frame and the tables of its mapping count as the EC's memory (K22).
        final long utcb = 1 + owner.hst().tablesFor(hva >>> 12, 0, SpaceMem.entry(0, Perm.MEM_R, 0, true));
        final Status s = admit(cur, sel, Kind.EC, utcb);
        if (s != null)
        {
            return s;
        }
        cur.store(sel, kernel.newEc(owner, cpu, (flags & FLAG_TG) != 0, p3 >>> 16, ec.param(4), hva), Kind.EC.perms());
        return Status.SUCCESS;
    }

    /** create_ec with G=1: a vCPU, bound to the PD's object and host spaces; T (time offsetting) is ignored. */
    private Status createVcpu(final Ec ec, final SpaceObj cur, final long sel, final Pd owner, final int cpu,
                              final long evt, final long hva)
    {
        if (!platform.supports(Kind.GST))
        {
            return Status.BAD_FTR;
        }
        if (owner.obj() == null || owner.hst() == null)
        {
            return Status.ABORTED;
        }
        final boolean page = platform.vcpuPage();
        final long tables = page ? owner.hst().tablesFor(hva >>> 12, 0, SpaceMem.entry(0, Perm.MEM_R, 0, true)) : 0;
        final Status s = admit(cur, sel, Kind.EC, 1 + tables);
        if (s != null)
        {
            return s;
        }
        cur.store(sel, kernel.newVcpu(owner, cpu, evt, ec.param(4), page ? hva : -1), Kind.EC.perms());
        return Status.SUCCESS;
    }

    /** create_pt (0x5): sel[63:8]; p1 = pd; p2 = ec; p3 = ip. */
    private Status createPt(final Ec ec, final long sel)
    {
        final SpaceObj cur = ec.pd().obj();
        final Pd owner = (Pd) cur.lookup(ec.param(1), Kind.PD, Perm.PD_PT);
        final Ec target = (Ec) cur.lookup(ec.param(2), Kind.EC, Perm.EC_BINDPT);
        if (owner == null || target == null || target.pd() != owner || target.isGlobal())
        {
            return Status.BAD_CAP;
        }
        if (target.isKilled())
        {
            return Status.ABORTED; // the EC is being destroyed
        }
        final Status s = admit(cur, sel, Kind.PT, 0);
        if (s != null)
        {
            return s;
        }
        cur.store(sel, kernel.heap().account(new Pt(target, ec.param(3))), Kind.PT.perms());
        return Status.SUCCESS;
    }

    /** ctrl_pt (0xb): pt[63:8]; p1 = pid; p2 = mtd[31:0]. */
    private Status ctrlPt(final Ec ec, final long sel)
    {
        final Pt pt = (Pt) ec.pd().obj().lookup(sel, Kind.PT, Perm.PT_CTRL);
        if (pt == null)
        {
            return Status.BAD_CAP;
        }
        pt.set(ec.param(1), (int) ec.param(2));
        return Status.SUCCESS;
    }

    /** ctrl_sc (0xa): sc[63:8]; out p1 = the SC's consumed time in STC ticks. */
    private Status ctrlSc(final Ec ec, final long sel)
    {
        final Sc sc = (Sc) ec.pd().obj().lookup(sel, Kind.SC, Perm.SC_CTRL);
        if (sc == null)
        {
            return Status.BAD_CAP;
        }
        // The SC's own CPU's clock, or the global time if that CPU is halted (its idle SC is running).
        final SimCpu cpu = kernel.simCpu(sc.cpu());
        ec.setParam(1, kernel.cpuKernel(sc.cpu()).usedNow(sc, cpu.isBlocked() ? kernel.engine().now() : cpu.time()));
        return Status.SUCCESS;
    }

    /** ipc_call (0x0): pt[63:8], flag T; p1 = mtd. Status and the reply's MTD come back on reply. */
    private Status ipcCall(final Ec ec, final long sel, final int flags)
    {
        final Pt pt = (Pt) ec.pd().obj().lookup(sel, Kind.PT, Perm.PT_CALL);
        if (pt == null)
        {
            return Status.BAD_CAP;
        }
        final Ec callee = pt.ec();
        if (callee.cpu() != ec.cpu())
        {
            return Status.BAD_CPU;
        }
        if (callee.isKilled())
        {
            return Status.ABORTED;
        }
        if (callee.state != Ec.WAITING)
        {
            if ((flags & FLAG_T) != 0 || reaches(callee, ec))
            {
                return Status.TIMEOUT; // K11: helping into one's own chain would never end
            }
            ec.state = Ec.HELPING;
            ec.helpee = callee;
            return null;
        }
        final long mtd = ec.param(1) & 0xffffffffL;
        copyWords(ec, callee, mtd);
        enter(ec, pt, mtd);
        return null;
    }

    /** The rendezvous of a call or an event: the caller waits, the callee runs at the portal on the caller's SC. */
    private void enter(final Ec caller, final Pt pt, final long mtd)
    {
        final Ec callee = pt.ec();
        callee.setIp(pt.ip());
        callee.setParam(0, pt.pid());
        callee.setParam(1, mtd);
        callee.abi().returnToUser(callee); // it leaves the kernel at the portal as from its ipc_reply
        callee.state = Ec.RUNNABLE;
        callee.caller = caller;
        caller.callee = callee;
        caller.state = Ec.CALLING;
        kernel.simCpu(caller.cpu()).advance(kernel.costs().contextSwitch());
    }

    /**
     * Delivers the EC's first pending event through its event portal: an exception of its instruction at
     * {@code evt + n} (n below SEL_ARCH), then STARTUP and RECALL at {@code evt + SEL_ARCH + 0 and 1}, as an
     * implicit call that carries architectural state by the portal's MTD.
     * Without a portal with EVENT permission on the EC's CPU the EC is killed.
     */
    void deliverEvent(final Ec ec)
    {
        final int bit = (ec.events & Ec.EVENT_EXCEPTION) != 0 ? Ec.EVENT_EXCEPTION
            : (ec.events & Ec.EVENT_STARTUP) != 0 ? Ec.EVENT_STARTUP : Ec.EVENT_RECALL;
        final int arch = ec.isVcpu() ? platform.guestArchEvents() : platform.hostArchEvents();
        final long sel = ec.evt + (bit == Ec.EVENT_EXCEPTION ? ec.exceptionEvent
            : arch + (bit == Ec.EVENT_STARTUP ? 0 : 1));
        final Pt pt = (Pt) ec.pd().obj().lookup(sel, Kind.PT, Perm.PT_EVENT);
        if (pt == null || pt.ec().cpu() != ec.cpu() || pt.ec().isKilled() || reaches(pt.ec(), ec))
        {
            kill(ec);
            return;
        }
        final Ec handler = pt.ec();
        if (handler.state != Ec.WAITING)
        {
            ec.state = Ec.HELPING;
            ec.helpee = handler;
            ec.helpingEvent = true;
            return;
        }
        ec.events &= ~bit;
        platform.saveState(ec, pt.mtd(), handler);
        if (bit == Ec.EVENT_EXCEPTION)
        {
            ec.exceptionSyndrome = 0; // delivered: a later event's qualifications are not this one's
            ec.exceptionAddress = 0;
        }
        ec.inEvent = true;
        enter(ec, pt, pt.mtd() & 0xffffffffL);
    }

    /**
     * Kills an EC (K15). A caller waiting on it gets ABORTED; an EC whose event it was handling is killed
     * too, as it cannot continue without the reply. Callers run on this CPU's SC, so nothing is unparked.
     */
    private static void kill(final Ec ec)
    {
        ec.state = Ec.DEAD;
        ec.events = 0;
        final Ec caller = ec.caller;
        if (caller != null)
        {
            ec.caller = null;
            caller.callee = null;
            if (caller.inEvent)
            {
                caller.inEvent = false;
                kill(caller);
            }
            else
            {
                caller.state = Ec.RUNNABLE;
                caller.setParam(0, Status.ABORTED.code());
            }
        }
    }

    /** create_sc (0x4): sel[63:8]; p1 = pd; p2 = ec; p3 = SCD: budget[15:0] ms, prio[22:16], COS[38:23]. */
    private Status createSc(final Ec ec, final long sel)
    {
        final SpaceObj cur = ec.pd().obj();
        final long scd = ec.param(3);
        final int budget = (int) scd & 0xffff;
        final int prio = (int) (scd >>> 16) & 0x7f;
        final int cos = (int) (scd >>> 23) & 0xffff;
        final int cosNum = platform.classesOfService();
        if (budget == 0 || prio == 0 || (cosNum == 0 ? cos != 0 : cos >= cosNum))
        {
            return Status.BAD_PAR;
        }
        final Pd owner = (Pd) cur.lookup(ec.param(1), Kind.PD, Perm.PD_SC);
        final Ec target = (Ec) cur.lookup(ec.param(2), Kind.EC, Perm.EC_BINDSC);
        if (owner == null || target == null || target.pd() != owner || !target.isGlobal())
        {
            return Status.BAD_CAP;
        }
        if (target.isKilled())
        {
            return Status.ABORTED;
        }
        final Status s = admit(cur, sel, Kind.SC, 0);
        if (s != null)
        {
            return s;
        }
        final Sc sc = kernel.newSc(target, target.cpu(), prio, budget, cos);
        cur.store(sel, sc, Kind.SC.perms());
        if (!target.hasSc)
        {
            target.hasSc = true;
            target.events |= Ec.EVENT_STARTUP;
        }
        kernel.ready(sc);
        return Status.SUCCESS;
    }

    /** ctrl_ec (0x9): ec[63:8], flag S. Pends a RECALL event for the EC (docs/decisions.md K14). */
    private Status ctrlEc(final Ec ec, final long sel, final int flags)
    {
        final Ec target = (Ec) ec.pd().obj().lookup(sel, Kind.EC, Perm.EC_CTRL);
        if (target == null)
        {
            return Status.BAD_CAP;
        }
        final boolean fresh = (target.events & Ec.EVENT_RECALL) == 0;
        target.events |= Ec.EVENT_RECALL;
        if (target.state == Ec.HALTED)
        {
            target.state = Ec.RUNNABLE; // the recall takes a halted guest out to its VMM
            kernel.unpark(target);
        }
        if (target.cpu() != ec.cpu() && fresh && kernel.cpuKernel(target.cpu()).runs(target))
        {
            // Only an EC that is in user mode on its CPU now needs that CPU to enter the kernel (NOVA's RKE);
            // any other sees the recall before it next returns to user mode.
            kernel.cpuKernel(target.cpu()).ipi(Ipi.RKE);
            if ((flags & 1) != 0)
            {
                kernel.simCpu(ec.cpu()).advance(2 * kernel.costs().ipi()); // strong: until the RKE has been seen
            }
        }
        return Status.SUCCESS;
    }

    /** ipc_reply (0x1): p1 = mtd. Never returns: the EC next runs at the IP of the next portal called. */
    private Status ipcReply(final Ec ec)
    {
        final Ec caller = ec.caller;
        if (caller != null)
        {
            final long mtd = ec.param(1) & 0xffffffffL;
            boolean poisoned = false;
            if (caller.inEvent)
            {
                // An event: state goes back by the reply's MTD, which may also poison the EC.
                poisoned = !platform.loadState(ec, (int) mtd, caller);
                caller.inEvent = false;
            }
            else
            {
                copyWords(ec, caller, mtd);
                caller.setParam(0, Status.SUCCESS.code());
                caller.setParam(1, mtd);
            }
            caller.callee = null;
            caller.state = Ec.RUNNABLE;
            ec.caller = null;
            kernel.simCpu(ec.cpu()).advance(kernel.costs().contextSwitch());
            if (poisoned)
            {
                kill(caller);
            }
        }
        ec.state = Ec.WAITING;
        return null;
    }

    /** Whether {@code target} lies on the chain of calls and help that starts at {@code from}. */
    private static boolean reaches(final Ec from, final Ec target)
    {
        for (Ec e = from; e != null; e = e.state == Ec.CALLING ? e.callee : e.state == Ec.HELPING ? e.helpee : null)
        {
            if (e == target)
            {
                return true;
            }
        }
        return false;
    }

    /** Copies the regular MTD's words (bits 8:0 plus one) from one UTCB to another, low to high. */
    private static void copyWords(final Ec from, final Ec to, final long mtd)
    {
        final int words = (int) (mtd & MTD_WORDS) + 1;
        for (int i = 0; i < words; i++)
        {
            to.setUtcb(i, from.utcb(i));
        }
    }
}
