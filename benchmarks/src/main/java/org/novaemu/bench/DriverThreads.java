// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bench;

import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Program;
import org.novaemu.kernel.RootImage;
import org.novaemu.kernel.Status;
import org.novaemu.kernel.User;

/**
 * The root PD's code in the delivery benchmarks, the same on both architectures: the root parks on a
 * semaphore; a STARTUP handler sends each interrupt thread to its loop; a thread downs the semaphore its stack
 * pointer names (the root's choice at create_ec), counts each wake-up and does 200 cycles of work. Only where
 * the STARTUP reply puts the IP (the UTCB word and MTD bit) and which register is the stack pointer differ.
 */
final class DriverThreads implements Program
{
    /** The root's entry. */
    static final long ENTRY = RootImage.ENTRY;
    /** The STARTUP portals' entry. */
    static final long STARTUP = ENTRY + 0x100;
    /** The interrupt threads' loop. */
    static final long LOOP = ENTRY + 0x200;

    private final long park;
    private final int ipWord;
    private final int ipMtd;
    private final int sp;
    private long handled;

    /**
     * @param park the semaphore the root parks on
     * @param ipWord the UTCB word of the instruction pointer
     * @param ipMtd the MTD bit that transfers it
     * @param sp the stack pointer's register number
     */
    DriverThreads(final long park, final int ipWord, final int ipMtd, final int sp)
    {
        this.park = park;
        this.ipWord = ipWord;
        this.ipMtd = ipMtd;
        this.sp = sp;
    }

    @Override
    public int step(final User u)
    {
        if (u.ip() == ENTRY)
        {
            Calls.down(u, park, false, 0);
            u.setIp(ENTRY + 1);
            return HYPERCALL;
        }
        if (u.ip() == STARTUP)
        {
            u.setUtcb(ipWord, LOOP);
            Calls.reply(u, ipMtd);
            return HYPERCALL;
        }
        if (u.ip() == LOOP + 1 && Calls.status(u) == Status.SUCCESS)
        {
            handled++;
            u.charge(200); // the driver's work per interrupt
        }
        Calls.down(u, u.gpr(sp), false, 0);
        u.setIp(LOOP + 1);
        return HYPERCALL;
    }

    /** @return interrupts the threads have taken */
    long handled()
    {
        return handled;
    }

    /** Forgets the wake-ups so far (after set-up). */
    void reset()
    {
        handled = 0;
    }

    /**
     * Makes one set-up hypercall on the root EC, which must succeed.
     *
     * @param kernel the kernel
     * @param setup sets its registers
     * @throws IllegalStateException naming the status otherwise
     */
    static void call(final Kernel kernel, final java.util.function.Consumer<Ec> setup)
    {
        final Ec root = kernel.rootEc();
        setup.accept(root);
        final Status s = kernel.hypercall(root);
        if (s != Status.SUCCESS)
        {
            throw new IllegalStateException("set-up: " + s);
        }
    }
}
