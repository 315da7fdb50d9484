// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.core;

import org.novaemu.util.Require;

/**
 * What a bare core's instructions cost in cycles of the reference clock. The defaults are first estimates
 * (docs/decisions.md A60): a short instruction, an L1 hit, a device register (MMIO, the GIC's frames), an MRS or
 * MSR that leaves the core (the GIC CPU interface's and the Generic Timer's registers), taking an exception or
 * returning from one with ERET, and an SMC to the EL3 firmware and back.
 *
 * @param instruction every step, at least 1 (so that a spinning program moves time)
 * @param memory a load or store that reaches RAM
 * @param uncached a load or store that reaches a device's registers
 * @param sysreg an MRS or MSR of a GIC CPU interface or Generic Timer register (the core's own cost nothing more)
 * @param exception taking an exception to its vector, or ERET
 * @param firmware an SMC to the firmware, the PSCI call included
 */
public record CoreCosts(long instruction, long memory, long uncached, long sysreg, long exception, long firmware)
{
    /** The defaults. */
    public static final CoreCosts DEFAULT = new CoreCosts(1, 4, 200, 10, 50, 1_000);

    /**
     * Validates the entries: {@code instruction} at least 1, the others 0 or more.
     *
     * @param instruction every step
     * @param memory a RAM access
     * @param uncached an MMIO access
     * @param sysreg an MRS or MSR leaving the core
     * @param exception an exception entry or ERET
     * @param firmware an SMC
     */
    public CoreCosts
    {
        Require.positive("instruction", instruction);
        Require.nonNegative("memory", memory);
        Require.nonNegative("uncached", uncached);
        Require.nonNegative("sysreg", sysreg);
        Require.nonNegative("exception", exception);
        Require.nonNegative("firmware", firmware);
    }
}
