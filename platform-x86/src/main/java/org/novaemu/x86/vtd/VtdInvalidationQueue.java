// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.vtd;

import org.novaemu.bus.Bus;
import org.novaemu.mem.PhysicalMemory;

/**
 * A VT-d unit's queued invalidation (Intel VT-d specification 6.5.2): the queue's head, tail and address
 * registers, the invalidation completion status and event, and the processing of the 128-bit descriptors
 * ({@link InvalidationDescriptor}) from head to tail when software moves the tail.
 *
 * <p>Invariants (decision X9): the queue runs synchronously and wraps at its end; a reserved descriptor
 * type, a tail beyond the queue or a queue beyond memory sets IQE and leaves the head where it is, and
 * nothing runs until software clears IQE; a wait descriptor's completion event is signalled only when IWC
 * was clear; status writes are the unit's own DMA writes, refused beyond memory.
 *
 * <p>A status write or completion message may land on the unit's own registers. Processing never re-enters
 * itself (a tail moved that way is seen by the running loop), stops when queued invalidation is disabled
 * under it, reads the queue's address and size afresh for every descriptor (a head or tail beyond a queue
 * that IQA shrank sets IQE, VT-d 6.5.2.10), and runs at most one lap of the queue per trigger, so a queue
 * that keeps feeding itself cannot hold the writing CPU forever (decision X9).
 */
final class VtdInvalidationQueue
{
    private final Bus bus;
    private final PhysicalMemory memory;
    private final long requesterId;
    private final VtdFaults faults;
    private final VtdTranslation translation;
    private final VtdInterruptRemapping remapping;
    private final VtdEvent event;
    private long head;
    private long tail;
    private long address;
    private int status;
    /** Fault injection: the queue takes tails but completes nothing ({@link Vtd#stallInvalidations}). */
    private boolean stalled;
    /** Whether descriptors are being processed: a write the processing causes must not start it again. */
    private boolean running;
    /** Counts head resets, so that a processing loop notices queued invalidation was disabled under it. */
    private int resets;

    /**
     * @param bus where status writes and completion events go
     * @param requesterId the unit's requester ID
     * @param faults where IQE is reported
     * @param translation whose caches context and IOTLB descriptors invalidate
     * @param remapping whose entry cache IEC descriptors invalidate
     */
    VtdInvalidationQueue(final Bus bus, final long requesterId, final VtdFaults faults,
                         final VtdTranslation translation, final VtdInterruptRemapping remapping)
    {
        this.bus = bus;
        this.memory = bus.memory();
        this.requesterId = requesterId;
        this.faults = faults;
        this.translation = translation;
        this.remapping = remapping;
        this.event = new VtdEvent(bus, requesterId);
    }

    /** @return the invalidation completion event (IECTL, IEDATA, IEADDR, IEUADDR) */
    VtdEvent event()
    {
        return event;
    }

    /** @return IQH */
    long head()
    {
        return head;
    }

    /** @return IQT */
    long tail()
    {
        return tail;
    }

    /** @return IQA */
    long address()
    {
        return address;
    }

    /** @return ICS */
    long status()
    {
        return status;
    }

    /** @param v IQA's new value: the queue's address and size */
    void writeAddress(final long v)
    {
        address = v & (VtdRegister.ADDRESS | VtdRegister.IQA_QS.mask());
    }

    /** @param v a value written to ICS: IWC is write-1-to-clear */
    void writeStatus(final long v)
    {
        status &= ~((int) v & VtdRegister.ICS_IWC);
    }

    /**
     * A write of IQT: the queue runs up to the new tail.
     *
     * @param v the value written
     * @param enabled whether queued invalidation is enabled (GSTS.QIES)
     */
    void writeTail(final long v, final boolean enabled)
    {
        tail = v & VtdRegister.IQ_OFFSET.mask();
        process(enabled);
    }

    /** @param held whether the queue is held ({@link Vtd#stallInvalidations}) */
    void setStalled(final boolean held)
    {
        stalled = held;
    }

    /** Queued invalidation was disabled: the head returns to the queue's start. */
    void resetHead()
    {
        head = 0;
        resets++;
    }

    /**
     * Processes the descriptors from head to tail, at most one lap of the queue; a bad one stops the queue
     * with IQE. A call made while the queue is being processed (by one of its own status writes) returns
     * at once: the running loop picks up a moved tail.
     *
     * @param enabled whether queued invalidation is enabled (GSTS.QIES)
     */
    void process(final boolean enabled)
    {
        if (!enabled || running || stalled)
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
        final int epoch = resets;
        long budget = -1; // set from the queue's size at the first descriptor
        while (!faults.queueError())
        {
            final long bytes = (256L << VtdRegister.IQA_QS.extract(address)) * InvalidationDescriptor.SIZE;
            final long base = address & VtdRegister.ADDRESS;
            if (tail >= bytes || head >= bytes || base + bytes > PhysicalMemory.LIMIT)
            {
                faults.raiseQueueError(); // a tail or head beyond the queue, or a queue beyond memory
                return;
            }
            if (budget < 0)
            {
                budget = bytes / InvalidationDescriptor.SIZE;
            }
            if (head == tail || budget-- == 0)
            {
                return;
            }
            if (!execute(base + (head >>> 4 << 4)))
            {
                faults.raiseQueueError(); // a reserved type: the queue stops at this descriptor
                return;
            }
            if (resets != epoch)
            {
                return; // the descriptor's own write disabled queued invalidation: the head stays reset
            }
            head = (head + InvalidationDescriptor.SIZE) % bytes;
        }
    }

    /** Carries out the descriptor at {@code at}; false for a reserved type. */
    private boolean execute(final long at)
    {
        final long lo = memory.read64(at);
        final long hi = memory.read64(at + 8);
        switch (InvalidationDescriptor.type(lo))
        {
            case InvalidationDescriptor.CONTEXT_CACHE:
                translation.invalidateContext(ContextCacheInvalidation.granularity(lo),
                    ContextCacheInvalidation.domainId(lo), ContextCacheInvalidation.sourceId(lo),
                    ContextCacheInvalidation.functionMask(lo));
                return true;
            case InvalidationDescriptor.IOTLB:
                translation.invalidateIotlb(IotlbInvalidation.granularity(lo), IotlbInvalidation.domainId(lo),
                    IotlbInvalidation.address(hi), IotlbInvalidation.addressMask(hi));
                return true;
            case InvalidationDescriptor.IEC:
                remapping.invalidate(IecInvalidation.global(lo), IecInvalidation.index(lo),
                    IecInvalidation.indexMask(lo));
                return true;
            case InvalidationDescriptor.WAIT:
                if (InvalidationWait.statusWrite(lo))
                {
                    bus.dmaWrite(requesterId, InvalidationWait.statusAddress(hi), 4,
                        InvalidationWait.statusData(lo) & 0xffffffffL);
                }
                if (InvalidationWait.interrupt(lo) && (status & VtdRegister.ICS_IWC) == 0)
                {
                    status |= VtdRegister.ICS_IWC;
                    event.signal();
                }
                return true;
            default:
                return false;
        }
    }
}
