// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import java.util.Arrays;

/**
 * The physical memory the kernel reserves for itself, and its accounting: the HIP, UTCBs, the tables of
 * object and memory spaces, and the slabs that kernel objects live in all take 4 KiB frames from here.
 * When it runs out, object creation returns MEM_OBJ and capability storage MEM_CAP, as NOVA's do when its
 * allocator fails. The NOVA host space withholds this memory from every PD.
 *
 * <p>Objects of a kind share slab frames, {@code 4096 / bytes} objects per frame (byte counts in
 * {@link #objectBytes}, approximations of NOVA's x86_64 objects, docs/decisions.md K27); a frame returns
 * when the kind's live count drops to fewer frames' worth. Frames are handed out in address order and
 * reused last-freed first, which keeps allocation deterministic.
 */
final class KernelMemory
{
    private static final int PAGE_SHIFT = 12;
    private static final int PAGE_SIZE = 1 << PAGE_SHIFT;

    private final long base;
    private final long frames;
    private long bump;
    private long[] free = new long[16];
    private int freeCount;
    private final int[] live = new int[Kind.values().length];
    private final long[][] slabs = new long[Kind.values().length][4];
    private final MemTablePool tables = new MemTablePool();
    private final AllocationFaults faults = new AllocationFaults();

    /**
     * @param base the first physical address, 4 KiB aligned
     * @param size the size in bytes, a multiple of 4 KiB
     */
    KernelMemory(final long base, final long size)
    {
        if ((base | size) % PAGE_SIZE != 0 || base < 0 || size <= 0)
        {
            throw new IllegalArgumentException("kernel memory must be 4 KiB aligned and not empty, was base 0x"
                + Long.toHexString(base) + " size 0x" + Long.toHexString(size));
        }
        this.base = base;
        this.frames = size >>> PAGE_SHIFT;
    }

    /**
     * @param kind an object kind
     * @return the bytes one object of the kind takes in its slab
     */
    static int objectBytes(final Kind kind)
    {
        switch (kind)
        {
            case PD:
                return 512;
            case EC:
                return 1024;
            case SC:
                return 128;
            case PT:
            case SM:
            case DC:
                return 64;
            default:
                return 256; // a space object; its tables are frames of their own
        }
    }

    /**
     * @param kind an object kind
     * @return the frames an object of the kind needs beyond its slab: a space's top-level table or bitmap
     *         (an object space's and a memory space's root table, 8 KiB of PIO bitmap, 4 KiB of MSR bitmap)
     */
    static int tableFrames(final Kind kind)
    {
        switch (kind)
        {
            case OBJ:
            case HST:
            case GST:
            case DMA:
            case MSR:
                return 1;
            case PIO:
                return 2;
            default:
                return 0;
        }
    }

    /** @return the allocation failures tests ask for */
    AllocationFaults faults()
    {
        return faults;
    }

    /** @return the pool of freed memory-space tables */
    MemTablePool tables()
    {
        return tables;
    }

    /** @return the first page number */
    long firstPage()
    {
        return base >>> PAGE_SHIFT;
    }

    /** @return the page number after the last */
    long endPage()
    {
        return (base >>> PAGE_SHIFT) + frames;
    }

    /** @return the number of frames that can still be allocated */
    long available()
    {
        return frames - bump + freeCount;
    }

    /** @return the physical address of a free frame, or -1 if there is none */
    long allocate()
    {
        if (freeCount > 0)
        {
            return free[--freeCount];
        }
        return bump < frames ? base + (bump++ << PAGE_SHIFT) : -1;
    }

    /**
     * @param address a frame that {@link #allocate} returned and that is no longer used
     */
    void free(final long address)
    {
        if (freeCount == free.length)
        {
            free = Arrays.copyOf(free, 2 * free.length);
        }
        free[freeCount++] = address;
    }

    /**
     * @param kind an object kind
     * @return the frames that creating one object of the kind takes now: a new slab frame if the kind's
     *         slabs are full, plus its tables
     */
    int framesFor(final Kind kind)
    {
        final int perFrame = PAGE_SIZE / objectBytes(kind);
        return (live[kind.ordinal()] % perFrame == 0 ? 1 : 0) + tableFrames(kind);
    }

    /**
     * Takes the memory for a new object and makes the object give it back when it dies. The caller has
     * checked {@link #framesFor} against {@link #available}.
     *
     * @param obj a new object
     * @return the object
     * @throws IllegalStateException if memory runs out (a caller that did not check)
     */
    <T extends Kobject> T account(final T obj)
    {
        final Kind kind = obj.kind();
        if (available() < framesFor(kind))
        {
            throw new IllegalStateException("kernel memory (platform.kernelMemorySize()) is exhausted");
        }
        final int k = kind.ordinal();
        final int perFrame = PAGE_SIZE / objectBytes(kind);
        if (live[k] % perFrame == 0)
        {
            final int n = live[k] / perFrame;
            if (n == slabs[k].length)
            {
                slabs[k] = Arrays.copyOf(slabs[k], 2 * n);
            }
            slabs[k][n] = allocate();
        }
        live[k]++;
        obj.tables = new long[tableFrames(kind)];
        for (int i = 0; i < obj.tables.length; i++)
        {
            obj.tables[i] = allocate();
        }
        obj.heap = this;
        return obj;
    }

    /** Gives back what {@link #account} took for an object that died. */
    void release(final Kobject obj)
    {
        final int k = obj.kind().ordinal();
        final int perFrame = PAGE_SIZE / objectBytes(obj.kind());
        live[k]--;
        if (live[k] % perFrame == 0)
        {
            free(slabs[k][live[k] / perFrame]);
        }
        for (final long frame : obj.tables)
        {
            free(frame);
        }
    }

    /**
     * The last checks of every create_*, in NOVA's order (docs/decisions.md K27): the object's memory
     * (MEM_OBJ), a null destination inside the space (BAD_CAP), the destination's leaf table (MEM_CAP).
     *
     * @param cur the caller's object space
     * @param sel the destination selector
     * @param kind the object's kind
     * @param extra frames the object needs beyond its slab and tables (a UTCB and its mapping)
     * @return the status, or null if the object can be created and stored
     */
    Status admit(final SpaceObj cur, final long sel, final Kind kind, final long extra)
    {
        final long need = framesFor(kind) + extra;
        if (available() < need || faults.objectFails())
        {
            return Status.MEM_OBJ;
        }
        if (sel >= SpaceObj.SELECTORS || cur.object(sel) != null)
        {
            return Status.BAD_CAP;
        }
        return cur.needsLeaf(sel) && (available() < need + 1 || faults.tableFails()) ? Status.MEM_CAP : null;
    }
}
