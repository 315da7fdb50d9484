// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.isa;

import org.novaemu.bus.PortSpace;
import org.novaemu.irq.IrqLine;
import org.novaemu.sim.Engine;
import org.novaemu.util.Require;

/**
 * The PC's 8254 programmable interval timer (Intel 82C54 datasheet) at I/O ports 40h to 43h: three
 * {@link PitCounter counters} clocked at 1.193182 MHz, counter 0's OUT driving IRQ0. Ports 40h to 42h are
 * the counters, 43h the control word register (write only: it reads all ones); a control word with SC 11 is
 * the read-back command, one with RW 00 the counter latch command. Wider accesses are split into byte
 * accesses to consecutive ports, as the chipset does for an 8-bit device.
 *
 * <p>OUT 0 changes through one engine timer armed for its next change only, so a counter that is not
 * programmed costs nothing and a periodic one costs two events per period. Counters 1 and 2 drive nothing:
 * DRAM refresh and the speaker and port 61h are not modelled.
 */
public final class Pit implements PortSpace.PortDevice
{
    /** The first port. */
    public static final int BASE = 0x40;
    /** The control word register. */
    public static final int CONTROL = 0x43;
    /**
     * The I/O APIC pin counter 0's OUT drives: IRQ0 reaches GSI 2, as the interrupt source override of every
     * PC's MADT says (the machine writes no MADT yet; docs/decisions.md X34).
     */
    public static final int GSI = 2;
    /** The counters' CLK input in Hz. */
    public static final long CLOCK_HZ = 1_193_182;

    private final Engine engine;
    private final IrqLine irq0;
    private final PitCounter[] counters = {new PitCounter(), new PitCounter(), new PitCounter()};
    private final int timer;
    private final DeviceClock clock;

    /**
     * @param engine the engine whose clock the counters' ticks are derived from
     * @param irq0 the line counter 0's OUT drives
     */
    public Pit(final Engine engine, final IrqLine irq0)
    {
        this.engine = Require.nonNull("engine", engine);
        this.irq0 = Require.nonNull("irq0", irq0);
        this.clock = new DeviceClock(engine, CLOCK_HZ);
        this.timer = engine.newTimer(arg -> out0Changed(), 0);
    }

    /**
     * Claims ports 40h to 43h.
     *
     * @param ports the I/O port space
     */
    public void attach(final PortSpace ports)
    {
        ports.map(BASE, 4, this);
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
        if (port < BASE || port >= CONTROL)
        {
            return 0xff; // the control word register is write only; beyond it is not ours
        }
        return counters[port - BASE].read(tick());
    }

    private void writeByte(final int port, final int b)
    {
        if (port < BASE || port > CONTROL)
        {
            return;
        }
        final long t = tick();
        if (port < CONTROL)
        {
            counters[port - BASE].write(b, t);
        }
        else
        {
            control(b, t);
        }
        out0Changed();
    }

    /** A control word: SC selects the counter (11: read-back), RW 00 latches its count. */
    private void control(final int b, final long t)
    {
        final int sc = b >>> 6;
        final int rw = b >>> 4 & 3;
        if (sc == 3)
        {
            for (int c = 0; c < 3; c++)
            {
                if ((b & 2 << c) == 0)
                {
                    continue;
                }
                if ((b & 0x20) == 0) // COUNT is active low
                {
                    counters[c].latchCount(t);
                }
                if ((b & 0x10) == 0) // STATUS is active low
                {
                    counters[c].latchStatus(t);
                }
            }
            return;
        }
        if (rw == 0)
        {
            counters[sc].latchCount(t);
            return;
        }
        counters[sc].control(rw, b >>> 1 & 7, (b & 1) != 0, t);
    }

    /** Drives IRQ0 to OUT 0 now and arms the timer for OUT 0's next change. */
    private void out0Changed()
    {
        final long t = tick();
        final PitCounter c = counters[0];
        irq0.set(c.out(t));
        final long next = c.nextChange(t);
        if (next == PitCounter.NEVER)
        {
            engine.cancel(timer);
        }
        else
        {
            clock.arm(timer, next);
        }
    }

    /**
     * @param counter 0 to 2
     * @return its OUT now
     */
    public boolean out(final int counter)
    {
        return counters[counter].out(tick());
    }

    /**
     * @param counter 0 to 2
     * @return its counting element now (binary, not BCD-encoded), without disturbing a read in progress
     */
    public int count(final int counter)
    {
        return counters[counter].value(tick());
    }

    /**
     * @param counter 0 to 2
     * @return its read-back status byte now (OUT, NULL COUNT, RW, mode, BCD), without latching it
     */
    public int status(final int counter)
    {
        return counters[counter].status(tick());
    }

    private long tick()
    {
        return clock.now();
    }
}
