// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu;

import org.novaemu.arm.ArmTrace;
import org.novaemu.bus.DmaTranslation;
import org.novaemu.bus.IommuFault;
import org.novaemu.bus.IommuFaultLog;
import org.novaemu.trace.Trace;

/**
 * The SMMU's translation of a transaction once translation is enabled (IHI 0070 G.b, 3.3.2 steps 2 to 4 and
 * chapter 15): the StreamID's STE ({@link StreamTable}), then for a stage 2 STE the stage 2 walk and TLB of
 * {@link Stage2Walker} from the STE's start level, S2T0SZ, S2PS, S2AFFD and S2VMID (streams with the same VMID
 * share translations, 5.2.1), and the event each failure records (7.3, in the priority order of 7.3.22). Only the
 * architected invalidations (CMD_TLBI_S12_VMALL, CMD_TLBI_S2_IPA, CMD_TLBI_NSNH_ALL) drop TLB entries, and a denied
 * access on a hit is a permission fault from the entry (decision A105).
 */
final class Stage2Translation
{
    private final StreamTable table;
    private final EventQueue events;
    private final Stage2Walker walker;
    private final Trace trace;
    private final IommuFaultLog log;
    private boolean recordInvalidStreamIds;

    /**
     * @param table the stream table
     * @param events where events go
     * @param access where translation tables are read
     */
    Stage2Translation(final StreamTable table, final EventQueue events, final SmmuAccess access)
    {
        this.table = table;
        this.events = events;
        this.walker = new Stage2Walker(access.bus(), SmmuAccess.OAS);
        this.trace = access.bus().trace();
        this.log = access.bus().iommuFaults();
    }

    /** @param on CR2.RECINVSID: whether C_BAD_STREAMID is recorded */
    void recordInvalidStreamIds(final boolean on)
    {
        recordInvalidStreamIds = on;
    }

    /** @return table walks (TLB misses) so far */
    long walks()
    {
        return walker.walks();
    }

    /** @return TLB lookups so far */
    long lookups()
    {
        return walker.lookups();
    }

    /**
     * Translates a transaction of a stream (SMMUEN is 1).
     *
     * @param sid the StreamID
     * @param address the input address
     * @param write whether it writes
     * @return the output address, or {@link DmaTranslation#FAULT} (terminated with abort, the event recorded)
     */
    long translate(final long sid, final long address, final boolean write)
    {
        final long ste = table.lookup(sid);
        final int kind = (int) StreamTable.KIND.extract(ste);
        switch (kind)
        {
            case StreamTable.STAGE2:
                return stage2(sid, ste, address, write);
            case StreamTable.BYPASS:
                if (address >>> SmmuAccess.OAS != 0)
                {
                    // Beyond the output size: a stage 1 Address Size fault, IPA UNKNOWN (3.4).
                    record(Event.F_ADDR_SIZE, sid, address, write, false, 0);
                    return DmaTranslation.FAULT;
                }
                return address;
            case StreamTable.ABORT:
                typed(0, sid, address, write); // no event (5.2 Config), but a typed record (U20)
                return DmaTranslation.FAULT;
            case StreamTable.BAD_STE:
                typed(Event.C_BAD_STE, sid, address, write);
                record(Event.C_BAD_STE, sid, 0, 0);
                return DmaTranslation.FAULT;
            case StreamTable.FETCH_ABORT:
                typed(Event.F_STE_FETCH, sid, address, write);
                record(Event.F_STE_FETCH, sid, 0, table.fetchAddress() & Event.FETCH_ADDRESS.mask());
                return DmaTranslation.FAULT;
            default:
                typed(Event.C_BAD_STREAMID, sid, address, write); // recorded or not (CR2.RECINVSID)
                if (recordInvalidStreamIds)
                {
                    record(Event.C_BAD_STREAMID, sid, 0, 0);
                }
                return DmaTranslation.FAULT;
        }
    }

    private long stage2(final long sid, final long ste, final long address, final boolean write)
    {
        if (address >>> SmmuAccess.OAS != 0)
        {
            // Stage 1 bypasses: an input beyond the IAS is a stage 1 Address Size fault, always recorded (3.4).
            record(Event.F_ADDR_SIZE, sid, address, write, false, 0);
            return DmaTranslation.FAULT;
        }
        final boolean recorded = StreamTable.RECORD.isSet(ste);
        final int ias = (int) StreamTable.IAS.extract(ste);
        if (address >>> ias != 0)
        {
            return fault(Event.F_TRANSLATION, recorded, sid, address, write); // beyond S2T0SZ's range
        }
        final long out = walker.translate(table.ttb(sid), (int) StreamTable.START_LEVEL.extract(ste), ias,
            (int) StreamTable.PS.extract(ste), StreamTable.AFFD.isSet(ste), StreamTable.VMID.extract(ste), address,
            write);
        if (out != DmaTranslation.FAULT)
        {
            return out;
        }
        return switch (walker.fault())
        {
            case EXTERNAL_ABORT ->
            {
                // An external abort on the descriptor fetch: recorded whatever S2R says (5.5).
                record(Event.F_WALK_EABT, sid, address, write, true,
                    walker.fetchAddress() & Event.FETCH_ADDRESS.mask());
                yield DmaTranslation.FAULT;
            }
            case TRANSLATION -> fault(Event.F_TRANSLATION, recorded, sid, address, write);
            case ADDRESS_SIZE -> fault(Event.F_ADDR_SIZE, recorded, sid, address, write);
            case ACCESS -> fault(Event.F_ACCESS, recorded, sid, address, write);
            case PERMISSION -> fault(Event.F_PERMISSION, recorded, sid, address, write);
        };
    }

    /** A stage 2 translation-related fault, recorded if the STE's S2R says so (5.5; no stall model). */
    private long fault(final int type, final boolean recorded, final long sid, final long address,
                       final boolean write)
    {
        if (recorded)
        {
            record(type, sid, address, write, true, address & Event.IPA.mask());
        }
        else
        {
            if (trace.enabled())
            {
                trace.record(ArmTrace.SMMU_FAULT, sid, address, type | (write ? 0x100 : 0)); // terminated, not recorded
            }
            typed(type, sid, address, write); // not recorded (S2R is 0), but typed (U20)
        }
        return DmaTranslation.FAULT;
    }

    /**
     * The typed record of a terminated transaction (decision U20), before its event is written.
     *
     * @param type the event number, or 0 for an abort without one
     */
    private void typed(final int type, final long sid, final long address, final boolean write)
    {
        final IommuFault.Reason why = switch (type)
        {
            case 0 -> IommuFault.Reason.ABORTED;
            case Event.C_BAD_STREAMID -> IommuFault.Reason.NO_CONTEXT;
            case Event.C_BAD_STE -> IommuFault.Reason.BAD_CONFIG;
            case Event.F_STE_FETCH, Event.F_WALK_EABT -> IommuFault.Reason.WALK_ABORT;
            case Event.F_ADDR_SIZE -> IommuFault.Reason.ADDRESS_SIZE;
            case Event.F_TRANSLATION -> IommuFault.Reason.TRANSLATION;
            default -> IommuFault.Reason.PERMISSION; // F_ACCESS, F_PERMISSION
        };
        log.record(IommuFault.Unit.SMMU_V3, sid, address, write ? IommuFault.Access.WRITE : IommuFault.Access.READ,
            why, type);
    }

    /** A configuration error's record: StreamID only (and a fetch address). */
    private void record(final int type, final long sid, final long address, final long word3)
    {
        trace.record(ArmTrace.SMMU_FAULT, sid, address, type);
        events.record(Event.word0(type, (int) sid), 0, address, word3);
    }

    /** A fault's record: the transaction's attributes (a device's unprivileged data access), class IN. */
    private void record(final int type, final long sid, final long address, final boolean write, final boolean s2,
                        final long word3)
    {
        if (trace.enabled())
        {
            trace.record(ArmTrace.SMMU_FAULT, sid, address, type | (write ? 0x100 : 0));
        }
        typed(type, sid, address, write);
        events.record(Event.word0(type, (int) sid), Event.word1(!write, s2), address, word3);
    }

    /**
     * CMD_TLBI_S12_VMALL: drops the entries of a VMID.
     *
     * @param vmid the VMID
     */
    void invalidateVmid(final int vmid)
    {
        walker.invalidateVmid(vmid);
    }

    /**
     * CMD_TLBI_S2_IPA: drops the entries of a VMID that translate the IPA's page or a block containing it.
     *
     * @param vmid the VMID
     * @param ipa the IPA
     */
    void invalidateIpa(final int vmid, final long ipa)
    {
        walker.invalidateIpa(vmid, ipa);
    }

    /** CMD_TLBI_NSNH_ALL: drops every entry. */
    void invalidateAll()
    {
        walker.invalidateAll();
    }
}
