// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.vtd;

import java.util.Arrays;

import org.novaemu.bus.IommuFault;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.x86.apic.ApicBus;
import org.novaemu.x86.apic.MsiMessage;

/**
 * A VT-d unit's interrupt remapping (Intel VT-d specification chapter 5, 9.10): the table the last SIRTP
 * latched, an interrupt entry cache, and the checks an interrupt request passes on its way to the APIC
 * bus: format, index range, present bit, reserved bits and source-ID verification (SVT 1 with SQ, SVT 2
 * bus range), with xAPIC or x2APIC (EIME) destinations.
 *
 * <p>Invariants (decision X9): only a valid entry is cached (CAP.CM is 0), and only an IEC invalidation or
 * a new table drops one; a fault is recorded with the interrupt index; compatibility-format requests are
 * blocked unless CFI is set and EIME clear. A remapped interrupt reads the cache and the entry's two words
 * and allocates nothing.
 */
final class VtdInterruptRemapping
{
    private final PhysicalMemory memory;
    private final VtdFaults faults;
    private ApicBus apicBus;
    private long table;
    private int entries;
    private boolean eime;
    private boolean[] cached = new boolean[0];
    private long[] cachedLow = new long[0];
    private long[] cachedHigh = new long[0];
    private long remapped;
    private long iecLookups;
    private long iecMisses;

    /**
     * @param memory where the table is
     * @param faults where faults go
     */
    VtdInterruptRemapping(final PhysicalMemory memory, final VtdFaults faults)
    {
        this.memory = memory;
        this.faults = faults;
    }

    /** @param target the APIC bus remapped interrupts go to */
    void connect(final ApicBus target)
    {
        apicBus = target;
    }

    /** @return whether an APIC bus is connected */
    boolean connected()
    {
        return apicBus != null;
    }

    /** @return interrupt entry cache lookups so far */
    long iecLookups()
    {
        return iecLookups;
    }

    /** @return interrupt entry cache misses so far (IRTE reads) */
    long iecMisses()
    {
        return iecMisses;
    }

    /** @return interrupts remapped and delivered */
    long remapped()
    {
        return remapped;
    }

    /**
     * SIRTP: latches the table IRTA names; nothing of the old table stays cached.
     *
     * @param irta the interrupt remapping table address register
     */
    void latchTable(final long irta)
    {
        table = irta & VtdRegister.ADDRESS;
        entries = 1 << (int) VtdRegister.IRTA_S.extract(irta) + 1;
        eime = VtdRegister.IRTA_EIME.isSet(irta);
        cached = new boolean[entries];
        cachedLow = new long[entries];
        cachedHigh = new long[entries];
    }

    /**
     * An interrupt request, with remapping enabled.
     *
     * @param sid the requester's source ID
     * @param address the message address
     * @param data the message data
     * @param cfi whether compatibility-format requests pass (GSTS.CFIS)
     * @return true if the unit handled it (delivered or blocked), false to let it pass as it is
     */
    boolean remap(final int sid, final long address, final int data, final boolean cfi)
    {
        if (!MsiMessage.isRemappable(address))
        {
            if (cfi && !eime)
            {
                return false; // compatibility format passes (CFIS, effective only without EIME)
            }
            faults.record(sid, 0, address, true, Vtd.FR_IR_COMPATIBILITY, IommuFault.Reason.FORMAT, false);
            return true;
        }
        final int index = MsiMessage.index(address, data);
        final long info = FaultRecord.interruptInfo(index);
        if (index >= entries)
        {
            faults.record(sid, info, address, true, Vtd.FR_IR_INDEX, IommuFault.Reason.TRANSLATION, false);
            return true;
        }
        final long lo;
        final long hi;
        iecLookups++;
        if (cached[index])
        {
            lo = cachedLow[index];
            hi = cachedHigh[index];
        }
        else
        {
            iecMisses++;
            final long at = Irte.at(table, index);
            if (at + Irte.SIZE > PhysicalMemory.LIMIT)
            {
                faults.record(sid, info, address, true, Vtd.FR_IR_ACCESS, IommuFault.Reason.WALK_ABORT, false);
                return true;
            }
            lo = memory.read64(at);
            hi = memory.read64(at + 8);
        }
        final boolean fpd = Irte.faultProcessingDisabled(lo);
        if (!Irte.isPresent(lo))
        {
            faults.record(sid, info, address, true, Vtd.FR_IR_NOT_PRESENT, IommuFault.Reason.TRANSLATION, fpd);
            return true;
        }
        if (Irte.hasReservedBits(lo, hi, eime))
        {
            faults.record(sid, info, address, true, Vtd.FR_IR_RESERVED, IommuFault.Reason.BAD_CONFIG, fpd);
            return true;
        }
        if (!sourceMatches(sid, hi))
        {
            faults.record(sid, info, address, true, Vtd.FR_IR_SOURCE, IommuFault.Reason.SOURCE_ID, fpd);
            return true;
        }
        if (!cached[index])
        {
            cachedLow[index] = lo;
            cachedHigh[index] = hi;
            cached[index] = true;
        }
        remapped++;
        apicBus.message(Irte.destination(lo, eime), Irte.logical(lo), Irte.deliveryMode(lo), Irte.vector(lo),
            Irte.levelTriggered(lo), eime);
        return true;
    }

    /** Source-ID verification (9.10): SVT 0 none, 1 the SID under the SQ mask, 2 a bus range. */
    private static boolean sourceMatches(final int sid, final long hi)
    {
        final int expected = Irte.sourceId(hi);
        switch (Irte.sourceValidation(hi))
        {
            case Irte.SVT_NONE:
                return true;
            case Irte.SVT_REQUESTER:
                final int mask = Vtd.sourceIdMask(Irte.sourceQualifier(hi));
                return (sid & mask) == (expected & mask);
            case Irte.SVT_BUS_RANGE:
                final int bus = sid >>> 8;
                return bus >= expected >>> 8 && bus <= (expected & 0xff);
            default:
                return false; // reserved SVT
        }
    }

    /**
     * Interrupt entry cache invalidation (6.5.2.7).
     *
     * @param global whether every entry goes
     * @param index the first entry (index-selective)
     * @param im {@code 2^im} entries from {@code index}, aligned (index-selective)
     */
    void invalidate(final boolean global, final int index, final int im)
    {
        if (global)
        {
            Arrays.fill(cached, false);
            return;
        }
        final int first = index >>> im << im;
        for (int i = first; i < Math.min(cached.length, first + (1 << im)); i++)
        {
            cached[i] = false;
        }
    }
}
