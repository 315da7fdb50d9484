// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.vtd;

import org.novaemu.bus.Bus;
import org.novaemu.bus.IommuFault;
import org.novaemu.bus.IommuFaultLog;
import org.novaemu.trace.Trace;
import org.novaemu.x86.X86Trace;

/**
 * A VT-d unit's primary fault logging (Intel VT-d specification 7.2.1, registers 10.4.9 to 10.4.14):
 * {@link Vtd#FAULT_RECORDS} fault recording registers ({@link FaultRecord}) filled round robin, the fault
 * status register, and the fault event.
 *
 * <p>Invariants (decision X8): a source with a fault pending records no second one (compression); a fault
 * that finds the next record still full sets PFO and is dropped; PPF is set exactly while some record holds
 * a fault, and the event is signalled when it goes from 0 to 1, FRI then naming the record just written;
 * once no fault is pending and PFO is clear, the event's IP clears. FSTS also holds the invalidation queue's
 * error (IQE), which {@link VtdInvalidationQueue} sets.
 */
final class VtdFaults
{
    private final long[] low = new long[Vtd.FAULT_RECORDS];
    private final long[] high = new long[Vtd.FAULT_RECORDS];
    private final VtdEvent event;
    /** The unit's PCI segment: a typed record's source is segment << 16 | source ID, unique across units. */
    private final int segment;
    private final Trace trace;
    private final IommuFaultLog log;
    private int next;
    private int firstPending;
    private int fsts;
    private long count;

    /**
     * @param bus where fault events go
     * @param requesterId the unit's requester ID
     */
    VtdFaults(final Bus bus, final long requesterId, final int segment)
    {
        this.segment = segment;
        this.event = new VtdEvent(bus, requesterId);
        this.trace = bus.trace();
        this.log = bus.iommuFaults();
    }

    /** @return the fault event (FECTL, FEDATA, FEADDR, FEUADDR) */
    VtdEvent event()
    {
        return event;
    }

    /** @return faults detected, recorded or not */
    long count()
    {
        return count;
    }

    /**
     * A fault.
     *
     * @param sid the request's source ID
     * @param info the record's low 64 bits ({@link FaultRecord#dmaInfo}, {@link FaultRecord#interruptInfo})
     * @param address the request's address (DMA) or message address (interrupt request), for the typed record
     * @param write whether the request was a write (interrupt requests count as writes)
     * @param reason the fault reason
     * @param why the reason in the terms common to all units
     * @param fpd whether fault processing is disabled for the request (context entry or IRTE): not recorded
     */
    void record(final int sid, final long info, final long address, final boolean write, final int reason,
                final IommuFault.Reason why, final boolean fpd)
    {
        count++;
        if (trace.enabled())
        {
            trace.record(reason >= 0x20 ? X86Trace.MSI_BLOCKED : X86Trace.IOMMU_FAULT, sid, info,
                reason | (write && reason < 0x20 ? 0x100 : 0));
        }
        // The typed record first, before a fault register changes and a handler can clear it (decision U20);
        // reasons from 0x20 are interrupt remapping faults (VT-d 7.1.3, table 26).
        final IommuFault.Access access = reason >= 0x20 ? IommuFault.Access.INTERRUPT
            : write ? IommuFault.Access.WRITE : IommuFault.Access.READ;
        log.record(IommuFault.Unit.VTD, (long) segment << 16 | sid, address, access, why, reason);
        if (fpd)
        {
            return;
        }
        for (int i = 0; i < Vtd.FAULT_RECORDS; i++)
        {
            if (FaultRecord.isFault(high[i]) && FaultRecord.sourceId(high[i]) == sid)
            {
                return; // a fault of this source is pending already: compressed
            }
        }
        if (FaultRecord.isFault(high[next]))
        {
            fsts |= VtdRegister.FSTS_PFO;
            return;
        }
        low[next] = FaultRecord.dmaInfo(info);
        high[next] = FaultRecord.high(sid, reason, write);
        if ((fsts & VtdRegister.FSTS_PPF) == 0)
        {
            fsts |= VtdRegister.FSTS_PPF;
            firstPending = next; // FRI: where software starts reading
            event.signal();
        }
        next = (next + 1) % Vtd.FAULT_RECORDS;
    }

    /** @return the fault status register */
    long status()
    {
        return fsts | (firstPending << 8);
    }

    /**
     * A write of the fault status register: its RW1C bits clear.
     *
     * @param v the value written
     * @return whether it cleared IQE, so that the invalidation queue runs on
     */
    boolean writeStatus(final long v)
    {
        final boolean stopped = queueError();
        fsts &= ~((int) v & VtdRegister.FSTS_RW1C);
        updatePending();
        return stopped && !queueError();
    }

    /** @return whether IQE is set: the invalidation queue stands still */
    boolean queueError()
    {
        return (fsts & VtdRegister.FSTS_IQE) != 0;
    }

    /** The invalidation queue hit a bad descriptor or a bad tail: IQE. */
    void raiseQueueError()
    {
        fsts |= VtdRegister.FSTS_IQE;
    }

    /**
     * @param offset an offset within the fault recording registers
     * @return the 64-bit half of the record it falls in
     */
    long readRecord(final int offset)
    {
        final int i = offset - VtdRegister.FRCD.offset() >>> 4;
        return (offset & 8) == 0 ? low[i] : high[i];
    }

    /**
     * A write within the fault recording registers: only F is writable, and writing 1 clears it.
     *
     * @param offset the offset written
     * @param v the value
     * @param size the access size, 4 or 8
     */
    void writeRecord(final int offset, final long v, final int size)
    {
        final int i = offset - VtdRegister.FRCD.offset() >>> 4;
        final boolean clearsF = (offset & 15) == 8 && size == 8 && FaultRecord.isFault(v)
            || (offset & 15) == 12 && (v & FaultRecord.FAULT_UPPER_DWORD) != 0;
        if (clearsF)
        {
            high[i] = 0; // the record is free again
            updatePending();
        }
    }

    private void updatePending()
    {
        boolean any = false;
        for (int i = 0; i < Vtd.FAULT_RECORDS; i++)
        {
            any |= FaultRecord.isFault(high[i]);
        }
        fsts = any ? fsts | VtdRegister.FSTS_PPF : fsts & ~VtdRegister.FSTS_PPF;
        if (!any && (fsts & VtdRegister.FSTS_PFO) == 0)
        {
            event.clearPending(); // the conditions are cleared: nothing is pending any more
        }
    }
}
