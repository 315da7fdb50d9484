// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import org.novaemu.mem.PhysicalMemory;

/**
 * NOVA's memory-buffer console (specification appendix C.1): one page of kernel memory that the NOVA host
 * space leaves delegable, so that the root task can hand it to a console consumer. Its header holds RdIdx in
 * bits 31:0 and WrIdx in bits 63:32; the characters follow from offset 8, N = 4,088 of them. The kernel
 * writes at WrIdx and, when the buffer is full, advances RdIdx itself, discarding the oldest character; it
 * ups the console semaphore (NOVA object space selector {@link Kernel#NOVA_CONSOLE_SM}) at the end of every
 * line. The consumer reads from RdIdx and advances it.
 *
 * <p>As in NOVA's {@code Console_mbuf::outc}, the indices a consumer wrote are reduced modulo N before use,
 * so that nonsense in RdIdx cannot make the kernel write outside the buffer.
 */
public final class MbufConsole
{
    /** The size of the region: one page. */
    public static final int SIZE = 4096;
    /** The header: RdIdx and WrIdx, 32 bits each. */
    public static final int HEADER = 8;
    /** N, the characters the buffer holds. */
    public static final int ENTRIES = SIZE - HEADER;

    private final PhysicalMemory memory;
    private final long start;
    private final Sm signal;

    /**
     * @param memory where the page is
     * @param start its physical address (zeroed: both indices 0, the buffer empty)
     * @param signal the console semaphore
     */
    MbufConsole(final PhysicalMemory memory, final long start, final Sm signal)
    {
        this.memory = memory;
        this.start = start;
        this.signal = signal;
    }

    /** @return the physical start of the region (HIP MBUF start) */
    public long start()
    {
        return start;
    }

    /** @return the physical end of the region (HIP MBUF end) */
    public long end()
    {
        return start + SIZE;
    }

    /**
     * Writes text as the kernel's console output; characters are taken as bytes (their low 8 bits).
     *
     * @param text the text
     */
    void print(final CharSequence text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            outc(text.charAt(i));
        }
    }

    private void outc(final char c)
    {
        final long r = memory.read32(start) & 0xffffffffL;
        final long w = memory.read32(start + 4) & 0xffffffffL;
        final long rc = r % SIZE % ENTRIES;
        final long wc = w % SIZE % ENTRIES;
        final long wn = (wc + 1) % ENTRIES;
        if (wn == rc)
        {
            memory.write32(start, (int) ((rc + 1) % ENTRIES)); // full: the oldest character is discarded
        }
        memory.write(start + HEADER + wc, 1, c & 0xff);
        memory.write32(start + 4, (int) wn);
        if (c == '\n')
        {
            signal.up();
        }
    }

    /**
     * Reads what the console holds and has not been read, as a consumer does: from RdIdx to WrIdx, then
     * advances RdIdx to WrIdx.
     *
     * @param memory the physical memory
     * @param start the region's start (HIP MBUF start)
     * @param end the region's end (HIP MBUF end)
     * @return the unread characters
     */
    public static String drain(final PhysicalMemory memory, final long start, final long end)
    {
        final long n = end - start - HEADER;
        long r = (memory.read32(start) & 0xffffffffL) % n;
        final long w = (memory.read32(start + 4) & 0xffffffffL) % n;
        final StringBuilder out = new StringBuilder();
        while (r != w)
        {
            out.append((char) memory.read(start + HEADER + r, 1));
            r = (r + 1) % n;
        }
        memory.write32(start, (int) r);
        return out.toString();
    }
}
