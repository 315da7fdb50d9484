// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic.its;

import org.novaemu.mem.PhysicalMemory;

/**
 * The ITS command queue (IHI 0069, chapter 6, the ITS command queue; chapter 12, GITS_CBASER, GITS_CWRITER,
 * GITS_CREADR): a ring of 32-byte commands in memory that software fills up to CWRITER and the ITS executes from
 * CREADR, wrapping at the queue's end.
 *
 * <p>The queue runs synchronously when CWRITER is written (or the ITS enabled, or a stalled queue retried), as far
 * as CWRITER, while the ITS is enabled and CBASER valid (decision A85). A command error stalls it: CREADR stays on
 * the command, CREADR.Stalled reads 1 and {@link ItsRegister#CMDERR} the error, and nothing runs until software writes
 * CWRITER with Retry (the command at CREADR runs again: NOVA replaces it with a SYNC first) or CBASER (CREADR 0). A
 * CWRITER beyond the queue, or a queue beyond physical memory, stalls it too.
 *
 * <p>Processing never re-enters itself: a register write that a command's effect causes (an interrupt a listener
 * answers at once) is seen by the running loop; it stops when the ITS is disabled under it; it reads CBASER afresh
 * for every command, and if CBASER was written meanwhile (CREADR 0 again) it does not advance; one trigger runs at
 * most one lap of the queue, so a queue that keeps feeding itself cannot hold the writing CPU (decision A85, as X9
 * for VT-d's invalidation queue).
 */
final class ItsCommandQueue
{
    private final PhysicalMemory memory;
    private final Its its;
    private final ItsCommands commands;
    private long cbaser;
    private long cwriter;
    private long creadr;
    private ItsError error;
    private long errors;
    /** Whether commands are being processed: a write their effects cause must not start processing again. */
    private boolean running;
    /** Counts CBASER writes, so that the processing loop notices CREADR was reset under it. */
    private int epoch;

    /**
     * @param memory where the queue is
     * @param its whose Enabled bit gates processing
     * @param commands what carries the commands out
     */
    ItsCommandQueue(final PhysicalMemory memory, final Its its, final ItsCommands commands)
    {
        this.memory = memory;
        this.its = its;
        this.commands = commands;
    }

    /** @return GITS_CBASER */
    long cbaser()
    {
        return cbaser;
    }

    /** @return GITS_CWRITER (Retry reads 0) */
    long cwriter()
    {
        return cwriter;
    }

    /** @return GITS_CREADR: the offset and Stalled */
    long creadr()
    {
        return creadr | (error != null ? ItsRegister.CREADR_STALLED.mask() : 0);
    }

    /** @return the encoding of the error that stalled the queue, 0 when it is not stalled */
    int errorCode()
    {
        return error != null ? error.code() : 0;
    }

    /** @return the number of command errors so far */
    long errors()
    {
        return errors;
    }

    /**
     * A write of CBASER (the caller ignores it while the ITS is enabled): CREADR returns to 0 and a stall ends.
     *
     * @param v the value written
     */
    void writeCbaser(final long v)
    {
        cbaser = v & ItsRegister.CBASER_WRITABLE;
        creadr = 0;
        error = null;
        epoch++;
    }

    /**
     * A write of CWRITER: with Retry, a stalled queue resumes at CREADR; the queue runs up to the new offset.
     *
     * @param v the value written
     */
    void writeCwriter(final long v)
    {
        cwriter = v & ItsRegister.QUEUE_OFFSET.mask();
        if (ItsRegister.CWRITER_RETRY.isSet(v))
        {
            error = null;
        }
        process();
    }

    /**
     * Processes commands from CREADR up to CWRITER, at most one lap; an error stalls the queue. A call made while
     * the queue is being processed returns at once: the running loop picks up a moved CWRITER.
     */
    void process()
    {
        if (running || error != null)
        {
            return;
        }
        running = true;
        try
        {
            run();
        }
        finally
        {
            running = false;
        }
    }

    private void run()
    {
        int seen = epoch;
        long budget = -1; // one lap, set from the queue's size at the first command
        while (its.enabled() && ItsRegister.CBASER_VALID.isSet(cbaser) && error == null)
        {
            final long bytes = (ItsRegister.CBASER_SIZE.extract(cbaser) + 1) * ItsRegister.QUEUE_PAGE;
            final long base = cbaser & ItsRegister.CBASER_PA.mask();
            if (cwriter >= bytes)
            {
                stall(ItsError.CWRITER_OOR);
                return;
            }
            if (base > PhysicalMemory.LIMIT - bytes)
            {
                stall(ItsError.QUEUE_OOR);
                return;
            }
            if (budget < 0)
            {
                budget = bytes / ItsRegister.COMMAND_SIZE;
            }
            if (creadr == cwriter || budget-- == 0)
            {
                return;
            }
            final long at = base + creadr;
            final ItsError e = commands.execute(memory.read64(at), memory.read64(at + 8), memory.read64(at + 16),
                memory.read64(at + 24));
            if (epoch != seen)
            {
                seen = epoch; // CBASER was written under the command: CREADR is 0 again and stays
                continue;
            }
            if (e != null)
            {
                stall(e);
                return;
            }
            creadr = (creadr + ItsRegister.COMMAND_SIZE) % bytes;
        }
    }

    private void stall(final ItsError e)
    {
        error = e;
        errors++;
    }
}
