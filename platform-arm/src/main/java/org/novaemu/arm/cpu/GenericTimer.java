// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.cpu;

import org.novaemu.irq.IrqLine;
import org.novaemu.sim.Engine;
import org.novaemu.util.Require;

/**
 * One timer of a PE's Generic Timer (Arm ARM D12.2) at its registers: CTL (ENABLE, IMASK, ISTATUS), the
 * 64-bit CompareValue CVAL and the 32-bit TimerValue view TVAL. The EL2 physical timer (CNTHP_*_EL2) compares
 * CNTPCT_EL0; the EL1 virtual timer (CNTV_*_EL0) compares the virtual count CNTPCT_EL0 - CNTVOFF_EL2
 * ({@link Pe} keeps the offset).
 *
 * <p>Invariants: the timer condition is met when ENABLE is 1 and the count, unsigned, is at least CVAL;
 * ISTATUS shows it; the level output is high exactly while the condition is met and IMASK is 0. While the
 * timer is enabled and the condition not yet met, one engine timer (made once, re-armed without allocation)
 * is armed for the cycle at which it will be, so that the output rises at that cycle; a CVAL that the count
 * reaches only after 2^63 cycles arms nothing. Every register write re-evaluates the condition.
 *
 * <p>Where the architecture leaves values UNKNOWN the model decides (docs/decisions.md A22): CTL and CVAL
 * reset to 0; ISTATUS reads 0 while ENABLE is 0; TVAL reads CVAL - count in bits 31:0 (63:32 RES0) whether
 * or not the timer is enabled, so that it counts down through 0 to negative values as a signed 32-bit view.
 * Not thread-safe.
 */
public final class GenericTimer
{
    /** CTL.ENABLE, bit 0: the timer is enabled. */
    public static final long ENABLE = 1;
    /** CTL.IMASK, bit 1: the interrupt is masked. */
    public static final long IMASK = 1 << 1;
    /** CTL.ISTATUS, bit 2, read-only: the timer condition is met. */
    public static final long ISTATUS = 1 << 2;
    /** The PPI of the EL2 physical timer (SBSA, "PPI assignments"): INTID 26. */
    public static final int PPI_HYP_PHYSICAL = 26;
    /** The PPI of the EL1 virtual timer (SBSA): INTID 27. */
    public static final int PPI_VIRTUAL = 27;

    private static final long WRITABLE = ENABLE | IMASK;

    private final SystemCounter counter;
    private final Engine engine;
    private final IrqLine output;
    private final int timer;
    private long control;
    private long compare;
    private long offset;

    /**
     * A timer at its reset state: disabled, not masked, CVAL 0.
     *
     * @param counter the system counter it compares
     * @param output the level output it drives (its PPI's line)
     */
    public GenericTimer(final SystemCounter counter, final IrqLine output)
    {
        this.counter = Require.nonNull("counter", counter);
        this.output = Require.nonNull("output", output);
        this.engine = counter.engine();
        this.timer = engine.newTimer(arg -> update(), 0);
    }

    /** @return the count this timer compares: CNTPCT_EL0 less the offset (CNTVCT_EL0 for the virtual timer) */
    public long count()
    {
        return counter.count() - offset;
    }

    /** @return CTL: ENABLE and IMASK as written, ISTATUS as the condition is now */
    public long ctl()
    {
        return control | (met(count()) ? ISTATUS : 0);
    }

    /**
     * Writes CTL; ISTATUS and bits 63:3 (RES0) are ignored.
     *
     * @param value the value written
     */
    public void writeCtl(final long value)
    {
        control = value & WRITABLE;
        update();
    }

    /** @return CVAL, the CompareValue */
    public long cval()
    {
        return compare;
    }

    /**
     * Writes CVAL: all 64 bits, compared unsigned.
     *
     * @param value the CompareValue
     */
    public void writeCval(final long value)
    {
        compare = value;
        update();
    }

    /** @return TVAL: (CVAL - count) in bits 31:0, a signed 32-bit down-counter; bits 63:32 read 0 */
    public long tval()
    {
        return compare - count() & 0xffff_ffffL;
    }

    /**
     * Writes TVAL: CVAL becomes the count plus bits 31:0 sign-extended; bits 63:32 are ignored.
     *
     * @param value the value written
     */
    public void writeTval(final long value)
    {
        compare = count() + (int) value;
        update();
    }

    /** @return the level output: high while the condition is met and IMASK is 0 */
    public IrqLine output()
    {
        return output;
    }

    /** @return the offset subtracted from CNTPCT_EL0 (CNTVOFF_EL2 for the virtual timer, else 0) */
    long offset()
    {
        return offset;
    }

    /**
     * The virtual offset changed (a write of CNTVOFF_EL2): the count moves and the condition is re-evaluated.
     *
     * @param value the new offset
     */
    void setOffset(final long value)
    {
        offset = value;
        update();
    }

    private boolean met(final long count)
    {
        return (control & ENABLE) != 0 && Long.compareUnsigned(count, compare) >= 0;
    }

    /** Re-evaluates the condition: drives the output and arms the engine timer for when it will be met. */
    private void update()
    {
        final long count = count();
        final boolean met = met(count);
        if (met || (control & ENABLE) == 0)
        {
            engine.cancel(timer);
        }
        else
        {
            // CVAL lies above the count (unsigned): the condition is met CVAL - count cycles from now.
            final long delta = compare - count;
            final long at = engine.now() + delta;
            if (delta < 0 || at < 0)
            {
                engine.cancel(timer); // beyond the engine's time: never
            }
            else
            {
                engine.arm(timer, at);
            }
        }
        output.set(met && (control & IMASK) == 0);
    }
}
