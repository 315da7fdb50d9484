// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import org.novaemu.kernel.Status;

/**
 * One hypercall of a {@link RootScript}, as it turned out: its status, its output registers and what it cost. A
 * handle is returned when the step is added and filled in when the root EC has made the call and runs again, so a
 * later step's set-up (which runs later, in the root EC) may use an earlier call's outputs, and a test may assert
 * on it once the script has run. Calls made with {@link RootScript#probe} also hold a snapshot of the root's object
 * space before and after.
 */
public final class Call
{
    private final String what;
    private final boolean checked;
    private Status status;
    private final long[] out = new long[5];
    private long issuedAt = -1;
    private long cycles = -1;
    private ObjectSpaceSnapshot before;
    private ObjectSpaceSnapshot after;

    Call(final String what, final boolean checked)
    {
        this.what = what;
        this.checked = checked;
    }

    /** @return what the call is, as failures name it */
    public String what()
    {
        return what;
    }

    /** @return whether the script stops unless the call succeeds */
    public boolean checked()
    {
        return checked;
    }

    /** @return whether the root EC has made the call and seen its status */
    public boolean done()
    {
        return status != null;
    }

    /**
     * @return the call's status
     * @throws IllegalStateException if the call has not completed yet
     */
    public Status status()
    {
        if (status == null)
        {
            throw new IllegalStateException(what + " has not completed yet (run the machine further)");
        }
        return status;
    }

    /**
     * @param i a hypercall parameter position, 1 to 4 (0 holds the status)
     * @return the register's value when the call returned (assign_int's MSI address in 1 and data in 2)
     * @throws IllegalStateException if the call has not completed yet
     */
    public long out(final int i)
    {
        status();
        return out[i];
    }

    /** @return the STC at which the root EC made the call, or -1 before */
    public long issuedAt()
    {
        return issuedAt;
    }

    /**
     * @return cycles from the call's entry to the root EC seeing its status (a round trip for ipc_call)
     * @throws IllegalStateException if the call has not completed yet
     */
    public long cycles()
    {
        status();
        return cycles;
    }

    /** @return the root's object space just before the call, or null unless made with {@link RootScript#probe} */
    public ObjectSpaceSnapshot before()
    {
        return before;
    }

    /** @return the root's object space just after the call, or null unless made with {@link RootScript#probe} */
    public ObjectSpaceSnapshot after()
    {
        return after;
    }

    void issued(final long stc, final ObjectSpaceSnapshot snapshot)
    {
        issuedAt = stc;
        before = snapshot;
    }

    void completed(final Status s, final long p1, final long p2, final long p3, final long p4, final long stc,
                   final ObjectSpaceSnapshot snapshot)
    {
        status = s;
        out[1] = p1;
        out[2] = p2;
        out[3] = p3;
        out[4] = p4;
        cycles = stc - issuedAt;
        after = snapshot;
    }

    @Override
    public String toString()
    {
        return what + (status == null ? " (not completed)" : ": " + status);
    }
}
