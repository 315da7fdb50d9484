// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import org.novaemu.bus.Bus;
import org.novaemu.util.Require;

/**
 * An EC's accesses through its PD's host space, as its MMU makes them: loads, stores and instruction fetches
 * translated page by page, with a one-entry translation cache per access kind ({@code Ec.tlb}) that stays
 * valid while the host space's version is unchanged. An access the space does not allow pends the
 * architecture's fault (#PF, or the abort from a lower exception level) with its syndrome and address. The
 * cache lives in the EC itself, so an access to a cold EC misses once, not twice.
 */
final class HostAccess
{
    /** Words of an EC's translation cache per access kind: the page, its frame, the space's version. */
    static final int TLB_STRIDE = 3;

    private HostAccess()
    {
    }

    /** @return a translation cache with nothing in it: no page is -1 */
    static long[] emptyTlb()
    {
        final long[] tlb = new long[3 * TLB_STRIDE];
        for (int i = 0; i < tlb.length; i += TLB_STRIDE)
        {
            tlb[i] = -1;
        }
        return tlb;
    }

    /**
     * Translates a virtual address for an access of one kind, or records the page fault.
     *
     * @return the physical address, or -1 if the access faults (the exception is then pending)
     */
    private static long translate(final Ec ec, final long address, final int access)
    {
        final long page = address >>> 12;
        final SpaceMem hst = ec.pd().hst();
        final long[] tlb = ec.tlb;
        final int t = access * TLB_STRIDE;
        if (tlb[t] == page && tlb[t + 2] == hst.version())
        {
            return tlb[t + 1] << 12 | address & 0xfff;
        }
        final long e = hst.lookup(page);
        final int need = access == User.READ ? Perm.MEM_R : access == User.WRITE ? Perm.MEM_W : Perm.MEM_XU;
        if ((SpaceMem.perms(e) & need) == 0)
        {
            final EcArch arch = ec.kernel().platform().ec();
            ec.pend(arch.faultEvent(access), arch.faultSyndrome(access, e != 0), address);
            return -1;
        }
        tlb[t] = page;
        tlb[t + 1] = SpaceMem.frame(e);
        tlb[t + 2] = hst.version();
        return SpaceMem.frame(e) << 12 | address & 0xfff;
    }

    /**
     * {@link User#read}.
     *
     * @param ec the EC
     */
    static long read(final Ec ec, final long address, final int size)
    {
        Require.accessSize("size", size);
        final Bus bus = ec.kernel().bus();
        if ((address & 0xfff) + size <= 0x1000)
        {
            final long pa = translate(ec, address, User.READ);
            if (pa < 0)
            {
                throw Fault.INSTANCE;
            }
            return bus.read(pa, size);
        }
        // Crosses a page: both translations first, low page first, so the fault names the first page that
        // faults and no device register is read for an access that faults.
        final long pa = translate(ec, address, User.READ);
        final int first = 0x1000 - (int) (address & 0xfff);
        final long pb = pa < 0 ? -1 : translate(ec, address + first, User.READ);
        if (pb < 0)
        {
            throw Fault.INSTANCE;
        }
        long value = 0;
        for (int i = size - 1; i >= 0; i--)
        {
            value = value << 8 | bus.read(i < first ? pa + i : pb + i - first, 1);
        }
        return value;
    }

    /**
     * {@link User#write}.
     *
     * @param ec the EC
     */
    static void write(final Ec ec, final long address, final int size, final long value)
    {
        Require.accessSize("size", size);
        final Bus bus = ec.kernel().bus();
        final long pa = translate(ec, address, User.WRITE);
        final int first = (int) Math.min(size, 0x1000 - (address & 0xfff));
        final long pb = first == size || pa < 0 ? -1 : translate(ec, address + first, User.WRITE);
        if (pa < 0 || first < size && pb < 0)
        {
            throw Fault.INSTANCE;
        }
        if (first == size)
        {
            bus.write(pa, size, value);
            return;
        }
        for (int i = 0; i < size; i++)
        {
            bus.write(i < first ? pa + i : pb + i - first, 1, value >>> 8 * i & 0xff);
        }
    }

    /**
     * The program at an instruction pointer: the boot module whose code the IP's page maps with XU.
     *
     * @param ec the EC
     * @return the program, or null if the fetch faults (the exception is then pending)
     */
    static Program program(final Ec ec, final long ip)
    {
        final long pa = translate(ec, ip, User.FETCH);
        if (pa < 0)
        {
            return null;
        }
        final Program p = ec.kernel().module(pa);
        if (p == null)
        {
            // No code there: the fetch faults as from a page that is not executable (docs/decisions.md K24).
            final EcArch arch = ec.kernel().platform().ec();
            ec.pend(arch.faultEvent(User.FETCH), arch.faultSyndrome(User.FETCH, true), ip);
        }
        return p;
    }
}
