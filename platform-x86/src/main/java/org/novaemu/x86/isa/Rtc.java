// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.isa;

import org.novaemu.bus.PortSpace;
import org.novaemu.irq.IrqLine;
import org.novaemu.sim.Engine;
import org.novaemu.util.Require;

/**
 * The PC's real-time clock and CMOS RAM, a Motorola MC146818A (datasheet: "Address Map", "Registers",
 * "Interrupts") at ports 70h (index; bit 7 the chipset's NMI mask) and 71h (data), its IRQ on I/O APIC pin
 * 8. 128 bytes: the time, calendar and alarm bytes 0 to 9 in BCD or binary and 12- or 24-hour format as
 * register B selects, registers A to D, and 114 bytes of RAM.
 *
 * <p>The divider chain runs from the 32.768 kHz time base (register A's DV 010): an update cycle once a
 * second advances the time and calendar bytes (with leap years every fourth year, as the part has them) unless
 * B's SET inhibits it, UIP reads 1 from 244 us before it starts until it ends 1,984 us later, and at its end UF
 * is set, and AF if the alarm bytes match (a byte of C0h to FFh matches any value). PF is set at the rate
 * register A's RS selects. IRQF in register C is set while a flag is set whose enable bit in register B is
 * set, and drives the IRQ line; reading C clears the flags and the line, so an edge-triggered pin sees the
 * next interrupt only after C was read. Daylight saving (DSE) and the square-wave output are not modelled.
 *
 * <p>Time advances only with the engine's; the flags are worked out when read, and an engine event is armed
 * only while an enabled interrupt is due and the line is low.
 */
public final class Rtc implements PortSpace.PortDevice
{
    /** The index port. */
    public static final int INDEX = 0x70;
    /** The data port. */
    public static final int DATA = 0x71;
    /** The I/O APIC pin of IRQ8. */
    public static final int GSI = 8;
    /** The time base in Hz. */
    public static final long TIME_BASE_HZ = 32_768;

    /** Register A: update in progress. */
    public static final int A_UIP = 0x80;
    /** Register B: SET, PIE, AIE, UIE, SQWE, DM (binary), 24/12, DSE. */
    public static final int B_SET = 0x80;
    static final int B_PIE = 0x40;
    static final int B_AIE = 0x20;
    static final int B_UIE = 0x10;
    static final int B_BINARY = 0x04;
    static final int B_24H = 0x02;
    /** Register C: IRQF, PF, AF, UF. */
    public static final int C_IRQF = 0x80;
    static final int C_PF = 0x40;
    static final int C_AF = 0x20;
    static final int C_UF = 0x10;
    /** Register D: valid RAM and time. */
    public static final int D_VRT = 0x80;

    static final int SECONDS = 0;
    static final int MINUTES = 2;
    static final int HOURS = 4;
    static final int DAY_OF_WEEK = 6;
    static final int DATE = 7;
    static final int MONTH = 8;
    static final int YEAR = 9;
    static final int REG_A = 0x0a;
    static final int REG_B = 0x0b;
    static final int REG_C = 0x0c;
    static final int REG_D = 0x0d;

    private static final long SECOND = TIME_BASE_HZ;
    private static final long UIP_LEAD = 8;     // 244 us
    private static final long UPDATE = 65;      // 1,984 us
    private static final int DV_RUNNING = 0x20; // DV2-DV0 = 010: 32.768 kHz time base, dividers running

    private final IrqLine irq;
    private final DeviceClock clock;
    private final int timer;
    private final int[] bytes = new int[128];
    private int index;
    private boolean nmiMasked;
    /** The tick at which the divider chain was last released; update cycles start a second apart from it. */
    private long origin;
    /** Everything up to this tick has been accounted. */
    private long seen;

    /**
     * The power-up state the battery kept: 2026-01-01 00:00:00, a Thursday, in BCD and 24-hour format, the
     * dividers running at 1,024 Hz (A 26h, B 02h, C 00h, D 80h), the alarm and RAM bytes zero.
     *
     * @param engine the engine whose time the clock keeps
     * @param irq the IRQ line (IRQ8)
     */
    public Rtc(final Engine engine, final IrqLine irq)
    {
        this.irq = Require.nonNull("irq", irq);
        this.clock = new DeviceClock(Require.nonNull("engine", engine), TIME_BASE_HZ);
        this.timer = engine.newTimer(arg -> due(), 0);
        bytes[DAY_OF_WEEK] = 5;
        bytes[DATE] = 1;
        bytes[MONTH] = 1;
        bytes[YEAR] = 0x26;
        bytes[REG_A] = DV_RUNNING | 0x06;
        bytes[REG_B] = B_24H;
        bytes[REG_D] = D_VRT;
    }

    /**
     * Claims ports 70h and 71h.
     *
     * @param ports the I/O port space
     */
    public void attach(final PortSpace ports)
    {
        ports.map(INDEX, 2, this);
    }

    /** @return whether the last index write set bit 7, which masks NMIs on a PC (no NMI source is modelled) */
    public boolean nmiMasked()
    {
        return nmiMasked;
    }

    /**
     * @param offset a byte, 0 to 127
     * @return its value now, as a read would return it, without the read's side effect on register C
     */
    public int peek(final int offset)
    {
        catchUp(clock.now());
        return value(offset & 0x7f, clock.now());
    }

    @Override
    public long in(final int port, final int size)
    {
        long v = 0;
        for (int i = 0; i < size; i++)
        {
            v |= (long) readByte(port + i) << 8 * i;
        }
        return v;
    }

    @Override
    public void out(final int port, final int size, final long value)
    {
        for (int i = 0; i < size; i++)
        {
            writeByte(port + i, (int) (value >>> 8 * i) & 0xff);
        }
    }

    private int readByte(final int port)
    {
        if (port != DATA)
        {
            return 0xff; // the index register is write only
        }
        final long t = clock.now();
        catchUp(t);
        final int v = value(index, t);
        if (index == REG_C)
        {
            bytes[REG_C] = 0; // reading C clears every flag, and IRQF with them
        }
        irqChanged();
        return v;
    }

    private int value(final int offset, final long t)
    {
        return offset == REG_A ? bytes[REG_A] | (updateInProgress(t) ? A_UIP : 0) : bytes[offset];
    }

    private void writeByte(final int port, final int b)
    {
        if (port == INDEX)
        {
            index = b & 0x7f;
            nmiMasked = (b & 0x80) != 0;
            return;
        }
        if (port != DATA)
        {
            return;
        }
        final long t = clock.now();
        catchUp(t);
        switch (index)
        {
            case REG_A ->
            {
                final boolean wasRunning = running();
                bytes[REG_A] = b & 0x7f; // UIP is read only
                if (!wasRunning && running())
                {
                    origin = t - SECOND / 2; // the first update cycle begins half a second after release
                }
            }
            case REG_B -> bytes[REG_B] = (b & B_SET) != 0 ? b & ~B_UIE : b; // SET clears UIE
            case REG_C, REG_D ->
            {
                // read only
            }
            default -> bytes[index] = b;
        }
        irqChanged();
    }

    private boolean running()
    {
        return (bytes[REG_A] & 0x70) == DV_RUNNING;
    }

    private boolean updateInProgress(final long t)
    {
        if (!running() || (bytes[REG_B] & B_SET) != 0)
        {
            return false;
        }
        final long p = Math.floorMod(t - origin, SECOND);
        return p >= SECOND - UIP_LEAD || p < UPDATE && t - origin >= SECOND;
    }

    /** @return the periodic interrupt's period in ticks, or 0 for none (RS 0 or the dividers stopped) */
    private long period()
    {
        final int rs = bytes[REG_A] & 0xf;
        if (rs == 0 || !running())
        {
            return 0;
        }
        return rs <= 2 ? 64L << rs : 1L << rs - 1; // RS 1 and 2 are 256 and 128 Hz
    }

    /** The n-th update cycle ends at origin + n seconds + its length, n from 1. */
    private long updatesEndedBy(final long t)
    {
        final long since = t - origin - UPDATE;
        return since < SECOND ? 0 : since / SECOND;
    }

    /** Accounts every periodic tick and update cycle from the last look until {@code t}. */
    private void catchUp(final long t)
    {
        if (t <= seen)
        {
            return;
        }
        if (running())
        {
            final long p = period();
            if (p != 0 && Math.floorDiv(t - origin, p) > Math.floorDiv(seen - origin, p))
            {
                bytes[REG_C] |= C_PF;
            }
            final long updates = updatesEndedBy(t) - updatesEndedBy(seen);
            if ((bytes[REG_B] & B_SET) == 0)
            {
                for (long u = 0; u < updates; u++)
                {
                    tickSecond();
                }
            }
        }
        seen = t;
        updateIrqf();
    }

    /** An update cycle: one second more, UF, and AF if the alarm matches the new time. */
    private void tickSecond()
    {
        boolean carry = step(SECONDS, 0, 59);
        if (carry)
        {
            carry = step(MINUTES, 0, 59);
        }
        if (carry)
        {
            carry = stepHour();
        }
        if (carry)
        {
            step(DAY_OF_WEEK, 1, 7);
            if (step(DATE, 1, daysIn(get(MONTH), get(YEAR))) && step(MONTH, 1, 12))
            {
                step(YEAR, 0, 99);
            }
        }
        bytes[REG_C] |= C_UF;
        if (matches(1, SECONDS) && matches(3, MINUTES) && matches(5, HOURS))
        {
            bytes[REG_C] |= C_AF;
        }
    }

    /** 24-hour: 0 to 23; 12-hour: 12, 1 to 11, with bit 7 for PM, carrying into the date at midnight. */
    private boolean stepHour()
    {
        if ((bytes[REG_B] & B_24H) != 0)
        {
            return step(HOURS, 0, 23);
        }
        final int pm = bytes[HOURS] & 0x80;
        bytes[HOURS] &= 0x7f;
        final int h = get(HOURS);
        if (h == 11)
        {
            bytes[HOURS] = encode(12) | (pm ^ 0x80); // 11 -> 12 turns AM into PM and PM into AM
            return pm != 0;
        }
        bytes[HOURS] = encode(h == 12 ? 1 : h + 1) | pm;
        return false;
    }

    private boolean matches(final int alarm, final int field)
    {
        return (bytes[alarm] & 0xc0) == 0xc0 || bytes[alarm] == bytes[field];
    }

    private static int daysIn(final int month, final int year)
    {
        return switch (month)
        {
            case 2 -> year % 4 == 0 ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** IRQF: a set flag whose interrupt is enabled. */
    private void updateIrqf()
    {
        final int c = bytes[REG_C];
        final int b = bytes[REG_B];
        final boolean irqf = (c & C_PF) != 0 && (b & B_PIE) != 0 || (c & C_AF) != 0 && (b & B_AIE) != 0
            || (c & C_UF) != 0 && (b & B_UIE) != 0;
        bytes[REG_C] = irqf ? c | C_IRQF : c & ~C_IRQF;
    }

    /** Drives the line to IRQF and arms the timer for the next enabled flag while the line is low. */
    private void irqChanged()
    {
        updateIrqf();
        final boolean high = (bytes[REG_C] & C_IRQF) != 0;
        irq.set(high);
        final long next = high ? -1 : nextInterrupt(seen);
        if (next < 0)
        {
            clock.cancel(timer);
        }
        else
        {
            clock.arm(timer, next);
        }
    }

    private void due()
    {
        catchUp(clock.now());
        irqChanged();
    }

    /** @return the first tick after {@code t} at which an enabled flag is set, or -1 */
    private long nextInterrupt(final long t)
    {
        if (!running())
        {
            return -1;
        }
        final int b = bytes[REG_B];
        long next = Long.MAX_VALUE;
        final long p = period();
        if ((b & B_PIE) != 0 && p != 0)
        {
            next = origin + (Math.floorDiv(t - origin, p) + 1) * p;
        }
        if ((b & (B_UIE | B_AIE)) != 0 && (b & B_SET) == 0)
        {
            next = Math.min(next, origin + (updatesEndedBy(t) + 1) * SECOND + UPDATE);
        }
        return next == Long.MAX_VALUE ? -1 : next;
    }

    /** @return a time or calendar byte's value, in the data mode register B selects */
    private int get(final int offset)
    {
        final int v = bytes[offset];
        return binary() ? v : (v >>> 4) * 10 + (v & 0xf);
    }

    private int encode(final int v)
    {
        return binary() ? v : v / 10 << 4 | v % 10;
    }

    private boolean binary()
    {
        return (bytes[REG_B] & B_BINARY) != 0;
    }

    /** One more, wrapping from {@code max} to {@code min}; returns whether it wrapped. */
    private boolean step(final int offset, final int min, final int max)
    {
        final int v = get(offset);
        final boolean wrap = v >= max;
        bytes[offset] = encode(wrap ? min : v + 1);
        return wrap;
    }
}
