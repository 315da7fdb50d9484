// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import java.util.List;

import org.novaemu.util.Require;

/**
 * A root task's executable as specification 6.2.1 asks it to be linked: an ELF64 executable (ET_EXEC) whose
 * loadable segments hold no zero-fill part (p_filesz = p_memsz) and lie in the file as in memory, from the
 * first segment's page on (file offset = virtual address less the first segment's, so each is congruent to
 * its page). The first segment starts at file offset 0 and so covers the ELF and program headers, which
 * 6.2.2 wants in the attestable region. The boot loader places the file as boot module 0 and NOVA maps its
 * segments, and nothing else, into the root host space ({@link Kernel#start(Program, RootImage)}); what the
 * file does not write reads as zero, because the module's memory starts zeroed.
 *
 * @param entry the entry point: the root EC's first instruction pointer, in an executable segment
 * @param segments the loadable segments, ascending and not overlapping; the first starts on a page
 */
public record RootImage(long entry, List<Segment> segments)
{
    /** The ELF segment permission bit "execute" (PF_X). */
    public static final int PF_X = 1;
    /** The ELF segment permission bit "write" (PF_W). */
    public static final int PF_W = 2;
    /** The ELF segment permission bit "read" (PF_R). */
    public static final int PF_R = 4;

    /** How far a root image reaches: boot modules are 1 GiB apart. */
    public static final long MAX_SIZE = 1L << 30;
    /** The virtual address of {@link #standard()}'s code segment, which begins with the headers. */
    public static final long TEXT = 0x20_0000L;
    /** {@link #standard()}'s entry point: the code after the headers' page. */
    public static final long ENTRY = TEXT + 0x1000;
    /** The virtual address of {@link #standard()}'s data segment. */
    public static final long DATA = 0x40_0000L;

    /** The ELF header's size (Elf64_Ehdr). */
    static final int EHDR_SIZE = 64;
    /** A program header's size (Elf64_Phdr). */
    static final int PHDR_SIZE = 56;
    /** The page size, to which the first segment is aligned. */
    private static final long PAGE = 0x1000;
    private static final int MAX_SEGMENTS = (int) ((PAGE - EHDR_SIZE) / PHDR_SIZE);

    /**
     * A loadable segment (an ELF PT_LOAD program header).
     *
     * @param address its virtual address
     * @param size its size in bytes, more than 0
     * @param flags its permissions: {@link #PF_R}, {@link #PF_W} and {@link #PF_X} or'ed; 0 makes NOVA skip it
     */
    public record Segment(long address, long size, int flags)
    {
        /**
         * @param address its virtual address
         * @param size its size in bytes
         * @param flags its permissions
         * @throws IllegalArgumentException if the segment is empty or larger than an image, or its flags name
         *                                  other bits
         */
        public Segment
        {
            Require.inRange("address", address, 0, (1L << 56) - 1); // the widest host space (x86 H = 56)
            Require.inRange("size", size, 1, MAX_SIZE);
            Require.inRange("flags", flags, 0, PF_R | PF_W | PF_X);
        }

        /** @return the first address after the segment */
        public long end()
        {
            return address + size;
        }
    }

    /**
     * @param entry the entry point
     * @param segments the loadable segments
     * @throws IllegalArgumentException if the segments overlap, are not ascending, are too many for the header
     *                                  page, the first does not start on a page or cannot hold the headers, the
     *                                  file would exceed {@link #MAX_SIZE}, or the entry lies in no executable
     *                                  segment
     */
    public RootImage
    {
        segments = List.copyOf(Require.nonNull("segments", segments));
        Require.inRange("segments.size()", segments.size(), 1, MAX_SEGMENTS);
        final Segment first = segments.get(0);
        if ((first.address() & PAGE - 1) != 0 || first.size() < EHDR_SIZE + PHDR_SIZE * segments.size())
        {
            throw new IllegalArgumentException("segments: the first must start on a page and hold the headers");
        }
        for (int i = 1; i < segments.size(); i++)
        {
            if (segments.get(i).address() < segments.get(i - 1).end())
            {
                throw new IllegalArgumentException("segments must be ascending and not overlap: segment " + i
                    + " starts at 0x" + Long.toHexString(segments.get(i).address()));
            }
        }
        if (segments.get(segments.size() - 1).end() - first.address() > MAX_SIZE)
        {
            throw new IllegalArgumentException("segments span more than " + MAX_SIZE + " bytes");
        }
        boolean inText = false;
        for (final Segment s : segments)
        {
            inText |= (s.flags() & PF_X) != 0 && entry >= s.address() && entry < s.end();
        }
        if (!inText)
        {
            throw new IllegalArgumentException("entry 0x" + Long.toHexString(entry) + " lies in no executable segment");
        }
    }

    /**
     * The layout {@link Kernel#start(Program)} uses: headers and code (read, execute) from {@link #TEXT} to
     * {@link #DATA}, entered at {@link #ENTRY}, and data (read, write) from {@link #DATA} to 1 GiB. The first
     * 2 MiB, the null page included, are not mapped. Both segments lie in the file as in memory modulo 2 MiB,
     * so the data maps with large pages.
     *
     * @return the standard image
     */
    public static RootImage standard()
    {
        return new RootImage(ENTRY, List.of(new Segment(TEXT, DATA - TEXT, PF_R | PF_X),
            new Segment(DATA, MAX_SIZE - DATA, PF_R | PF_W)));
    }

    /**
     * @param machine the ELF machine ({@link Abi#elfMachine()})
     * @return the file's header page: ELF header and program headers, as a little-endian byte image
     */
    public byte[] elf(final int machine)
    {
        final byte[] out = new byte[EHDR_SIZE + PHDR_SIZE * segments.size()];
        put(out, 0, 4, 0x464c457fL);       // e_ident: magic
        put(out, 4, 1, 2);                  // ELFCLASS64
        put(out, 5, 1, 1);                  // ELFDATA2LSB
        put(out, 6, 1, 1);                  // EV_CURRENT
        put(out, 16, 2, 2);                 // e_type: ET_EXEC
        put(out, 18, 2, machine);           // e_machine
        put(out, 20, 4, 1);                 // e_version
        put(out, 24, 8, entry);             // e_entry
        put(out, 32, 8, EHDR_SIZE);         // e_phoff
        put(out, 52, 2, EHDR_SIZE);         // e_ehsize
        put(out, 54, 2, PHDR_SIZE);         // e_phentsize
        put(out, 56, 2, segments.size());   // e_phnum
        for (int i = 0; i < segments.size(); i++)
        {
            final Segment s = segments.get(i);
            final int p = EHDR_SIZE + i * PHDR_SIZE;
            put(out, p, 4, 1);              // p_type: PT_LOAD
            put(out, p + 4, 4, s.flags());  // p_flags
            put(out, p + 8, 8, s.address() - segments.get(0).address()); // p_offset
            put(out, p + 16, 8, s.address()); // p_vaddr
            put(out, p + 24, 8, s.address()); // p_paddr
            put(out, p + 32, 8, s.size());  // p_filesz
            put(out, p + 40, 8, s.size());  // p_memsz
            put(out, p + 48, 8, PAGE); // p_align
        }
        return out;
    }

    private static void put(final byte[] out, final int at, final int size, final long value)
    {
        for (int i = 0; i < size; i++)
        {
            out[at + i] = (byte) (value >>> 8 * i);
        }
    }
}
