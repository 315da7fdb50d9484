// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import org.novaemu.devices.MultiQueueDevice;
import org.novaemu.kernel.User;
import org.novaemu.pci.Header;
import org.novaemu.pci.MsixCapability;

/**
 * What the demo's root task learns by walking ECAM, as a simple root task does, by brute force: every
 * device number of every bus of every segment, every function of a multi-function device. It keeps the
 * multi-queue devices, in the order found: their segment:bus:device.function, BAR 0, MSI-X capability and
 * table, and how their vectors are numbered (across all devices, and within their segment). The ECAM
 * windows are mapped in the root's host space at {@code ecam + (segment:bus:dev.fn << 12)}.
 */
final class DeviceTable
{
    /** The most devices it keeps. */
    static final int MAX = 4096;

    private final long ecam;
    private final long bars;
    private final long mmio64;
    private final int accessCycles;
    private int count;
    private int mostPerSegment;
    private final int[] bdf = new int[MAX];
    private final long[] bar0 = new long[MAX];
    private final long[] table = new long[MAX];
    private final int[] msixCap = new int[MAX];
    private final int[] firstVector = new int[MAX + 1];
    private final int[] segmentVector = new int[MAX];
    private final long[] started = new long[MAX];
    private int starts;

    /**
     * @param ecam where segment 0's ECAM is mapped in the host space; the others follow every 256 MiB
     * @param bars where the 64-bit BAR windows are mapped: physical {@code mmio64} there
     * @param mmio64 the physical address of segment 0's 64-bit BAR window; the others follow it
     * @param accessCycles the cost of one configuration or register access
     */
    DeviceTable(final long ecam, final long bars, final long mmio64, final int accessCycles)
    {
        this.ecam = ecam;
        this.bars = bars;
        this.mmio64 = mmio64;
        this.accessCycles = accessCycles;
    }

    /**
     * @param physical a BAR address of any segment
     * @return where it is in the root's host space
     */
    long virtual(final long physical)
    {
        return bars + physical - mmio64;
    }

    /**
     * @param d a device
     * @return its segment:bus:device.function, as lspci names it
     */
    String name(final int d)
    {
        return String.format("%04x:%02x:%02x.%x", bdf[d] >>> 16, bdf[d] >>> 8 & 0xff, bdf[d] >>> 3 & 0x1f, bdf[d] & 7);
    }

    /** Writes device d's MSI-X table entry v: address, data, unmasked (PCI Express Base 6.0, 7.7.2). */
    void writeMsix(final User u, final int d, final int v, final long address, final long data)
    {
        MsixCapability.writeEntry(u::write, virtual(table[d]), v, address, data);
        u.charge(3L * accessCycles);
    }

    /** Device d's write-back address, then MSI-X, memory decoding and bus mastering on. */
    void enable(final User u, final int d, final long writeback)
    {
        final long regs = virtual(bar0[d]);
        u.write(regs + MultiQueueDevice.Register.WRITEBACK_LO.offset(), 4, writeback & 0xffffffffL);
        u.write(regs + MultiQueueDevice.Register.WRITEBACK_HI.offset(), 4, writeback >>> 32);
        MsixCapability.enable(u::write, config(d, msixCap[d]));
        final long command = u.read(config(d, Header.COMMAND.offset()), 2);
        u.write(config(d, Header.COMMAND.offset()), 2, command | Header.COMMAND_BUS_MASTER | Header.COMMAND_MEMORY);
        u.charge(5L * accessCycles);
    }

    /** Starts device d: its first queue, then its period, which starts its raises; notes when. */
    void start(final User u, final int d, final long period)
    {
        started[d] = u.stc();
        starts = Math.max(starts, d + 1);
        final long regs = virtual(bar0[d]);
        u.write(regs + MultiQueueDevice.Register.NEXT.offset(), 4, d);
        u.write(regs + MultiQueueDevice.Register.PERIOD.offset(), 4, period);
        u.charge(2L * accessCycles);
    }

    /**
     * Walks the segments' buses.
     *
     * @param u the root EC
     * @param segments how many segments to walk, from 0
     * @return null, or why the walk stopped
     */
    String scan(final User u, final int segments)
    {
        for (int s = 0; s < segments; s++)
        {
            final int first = firstVector[count];
            final String failure = scanSegment(u, s);
            if (failure != null)
            {
                return failure;
            }
            mostPerSegment = Math.max(mostPerSegment, firstVector[count] - first);
        }
        return null;
    }

    /** Walks one segment's buses, numbering its vectors within the segment from 0. */
    private String scanSegment(final User u, final int segment)
    {
        final int before = firstVector[count];
        int vectors = before;
        for (int b = 0; b < 256; b++)
        {
            for (int dev = 0; dev < 32; dev++)
            {
                for (int fn = 0; fn < 8; fn++)
                {
                    final int id = segment << 16 | b << 8 | dev << 3 | fn;
                    final long base = ecam + ((long) id << 12);
                    final long ids = u.read(base, 4);
                    u.charge(accessCycles);
                    if ((ids & 0xffff) == 0xffff)
                    {
                        if (fn == 0)
                        {
                            break;
                        }
                        continue;
                    }
                    if (ids == (0x0100L << 16 | MultiQueueDevice.VENDOR))
                    {
                        if (count == MAX)
                        {
                            return "more than " + MAX + " devices";
                        }
                        bdf[count] = id;
                        segmentVector[count] = vectors - before;
                        vectors += probe(u, count);
                        count++;
                        firstVector[count] = vectors;
                    }
                    if (fn == 0 && (u.read(base + Header.HEADER_TYPE.offset(), 1) & 0x80) == 0)
                    {
                        break; // a single-function device
                    }
                }
            }
        }
        return null;
    }

    /** Reads BAR 0 and the MSI-X table's place; returns the table size. */
    private int probe(final User u, final int d)
    {
        bar0[d] = u.read(config(d, 0x10), 4) & ~0xfL | u.read(config(d, 0x14), 4) << 32;
        int cap = (int) u.read(config(d, 0x34), 1) & 0xfc;
        while (cap != 0)
        {
            final long header = u.read(config(d, cap), 2);
            if ((header & 0xff) == 0x11)
            {
                msixCap[d] = cap;
                final int control = (int) u.read(config(d, cap + 2), 2);
                final long place = u.read(config(d, cap + 4), 4);
                final int bir = (int) place & 7;
                final long barLow = u.read(config(d, 0x10 + 4 * bir), 4) & ~0xfL;
                final long barHigh = u.read(config(d, 0x14 + 4 * bir), 4);
                table[d] = (barLow | barHigh << 32) + (place & ~7L);
                u.charge(6L * accessCycles);
                return (control & 0x7ff) + 1;
            }
            cap = (int) (header >>> 8) & 0xfc;
        }
        return 0;
    }

    /**
     * @param d a device
     * @param reg a configuration register
     * @return its address in the host space
     */
    long config(final int d, final int reg)
    {
        return ecam + ((long) bdf[d] << 12) + reg;
    }

    /** @return devices found */
    int count()
    {
        return count;
    }

    /** @return vectors found, in all */
    int vectors()
    {
        return firstVector[count];
    }

    /** @return the most vectors one segment has */
    int mostPerSegment()
    {
        return mostPerSegment;
    }

    /**
     * @param d a device
     * @return its segment [31:16], bus [15:8], device [7:3], function [2:0]
     */
    int bdf(final int d)
    {
        return bdf[d];
    }

    /** @return how many devices have been started, in order */
    int started()
    {
        return starts;
    }

    /**
     * @param d a device started
     * @return the STC at which it was
     */
    long startedAt(final int d)
    {
        return started[d];
    }

    /**
     * @param d a device
     * @return its BAR 0 (registers)
     */
    long bar0(final int d)
    {
        return bar0[d];
    }

    /**
     * @param d a device
     * @return its MSI-X table's physical address
     */
    long table(final int d)
    {
        return table[d];
    }

    /**
     * @param d a device
     * @return its MSI-X capability's offset
     */
    int msixCap(final int d)
    {
        return msixCap[d];
    }

    /**
     * @param d a device, or the device count for the end
     * @return the number of its first vector across all devices
     */
    int firstVector(final int d)
    {
        return firstVector[d];
    }

    /**
     * @param d a device
     * @return the number of its first vector within its segment
     */
    int segmentVector(final int d)
    {
        return segmentVector[d];
    }
}
