// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.boot;

import java.nio.charset.StandardCharsets;

import org.novaemu.kernel.Framebuffer;
import org.novaemu.mem.PhysicalMemory;

/**
 * The Multiboot 2 boot information structure a loader leaves for the kernel, which NOVA passes on to the root
 * in RSI (specification 8.1.2): the fixed part (total size, reserved), then 8-byte aligned tags, each a type
 * and a size, ending with the end tag (Multiboot 2 specification, 3.6). Written: the boot loader's name
 * (type 2), the BIOS memory map (type 6, with the IOMMU tables the kernel keeps outside its image reserved),
 * the framebuffer (type 8, direct RGB) and a copy of the ACPI 2.0 RSDP (type 15). Not written: module tags
 * (type 3), whose 32-bit addresses cannot name the boot modules above 4 GiB (decision X36); the root finds its
 * own image in the HIP.
 */
public final class MultibootInfo
{
    /** Tag type: end. */
    public static final int END = 0;
    /** Tag type: boot loader name. */
    public static final int LOADER_NAME = 2;
    /** Tag type: memory map. */
    public static final int MEMORY_MAP = 6;
    /** Tag type: framebuffer info. */
    public static final int FRAMEBUFFER = 8;
    /** Tag type: ACPI new RSDP. */
    public static final int ACPI_NEW = 15;

    /** Memory map entry type: available RAM. */
    public static final int AVAILABLE = 1;
    /** Memory map entry type: reserved. */
    public static final int RESERVED = 2;

    /** The loader's name in its tag. */
    public static final String LOADER = "novaemu";

    /** Where conventional memory ends and the EBDA, the VGA window and the BIOS area begin (a PC's). */
    private static final long LOW_END = 0x9_f000L;
    private static final long HIGH_START = 0x10_0000L;
    private static final int RSDP_LENGTH = 36;

    private MultibootInfo()
    {
    }

    /**
     * Writes the structure.
     *
     * @param memory physical memory
     * @param at where, 8-byte aligned
     * @param ramEnd the end of RAM, above 1 MiB
     * @param reserved a range of RAM above 1 MiB the kernel keeps outside its image (base and size; size 0 for
     *                 none), listed as reserved
     * @param framebuffer the framebuffer, or null for none
     * @param rsdp the ACPI RSDP's address, or -1 for none
     * @return the structure's total size in bytes
     */
    public static int write(final PhysicalMemory memory, final long at, final long ramEnd, final long[] reserved,
                            final Framebuffer framebuffer, final long rsdp)
    {
        long p = at + 8;
        final byte[] name = (LOADER + '\0').getBytes(StandardCharsets.US_ASCII);
        final long ln = p;
        p = tag(memory, p, LOADER_NAME, 8 + name.length);
        memory.writeBytes(ln + 8, name, 0, name.length);
        // The memory map: conventional memory, the legacy area reserved (the ACPI tables lie in it), then RAM.
        final long[][] map = reserved[1] == 0
            ? new long[][] {{0, LOW_END, AVAILABLE}, {LOW_END, HIGH_START - LOW_END, RESERVED},
                {HIGH_START, ramEnd - HIGH_START, AVAILABLE}}
            : new long[][] {{0, LOW_END, AVAILABLE}, {LOW_END, HIGH_START - LOW_END, RESERVED},
                {HIGH_START, reserved[0] - HIGH_START, AVAILABLE}, {reserved[0], reserved[1], RESERVED},
                {reserved[0] + reserved[1], ramEnd - reserved[0] - reserved[1], AVAILABLE}};
        final long mm = p;
        p = tag(memory, p, MEMORY_MAP, 16 + 24 * map.length);
        memory.write32(mm + 8, 24); // entry_size
        memory.write32(mm + 12, 0); // entry_version
        for (int i = 0; i < map.length; i++)
        {
            final long e = mm + 16 + 24L * i;
            memory.write64(e, map[i][0]);
            memory.write64(e + 8, map[i][1]);
            memory.write32(e + 16, (int) map[i][2]);
            memory.write32(e + 20, 0);
        }
        if (framebuffer != null)
        {
            final long fb = p;
            p = tag(memory, p, FRAMEBUFFER, 38);
            final int format = framebuffer.format();
            final int bytes = (format >>> 30) + 1;
            memory.write64(fb + 8, framebuffer.address());
            memory.write32(fb + 16, framebuffer.pitch() * bytes); // bytes per scan line
            memory.write32(fb + 20, framebuffer.width());
            memory.write32(fb + 24, framebuffer.height());
            memory.write8(fb + 28, bytes * 8);                      // bits per pixel
            memory.write8(fb + 29, 1);                              // direct RGB
            memory.write16(fb + 30, 0);                             // reserved
            for (int c = 0; c < 3; c++)                             // red, green, blue: position and size
            {
                final int low = format >>> 10 * c & 0x1f;
                final int high = format >>> 10 * c + 5 & 0x1f;
                memory.write8(fb + 32 + 2 * c, low);
                memory.write8(fb + 33 + 2 * c, high - low + 1);
            }
        }
        if (rsdp >= 0)
        {
            final byte[] copy = new byte[RSDP_LENGTH];
            memory.readBytes(rsdp, copy, 0, RSDP_LENGTH);
            final long t = p;
            p = tag(memory, p, ACPI_NEW, 8 + RSDP_LENGTH);
            memory.writeBytes(t + 8, copy, 0, RSDP_LENGTH);
        }
        p = tag(memory, p, END, 8);
        final int total = (int) (p - at);
        memory.write32(at, total);
        memory.write32(at + 4, 0);
        return total;
    }

    /** Writes a tag's header; returns where the next tag starts (8-byte aligned). */
    private static long tag(final PhysicalMemory memory, final long at, final int type, final int size)
    {
        memory.fill(at, size + pad(size), 0);
        memory.write32(at, type);
        memory.write32(at + 4, size);
        return at + size + pad(size);
    }

    private static int pad(final int size)
    {
        return -size & 7;
    }
}
