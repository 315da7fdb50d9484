// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import org.novaemu.kernel.Sys.AssignDev;
import org.novaemu.kernel.Sys.AssignInt;
import org.novaemu.kernel.Sys.CreateDc;
import org.novaemu.kernel.Sys.CreateEc;
import org.novaemu.kernel.Sys.CreatePd;
import org.novaemu.kernel.Sys.CreatePt;
import org.novaemu.kernel.Sys.CreateSc;
import org.novaemu.kernel.Sys.CreateSm;
import org.novaemu.kernel.Sys.CtrlEc;
import org.novaemu.kernel.Sys.CtrlPd;
import org.novaemu.kernel.Sys.CtrlPt;
import org.novaemu.kernel.Sys.CtrlSc;
import org.novaemu.kernel.Sys.CtrlSm;
import org.novaemu.kernel.Sys.IpcCall;
import org.novaemu.kernel.Sys.IpcReply;
import org.novaemu.sim.SimCpu;
import org.novaemu.trace.Trace;

/**
 * The hypercall handlers of specification chapter 5, one per section and in hypercall-number order (NOVA's
 * {@code src/syscall.cpp}; the file is that chapter, so it may pass 500 lines). Each reads the
 * caller's registers through its layout in {@link Sys}, checks in the order of NOVA's own code
 * (docs/decisions.md K2), changes nothing unless every check passes, and returns the status; the work
 * itself is the objects': {@link Ipc} for calls and replies, {@link Sm} for up and down, the platform for
 * the hardware. Single selectors at or beyond 2^18 refer to no capability (K1); flag bits the specification
 * draws as 0 are ignored (K3).
 */
final class Syscall
{
    private final Kernel kernel;
    private final Platform platform;
    private final long[] msiOut = new long[2];
    private final Interleavings interleavings = new Interleavings();

    Syscall(final Kernel kernel)
    {
        this.kernel = kernel;
        this.platform = kernel.platform();
    }

    /** @return the race points of the handlers ({@link RacePoint}) */
    Interleavings interleavings()
    {
        return interleavings;
    }

    /** @return whether a space exists and has not died: an EC can take a reference on it */
    private static boolean live(final Space space)
    {
        return space != null && !space.isDead();
    }

    /**
     * @param ec the calling EC, its registers holding the hypercall
     * @return the status, or null if the EC blocked or waits (its status is written when it resumes)
     */
    Status execute(final Ec ec)
    {
        return switch (Hypercall.of(ec.param(0)))
        {
            case IPC_CALL -> ipcCall(ec);
            case IPC_REPLY -> ipcReply(ec);
            case CREATE_PD -> createPd(ec);
            case CREATE_EC -> createEc(ec);
            case CREATE_SC -> createSc(ec);
            case CREATE_PT -> createPt(ec);
            case CREATE_SM -> createSm(ec);
            case CREATE_DC -> createDc(ec);
            case CTRL_PD -> ctrlPd(ec);
            case CTRL_EC -> ctrlEc(ec);
            case CTRL_SC -> ctrlSc(ec);
            case CTRL_PT -> ctrlPt(ec);
            case CTRL_SM -> ctrlSm(ec);
            case CTRL_HW -> ctrlHw(ec);
            case ASSIGN_DEV -> assignDev(ec);
            case ASSIGN_INT -> assignInt(ec);
        };
    }

    /** 0x0 ipc_call: to a waiting callee on this CPU; a busy one is helped, or TIMEOUT with T. */
    private Status ipcCall(final Ec ec)
    {
        final Pt pt = (Pt) ec.pd().obj().lookup(Sys.SEL.get(ec), Kind.PT, Perm.PT_CALL);
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
            if (Sys.has(ec, IpcCall.FLAG_T) || Ipc.reaches(callee, ec))
            {
                return Status.TIMEOUT; // K11: helping into one's own chain would never end
            }
            ec.state = Ec.HELPING;
            ec.helpee = callee;
            return null;
        }
        Ipc.call(ec, pt, IpcCall.MTD.get(ec));
        return null;
    }

    /** 0x1 ipc_reply: never returns; the EC next runs at the IP of the next portal called. */
    private static Status ipcReply(final Ec ec)
    {
        Ipc.reply(ec, IpcReply.MTD.get(ec));
        return null;
    }

    /** 0x2 create_pd: a PD (OP 0) or an empty space of the OP's kind. */
    private Status createPd(final Ec ec)
    {
        final SpaceObj cur = ec.pd().obj();
        final long sel = Sys.SEL.get(ec);
        final long pdSel = CreatePd.PD.get(ec);
        final Pd owner = (Pd) cur.lookup(pdSel, Kind.PD, Perm.PD_PD);
        if (owner == null)
        {
            return Status.BAD_CAP;
        }
        final int ownerPerms = cur.perms(pdSel); // as looked up: a new PD inherits them (NOVA's cpd.prm())
        final Kind kind = Kind.ofOp(Sys.FLAGS.getInt(ec));
        if (kind == null)
        {
            return Status.BAD_PAR;
        }
        if (kind.isSpace() && !platform.supports(kind))
        {
            return Status.BAD_FTR;
        }
        interleavings.reach(RacePoint.CREATE_PD);
        if (owner.isDead() || kind.isSpace() && !owner.canBind(kind))
        {
            return Status.ABORTED; // the owner is being destroyed, or has its one space of the kind (K7, K45)
        }
        final Status s = kernel.heap().admit(cur, sel, kind, 0);
        if (s != null)
        {
            return s;
        }
        final KernelMemory heap = kernel.heap();
        if (kind == Kind.PD)
        {
            cur.store(sel, heap.account(new Pd()), ownerPerms);
        }
        else
        {
            final Space space = heap.account(owner.newSpace(kind, platform.selectorBits(kind)));
            final PageTableFormat format = kind == Kind.DMA ? platform.iommu().pageTableFormat() : null;
            if (format != null)
            {
                ((SpaceMem) space).mirror(kernel.memory(), format); // the IOMMU walks this space
            }
            cur.store(sel, space, kind.perms());
        }
        return Status.SUCCESS;
    }

    /** 0x3 create_ec: a host EC with its UTCB, or with G a vCPU. */
    private Status createEc(final Ec ec)
    {
        final SpaceObj cur = ec.pd().obj();
        final long sel = Sys.SEL.get(ec);
        final long hva = CreateEc.HVP.get(ec) << 12;
        final int cpu = CreateEc.CPU.getInt(ec);
        final int hstBits = platform.layout().hostSelectorBits() + 12;
        if (hstBits < 64 && Long.compareUnsigned(hva, 1L << hstBits) >= 0)
        {
            return Status.BAD_PAR;
        }
        if (cpu >= platform.layout().cpus())
        {
            return Status.BAD_CPU;
        }
        final Pd owner = (Pd) cur.lookup(CreateEc.PD.get(ec), Kind.PD, Perm.PD_EC);
        if (owner == null)
        {
            return Status.BAD_CAP;
        }
        if (Sys.has(ec, CreateEc.FLAG_G))
        {
            return createVcpu(ec, cur, sel, owner, cpu, hva);
        }
        interleavings.reach(RacePoint.CREATE_EC);
        if (!live(owner.obj()) || !live(owner.hst()) || platform.supports(Kind.PIO) && !live(owner.pio()))
        {
            return Status.ABORTED; // a required space is missing or being destroyed (docs/decisions.md K12, K45)
        }
        // The UTCB's frame and the tables of its mapping count as the EC's memory (K22).
        final long utcb = 1 + owner.hst().tablesFor(hva >>> 12, 0, SpaceMem.entry(0, Perm.MEM_R, 0, true));
        final Status s = kernel.heap().admit(cur, sel, Kind.EC, utcb);
        if (s != null)
        {
            return s;
        }
        final Ec created = kernel.newEc(owner, cpu, Sys.has(ec, CreateEc.FLAG_T), CreateEc.EVT.get(ec),
            CreateEc.SP.get(ec), hva);
        created.fpu = Sys.has(ec, CreateEc.FLAG_F);
        cur.store(sel, created, Kind.EC.perms());
        return Status.SUCCESS;
    }

    /** create_ec with G=1: a vCPU, bound to the PD's object and host spaces; T (time offsetting) is ignored. */
    private Status createVcpu(final Ec ec, final SpaceObj cur, final long sel, final Pd owner, final int cpu,
                              final long hva)
    {
        if (!platform.supports(Kind.GST))
        {
            return Status.BAD_FTR;
        }
        interleavings.reach(RacePoint.CREATE_EC);
        if (!live(owner.obj()) || !live(owner.hst()))
        {
            return Status.ABORTED;
        }
        final boolean page = platform.vcpus().vcpuPage();
        final long tables = page ? owner.hst().tablesFor(hva >>> 12, 0, SpaceMem.entry(0, Perm.MEM_R, 0, true)) : 0;
        final Status s = kernel.heap().admit(cur, sel, Kind.EC, 1 + tables);
        if (s != null)
        {
            return s;
        }
        cur.store(sel, kernel.newVcpu(owner, cpu, CreateEc.EVT.get(ec), CreateEc.SP.get(ec), page ? hva : -1),
            Kind.EC.perms());
        return Status.SUCCESS;
    }

    /** 0x4 create_sc: bound to a global EC of the same PD, ready at once; the EC's first SC pends STARTUP. */
    private Status createSc(final Ec ec)
    {
        final SpaceObj cur = ec.pd().obj();
        final int budget = CreateSc.BUDGET.getInt(ec);
        final int prio = CreateSc.PRIO.getInt(ec);
        final int cos = CreateSc.COS.getInt(ec);
        final int cosNum = platform.control().classesOfService(ec.cpu());
        if (budget == 0 || prio == 0 || (cosNum == 0 ? cos != 0 : cos >= cosNum))
        {
            return Status.BAD_PAR;
        }
        final Pd owner = (Pd) cur.lookup(CreateSc.PD.get(ec), Kind.PD, Perm.PD_SC);
        final Ec target = (Ec) cur.lookup(CreateSc.EC.get(ec), Kind.EC, Perm.EC_BINDSC);
        if (owner == null || target == null || target.pd() != owner || !target.isGlobal())
        {
            return Status.BAD_CAP;
        }
        interleavings.reach(RacePoint.CREATE_SC);
        if (target.isKilled() || target.isDead())
        {
            return Status.ABORTED; // K19, K45
        }
        final long sel = Sys.SEL.get(ec);
        final Status s = kernel.heap().admit(cur, sel, Kind.SC, 0);
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
        kernel.cpuKernel(sc.cpu()).ready(sc);
        return Status.SUCCESS;
    }

    /** 0x5 create_pt: bound to a local EC of the same PD. */
    private Status createPt(final Ec ec)
    {
        final SpaceObj cur = ec.pd().obj();
        final Pd owner = (Pd) cur.lookup(CreatePt.PD.get(ec), Kind.PD, Perm.PD_PT);
        final Ec target = (Ec) cur.lookup(CreatePt.EC.get(ec), Kind.EC, Perm.EC_BINDPT);
        if (owner == null || target == null || target.pd() != owner || target.isGlobal())
        {
            return Status.BAD_CAP;
        }
        interleavings.reach(RacePoint.CREATE_PT);
        if (target.isKilled() || target.isDead())
        {
            return Status.ABORTED; // the EC is being destroyed (K19, K45)
        }
        final long sel = Sys.SEL.get(ec);
        final Status s = kernel.heap().admit(cur, sel, Kind.PT, 0);
        if (s != null)
        {
            return s;
        }
        cur.store(sel, kernel.heap().account(new Pt(target, CreatePt.IP.get(ec))), Kind.PT.perms());
        return Status.SUCCESS;
    }

    /** 0x6 create_sm: a counter, or with I an interrupt semaphore bound for life to its ISD. */
    private Status createSm(final Ec ec)
    {
        final SpaceObj cur = ec.pd().obj();
        final boolean interrupt = Sys.has(ec, CreateSm.FLAG_I);
        final long val = CreateSm.VALUE.get(ec);
        final Pd owner = (Pd) cur.lookup(CreateSm.PD.get(ec), Kind.PD, interrupt ? Perm.PD_DC : Perm.PD_SM);
        if (owner == null)
        {
            return Status.BAD_CAP;
        }
        if (interrupt && !platform.interrupts().validIsd(val))
        {
            return Status.BAD_PAR;
        }
        interleavings.reach(RacePoint.CREATE_SM);
        if (owner.isDead())
        {
            return Status.ABORTED; // the owner is being destroyed (K45)
        }
        final long sel = Sys.SEL.get(ec);
        final Status s = kernel.heap().admit(cur, sel, Kind.SM, 0);
        if (s != null)
        {
            return s;
        }
        final Sm sm = kernel.heap().account(interrupt ? Sm.forInterrupt(val, kernel.routes()) : Sm.regular(val));
        cur.store(sel, sm, sm.definedPerms());
        return Status.SUCCESS;
    }

    /**
     * 0x7 create_dc: the DTD's three words, recorded as they are for assign_dev and assign_int; once every check
     * passed, the platform's half of the DC's construction (Arm: its ITT and MAPD), which may only be MEM_OBJ
     * (K50).
     */
    private Status createDc(final Ec ec)
    {
        final SpaceObj cur = ec.pd().obj();
        final Pd owner = (Pd) cur.lookup(CreateDc.PD.get(ec), Kind.PD, Perm.PD_DC);
        if (owner == null)
        {
            return Status.BAD_CAP;
        }
        interleavings.reach(RacePoint.CREATE_DC);
        if (owner.isDead())
        {
            return Status.ABORTED; // the owner is being destroyed (K45)
        }
        final long sel = Sys.SEL.get(ec);
        final Status s = kernel.heap().admit(cur, sel, Kind.DC, 0);
        if (s != null)
        {
            return s;
        }
        final Dc dc = new Dc(ec.param(CreateDc.DTD), ec.param(CreateDc.DTD + 1), ec.param(CreateDc.DTD + 2),
            platform.interrupts());
        final Status created = platform.interrupts().createDc(dc);
        if (created != Status.SUCCESS)
        {
            return Status.MEM_OBJ; // the platform took nothing (K50)
        }
        cur.store(sel, kernel.heap().account(dc), Kind.DC.perms());
        return Status.SUCCESS;
    }

    /** 0x8 ctrl_pd: delegates 2^ord capabilities between spaces of compatible kinds. */
    private Status ctrlPd(final Ec ec)
    {
        final SpaceObj cur = ec.pd().obj();
        final long srcSel = Sys.SEL.get(ec);
        final long dstSel = CtrlPd.DST.get(ec);
        final int ord = CtrlPd.ORD.getInt(ec);
        final long ssb = CtrlPd.SSB.get(ec);
        final long dsb = CtrlPd.DSB.get(ec);
        final int pmm = CtrlPd.PMM.getInt(ec);
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
            final long attributes = from.isNova() ? platform.attributes().decode(CtrlPd.MAD.get(ec)) : 0;
            if (attributes < 0)
            {
                return Status.BAD_PAR;
            }
            if (dk != Kind.HST && dk != Kind.GST && dk != Kind.DMA)
            {
                return Status.BAD_CAP;
            }
            final SpaceMem to = (SpaceMem) dst;
            if (!from.holds(ssb, count) || !to.holds(dsb, count))
            {
                return Status.BAD_PAR;
            }
            final boolean done = from.delegate(to, ssb, dsb, ord, pmm, attributes);
            if (to.tableRoot() >= 0)
            {
                platform.iommu().spaceChanged(to); // also after a partial failure: some entries changed
            }
            return done ? Status.SUCCESS : Status.MEM_CAP;
        }
        if (sk != dk)
        {
            return Status.BAD_CAP;
        }
        if (sk == Kind.PIO || sk == Kind.MSR)
        {
            return ((PermSpace) src).delegate((PermSpace) dst, ssb, dsb, count, pmm);
        }
        if (ssb + count > SpaceObj.SELECTORS || dsb + count > SpaceObj.SELECTORS)
        {
            return Status.BAD_PAR;
        }
        return ((SpaceObj) dst).delegate((SpaceObj) src, ssb, dsb, count, pmm);
    }

    /** 0x9 ctrl_ec: pends a RECALL event for the EC (docs/decisions.md K14). */
    private Status ctrlEc(final Ec ec)
    {
        final Ec target = (Ec) ec.pd().obj().lookup(Sys.SEL.get(ec), Kind.EC, Perm.EC_CTRL);
        if (target == null)
        {
            return Status.BAD_CAP;
        }
        final boolean fresh = (target.events & Ec.EVENT_RECALL) == 0;
        target.events |= Ec.EVENT_RECALL;
        if (target.state == Ec.HALTED)
        {
            target.state = Ec.RUNNABLE; // the recall takes a halted guest out to its VMM
            target.unpark();
        }
        final CpuKernel there = target.cpuKernel();
        if (target.cpu() != ec.cpu() && fresh && there.runs(target))
        {
            // Only an EC that is in user mode on its CPU now needs that CPU to enter the kernel (NOVA's RKE);
            // any other sees the recall before it next returns to user mode.
            there.ipi(Ipi.RKE);
            if (Sys.has(ec, CtrlEc.FLAG_S))
            {
                ec.charge(2 * kernel.costs().ipi()); // strong: until the RKE has been seen (K14)
            }
        }
        return Status.SUCCESS;
    }

    /** 0xa ctrl_sc: the SC's consumed time, including the stint it may be running now. */
    private Status ctrlSc(final Ec ec)
    {
        final Sc sc = (Sc) ec.pd().obj().lookup(Sys.SEL.get(ec), Kind.SC, Perm.SC_CTRL);
        if (sc == null)
        {
            return Status.BAD_CAP;
        }
        // The SC's own CPU's clock, or the global time if that CPU is halted (its idle SC is running).
        final SimCpu cpu = kernel.simCpu(sc.cpu());
        ec.setParam(CtrlSc.TIME.param(),
            kernel.cpuKernel(sc.cpu()).usedNow(sc, cpu.isBlocked() ? kernel.engine().now() : cpu.time()));
        return Status.SUCCESS;
    }

    /** 0xb ctrl_pt: the portal's PID and MTD. */
    private static Status ctrlPt(final Ec ec)
    {
        final Pt pt = (Pt) ec.pd().obj().lookup(Sys.SEL.get(ec), Kind.PT, Perm.PT_CTRL);
        if (pt == null)
        {
            return Status.BAD_CAP;
        }
        pt.set(CtrlPt.PID.get(ec), CtrlPt.MTD.getInt(ec));
        return Status.SUCCESS;
    }

    /** 0xc ctrl_sm: up, or down (an interrupt semaphore's on its routed CPU, deactivating the interrupt). */
    private Status ctrlSm(final Ec ec)
    {
        final boolean down = Sys.has(ec, CtrlSm.FLAG_D);
        final Sm sm = (Sm) ec.pd().obj().lookup(Sys.SEL.get(ec), Kind.SM, down ? Perm.SM_CTRLDN : Perm.SM_CTRLUP);
        if (sm == null)
        {
            return Status.BAD_CAP;
        }
        final Trace trace = kernel.engine().trace();
        if (!down)
        {
            interleavings.reach(RacePoint.CTRL_SM);
            final boolean up = sm.up();
            if (trace.enabled())
            {
                trace.record(NovaTrace.SM_UP, Sys.SEL.get(ec), sm.isd(), sm.counter());
            }
            return up ? Status.SUCCESS : Status.OVRFLOW;
        }
        if (sm.isInterrupt())
        {
            // As NOVA: against the CPU the interrupt is routed to, whichever of its semaphores routed it (K17).
            final int routed = kernel.routes().routedCpu(sm);
            if (routed >= 0 && routed != ec.cpu())
            {
                return Status.BAD_CPU;
            }
            if (routed >= 0)
            {
                if (trace.enabled())
                {
                    trace.record(NovaTrace.DEACTIVATE, sm.isd(), routed, 0);
                }
                platform.interrupts().deactivate(sm); // an interrupt routed nowhere is masked: nothing is active
            }
        }
        interleavings.reach(RacePoint.CTRL_SM);
        if (trace.enabled())
        {
            trace.record(NovaTrace.SM_DOWN, Sys.SEL.get(ec), sm.isd(), sm.counter());
        }
        return sm.down(ec, Sys.has(ec, CtrlSm.FLAG_Z), CtrlSm.DEADLINE.get(ec));
    }

    /** 0xd ctrl_hw: the root PD only; OPs 0 and 4 to 7 go to the platform. */
    private Status ctrlHw(final Ec ec)
    {
        if (ec.pd() != kernel.root())
        {
            return Status.BAD_HYP;
        }
        final int op = Sys.FLAGS.getInt(ec);
        if (op != 0 && (op < 4 || op > 7))
        {
            return Status.BAD_PAR;
        }
        interleavings.reach(RacePoint.CTRL_HW);
        final Status s = platform.control().ctrlHw(ec.cpu(), op, Sys.SEL.get(ec));
        if (s == null)
        {
            ec.state = Ec.HALTED; // reset or deep sleep: the hypercall does not return (5.5.1)
        }
        return s;
    }

    /** 0xe assign_dev: the device's DMA onto a DMA space, through the IOMMU its DTD names. */
    private Status assignDev(final Ec ec)
    {
        final SpaceObj cur = ec.pd().obj();
        final Dc dc = (Dc) cur.lookup(Sys.SEL.get(ec), Kind.DC, Perm.DC_ASSIGN_DEV);
        final SpaceMem dma = (SpaceMem) cur.lookup(AssignDev.DMA.get(ec), Kind.DMA, Perm.SPACE_ASSIGN);
        if (dc == null || dma == null)
        {
            return Status.BAD_CAP;
        }
        // "A concurrent assign_dev for the designated device prevailed": one through this DC completed in
        // between; or the DMA space died, which the device must not be pointed at (K47).
        final int assignments = dc.assignments;
        interleavings.reach(RacePoint.ASSIGN_DEV);
        if (dc.assignments != assignments || dma.isDead())
        {
            return Status.ABORTED;
        }
        final Status s = platform.iommu().assignDev(dc, dma);
        if (s == Status.SUCCESS)
        {
            dc.assignments++;
        }
        return s;
    }

    /** 0xf assign_int: attach an interrupt semaphore to a slot and route its interrupt, or detach it. */
    private Status assignInt(final Ec ec)
    {
        final int cpu = AssignInt.CPU.getInt(ec);
        if (cpu >= platform.layout().cpus())
        {
            return Status.BAD_CPU; // before any capability, as in NOVA (K18)
        }
        final SpaceObj cur = ec.pd().obj();
        final Sm sm = (Sm) cur.lookup(Sys.SEL.get(ec), Kind.SM, Perm.SM_ASSIGN);
        if (sm == null || !sm.isInterrupt())
        {
            return Status.BAD_CAP;
        }
        final long dcSel = AssignInt.DC.get(ec);
        Dc dc = null;
        if (cur.object(dcSel) != null)
        {
            dc = (Dc) cur.lookup(dcSel, Kind.DC, Perm.DC_ASSIGN_INT);
            if (dc == null)
            {
                return Status.BAD_CAP;
            }
        }
        final boolean attach = Sys.has(ec, AssignInt.FLAG_A);
        if (!attach && dc != null)
        {
            return Status.BAD_CAP; // a detach names no DC
        }
        if (dc != null)
        {
            // The call holds the DC, as NOVA's capability reference does: a DC revoked meanwhile dies after the
            // attach, and its death undoes it (K51).
            dc.reference();
        }
        interleavings.reach(RacePoint.ASSIGN_INT);
        final Status s;
        if (sm.isDead())
        {
            s = Status.ABORTED; // a concurrent operation destroyed the semaphore (K45)
        }
        else
        {
            final long[] msi = msiOut;
            msi[0] = 0;
            msi[1] = 0;
            s = kernel.routes().assign(attach, sm, dc, cpu, AssignInt.IDX.getInt(ec), AssignInt.CFG.getInt(ec), msi);
        }
        if (dc != null)
        {
            dc.unreference();
        }
        if (s == Status.SUCCESS && attach)
        {
            ec.setParam(AssignInt.MSI_ADDRESS.param(), msiOut[0]); // a detach leaves the registers as they were
            ec.setParam(AssignInt.MSI_DATA.param(), msiOut[1]);
        }
        return s;
    }
}
