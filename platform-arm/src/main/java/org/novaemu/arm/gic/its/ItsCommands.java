// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic.its;

import org.novaemu.arm.gic.Gic;
import org.novaemu.arm.gic.Gicr;
import org.novaemu.arm.gic.Intid;

/**
 * What each ITS command does (IHI 0069, chapter 6, the ITS commands), on the ITS's tables and on the redistributors
 * its collections target. A command either takes full effect or none and names its error ({@link ItsError}), which
 * stalls the queue. The checks run in the numeric order of the error kinds (DeviceID, processor number, collection,
 * device mapped, EventID, LPI, event mapped, collection mapped), so a command wrong in several ways reports the
 * first (decision A85).
 */
final class ItsCommands
{
    private final Gic gic;
    private final ItsTables tables;
    private final ItsTranslationCache cache;
    private final int eventIdBits;
    private final long lpiLimit;

    /** The device table entry {@link #event} found. */
    private long dte;
    /** The address of the ITT entry {@link #event} found. */
    private long iteAt;
    /** The ITT entry {@link #event} found. */
    private long ite;

    /**
     * @param gic whose redistributors the collections target
     * @param tables the ITS's tables
     * @param eventIdBits the EventID bits the ITS supports
     */
    ItsCommands(final Gic gic, final ItsTables tables, final int eventIdBits)
    {
        this.gic = gic;
        this.tables = tables;
        this.cache = tables.cache();
        this.eventIdBits = eventIdBits;
        this.lpiLimit = 1L << gic.distributor().typer().idBits() + 1;
    }

    /**
     * Carries out one command.
     *
     * @param dw0 doubleword 0
     * @param dw1 doubleword 1
     * @param dw2 doubleword 2
     * @param dw3 doubleword 3
     * @return null once done, or the error that stalls the queue at the command
     */
    ItsError execute(final long dw0, final long dw1, final long dw2, final long dw3)
    {
        final int op = ItsCommand.opcode(dw0);
        final int deviceId = ItsCommand.deviceId(dw0);
        final int eventId = ItsCommand.eventId(dw1);
        return switch (op)
        {
            case ItsCommand.MAPD -> mapd(deviceId, ItsCommand.size(dw1), ItsCommand.ittAddress(dw2),
                ItsCommand.valid(dw2));
            case ItsCommand.MAPC -> mapc(ItsCommand.icid(dw2), ItsCommand.rdbase(dw2), ItsCommand.valid(dw2));
            case ItsCommand.MAPTI -> mapti(op, deviceId, eventId, ItsCommand.pintid(dw1), ItsCommand.icid(dw2));
            case ItsCommand.MAPI -> mapti(op, deviceId, eventId, eventId, ItsCommand.icid(dw2));
            case ItsCommand.MOVI -> movi(deviceId, eventId, ItsCommand.icid(dw2));
            case ItsCommand.MOVALL -> movall(ItsCommand.rdbase(dw2), ItsCommand.rdbase(dw3));
            case ItsCommand.DISCARD -> discard(deviceId, eventId);
            case ItsCommand.INT, ItsCommand.CLEAR, ItsCommand.INV -> atTarget(op, deviceId, eventId);
            case ItsCommand.INVALL -> invall(ItsCommand.icid(dw2));
            case ItsCommand.SYNC -> null; // every effect is visible when its command completes
            default -> ItsError.UNKNOWN_COMMAND;
        };
    }

    private static ItsError error(final int op, final int kind)
    {
        return ItsError.of(op, kind);
    }

    /**
     * Finds a command's event: sets {@link #dte}, {@link #iteAt} and {@link #ite}.
     *
     * @return 0, or the kind of error: DeviceID out of range, device not mapped, EventID out of range
     */
    private int event(final int deviceId, final int eventId)
    {
        final long at = tables.deviceEntry(deviceId);
        if (at < 0)
        {
            return ItsError.DEVICE_OOR;
        }
        dte = tables.read(at);
        if (!DeviceTableEntry.valid(dte))
        {
            return ItsError.UNMAPPED_DEVICE;
        }
        if (!DeviceTableEntry.covers(dte, eventId))
        {
            return ItsError.ID_OOR;
        }
        iteAt = ItsTables.iteAddress(dte, eventId);
        ite = tables.read(iteAt);
        return 0;
    }

    /** @return whether an INTID is an LPI the GIC implements (below 2^(GICD_TYPER.IDbits + 1)) */
    private boolean isLpi(final int intid)
    {
        final long i = Integer.toUnsignedLong(intid);
        return i >= Intid.LPI && i < lpiLimit;
    }

    /** MAPD: the device's table entry is written, or cleared with V 0; its cached translations go. */
    private ItsError mapd(final int deviceId, final int size, final long itt, final boolean valid)
    {
        final long at = tables.deviceEntry(deviceId);
        if (at < 0)
        {
            return ItsError.MAPD_DEVICE_OOR;
        }
        if (valid && size >= eventIdBits)
        {
            return ItsError.MAPD_ITTSIZE_OOR;
        }
        tables.write(at, valid ? DeviceTableEntry.encode(itt, size) : 0);
        cache.invalidateDevice(deviceId);
        return null;
    }

    /** MAPC: the collection's target is set, or cleared with V 0; translations into it go. */
    private ItsError mapc(final int icid, final long rdbase, final boolean valid)
    {
        if (valid && rdbase >= gic.pes())
        {
            return ItsError.MAPC_PROCNUM_OOR;
        }
        if (!tables.collectionInRange(icid))
        {
            return ItsError.MAPC_COLLECTION_OOR;
        }
        tables.mapCollection(icid, valid ? (int) rdbase : -1);
        return null;
    }

    /** MAPTI and MAPI: the event's ITT entry is written (over an earlier one); its cached translation goes. */
    private ItsError mapti(final int op, final int deviceId, final int eventId, final int pintid, final int icid)
    {
        if (tables.deviceEntry(deviceId) < 0)
        {
            return error(op, ItsError.DEVICE_OOR);
        }
        if (!tables.collectionInRange(icid))
        {
            return error(op, ItsError.COLLECTION_OOR);
        }
        final int kind = event(deviceId, eventId);
        if (kind != 0)
        {
            return error(op, kind);
        }
        if (!isLpi(pintid))
        {
            return error(op, ItsError.PHYSICALID_OOR);
        }
        tables.write(iteAt, InterruptTranslationEntry.encode(pintid, icid));
        cache.invalidate(deviceId, eventId);
        return null;
    }

    /** MOVI: the event goes to another collection, and its pending state with it to the new target. */
    private ItsError movi(final int deviceId, final int eventId, final int icid)
    {
        if (tables.deviceEntry(deviceId) < 0)
        {
            return ItsError.MOVI_DEVICE_OOR;
        }
        if (!tables.collectionInRange(icid))
        {
            return ItsError.MOVI_COLLECTION_OOR;
        }
        final int kind = event(deviceId, eventId);
        if (kind != 0)
        {
            return error(ItsCommand.MOVI, kind);
        }
        if (!InterruptTranslationEntry.valid(ite))
        {
            return ItsError.MOVI_UNMAPPED_INTERRUPT;
        }
        final int from = tables.target(InterruptTranslationEntry.icid(ite));
        final int to = tables.target(icid);
        if (from < 0 || to < 0)
        {
            return ItsError.MOVI_UNMAPPED_COLLECTION;
        }
        final int intid = InterruptTranslationEntry.pintid(ite);
        if (from != to && gic.redistributor(from).lpiPending(intid))
        {
            gic.redistributor(from).clearLpiPending(intid);
            gic.redistributor(to).setLpiPending(intid);
        }
        tables.write(iteAt, InterruptTranslationEntry.withIcid(ite, icid));
        cache.invalidate(deviceId, eventId);
        return null;
    }

    /** MOVALL: every LPI pending on one redistributor becomes pending on the other instead. */
    private ItsError movall(final long rdbase1, final long rdbase2)
    {
        if (rdbase1 >= gic.pes() || rdbase2 >= gic.pes())
        {
            return ItsError.MOVALL_PROCNUM_OOR;
        }
        if (rdbase1 != rdbase2)
        {
            final Gicr from = gic.redistributor((int) rdbase1);
            final Gicr to = gic.redistributor((int) rdbase2);
            // Only the pending LPIs, found by words of the pending bits: no look at each of the 57,344 (A193).
            for (int intid = from.nextPendingLpi(Intid.LPI); intid >= 0 && intid < lpiLimit;
                 intid = from.nextPendingLpi(intid + 1))
            {
                from.clearLpiPending(intid);
                to.setLpiPending(intid);
            }
        }
        return null;
    }

    /** DISCARD: the event's LPI is made not pending at its target and the event unmapped. */
    private ItsError discard(final int deviceId, final int eventId)
    {
        final int kind = event(deviceId, eventId);
        if (kind != 0)
        {
            return error(ItsCommand.DISCARD, kind);
        }
        if (!InterruptTranslationEntry.valid(ite))
        {
            return ItsError.DISCARD_UNMAPPED_INTERRUPT;
        }
        final int pe = tables.target(InterruptTranslationEntry.icid(ite));
        if (pe >= 0)
        {
            gic.redistributor(pe).clearLpiPending(InterruptTranslationEntry.pintid(ite));
        }
        tables.write(iteAt, 0);
        cache.invalidate(deviceId, eventId);
        return null;
    }

    /** INT, CLEAR and INV: the event's LPI made pending, not pending, or its configuration read again. */
    private ItsError atTarget(final int op, final int deviceId, final int eventId)
    {
        final int kind = event(deviceId, eventId);
        if (kind != 0)
        {
            return error(op, kind);
        }
        if (!InterruptTranslationEntry.valid(ite))
        {
            return error(op, ItsError.UNMAPPED_INTERRUPT);
        }
        final int pe = tables.target(InterruptTranslationEntry.icid(ite));
        if (pe < 0)
        {
            return error(op, ItsError.UNMAPPED_COLLECTION);
        }
        final Gicr target = gic.redistributor(pe);
        final int intid = InterruptTranslationEntry.pintid(ite);
        switch (op)
        {
            case ItsCommand.INT -> target.setLpiPending(intid);
            case ItsCommand.CLEAR -> target.clearLpiPending(intid);
            default -> target.invalidateLpi(intid);
        }
        return null;
    }

    /** INVALL: the collection's redistributor reads every LPI's configuration again. */
    private ItsError invall(final int icid)
    {
        if (!tables.collectionInRange(icid))
        {
            return ItsError.INVALL_COLLECTION_OOR;
        }
        final int pe = tables.target(icid);
        if (pe < 0)
        {
            return ItsError.INVALL_UNMAPPED_COLLECTION;
        }
        gic.redistributor(pe).invalidateAllLpis();
        return null;
    }
}
