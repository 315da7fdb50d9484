// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.isa;

/**
 * One counter of the 82C54 (Intel 82C54 CHMOS Programmable Interval Timer datasheet, "Operational
 * Description"), in ticks of its CLK input: the count register and counting element, the six modes with
 * binary or BCD counting, the read/write flip-flops, the counter latch and the read-back status, and OUT as a
 * function of time. The gate is tied high, as a PC ties GATE0 and GATE1 (and GATE2 here, whose port 61h is
 * not modelled), so modes 1 and 5, which wait for a rising gate edge, never trigger.
 *
 * <p>Time enters as an absolute tick number; the counter keeps no clock of its own, so OUT and the count
 * are exact at any tick without an event per tick.
 */
final class PitCounter
{
    /** No further change of OUT. */
    static final long NEVER = Long.MAX_VALUE;

    private static final int RW_LSB = 1;
    private static final int RW_MSB = 2;
    private static final int RW_BOTH = 3;

    private int mode;
    private int modeBits;
    private int rw;
    private boolean bcd;

    private int lsb;
    private boolean writeMsbNext;
    private boolean readMsbNext;

    private boolean countLatched;
    private int countLatch;
    private boolean latchMsbNext;
    private boolean statusLatched;
    private int statusLatch;

    /** Whether the counting element counts from {@link #base} (it has been loaded). */
    private boolean running;
    private long base;
    private int n;
    private long pendingAt = -1;
    private int pendingN;
    /** When the count register was, or will be, loaded into the counting element: NULL COUNT before. */
    private long loadAt = NEVER;
    /** The counting element's value while it does not count, and OUT then. */
    private int held;
    private boolean outHeld;

    /** The state at reset: as if mode 0, LSB then MSB, binary were programmed and no count written. */
    PitCounter()
    {
        control(RW_BOTH, 0, false, 0);
    }

    /**
     * A control word for this counter (RW not 00): resets the control logic, OUT to its initial state (low in
     * mode 0, high in the others), NULL COUNT set, nothing counts until a count is written.
     */
    void control(final int rwBits, final int modeField, final boolean bcdCounting, final long tick)
    {
        settle(tick);
        held = value(tick);
        rw = rwBits;
        modeBits = modeField;
        mode = modeField > 5 ? modeField - 4 : modeField; // 110 and 111 are modes 2 and 3
        bcd = bcdCounting;
        running = false;
        pendingAt = -1;
        loadAt = NEVER;
        outHeld = mode != 0;
        writeMsbNext = false;
        readMsbNext = false;
        countLatched = false;
        statusLatched = false;
    }

    /** A byte of the count, as RW asks for it. */
    void write(final int b, final long tick)
    {
        settle(tick);
        final int v = b & 0xff;
        switch (rw)
        {
            case RW_LSB -> load(v, tick);
            case RW_MSB -> load(v << 8, tick);
            default ->
            {
                if (!writeMsbNext)
                {
                    lsb = v;
                    writeMsbNext = true;
                    if (mode == 0)
                    {
                        stop(tick, false); // mode 0: writing the first byte stops the count
                    }
                    return;
                }
                writeMsbNext = false;
                load(lsb | v << 8, tick);
            }
        }
    }

    private void stop(final long tick, final boolean out)
    {
        held = value(tick);
        running = false;
        pendingAt = -1;
        outHeld = out;
    }

    /** A whole count is in the count register: the counting element takes it on the next CLK pulse. */
    private void load(final int raw, final long tick)
    {
        final int count = bcd ? fromBcd(raw) : raw == 0 ? 0x10000 : raw;
        switch (mode)
        {
            case 0, 4 ->
            {
                stop(tick, mode == 4);
                start(count, tick + 1);
            }
            case 2, 3 ->
            {
                if (running && tick >= base)
                {
                    // A new count while counting takes effect at the end of the current period.
                    pendingAt = base + ((tick - base) / n + 1) * n;
                    pendingN = count;
                    loadAt = pendingAt;
                }
                else
                {
                    start(count, tick + 1);
                }
            }
            default ->
            {
                pendingN = count; // modes 1 and 5 wait for a gate trigger that never comes
                loadAt = NEVER;
            }
        }
    }

    private void start(final int count, final long at)
    {
        running = true;
        base = at;
        n = count;
        loadAt = at;
        pendingAt = -1;
    }

    /** A periodic mode's new count takes over at the period it was due. */
    private void settle(final long tick)
    {
        if (pendingAt >= 0 && tick >= pendingAt)
        {
            base = pendingAt;
            n = pendingN;
            pendingAt = -1;
        }
    }

    /** The counter latch command: the count is latched unless a latched count waits to be read. */
    void latchCount(final long tick)
    {
        settle(tick);
        if (!countLatched)
        {
            countLatched = true;
            countLatch = encoded(tick);
            latchMsbNext = false;
        }
    }

    /** The read-back command's status latch: OUT, NULL COUNT and the programmed RW, mode and BCD bits. */
    void latchStatus(final long tick)
    {
        settle(tick);
        if (!statusLatched)
        {
            statusLatched = true;
            statusLatch = status(tick);
        }
    }

    /** @return the status byte at {@code tick} */
    int status(final long tick)
    {
        settle(tick);
        return (out(tick) ? 0x80 : 0) | (tick < loadAt ? 0x40 : 0) | rw << 4 | modeBits << 1 | (bcd ? 1 : 0);
    }

    /** A read: a latched status first, then a latched count, else the counting element, as RW asks. */
    int read(final long tick)
    {
        settle(tick);
        if (statusLatched)
        {
            statusLatched = false;
            return statusLatch;
        }
        if (countLatched)
        {
            final boolean msb = rw == RW_MSB || rw == RW_BOTH && latchMsbNext;
            latchMsbNext = !msb;
            countLatched = rw == RW_BOTH && !msb;
            return msb ? countLatch >>> 8 & 0xff : countLatch & 0xff;
        }
        final int v = encoded(tick);
        final boolean msb = rw == RW_MSB || rw == RW_BOTH && readMsbNext;
        if (rw == RW_BOTH)
        {
            readMsbNext = !readMsbNext;
        }
        return msb ? v >>> 8 & 0xff : v & 0xff;
    }

    /** @return the count as read: 16 bits, in BCD when counting in BCD */
    private int encoded(final long tick)
    {
        final int v = value(tick);
        return bcd ? toBcd(v) : v;
    }

    /** @return the counting element at {@code tick}, modulo 2^16 (binary) or 10^4 (BCD) */
    int value(final long tick)
    {
        settle(tick);
        if (!running || tick < base)
        {
            return held;
        }
        final int modulus = bcd ? 10_000 : 0x10000;
        final long e = tick - base;
        final long v = switch (mode)
        {
            case 2 -> n - e % n;
            case 3 -> squareWaveCount(e % n);
            default -> n - e; // modes 0 and 4 count on through zero
        };
        return (int) Math.floorMod(v, (long) modulus);
    }

    /**
     * Mode 3's count p ticks into a period: by two per CLK from N in each half; for an odd N, the first CLK
     * of the high half takes one and that of the low half three.
     */
    private long squareWaveCount(final long p)
    {
        final long high = (n + 1) / 2;
        final long q = p < high ? p : p - high;
        if (q == 0 || (n & 1) == 0)
        {
            return n - 2 * q;
        }
        return (p < high ? n - 1 : n - 3) - 2 * (q - 1);
    }

    /** @return OUT at {@code tick} */
    boolean out(final long tick)
    {
        settle(tick);
        if (!running || tick < base)
        {
            return outHeld;
        }
        final long e = tick - base;
        return switch (mode)
        {
            case 0 -> e >= n;
            case 2 -> e % n != n - 1;
            case 3 -> e % n < (n + 1) / 2;
            default -> e != n; // mode 4: one CLK low at the terminal count
        };
    }

    /** @return the first tick after {@code tick} at which OUT changes, or {@link #NEVER} */
    long nextChange(final long tick)
    {
        settle(tick);
        if (!running)
        {
            return NEVER;
        }
        if (tick < base)
        {
            return nextChange(base);
        }
        final long e = tick - base;
        final long period = e / n * n;
        return switch (mode)
        {
            case 0 -> e < n ? base + n : NEVER;
            case 4 -> e < n ? base + n : e == n ? base + n + 1 : NEVER;
            case 2 -> n == 1 ? NEVER : e - period < n - 1 ? base + period + n - 1 : base + period + n;
            default -> n == 1 ? NEVER : e - period < (n + 1) / 2 ? base + period + (n + 1) / 2 : base + period + n;
        };
    }

    /** @return whether the counter counts */
    boolean running()
    {
        return running;
    }

    private static int fromBcd(final int raw)
    {
        final int v = (raw >>> 12 & 0xf) * 1000 + (raw >>> 8 & 0xf) * 100 + (raw >>> 4 & 0xf) * 10 + (raw & 0xf);
        return v == 0 ? 10_000 : v; // digits above 9 count as their value, deterministically
    }

    private static int toBcd(final int v)
    {
        return v / 1000 % 10 << 12 | v / 100 % 10 << 8 | v / 10 % 10 << 4 | v % 10;
    }
}
