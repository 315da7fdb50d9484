// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import java.util.Arrays;

import org.assertj.core.api.AbstractAssert;
import org.novaemu.bus.IommuFault;
import org.novaemu.bus.IommuFaultLog;
import org.novaemu.bus.RequesterId;
import org.novaemu.pci.PciFunction;

/**
 * Assertions on a machine's typed IOMMU fault records ({@code machine.iommuFaults()}): every request an IOMMU or an
 * interrupt translation unit refused, recorded before any kernel handler cleared the hardware's registers
 * (docs/decisions.md U20, U8).
 */
public final class IommuFaultsAssert extends AbstractAssert<IommuFaultsAssert, IommuFaultLog>
{
    IommuFaultsAssert(final IommuFaultLog actual)
    {
        super(actual, IommuFaultsAssert.class);
    }

    /**
     * Asserts that some unit refused a request of this access for this reason.
     *
     * @param access what the request was (a DMA read or write, an interrupt)
     * @param reason why it was refused
     * @return this
     */
    public IommuFaultsAssert refused(final IommuFault.Access access, final IommuFault.Reason reason)
    {
        isNotNull();
        for (final IommuFault f : actual.all())
        {
            if (f.access() == access && f.reason() == reason)
            {
                return this;
            }
        }
        failWithMessage("Expected a %s refused for %s, but the faults were %s", access, reason, actual.all());
        return this;
    }

    /**
     * Asserts that some unit refused a request of this function's, of this access, for this reason.
     *
     * @param function the function, named as the refusing unit names it (see {@link #onlyFrom})
     * @param access what the request was
     * @param reason why it was refused
     * @return this
     */
    public IommuFaultsAssert refused(final PciFunction function, final IommuFault.Access access,
                                     final IommuFault.Reason reason)
    {
        isNotNull();
        for (final IommuFault f : actual.all())
        {
            if (f.source() == source(f.unit(), function.requesterId()) && f.access() == access
                && f.reason() == reason)
            {
                return this;
            }
        }
        failWithMessage("Expected a %s from %s refused for %s, but the faults were %s", access, function, reason,
            actual.all());
        return this;
    }

    /**
     * Asserts that every fault recorded came from one of these functions, each named as the refusing unit names it
     * (docs/decisions.md U8): VT-d by its source ID, an SMMU by its StreamID, an ITS by its DeviceID.
     *
     * @param functions the functions allowed
     * @return this
     */
    public IommuFaultsAssert onlyFrom(final PciFunction... functions)
    {
        isNotNull();
        for (final IommuFault f : actual.all())
        {
            boolean known = false;
            for (final PciFunction d : functions)
            {
                known |= f.source() == source(f.unit(), d.requesterId());
            }
            if (!known)
            {
                failWithMessage("Expected faults only from %s, but there was %s", Arrays.toString(functions), f);
            }
        }
        return this;
    }

    /**
     * @param unit a kind of unit
     * @param rid a requester ID ({@link RequesterId})
     * @return the source that unit records for a request of that requester
     */
    static long source(final IommuFault.Unit unit, final long rid)
    {
        return switch (unit)
        {
            case VTD -> RequesterId.sourceId(rid);
            case SMMU_V3, SMMU_V2 -> RequesterId.streamId(rid) & 0xffff_ffffL;
            case ITS -> RequesterId.deviceId(rid) & 0xffff_ffffL;
        };
    }

    /**
     * Asserts how many faults were recorded in all (those beyond the log's capacity included).
     *
     * @param n the number
     * @return this
     */
    public IommuFaultsAssert hasFaults(final long n)
    {
        isNotNull();
        if (actual.total() != n)
        {
            failWithMessage("Expected %s IOMMU faults, but there were %s: %s", n, actual.total(), actual.all());
        }
        return this;
    }

    /**
     * Asserts that no unit refused anything.
     *
     * @return this
     */
    public IommuFaultsAssert hasNoFaults()
    {
        return hasFaults(0);
    }
}
