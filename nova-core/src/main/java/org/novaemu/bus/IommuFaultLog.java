// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bus;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import org.novaemu.sim.Failure;
import org.novaemu.sim.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A machine's log of {@link IommuFault}s, filled by the IOMMU and interrupt translation models of its bus at the
 * moment they refuse a request (decision U20): append-only, in the order the requests were refused, the first
 * {@link #CAPACITY} kept (later ones are counted in {@link #overflowed()} and still passed to the listeners). Each
 * fault is also reported as a {@link Failure#DMA_FAULT} or {@link Failure#MSI_BLOCKED} (decision U22).
 *
 * <p>Recording allocates nothing once the first fault has made the log's arrays: the fields are kept in them, and
 * the records are made when {@link #all()} is read (or for listeners, if any); requests that pass cost nothing
 * here. Not thread-safe.
 */
public final class IommuFaultLog
{
    /** The records kept; a flood from a malicious device beyond this is counted only. */
    public static final int CAPACITY = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(IommuFaultLog.class);
    private static final IommuFault.Unit[] UNITS = IommuFault.Unit.values();
    private static final IommuFault.Access[] ACCESSES = IommuFault.Access.values();
    private static final IommuFault.Reason[] REASONS = IommuFault.Reason.values();

    private final List<Consumer<IommuFault>> listeners = new ArrayList<>();
    private final List<IommuFault> view = new AbstractList<>()
    {
        @Override
        public IommuFault get(final int index)
        {
            Objects.checkIndex(index, size);
            return new IommuFault(UNITS[units[index]], sources[index], addresses[index], ACCESSES[accesses[index]],
                REASONS[reasons[index]], codes[index]);
        }

        @Override
        public int size()
        {
            return size;
        }
    };
    private Failures failures = Failures.logOnly();
    private long messageBase = -1;
    private long messageEnd = -1;
    private byte[] units;
    private byte[] accesses;
    private byte[] reasons;
    private long[] sources;
    private long[] addresses;
    private int[] codes;
    private int size;
    private long overflowed;
    private long total;

    /** Package-private: a bus makes its own. */
    IommuFaultLog()
    {
    }

    /** @param sink where faults are reported as failures */
    void reportTo(final Failures sink)
    {
        failures = sink;
    }

    /**
     * Names the addresses that take message-signalled interrupts as writes (an ITS's translation frame), so that
     * an IOMMU's refusal of a write there is reported as a blocked MSI rather than a DMA fault.
     *
     * @param base the first address
     * @param length the window's length in bytes
     */
    public void messageWindow(final long base, final long length)
    {
        messageBase = base;
        messageEnd = base + length;
    }

    /**
     * Records a refused request; called by the hardware models before they write any fault register.
     *
     * @param unit the unit
     * @param source the source as the unit names it
     * @param address the address (or message address, or EventID)
     * @param access what the request was
     * @param reason why it was refused
     * @param code the unit's own code
     */
    public void record(final IommuFault.Unit unit, final long source, final long address,
                       final IommuFault.Access access, final IommuFault.Reason reason, final int code)
    {
        total++;
        if (units == null)
        {
            units = new byte[CAPACITY];
            accesses = new byte[CAPACITY];
            reasons = new byte[CAPACITY];
            sources = new long[CAPACITY];
            addresses = new long[CAPACITY];
            codes = new int[CAPACITY];
        }
        if (size < CAPACITY)
        {
            units[size] = (byte) unit.ordinal();
            accesses[size] = (byte) access.ordinal();
            reasons[size] = (byte) reason.ordinal();
            sources[size] = source;
            addresses[size] = address;
            codes[size] = code;
            size++;
        }
        else
        {
            overflowed++;
        }
        final boolean message = access == IommuFault.Access.INTERRUPT || unit == IommuFault.Unit.ITS
            || address >= messageBase && address < messageEnd;
        final Failure kind = message ? Failure.MSI_BLOCKED : Failure.DMA_FAULT;
        if (listeners.isEmpty() && !failures.wanted(LOG, kind))
        {
            return;
        }
        final IommuFault f = new IommuFault(unit, source, address, access, reason, code);
        for (int i = 0; i < listeners.size(); i++)
        {
            listeners.get(i).accept(f);
        }
        if (failures.wanted(LOG, kind))
        {
            failures.report(LOG, kind, f.toString());
        }
    }

    /** @return the faults kept so far, oldest first (a read-only view that grows) */
    public List<IommuFault> all()
    {
        return view;
    }

    /** @return the faults so far, kept or overflowed */
    public long total()
    {
        return total;
    }

    /** @return the faults not kept because the log was full */
    public long overflowed()
    {
        return overflowed;
    }

    /** Forgets the faults kept so far (the totals stay). */
    public void clear()
    {
        size = 0;
    }

    /**
     * Adds a listener called with each fault as it is recorded, in the order listeners were added.
     *
     * @param listener the listener
     */
    public void addListener(final Consumer<IommuFault> listener)
    {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }
}
