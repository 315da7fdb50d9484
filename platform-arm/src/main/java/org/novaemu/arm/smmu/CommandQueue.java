// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu;

import org.novaemu.irq.IrqLine;
import org.novaemu.mem.PhysicalMemory;

/**
 * The SMMU's command queue (IHI 0070 G.b, 3.5, 4.1 and 7.1; registers 6.3.26 to 6.3.28): CMDQ_BASE, CMDQ_PROD
 * and CMDQ_CONS with its error field, and the processing of the 16-byte commands ({@link Command}) from CONS to
 * PROD.
 *
 * <p>Invariants (decision A102): the queue runs synchronously when PROD is written, when CMDQEN goes to 1 and
 * when software acknowledges CMDQ_ERR, while CMDQEN is 1, no command error is active and the indexes are
 * consistent. A command the SMMU does not implement or that is malformed stops the queue with CONS.ERR =
 * CERROR_ILL and CONS at the command, a fetch that is not from RAM with CERROR_ABT; GERROR.CMDQ_ERR activates
 * and nothing is consumed until software acknowledges it through GERRORN, after fixing the command in place or
 * (with CMDQEN 0) moving CONS past it. CMD_SYNC is consumed before its completion signal is sent, so whoever
 * sees the signal sees CONS past it (4.7.3).
 *
 * <p>Processing never re-enters itself: a CMD_SYNC MSI or GERROR MSI that lands on the SMMU's own registers
 * moves PROD for the running loop, or stops it (CMDQEN cleared); the queue's base and size are read for every
 * command; and one trigger runs at most one lap of the queue, so a queue that keeps feeding itself cannot hold
 * the writing CPU (the rest runs at the next trigger).
 */
final class CommandQueue
{
    /** IDR1.CMDQS: up to 2^19 commands. */
    static final int CMDQS = 19;
    /** CONS.ERR: no error. */
    static final int CERROR_NONE = 0;
    /** CONS.ERR: illegal command. */
    static final int CERROR_ILL = 1;
    /** CONS.ERR: abort on command fetch. */
    static final int CERROR_ABT = 2;

    private final SmmuAccess access;
    private final PhysicalMemory memory;
    private final GlobalErrors errors;
    private final StreamTable table;
    private final Stage2Translation translation;
    private final IrqLine syncLine;
    private long base;
    private int prod;
    private int cons;
    private int error;
    private boolean enabled;
    private boolean running;
    private long wakeUps;

    /**
     * @param access where commands are read and CMD_SYNC MSIs go
     * @param errors where command errors are reported
     * @param table whose configuration cache CMD_CFGI_* invalidate
     * @param translation whose TLB CMD_TLBI_* invalidate
     * @param syncLine the wired CMD_SYNC completion output, or null
     */
    CommandQueue(final SmmuAccess access, final GlobalErrors errors, final StreamTable table,
                 final Stage2Translation translation, final IrqLine syncLine)
    {
        this.access = access;
        this.memory = access.memory();
        this.errors = errors;
        this.table = table;
        this.translation = translation;
        this.syncLine = syncLine;
    }

    /** @return CMDQ_BASE */
    long base()
    {
        return base;
    }

    /** @param v CMDQ_BASE's new value (written while the queue is disabled) */
    void writeBase(final long v)
    {
        base = v & (SmmuRegister.Q_BASE_ALLOC.mask() | SmmuRegister.Q_BASE_ADDR.mask()
            | SmmuRegister.Q_BASE_LOG2SIZE.mask());
    }

    /** @return CMDQ_PROD */
    long prod()
    {
        return prod;
    }

    /** @return CMDQ_CONS, with ERR */
    long cons()
    {
        return cons | SmmuRegister.CMDQ_CONS_ERR.encode(error);
    }

    /** @param v CMDQ_CONS's new value (written while the queue is disabled): RD; ERR keeps its value */
    void writeCons(final long v)
    {
        cons = (int) v & QueueIndex.mask(q());
    }

    /** @return WFE wake-up events sent (CMD_SYNC with SIG_SEV) */
    long wakeUps()
    {
        return wakeUps;
    }

    /**
     * A write of CMDQ_PROD: the queue runs up to it.
     *
     * @param v the value; bits 19:0 are stored
     */
    void writeProd(final long v)
    {
        prod = (int) (v & SmmuRegister.Q_INDEX.mask());
        process();
    }

    /**
     * CR0ACK.CMDQEN changed.
     *
     * @param on its new value; the queue runs when it becomes 1
     */
    void enable(final boolean on)
    {
        enabled = on;
        process();
    }

    private int q()
    {
        return QueueIndex.log2size(base, CMDQS);
    }

    /**
     * Runs the commands from CONS to PROD, at most one lap of the queue. A call while the queue is running (from
     * one of its own MSIs) returns at once: the running loop sees what it changed.
     */
    void process()
    {
        if (running)
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
        int budget = -1;
        while (enabled && !errors.active(SmmuRegister.GERROR_CMDQ_ERR))
        {
            final int q = q();
            final int entries = QueueIndex.entries(prod, cons, q);
            if (entries == 0 || entries > 1 << q)
            {
                return; // empty, or PROD moved inconsistently: nothing is consumed
            }
            if (budget < 0)
            {
                budget = 1 << q;
            }
            if (budget-- == 0)
            {
                return;
            }
            final long at = QueueIndex.base(base, q, Command.SIZE) + (long) Command.SIZE * (cons & (1 << q) - 1);
            if (!access.ram(at, Command.SIZE))
            {
                fail(CERROR_ABT);
                continue; // stopped, unless the GERROR MSI acknowledged the error at once
            }
            final long low = memory.read64(at);
            final long high = memory.read64(at + 8);
            final int result = execute(low, high);
            if (result != CERROR_NONE)
            {
                fail(result);
                continue;
            }
            cons = QueueIndex.next(cons, q);
            if (Command.OPCODE.extract(low) == Command.SYNC)
            {
                complete(low, high);
            }
        }
    }

    private void fail(final int code)
    {
        error = code;
        errors.raise(SmmuRegister.GERROR_CMDQ_ERR);
    }

    /** Carries out one command; returns its error code. */
    private int execute(final long low, final long high)
    {
        switch ((int) Command.OPCODE.extract(low))
        {
            case Command.PREFETCH_CONFIG:
            case Command.PREFETCH_ADDR:
                return ssecError(low); // nothing is prefetched
            case Command.CFGI_STE:
                if (Command.SSEC.isSet(low))
                {
                    return CERROR_ILL;
                }
                table.invalidate(Command.STREAM_ID.extract(low));
                return CERROR_NONE;
            case Command.CFGI_STE_RANGE:
                if (Command.SSEC.isSet(low))
                {
                    return CERROR_ILL;
                }
                table.invalidate(Command.STREAM_ID.extract(low), (int) Command.RANGE.extract(high));
                return CERROR_NONE;
            case Command.TLBI_S12_VMALL:
                translation.invalidateVmid((int) Command.VMID.extract(low));
                return CERROR_NONE;
            case Command.TLBI_S2_IPA:
                translation.invalidateIpa((int) Command.VMID.extract(low), high & Command.IPA.mask());
                return CERROR_NONE;
            case Command.TLBI_NSNH_ALL:
                translation.invalidateAll();
                return CERROR_NONE;
            case Command.SYNC:
                return Command.CS.extract(low) == 3 ? CERROR_ILL : CERROR_NONE; // CS 0b11 is reserved
            default:
                // Reserved opcodes, and those of what this SMMU lacks (4.1.3): stage 1 (CFGI_CD*, TLBI_NH_*), Hyp
                // (TLBI_EL2_*), the Secure queue (TLBI_EL3_*), MPAM, ATS, PRI, stalls (RESUME, STALL_TERM), DPT.
                return CERROR_ILL;
        }
    }

    private static int ssecError(final long low)
    {
        return Command.SSEC.isSet(low) ? CERROR_ILL : CERROR_NONE;
    }

    /** CMD_SYNC's completion signal, after it was consumed (4.7.3). */
    private void complete(final long low, final long high)
    {
        final long signal = Command.CS.extract(low);
        if (signal == Command.SIG_SEV)
        {
            wakeUps++; // IDR0.SEV is 1
        }
        else if (signal == Command.SIG_IRQ)
        {
            if (syncLine != null)
            {
                syncLine.pulse(); // the wired output, whatever MSIAddress says
            }
            final long address = high & Command.MSI_ADDRESS.mask();
            if (address != 0 && !access.msi(address, (int) Command.MSI_DATA.extract(low)))
            {
                errors.raise(SmmuRegister.GERROR_MSI_CMDQ_ABT_ERR);
            }
        }
    }
}
