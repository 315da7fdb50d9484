// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu;

import org.novaemu.mem.PhysicalMemory;

/**
 * The SMMU's event queue (IHI 0070 G.b, 3.5.3, 7.2 and 7.4; registers 6.3.29, 6.3.95, 6.3.96): EVENTQ_BASE and
 * the producer and consumer indexes in page 1, the writing of 32-byte records ({@link Event}), overflow, and the
 * event queue interrupt.
 *
 * <p>A record is written only while the queue is writable: enabled (CR0.EVENTQEN), not full, and without an
 * active EVENTQ_ABT_ERR (7.2.1). A record that finds the queue full is lost and toggles PROD.OVFLG if no overflow
 * is pending (OVFLG equal to CONS.OVACKFLG); one that finds the queue disabled is lost silently. A write that is
 * not to RAM aborts synchronously: the record is lost, PROD stays, and EVENTQ_ABT_ERR activates (7.2.2). The
 * interrupt triggers when the queue goes from empty to non-empty (3.18.2), with EVENTQ_IRQEN; an aborted MSI
 * activates MSI_EVENTQ_ABT_ERR. Recording allocates nothing.
 */
final class EventQueue
{
    /** IDR1.EVENTQS: up to 2^19 records. */
    static final int EVENTQS = 19;

    private final SmmuAccess access;
    private final PhysicalMemory memory;
    private final GlobalErrors errors;
    private long base;
    private int prod;
    private int cons;
    private boolean enabled;
    private long recorded;
    private long lost;

    /**
     * @param access where records go
     * @param errors where aborts are reported, and the event queue interrupt
     */
    EventQueue(final SmmuAccess access, final GlobalErrors errors)
    {
        this.access = access;
        this.memory = access.memory();
        this.errors = errors;
    }

    /** @return EVENTQ_BASE */
    long base()
    {
        return base;
    }

    /** @param v EVENTQ_BASE's new value (written while the queue is disabled) */
    void writeBase(final long v)
    {
        base = v & (SmmuRegister.Q_BASE_ALLOC.mask() | SmmuRegister.Q_BASE_ADDR.mask()
            | SmmuRegister.Q_BASE_LOG2SIZE.mask());
    }

    /** @return EVENTQ_PROD */
    long prod()
    {
        return prod & 0xffffffffL;
    }

    /** @param v EVENTQ_PROD's new value (written while the queue is disabled): bits above the wrap bit are RAZ */
    void writeProd(final long v)
    {
        prod = (int) v & (SmmuRegister.EVENTQ_PROD_OVFLG | QueueIndex.mask(q()));
    }

    /** @return EVENTQ_CONS */
    long cons()
    {
        return cons & 0xffffffffL;
    }

    /** @param v EVENTQ_CONS's new value */
    void writeCons(final long v)
    {
        cons = (int) v & (SmmuRegister.EVENTQ_CONS_OVACKFLG | (int) SmmuRegister.Q_INDEX.mask());
    }

    /** @param on CR0ACK.EVENTQEN: whether records are written */
    void enable(final boolean on)
    {
        enabled = on;
    }

    /** @return records written so far */
    long recorded()
    {
        return recorded;
    }

    /** @return records lost so far (queue disabled, full or aborted) */
    long lost()
    {
        return lost;
    }

    private int q()
    {
        return QueueIndex.log2size(base, EVENTQS);
    }

    /**
     * Records an event, if the queue is writable.
     *
     * @param word0 the record's bits 63:0
     * @param word1 bits 127:64
     * @param word2 bits 191:128
     * @param word3 bits 255:192
     */
    void record(final long word0, final long word1, final long word2, final long word3)
    {
        if (!enabled || errors.active(SmmuRegister.GERROR_EVENTQ_ABT_ERR))
        {
            lost++;
            return;
        }
        final int q = q();
        final int entries = QueueIndex.entries(prod, cons, q);
        if (entries >= 1 << q)
        {
            // Full, or indexes written inconsistent, which the queue treats as full (3.5.1).
            lost++;
            if ((prod & SmmuRegister.EVENTQ_PROD_OVFLG) == (cons & SmmuRegister.EVENTQ_CONS_OVACKFLG))
            {
                prod ^= SmmuRegister.EVENTQ_PROD_OVFLG;
            }
            return;
        }
        final long at = QueueIndex.base(base, q, Event.SIZE) + (long) Event.SIZE * (prod & (1 << q) - 1);
        if (!access.ram(at, Event.SIZE))
        {
            lost++;
            errors.raise(SmmuRegister.GERROR_EVENTQ_ABT_ERR);
            return;
        }
        memory.write64(at, word0);
        memory.write64(at + 8, word1);
        memory.write64(at + 16, word2);
        memory.write64(at + 24, word3);
        prod = prod & SmmuRegister.EVENTQ_PROD_OVFLG | QueueIndex.next(prod, q);
        recorded++;
        if (entries == 0 && errors.eventqIrqEnabled() && !errors.eventqIrq().trigger())
        {
            errors.raise(SmmuRegister.GERROR_MSI_EVENTQ_ABT_ERR);
        }
    }
}
