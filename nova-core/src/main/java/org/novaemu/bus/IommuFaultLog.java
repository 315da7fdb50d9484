// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

import org.novaemu.sim.Failure;
import org.novaemu.sim.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A machine's log of {@link IommuFault}s, filled by the IOMMU and interrupt translation models of its bus at the
 * moment they refuse a request (decision U20): append-only, in the order the requests were refused, up to
 * {@link #CAPACITY} records (later ones are counted in {@link #overflowed()} and still passed to the listeners).
 * Each fault is also reported as a {@link Failure#DMA_FAULT} or {@link Failure#MSI_BLOCKED} (decision U22).
 * Recording allocates the record; requests that pass cost nothing here.
 *
 * <p>Not thread-safe.
 */
public final class IommuFaultLog
{
    /** The records kept; a flood from a malicious device beyond this is counted only. */
    public static final int CAPACITY = 1 << 16;

    private static final Logger LOG = LoggerFactory.getLogger(IommuFaultLog.class);

    private final List<IommuFault> faults = new ArrayList<>();
    private final List<IommuFault> view = Collections.unmodifiableList(faults);
    private final List<Consumer<IommuFault>> listeners = new ArrayList<>();
    private Failures failures = Failures.logOnly();
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
        final IommuFault f = new IommuFault(unit, source, address, access, reason, code);
        total++;
        if (faults.size() < CAPACITY)
        {
            faults.add(f);
        }
        else
        {
            overflowed++;
        }
        for (int i = 0; i < listeners.size(); i++)
        {
            listeners.get(i).accept(f);
        }
        final Failure kind = access == IommuFault.Access.INTERRUPT || unit == IommuFault.Unit.ITS
            ? Failure.MSI_BLOCKED : Failure.DMA_FAULT;
        if (failures.wanted(LOG, kind))
        {
            failures.report(LOG, kind, f.toString());
        }
    }

    /** @return the faults so far, oldest first (a read-only view that grows) */
    public List<IommuFault> all()
    {
        return view;
    }

    /** @return the faults so far, recorded or overflowed */
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
        faults.clear();
    }

    /**
     * Adds a listener called with each fault as it is recorded, in the order listeners were added.
     *
     * @param listener the listener
     */
    public void addListener(final Consumer<IommuFault> listener)
    {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }
}
