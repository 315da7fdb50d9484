// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import org.novaemu.sim.Failure;
import org.novaemu.sim.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rendezvous of ECs (NOVA's {@code Ec::send_msg}, {@code Ec::recv_msg} and event delivery): a call enters
 * the callee at its portal on the caller's SC, a reply returns it, and an event is an implicit call that
 * carries architectural state by the portal's MTD. The hypercalls' checks are in {@link Syscall}; these run
 * once they have passed.
 */
final class Ipc
{
    private static final Logger LOG = LoggerFactory.getLogger(Ipc.class);

    /** The regular MTD's word count: bits 8:0 hold the number of UTCB words minus one. */
    private static final int MTD_WORDS = 0x1ff;

    private Ipc()
    {
    }

    /**
     * ipc_call to a waiting callee: copies the message and enters the callee, which runs on the caller's SC
     * until it replies.
     */
    static void call(final Ec caller, final Pt pt, final long mtd)
    {
        copyWords(caller, pt.ec(), mtd);
        enter(caller, pt, mtd);
    }

    /** The rendezvous of a call or an event: the caller waits, the callee runs at the portal on the caller's SC. */
    private static void enter(final Ec caller, final Pt pt, final long mtd)
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
        callee.charge(callee.kernel().costs().contextSwitch());
    }

    /**
     * ipc_reply: returns to the caller, if any (words by a regular MTD; state by an event's MTD, which may
     * poison the caller), and waits for the next call.
     *
     * @param ec the replying EC
     * @param mtd the reply's MTD
     */
    static void reply(final Ec ec, final long mtd)
    {
        final Ec caller = ec.caller;
        if (caller != null)
        {
            boolean poisoned = false;
            if (caller.inEvent)
            {
                poisoned = !ec.kernel().platform().ec().loadState(ec, (int) mtd, caller);
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
            ec.charge(ec.kernel().costs().contextSwitch());
            if (poisoned)
            {
                final Failures failures = ec.kernel().engine().failures();
                if (failures.wanted(LOG, Failure.EC_KILLED))
                {
                    failures.report(LOG, Failure.EC_KILLED, "EC#" + caller.ecSerial() + " on CPU " + caller.cpu()
                        + ": the reply of EC#" + ec.ecSerial() + " to its event loaded an illegal state (mtd 0x"
                        + Long.toHexString(mtd) + ")");
                }
                kill(caller);
            }
        }
        ec.state = Ec.WAITING;
    }

    /**
     * Delivers the EC's first pending event through its event portal: an exception of its instruction at
     * {@code evt + n} (n below SEL_ARCH), then STARTUP and RECALL at {@code evt + SEL_ARCH + 0 and 1}.
     * Without a portal with EVENT permission on the EC's CPU the EC is killed; a busy handler is helped.
     *
     * @param ec the EC, with an event pending
     */
    static void deliverEvent(final Ec ec)
    {
        final Platform platform = ec.kernel().platform();
        final int bit = (ec.events & Ec.EVENT_EXCEPTION) != 0 ? Ec.EVENT_EXCEPTION
            : (ec.events & Ec.EVENT_STARTUP) != 0 ? Ec.EVENT_STARTUP : Ec.EVENT_RECALL;
        final int arch = ec.isVcpu() ? platform.vcpus().guestArchEvents() : platform.ec().hostArchEvents();
        if (bit != Ec.EVENT_EXCEPTION)
        {
            // The event's number for the platform's state transfer (Arm's ESR_EL2 reports it, NOVA's set_ep).
            ec.exceptionEvent = arch + (bit == Ec.EVENT_STARTUP ? 0 : 1);
        }
        final long sel = ec.evt + ec.exceptionEvent;
        final Pt pt = (Pt) ec.pd().obj().lookup(sel, Kind.PT, Perm.PT_EVENT);
        if (pt == null || pt.ec().cpu() != ec.cpu() || pt.ec().isKilled() || reaches(pt.ec(), ec))
        {
            // NOVA reports every kill on its console; ours names the EC by its serial number.
            ec.kernel().console().print("Killed EC#" + ec.ecSerial() + " CPU " + ec.cpu() + " IP 0x"
                + Long.toHexString(ec.ip()) + ": no portal for event selector 0x" + Long.toHexString(sel) + "\n");
            reportKill(ec, bit, sel, pt);
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
        platform.ec().saveState(ec, pt.mtd(), handler);
        if (bit == Ec.EVENT_EXCEPTION)
        {
            ec.exceptionSyndrome = 0; // delivered: a later event's qualifications are not this one's
            ec.exceptionAddress = 0;
        }
        ec.inEvent = true;
        enter(ec, pt, pt.mtd() & 0xffffffffL);
    }

    /** Says why an EC is killed for want of a portal (decision U22): which event, which selector, what was wrong. */
    private static void reportKill(final Ec ec, final int bit, final long sel, final Pt pt)
    {
        final Failures failures = ec.kernel().engine().failures();
        final boolean root = ec.pd() == ec.kernel().root();
        final boolean fault = bit == Ec.EVENT_EXCEPTION
            && ec.exceptionEvent == ec.kernel().platform().ec().faultEvent(User.READ)
            || bit == Ec.EVENT_EXCEPTION && ec.exceptionEvent == ec.kernel().platform().ec().faultEvent(User.WRITE);
        final Failure kind = root && fault ? Failure.UNMAPPED_ACCESS : Failure.EC_KILLED;
        if (!failures.wanted(LOG, kind))
        {
            return;
        }
        final String event = bit == Ec.EVENT_STARTUP ? "STARTUP" : bit == Ec.EVENT_RECALL ? "RECALL"
            : "exception " + ec.exceptionEvent + (ec.exceptionAddress != 0 || fault
                ? " at address 0x" + Long.toHexString(ec.exceptionAddress) : "");
        final String why = pt == null ? "no portal with EVENT permission at selector 0x" + Long.toHexString(sel)
            : pt.ec().cpu() != ec.cpu() ? "the portal's EC is on CPU " + pt.ec().cpu()
            : pt.ec().isKilled() ? "the portal's EC is dead" : "the portal's EC is on its own chain of calls";
        failures.report(LOG, kind, (root ? "the root task's " : "") + "EC#" + ec.ecSerial() + " on CPU " + ec.cpu()
            + " at IP 0x" + Long.toHexString(ec.ip()) + " killed on " + event + ": " + why);
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

    /** @return whether {@code target} lies on the chain of calls and help that starts at {@code from} */
    static boolean reaches(final Ec from, final Ec target)
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
