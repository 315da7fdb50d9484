// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bus;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.novaemu.mem.PhysicalMemory;
import org.novaemu.sim.Failures;
import org.novaemu.trace.CoreTrace;
import org.novaemu.trace.Trace;
import org.novaemu.util.Require;

/**
 * The physical address map and the two paths into it: CPU accesses, and DMA accesses that carry a
 * requester ID and pass the {@link DmaTranslation} stage first.
 *
 * <p>Regions are RAM (backed by {@link PhysicalMemory} at the same address) or MMIO devices with an
 * {@link AccessRule}. They never overlap. The region table and its lookups are a separate address map; a
 * lookup checks the last region hit, then binary-searches the sorted table: O(log regions), no allocation.
 * This class adds what happens on an access: dispatch, counting, tracing, and on the DMA path page
 * chunking, translation, and the splitting of ranges that are not wholly RAM.
 *
 * <p>Bad accesses follow one documented policy (docs/decisions.md) instead of throwing into the
 * simulation: an access that hits no region, straddles a region's end, lies beyond 2^52, or breaks its
 * region's access rule reads as all ones and is ignored when written; it is counted and traced as
 * {@link CoreTrace#BAD_ACCESS}. A DMA access the translation stage blocks reads as all ones, is ignored
 * when written, and is traced as {@link CoreTrace#DMA_FAULT}. Misuse by Java code (a size other than
 * 1, 2, 4 or 8, overlapping regions) throws {@link IllegalArgumentException}.
 *
 * <p>Not thread-safe.
 */
public final class Bus
{
    private static final int CHUNK = 4096;

    private final PhysicalMemory memory;
    private final Trace trace;
    private final AddressMap map = new AddressMap();
    private DmaTranslation translation = DmaTranslation.IDENTITY;
    private CpuLocalWindow cpuLocal;
    private final PortSpace ports = new PortSpace();
    private long badAccesses;
    private long dmaFaults;
    private final IommuFaultLog iommuFaults = new IommuFaultLog();
    private Failures failures = Failures.logOnly();

    /**
     * @param memory the storage behind RAM regions
     * @param trace where accesses are traced
     */
    public Bus(final PhysicalMemory memory, final Trace trace)
    {
        this.memory = Require.nonNull("memory", memory);
        this.trace = Require.nonNull("trace", trace);
    }

    /** @return the trace its accesses are recorded in, which the models behind it record in too */
    public Trace trace()
    {
        return trace;
    }

    /** @return the storage behind RAM regions */
    public PhysicalMemory memory()
    {
        return memory;
    }

    /** @return the current DMA translation stage */
    public DmaTranslation translation()
    {
        return translation;
    }

    /**
     * Installs the DMA translation stage (an IOMMU model), replacing the previous one.
     *
     * @param stage the stage; {@link DmaTranslation#IDENTITY} removes translation
     */
    public void setTranslation(final DmaTranslation stage)
    {
        this.translation = Require.nonNull("stage", stage);
    }

    /** @return the log the IOMMU models on this bus record refused requests in (decision U20) */
    public IommuFaultLog iommuFaults()
    {
        return iommuFaults;
    }

    /** @return where models on this bus report {@link org.novaemu.sim.Failure}s (decision U22) */
    public Failures failures()
    {
        return failures;
    }

    /**
     * Reports the failures of models on this bus, and its IOMMU faults, to an engine's sink (a machine does).
     *
     * @param sink the sink
     */
    public void reportTo(final Failures sink)
    {
        failures = Require.nonNull("sink", sink);
        iommuFaults.reportTo(sink);
    }

    /** @return the I/O port space (x86 IN and OUT; empty elsewhere) */
    public PortSpace ports()
    {
        return ports;
    }

    /**
     * Installs the window each CPU sees at an address of its own, ahead of the address map.
     *
     * @param window the window, or null for none
     */
    public void setCpuLocalWindow(final CpuLocalWindow window)
    {
        this.cpuLocal = window;
    }

    /** @return the number of refused accesses so far (no region, straddling, or against the access rule) */
    public long badAccesses()
    {
        return badAccesses;
    }

    /** @return the number of DMA accesses the translation stage has blocked so far */
    public long dmaFaults()
    {
        return dmaFaults;
    }

    // ---- Address map --------------------------------------------------------------------------------------

    /**
     * Maps RAM.
     *
     * @param regionName a name for listings and errors
     * @param regionBase the first address, 4 KiB aligned
     * @param size the length in bytes, a multiple of 4 KiB
     */
    public void mapRam(final String regionName, final long regionBase, final long size)
    {
        if ((regionBase & (PhysicalMemory.PAGE_SIZE - 1)) != 0)
        {
            throw new IllegalArgumentException("base must be 4 KiB aligned, was 0x" + Long.toHexString(regionBase));
        }
        if ((size & (PhysicalMemory.PAGE_SIZE - 1)) != 0)
        {
            throw new IllegalArgumentException("size must be a multiple of 4 KiB, was 0x" + Long.toHexString(size));
        }
        map.insert(regionName, regionBase, size, null, AccessRule.ANY);
    }

    /**
     * Maps an MMIO device.
     *
     * @param regionName a name for listings and errors
     * @param regionBase the first address
     * @param size the length in bytes
     * @param dev the device
     * @param accessRule the accesses the device accepts
     */
    public void mapMmio(final String regionName, final long regionBase, final long size, final MmioDevice dev,
                        final AccessRule accessRule)
    {
        Require.nonNull("device", dev);
        Require.nonNull("rule", accessRule);
        map.insert(regionName, regionBase, size, dev, accessRule);
    }

    /**
     * Maps an MMIO device where a guest chose the address (a PCI BAR): an address range that overlaps a
     * region, or leaves physical memory, is not mapped, and the caller learns so instead of an exception.
     *
     * @param regionName a name for listings
     * @param regionBase the first address
     * @param size the length in bytes
     * @param dev the device
     * @param accessRule the accesses the device accepts
     * @return whether the region was mapped
     */
    public boolean tryMapMmio(final String regionName, final long regionBase, final long size, final MmioDevice dev,
                              final AccessRule accessRule)
    {
        if (!map.isFree(regionBase, size))
        {
            return false;
        }
        mapMmio(regionName, regionBase, size, dev, accessRule);
        return true;
    }

    /**
     * Removes the region that starts at {@code regionBase}, as when a PCI BAR moves.
     *
     * @param regionBase the base the region was mapped at
     * @return whether a region was removed
     */
    public boolean unmap(final long regionBase)
    {
        return map.unmap(regionBase);
    }

    /** @return the regions, in address order; allocates */
    public List<Region> regions()
    {
        return map.regions();
    }

    // ---- Physical accesses --------------------------------------------------------------------------------

    /**
     * Whether a CPU access goes to RAM: not to a device, nor to the accessing CPU's local window, nor nowhere.
     * A CPU model charges memory and uncached (MMIO) accesses differently with it.
     *
     * @param address the physical address
     * @param size 1, 2, 4 or 8
     * @return whether the access reaches RAM
     */
    public boolean isRam(final long address, final int size)
    {
        if (cpuLocal != null && cpuLocal.claims(address, size))
        {
            return false;
        }
        return map.isRam(address, size);
    }

    /**
     * A CPU read.
     *
     * @param address the physical address
     * @param size 1, 2, 4 or 8
     * @return the value, zero-extended; all ones of {@code size} bytes for a refused access
     */
    public long read(final long address, final int size)
    {
        return read(address, size, RequesterId.CPU);
    }

    /**
     * A CPU write.
     *
     * @param address the physical address
     * @param size 1, 2, 4 or 8
     * @param value the value; bits above {@code size} bytes are ignored
     */
    public void write(final long address, final int size, final long value)
    {
        write(address, size, value, RequesterId.CPU);
    }

    /**
     * A read of a physical address on behalf of {@code requester}, after any translation.
     *
     * @param address the physical address
     * @param size 1, 2, 4 or 8
     * @param requester the requester ID, or {@link RequesterId#CPU}
     * @return the value, zero-extended; all ones of {@code size} bytes for a refused access
     */
    public long read(final long address, final int size, final long requester)
    {
        Require.accessSize("size", size);
        if (requester == RequesterId.CPU && cpuLocal != null && cpuLocal.claims(address, size))
        {
            final long value = cpuLocal.read(address, size) & ones(size);
            trace.record(CoreTrace.MMIO_READ, address, size, value);
            return value;
        }
        final int i = map.route(address, size);
        if (i < 0)
        {
            badAccesses++;
            trace.record(CoreTrace.BAD_ACCESS, address, size, -1);
            return ones(size);
        }
        final MmioDevice dev = map.device(i);
        if (dev == null)
        {
            return memory.read(address, size);
        }
        final long value = dev.read(address - map.base(i), size, requester) & ones(size);
        trace.record(CoreTrace.MMIO_READ, address, size, value);
        return value;
    }

    /**
     * A write to a physical address on behalf of {@code requester}, after any translation.
     *
     * @param address the physical address
     * @param size 1, 2, 4 or 8
     * @param value the value; bits above {@code size} bytes are ignored
     * @param requester the requester ID, or {@link RequesterId#CPU}
     * @return whether the write reached RAM or a device
     */
    public boolean write(final long address, final int size, final long value, final long requester)
    {
        Require.accessSize("size", size);
        final long v = value & ones(size);
        if (requester == RequesterId.CPU && cpuLocal != null && cpuLocal.claims(address, size))
        {
            trace.record(CoreTrace.MMIO_WRITE, address, size, v);
            cpuLocal.write(address, size, v);
            return true;
        }
        final int i = map.route(address, size);
        if (i < 0)
        {
            badAccesses++;
            trace.record(CoreTrace.BAD_ACCESS, address, size, v);
            return false;
        }
        final MmioDevice dev = map.device(i);
        if (dev == null)
        {
            memory.write(address, size, v);
            return true;
        }
        trace.record(CoreTrace.MMIO_WRITE, address, size, v);
        dev.write(address - map.base(i), size, v, requester);
        return true;
    }

    private static long ones(final int size)
    {
        return size == 8 ? -1L : (1L << (size << 3)) - 1;
    }

    // ---- DMA ----------------------------------------------------------------------------------------------

    /*
     * A DMA access is translated per 4 KiB page of device address, as PCIe forbids a request to cross a
     * 4 KiB boundary and IOMMU mappings are page-granular: an access that crosses a boundary becomes one
     * transaction per page, each translated and checked on its own. A translated range that is not wholly
     * RAM goes to the bus in the largest naturally aligned pieces (8, 4, 2, 1 bytes), so a device register
     * is never written in fragments it did not ask for; a range that hits no region at all is refused as a
     * whole, with one BAD_ACCESS record.
     */

    /**
     * A device's read through the translation stage.
     *
     * @param requester the requester ID
     * @param address the device-visible address
     * @param size 1, 2, 4 or 8
     * @return the value, little-endian; bytes that are blocked or refused read as all ones
     */
    public long dmaRead(final long requester, final long address, final int size)
    {
        Require.accessSize("size", size);
        trace.record(CoreTrace.DMA_READ, requester, address, size);
        final int first = chunk(address, size);
        if (first == size)
        {
            return readPhysical(requester, address, size);
        }
        return readPhysical(requester, address, first)
            | readPhysical(requester, address + first, size - first) << (8 * first);
    }

    /**
     * A device's write through the translation stage.
     *
     * @param requester the requester ID
     * @param address the device-visible address
     * @param size 1, 2, 4 or 8
     * @param value the value, little-endian; bits above {@code size} bytes are ignored
     * @return whether every byte reached RAM or a device
     */
    public boolean dmaWrite(final long requester, final long address, final int size, final long value)
    {
        Require.accessSize("size", size);
        trace.record(CoreTrace.DMA_WRITE, requester, address, size);
        final int first = chunk(address, size);
        if (first == size)
        {
            return writePhysical(requester, address, size, value);
        }
        final boolean low = writePhysical(requester, address, first, value);
        return writePhysical(requester, address + first, size - first, value >>> (8 * first)) && low;
    }

    /**
     * A message-signalled interrupt: a 32-bit DMA write of {@code data} to {@code address}. It takes the
     * DMA path like any other write, so an IOMMU's interrupt remapping unit or a GIC ITS behind the
     * translation stage receives it with the requester ID.
     *
     * @param requester the requester ID of the signalling function
     * @param address the message address
     * @param data the message data
     * @return whether the write reached a device
     */
    public boolean signalMessage(final long requester, final long address, final int data)
    {
        trace.record(CoreTrace.MSI, requester, address, data & 0xffffffffL);
        return dmaWrite(requester, address, 4, data & 0xffffffffL);
    }

    /**
     * A device's read of a buffer through the translation stage.
     *
     * @param requester the requester ID
     * @param address the device-visible address
     * @param dst the destination
     * @param offset where in {@code dst} to start
     * @param length the number of bytes
     * @return whether every byte was read; blocked or refused bytes read as 0xff
     */
    public boolean dmaRead(final long requester, final long address, final byte[] dst, final int offset,
                           final int length)
    {
        return transfer(requester, address, dst, offset, length, false);
    }

    /**
     * A device's write of a buffer through the translation stage.
     *
     * @param requester the requester ID
     * @param address the device-visible address
     * @param src the source
     * @param offset where in {@code src} to start
     * @param length the number of bytes
     * @return whether every byte was written
     */
    public boolean dmaWrite(final long requester, final long address, final byte[] src, final int offset,
                            final int length)
    {
        return transfer(requester, address, src, offset, length, true);
    }

    /** A bulk DMA, one 4 KiB page of device address at a time. */
    private boolean transfer(final long requester, final long address, final byte[] buf, final int offset,
                             final int length, final boolean write)
    {
        Objects.checkFromIndexSize(offset, length, buf.length);
        trace.record(write ? CoreTrace.DMA_WRITE : CoreTrace.DMA_READ, requester, address, length);
        boolean ok = true;
        for (int done = 0; done < length; )
        {
            final long va = address + done;
            final int n = chunk(va, length - done);
            final int at = offset + done;
            final long pa = translate(requester, va, n, write);
            final boolean fault = faulted(pa);
            if (!fault && map.isRam(pa, n))
            {
                if (write)
                {
                    memory.writeBytes(pa, buf, at, n);
                }
                else
                {
                    memory.readBytes(pa, buf, at, n);
                }
            }
            else if (fault || refuseHole(pa, n, write ? 0 : -1))
            {
                if (!write)
                {
                    Arrays.fill(buf, at, at + n, (byte) -1);
                }
                ok = false;
            }
            else
            {
                ok &= AlignedAccesses.transfer(this, map, requester, pa, buf, at, n, write);
            }
            done += n;
        }
        return ok;
    }

    /** Translates and reads one part (1 to 8 bytes, within a page) of a DMA read. */
    private long readPhysical(final long requester, final long address, final int n)
    {
        final long pa = translate(requester, address, n, false);
        if (faulted(pa))
        {
            return ones(n);
        }
        if (Integer.bitCount(n) == 1)
        {
            return read(pa, n, requester);
        }
        return AlignedAccesses.read(this, requester, pa, n);
    }

    /** Translates and writes one part (1 to 8 bytes, within a page) of a DMA write. */
    private boolean writePhysical(final long requester, final long address, final int n, final long value)
    {
        final long pa = translate(requester, address, n, true);
        if (faulted(pa))
        {
            return false;
        }
        if (Integer.bitCount(n) == 1)
        {
            return write(pa, n, value, requester);
        }
        return AlignedAccesses.write(this, requester, pa, n, value);
    }

    /** The length of the part of {@code [address, address + remaining)} that lies in the first 4 KiB page. */
    private static int chunk(final long address, final int remaining)
    {
        return (int) Math.min(remaining, CHUNK - (address & (CHUNK - 1)));
    }

    /**
     * Refuses a range that no region overlaps, with one BAD_ACCESS record for all of it.
     *
     * @return whether the range was refused
     */
    private boolean refuseHole(final long address, final int length, final long value)
    {
        if (!map.isHole(address, length))
        {
            return false;
        }
        badAccesses++;
        trace.record(CoreTrace.BAD_ACCESS, address, length, value);
        return true;
    }

    /** Whether a translated address is the stage's FAULT; without a stage, every address is genuine. */
    private boolean faulted(final long pa)
    {
        return pa == DmaTranslation.FAULT && translation != DmaTranslation.IDENTITY;
    }

    private long translate(final long requester, final long address, final int size, final boolean write)
    {
        final DmaTranslation stage = translation;
        if (stage == DmaTranslation.IDENTITY)
        {
            return address;
        }
        final long pa = stage.translate(requester, address, size, write);
        if (pa == DmaTranslation.FAULT)
        {
            dmaFaults++;
            trace.record(CoreTrace.DMA_FAULT, requester, address, write ? 1 : 0);
        }
        return pa;
    }
}
