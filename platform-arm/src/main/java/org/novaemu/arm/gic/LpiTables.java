// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

import java.util.Arrays;

import org.novaemu.mem.PhysicalMemory;

/**
 * A redistributor's LPIs (IHI 0069, chapter 5): GICR_PROPBASER and GICR_PENDBASER, the configuration (priority and
 * enable byte per LPI) cached from the table in memory, the pending bits, and the LPIs ready for the PE. As
 * hardware may, the redistributor caches the whole configuration table when LPIs are enabled and sees a later
 * change of an entry only after GICR_INVLPIR or GICR_INVALLR (or the ITS's INV and INVALL) for it; it reads the
 * pending table once at that moment (unless PTZ said it is zero) and holds the pending state itself from then
 * on (decision A9).
 *
 * <p>LPIs are group 1 and have no active state: acknowledging one only clears its pending bit. Each LPI's cached
 * configuration and its pending bit share one byte ({@link #PENDING} in place of the table's RES1 bit 1), so that
 * making an LPI pending reads one line of this redistributor's state where two arrays would read two.
 */
final class LpiTables
{
    /** The LPI configuration byte: enable. */
    static final int CONFIG_ENABLE = 0x01;
    /** The LPI configuration byte: priority, bits 7:2. */
    static final int CONFIG_PRIORITY = 0xfc;
    /** The cached byte's bit 1 (RES1 in the table, not kept): the LPI is pending. */
    static final int PENDING = 0x02;

    /** Fewer INTID bits than this cover no LPI. */
    private static final int MIN_ID_BITS = 14;

    private final Gicr owner;
    private final PhysicalMemory memory;
    private final int idBits;
    private long propbaser;
    private long pendbaser;
    private boolean zeroPending;
    private boolean enabled;
    private int limit = Intid.LPI;
    /** Per LPI: the configuration (priority, enable) cached from the table, and {@link #PENDING}. */
    private byte[] state = new byte[0];
    private ReadySet ready;

    /**
     * @param owner the redistributor, told when the LPIs ready for its PE change
     * @param memory where the tables are
     * @param idBits the INTID bits the GIC supports, 14 to 16
     */
    LpiTables(final Gicr owner, final PhysicalMemory memory, final int idBits)
    {
        this.owner = owner;
        this.memory = memory;
        this.idBits = idBits;
    }

    /** @return GICR_PROPBASER */
    long propbaser()
    {
        return propbaser;
    }

    /** @return GICR_PENDBASER (PTZ reads 0) */
    long pendbaser()
    {
        return pendbaser;
    }

    /** @return whether GICR_CTLR.EnableLPIs is set */
    boolean enabled()
    {
        return enabled;
    }

    /** @return one past the last LPI INTID the configuration table covers (8192: none) */
    int limit()
    {
        return limit;
    }

    /**
     * A write of PROPBASER; ignored while LPIs are enabled (decision A9).
     *
     * @param value the register's new value
     */
    void writePropbaser(final long value)
    {
        if (!enabled)
        {
            propbaser = value & GicrRegister.PROPBASER_WRITABLE;
        }
    }

    /**
     * A write of PENDBASER; ignored while LPIs are enabled.
     *
     * @param value the register's new value, PTZ included
     */
    void writePendbaser(final long value)
    {
        if (!enabled)
        {
            pendbaser = value & GicrRegister.PENDBASER_WRITABLE;
            zeroPending = GicrRegister.PENDBASER_PTZ.isSet(value);
        }
    }

    /**
     * EnableLPIs 0 to 1: the tables are read. The LPIs are those below {@code 2^min(PROPBASER.IDbits + 1,
     * GICD_TYPER.IDbits + 1)}; fewer than 14 bits leave none.
     */
    void enable()
    {
        if (enabled)
        {
            return;
        }
        enabled = true;
        final int bits = Math.min((int) GicrRegister.PROPBASER_ID_BITS.extract(propbaser) + 1, idBits);
        limit = bits < MIN_ID_BITS ? Intid.LPI : 1 << bits;
        final int count = limit - Intid.LPI;
        state = new byte[count];
        ready = new ReadySet(Intid.WIRED_SLOTS, Math.max(count, 1));
        readConfiguration();
        if (!zeroPending)
        {
            final byte[] bytes = new byte[count >>> 3];
            read(pendingTable() + (Intid.LPI >>> 3), bytes, bytes.length);
            for (int i = 0; i < count; i++)
            {
                if ((bytes[i >>> 3] & 1 << (i & 7)) != 0)
                {
                    state[i] |= PENDING;
                }
            }
        }
        refreshAll();
    }

    /**
     * @param intid an INTID
     * @return whether it is an LPI the enabled tables cover
     */
    boolean covers(final int intid)
    {
        return enabled && intid >= Intid.LPI && intid < limit;
    }

    /**
     * @param intid an LPI
     * @return whether it is pending
     */
    boolean pending(final int intid)
    {
        final int i = intid - Intid.LPI;
        return covers(intid) && (state[i] & PENDING) != 0;
    }

    /**
     * The pending LPIs in order (the ITS's MOVALL walks them so, asking no other part of the GIC about each LPI).
     *
     * @param intid where to start
     * @return the first pending LPI at or above {@code intid}, or -1 if there is none
     */
    int nextPending(final int intid)
    {
        final int from = Math.max(intid, Intid.LPI);
        if (!enabled || from >= limit)
        {
            return -1;
        }
        // The pending bits share the configuration bytes (the delivery path reads one byte per LPI), so this
        // command-path search reads bytes; a MOVALL's searches together read each byte once.
        for (int i = from - Intid.LPI, end = Math.min(limit - Intid.LPI, state.length); i < end; i++)
        {
            if ((state[i] & PENDING) != 0)
            {
                return Intid.LPI + i;
            }
        }
        return -1;
    }

    /**
     * Makes an LPI pending or not (the ITS, GICR_SETLPIR, GICR_CLRLPIR, an acknowledge); an INTID the tables do
     * not cover is ignored.
     *
     * @param intid the LPI
     * @param on whether it is pending
     */
    void setPending(final int intid, final boolean on)
    {
        if (!covers(intid))
        {
            return;
        }
        final int i = intid - Intid.LPI;
        final int s = state[i];
        if (((s & PENDING) != 0) == on)
        {
            return;
        }
        state[i] = (byte) (on ? s | PENDING : s & ~PENDING);
        refresh(i);
        owner.lpisChanged();
    }

    /**
     * GICR_INVLPIR, or the ITS's INV: the LPI's configuration is read again.
     *
     * @param intid the LPI; one the tables do not cover is ignored
     */
    void invalidate(final int intid)
    {
        if (!covers(intid))
        {
            return;
        }
        final int i = intid - Intid.LPI;
        final long at = propertyTable() + i;
        state[i] = (byte) (state[i] & PENDING | (at < PhysicalMemory.LIMIT ? memory.read8(at) : 0) & ~PENDING);
        refresh(i);
        owner.lpisChanged();
    }

    /** GICR_INVALLR, or the ITS's INVALL: the whole configuration table is read again. */
    void invalidateAll()
    {
        if (!enabled)
        {
            return;
        }
        readConfiguration();
        refreshAll();
    }

    /** Caches the whole configuration table, keeping each LPI's pending bit. */
    private void readConfiguration()
    {
        final byte[] table = new byte[state.length];
        read(propertyTable(), table, table.length);
        for (int i = 0; i < table.length; i++)
        {
            state[i] = (byte) (state[i] & PENDING | table[i] & ~PENDING);
        }
    }

    /**
     * Reads a table the guest placed: bytes beyond the physical address space read as zero, as from no memory
     * (a table at the top of PROPBASER's range is the guest's nonsense, not the model's failure).
     */
    private void read(final long address, final byte[] dst, final int length)
    {
        final int in = (int) Math.max(0, Math.min(length, PhysicalMemory.LIMIT - address));
        if (in > 0)
        {
            memory.readBytes(address, dst, 0, in);
        }
        Arrays.fill(dst, in, length, (byte) 0);
    }

    /** @return the key of the best ready LPI, or {@link ReadySet#NONE} */
    int best()
    {
        return ready == null ? ReadySet.NONE : ready.best();
    }

    private long propertyTable()
    {
        return GicrRegister.PROPBASER_PA.extract(propbaser) << 12;
    }

    private long pendingTable()
    {
        return GicrRegister.PENDBASER_PA.extract(pendbaser) << 16;
    }

    private void refreshAll()
    {
        ready.clear();
        for (int i = 0; i < state.length; i++)
        {
            if ((state[i] & PENDING) != 0)
            {
                refresh(i);
            }
        }
        owner.lpisChanged();
    }

    /** LPI {@code LPI + i} is ready while pending and enabled in the cached configuration. */
    private void refresh(final int i)
    {
        final int slot = Intid.WIRED_SLOTS + i;
        final int s = state[i];
        if ((s & PENDING) != 0 && (s & CONFIG_ENABLE) != 0)
        {
            ready.add(slot, s & CONFIG_PRIORITY & InterruptBank.PRIORITY_MASK);
        }
        else
        {
            ready.remove(slot);
        }
    }
}
