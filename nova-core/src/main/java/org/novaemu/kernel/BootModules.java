// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import java.util.Arrays;

/**
 * The boot modules a boot loader placed in physical memory, as the kernel knows them: module n occupies the
 * 1 GiB from {@code Layout.moduleBase() + n * 2^30}, and its code is a {@link Program}. Module 0 is the root
 * image ({@link Kernel#start}); the others are what the root task loads into the PDs it makes.
 */
final class BootModules
{
    /** The distance between modules, and the most one may hold. */
    static final long SIZE = RootImage.MAX_SIZE;

    private final long base;
    private Program[] programs = new Program[0];

    /** @param base where module 0 starts, 1 GiB aligned */
    BootModules(final long base)
    {
        this.base = base;
    }

    /** @return whether module 0, the root image, has been placed */
    boolean rootPlaced()
    {
        return programs.length > 0 && programs[0] != null;
    }

    /**
     * @param slot the module's number
     * @param program its code
     * @return its physical address
     */
    long place(final int slot, final Program program)
    {
        if (slot >= programs.length)
        {
            programs = Arrays.copyOf(programs, slot + 1);
        }
        programs[slot] = program;
        return base + slot * SIZE;
    }

    /** @return the number the next module added after the root gets */
    int next()
    {
        return Math.max(1, programs.length);
    }

    /**
     * @param physical a physical address
     * @return the program of the module that holds it, or null
     */
    Program at(final long physical)
    {
        final long slot = physical - base >>> 30; // SIZE apart
        return physical >= base && slot < programs.length ? programs[(int) slot] : null;
    }
}
