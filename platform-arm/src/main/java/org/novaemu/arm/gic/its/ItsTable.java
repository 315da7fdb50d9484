// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic.its;

import org.novaemu.mem.PhysicalMemory;

/**
 * One GITS_BASERn and the table in memory it describes (IHI 0069, chapter 12, GITS_BASER&lt;n&gt;; chapter 6, the
 * ITS tables): a flat table of {@code (Size + 1)} pages, or with Indirect a level-1 table of that size whose 8-byte
 * entries (Valid in bit 63, a page's address in bits 51:12) point at level-2 pages of entries. The entry for an ID
 * is found in at most one level-1 read; an ID the table does not cover (beyond it, or behind an invalid level-1
 * entry, or the register not Valid) has no entry (decisions A83 and A84).
 *
 * <p>Type and Entry_Size are read-only; Indirect is RAZ/WI if the ITS has flat tables only; Page_Size takes the
 * sizes the ITS supports and otherwise keeps its value, so a driver learns them by writing and reading back
 * (0b11, reserved, is taken as 64 KiB). The cacheability and shareability fields keep what software writes.
 */
final class ItsTable
{
    private final PhysicalMemory memory;
    private final int type;
    private final int entrySize;
    private final long writable;
    private final int fixedPage;
    private long value;

    /**
     * @param memory where the table is
     * @param type the table's type: {@link ItsRegister#TYPE_DEVICE}, {@link ItsRegister#TYPE_COLLECTION}, or
     *        {@link ItsRegister#TYPE_NONE} for a register with no table (RAZ/WI)
     * @param entrySize the size of an entry in bytes
     * @param indirect whether two-level tables are supported
     * @param fixedPage the one Page_Size encoding supported, or -1 for all three
     */
    ItsTable(final PhysicalMemory memory, final int type, final int entrySize, final boolean indirect,
             final int fixedPage)
    {
        this.memory = memory;
        this.type = type;
        this.entrySize = entrySize;
        this.fixedPage = fixedPage;
        this.writable = type == ItsRegister.TYPE_NONE ? 0 : ItsRegister.BASER_VALID.mask()
            | (indirect ? ItsRegister.BASER_INDIRECT.mask() : 0) | ItsRegister.INNER_CACHE.mask()
            | ItsRegister.OUTER_CACHE.mask() | ItsRegister.BASER_PA.mask() | ItsRegister.SHAREABILITY.mask()
            | (fixedPage < 0 ? ItsRegister.BASER_PAGE_SIZE.mask() : 0) | ItsRegister.BASER_SIZE.mask();
        this.value = fixedPage < 0 || type == ItsRegister.TYPE_NONE ? 0 : ItsRegister.BASER_PAGE_SIZE.encode(fixedPage);
    }

    /** @return the register's value */
    long read()
    {
        if (type == ItsRegister.TYPE_NONE)
        {
            return 0;
        }
        return value | ItsRegister.BASER_TYPE.encode(type) | ItsRegister.BASER_ENTRY_SIZE.encode(entrySize - 1);
    }

    /**
     * A write of the register; the caller ignores it while the ITS is enabled.
     *
     * @param v the value written
     */
    void write(final long v)
    {
        long w = v & writable | value & ~writable;
        if (ItsRegister.BASER_PAGE_SIZE.extract(w) == 3)
        {
            w = ItsRegister.BASER_PAGE_SIZE.deposit(w, ItsRegister.PAGE_64K);
        }
        value = w;
    }

    /** @return the page size in bytes */
    private long pageBytes()
    {
        return ItsRegister.pageBytes((int) ItsRegister.BASER_PAGE_SIZE.extract(value));
    }

    /** @return the table's (or level-1 table's) address: with 64 KiB pages, bits 15:12 give address bits 51:48 */
    private long base()
    {
        final long page = pageBytes();
        final long low = value & ItsRegister.BASER_PA.mask() & -page;
        return page == 0x1_0000 ? low | (value >>> 12 & 0xf) << 48 : low;
    }

    /**
     * @param id a DeviceID or collection ID, unsigned
     * @return the address of its entry, or -1 if the table does not cover it
     */
    long entryAddress(final long id)
    {
        if (!ItsRegister.BASER_VALID.isSet(value))
        {
            return -1;
        }
        final long page = pageBytes();
        final long bytes = (ItsRegister.BASER_SIZE.extract(value) + 1) * page;
        final long base = base();
        if (!ItsRegister.BASER_INDIRECT.isSet(value))
        {
            final long offset = id * entrySize;
            return offset < bytes ? checked(base + offset) : -1;
        }
        final long perPage = page / entrySize;
        final long l1 = id / perPage * ItsRegister.LEVEL1_ENTRY_SIZE;
        if (l1 >= bytes)
        {
            return -1;
        }
        final long entry = read(base + l1);
        if (!ItsRegister.LEVEL1_VALID.isSet(entry))
        {
            return -1;
        }
        final long leaf = entry & ItsRegister.LEVEL1_PA.mask() & -page;
        return checked(leaf + id % perPage * entrySize);
    }

    /**
     * @param address an address
     * @return the 8 bytes there, or 0 if they lie beyond physical memory
     */
    long read(final long address)
    {
        return address >= 0 && address <= PhysicalMemory.LIMIT - 8 ? memory.read64(address) : 0;
    }

    /** @return the address, or -1 if an 8-byte entry there would lie beyond physical memory */
    private static long checked(final long address)
    {
        return address >= 0 && address <= PhysicalMemory.LIMIT - 8 ? address : -1;
    }
}
