// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import org.novaemu.kernel.Abi;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.HipField;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Program;
import org.novaemu.kernel.RootImage;
import org.novaemu.kernel.Status;
import org.novaemu.kernel.User;
import org.novaemu.machine.Machine;

/**
 * A root task written once for every architecture: an IPC ping-pong with a local EC through a portal, then a
 * down on a semaphore nobody ups, with a deadline. It uses only the architecture-neutral hypercalls and reads
 * the STC frequency from its HIP, so the same code runs on any machine; only the ABI (which register holds the
 * HIP's address at entry) is the target's, as a compiler's would be.
 */
public final class PingPong implements Program
{
    /** The result of a run. */
    public record Result(int rounds, int wrongReplies, long roundTripCycles, Status timeout, long timeoutLateCycles,
                         String failure)
    {
    }

    private static final long SERVER = 1;
    private static final long PORTAL = 2;
    private static final long SM = 3;
    private static final long SERVE = 0x100; // the portal's entry, from the image's entry
    private static final long SERVER_UTCB = Kernel.ROOT_IMAGE_SIZE;

    private final Abi abi;
    private final int rounds;
    private final long timeoutMicros;
    private long hz;
    private int round;
    private int wrong;
    private long callsStarted;
    private long callsEnded;
    private long deadline;
    private Status timeout;
    private long late;
    private String failure;

    /**
     * @param abi the target's ABI
     * @param rounds how many calls
     * @param timeoutMicros the down's deadline from when it is made, in microseconds
     */
    public PingPong(final Abi abi, final int rounds, final long timeoutMicros)
    {
        this.abi = abi;
        this.rounds = rounds;
        this.timeoutMicros = timeoutMicros;
    }

    /**
     * Runs the root task on an x86 machine and on an Arm machine and prints what each measured.
     *
     * @param args ignored
     */
    public static void main(final String[] args)
    {
        print("x86_64", run(org.novaemu.x86.X86Machine.builder().build(), 1_000, 50));
        print("aarch64", run(org.novaemu.arm.ArmMachine.builder().build(), 1_000, 50));
    }

    private static void print(final String arch, final Result r)
    {
        System.out.printf("%s: %d calls, %d wrong, %d cycles a round trip; down with a 50 us deadline: %s,"
            + " %d cycles late%n", arch, r.rounds(), r.wrongReplies(), r.roundTripCycles(), r.timeout(),
            r.timeoutLateCycles());
    }

    /**
     * Starts the root task on {@code m}'s kernel and runs the machine until it is done.
     *
     * @param m a machine with the kernel booted
     * @param rounds how many calls
     * @param timeoutMicros the down's deadline, in microseconds
     * @return what happened
     */
    public static Result run(final Machine m, final int rounds, final long timeoutMicros)
    {
        final PingPong root = new PingPong(m.kernel().platform().abi(), rounds, timeoutMicros);
        m.kernel().start(Program.relocated(RootImage.ENTRY, root));
        m.engine().runFor(m.engine().clock().cyclesFromNanos(10_000_000L + timeoutMicros * 2_000));
        return root.result(m.engine().clock().hz());
    }

    /**
     * @param cpuHz the CPUs' clock, to turn STC ticks into cycles
     * @return what happened so far
     */
    Result result(final long cpuHz)
    {
        final long ticks = callsEnded - callsStarted;
        final long perRound = round == 0 || hz == 0 ? 0 : ticks * cpuHz / hz / round;
        return new Result(round, wrong, perRound, timeout, late * cpuHz / Math.max(1, hz), failure);
    }

    @Override
    public int step(final User u)
    {
        final int ip = (int) u.ip();
        if (ip == SERVE)
        {
            u.setUtcb(0, u.utcb(0) + 1); // the reply: one more
            Calls.reply(u, 0);
            return HYPERCALL;
        }
        if (ip > 0 && ip < 5 && Calls.status(u) != Status.SUCCESS && failure == null)
        {
            failure = "step " + (ip - 1) + ": " + Calls.status(u);
        }
        switch (ip)
        {
            case 0 -> {
                hz = u.read(u.gpr(abi.sp()) + HipField.STC_FREQ.offset(), 8); // the HIP is at the stack pointer
                Calls.createEc(u, SERVER, Kernel.ROOT_PD, false, SERVER_UTCB, 0, u.cpu(), 0);
            }
            case 1 -> Calls.createPt(u, PORTAL, Kernel.ROOT_PD, SERVER, RootImage.ENTRY + SERVE);
            case 2 -> {
                callsStarted = u.stc();
                u.setUtcb(0, 0);
                Calls.call(u, PORTAL, false, 0); // one word
            }
            case 3 -> {
                wrong += u.utcb(0) == round + 1 ? 0 : 1;
                if (++round < rounds)
                {
                    u.setUtcb(0, round);
                    Calls.call(u, PORTAL, false, 0);
                    return HYPERCALL; // stays at 3
                }
                callsEnded = u.stc();
                Calls.createSm(u, SM, Kernel.ROOT_PD, 0);
            }
            case 4 -> {
                deadline = u.stc() + timeoutMicros * hz / 1_000_000;
                Calls.down(u, SM, false, deadline);
            }
            case 5 -> {
                timeout = Calls.status(u);
                late = u.stc() - deadline;
                Calls.down(u, SM, false, 0); // parks for good
            }
            default -> Calls.down(u, SM, false, 0);
        }
        u.setIp(ip + 1);
        return HYPERCALL;
    }
}
