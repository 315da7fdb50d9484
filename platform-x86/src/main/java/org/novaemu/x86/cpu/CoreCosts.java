// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.cpu;

import org.novaemu.util.Require;

/**
 * What a bare core's instructions cost in cycles of the reference clock. The defaults are first estimates
 * for a 2 GHz core (docs/decisions.md X31): a short instruction, an L1 hit, an uncached device register, a
 * legacy I/O port behind the chipset, a serializing WRMSR to the x2APIC, interrupt delivery through the
 * IDT, and PAUSE as recent cores implement it.
 *
 * @param instruction every step, at least 1 (so that a spinning program moves time)
 * @param memory a read or write that reaches RAM
 * @param uncached a read or write that reaches a device's registers (MMIO, the APIC page)
 * @param port IN or OUT
 * @param msr RDMSR or WRMSR
 * @param interrupt delivering an interrupt or exception to its handler (IRET is an instruction)
 * @param pause PAUSE
 */
public record CoreCosts(long instruction, long memory, long uncached, long port, long msr, long interrupt,
                        long pause)
{
    /** The defaults. */
    public static final CoreCosts DEFAULT = new CoreCosts(1, 4, 200, 1_000, 100, 200, 140);

    /**
     * Validates the entries: {@code instruction} at least 1, the others 0 or more.
     *
     * @param instruction every step
     * @param memory a RAM access
     * @param uncached an MMIO access
     * @param port IN or OUT
     * @param msr RDMSR or WRMSR
     * @param interrupt delivering an event
     * @param pause PAUSE
     */
    public CoreCosts
    {
        Require.positive("instruction", instruction);
        Require.nonNegative("memory", memory);
        Require.nonNegative("uncached", uncached);
        Require.nonNegative("port", port);
        Require.nonNegative("msr", msr);
        Require.nonNegative("interrupt", interrupt);
        Require.nonNegative("pause", pause);
    }
}
