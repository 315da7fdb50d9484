// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.cpu;

/**
 * The frames a core pushes onto its interrupt stack when it delivers an event and pops on IRET (Intel SDM
 * volume 3A, 6.14.2 and 6.14.3): return IP, RFLAGS, and, held beside them, the vector and the error code
 * (6.13), innermost last. What {@link Ring0#vector}, {@link Ring0#errorCode}, {@link Ring0#returnIp} and
 * {@link Ring0#setReturnIp} show a handler.
 *
 * <p>The stack is held by the core, not written to memory (docs/decisions.md X35), and is its own class
 * because it is its own structure: the core decides what its limits mean, shutdown when an event finds it
 * {@link #full} (a stack fault without a stack) and #GP(0) for an IRET that finds it {@link #empty}. Parallel
 * primitive arrays, so that delivery and IRET do not allocate.
 */
final class InterruptFrames
{
    private final long[] ip;
    private final long[] flags;
    private final int[] vector;
    private final long[] error;
    private int depth;

    /** @param capacity the deepest nesting */
    InterruptFrames(final int capacity)
    {
        ip = new long[capacity];
        flags = new long[capacity];
        vector = new int[capacity];
        error = new long[capacity];
    }

    /** No event is being handled (power-up, INIT). */
    void reset()
    {
        depth = 0;
    }

    /** @return how many events are being handled */
    int depth()
    {
        return depth;
    }

    /** @return whether no event is being handled: IRET has nothing to return to */
    boolean empty()
    {
        return depth == 0;
    }

    /** @return whether another event would find no room: the core shuts down */
    boolean full()
    {
        return depth == ip.length;
    }

    /**
     * Pushes the frame of an event being delivered; the stack must not be {@link #full}.
     *
     * @param returnIp where IRET returns to
     * @param savedFlags RFLAGS before delivery, which IRET restores
     * @param v the vector delivered
     * @param errorCode its error code, 0 where it has none
     */
    void push(final long returnIp, final long savedFlags, final int v, final long errorCode)
    {
        ip[depth] = returnIp;
        flags[depth] = savedFlags;
        vector[depth] = v;
        error[depth] = errorCode;
        depth++;
    }

    /** Pops the innermost frame after IRET has read it; the stack must not be {@link #empty}. */
    void pop()
    {
        depth--;
    }

    /** @return the innermost frame's RFLAGS; the stack must not be {@link #empty} */
    long flags()
    {
        return flags[depth - 1];
    }

    /** @return the innermost event's vector, or -1 outside any handler */
    int vector()
    {
        return depth == 0 ? -1 : vector[depth - 1];
    }

    /** @return the innermost event's error code, or 0 outside any handler */
    long errorCode()
    {
        return depth == 0 ? 0 : error[depth - 1];
    }

    /** @return the innermost event's return IP, or -1 outside any handler */
    long returnIp()
    {
        return depth == 0 ? -1 : ip[depth - 1];
    }

    /** @param target the innermost event's new return IP; ignored outside any handler */
    void setReturnIp(final long target)
    {
        if (depth > 0)
        {
            ip[depth - 1] = target;
        }
    }
}
