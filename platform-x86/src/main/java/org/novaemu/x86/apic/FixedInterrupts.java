// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

import java.util.Arrays;

/**
 * How a local APIC holds and prioritises fixed interrupts (Intel SDM volume 3A, 11.8): the 256-bit IRR, ISR
 * and TMR (figure 11-20) as four 64-bit words each, so that the highest set vector takes at most four word
 * tests; the task priority and the processor priority derived from it (11.8.3.1); acceptance into IRR and
 * TMR (11.8.4), acknowledge from IRR to ISR, and the end of the highest in-service vector (11.8.5).
 *
 * <p>It decides nothing about what the APIC signals: the APIC asks {@link #pending} after each change and
 * broadcasts the EOI of a {@link #levelTriggered} vector itself.
 */
final class FixedInterrupts
{
    private final long[] irr = new long[4];
    private final long[] isr = new long[4];
    private final long[] tmr = new long[4];
    private int tpr;

    /** Nothing requested or in service, task priority 0. */
    void reset()
    {
        tpr = 0;
        Arrays.fill(irr, 0);
        Arrays.fill(isr, 0);
        Arrays.fill(tmr, 0);
    }

    /** @param value the task priority register's new value (bits 7:0) */
    void setTpr(final int value)
    {
        tpr = value & 0xff;
    }

    /** @return the processor priority: TPR if its class is at least the highest in-service class, else that class */
    int ppr()
    {
        final int isrv = highest(isr);
        final int in = isrv < 0 ? 0 : isrv;
        return (tpr >>> 4) >= (in >>> 4) ? tpr & 0xff : in & 0xf0;
    }

    /** @return whether a requested vector's class is above the processor priority's */
    boolean pending()
    {
        final int v = highest(irr);
        return v >= 0 && (v >>> 4) > (ppr() >>> 4);
    }

    /**
     * @param vector a vector, 0 to 255
     * @return whether it is requested (IRR)
     */
    boolean requested(final int vector)
    {
        return test(irr, vector);
    }

    /**
     * @param vector a vector, 0 to 255
     * @return whether it is in service (ISR)
     */
    boolean inService(final int vector)
    {
        return test(isr, vector);
    }

    /**
     * @param vector a vector, 0 to 255
     * @return whether its last acceptance was level-triggered (TMR)
     */
    boolean levelTriggered(final int vector)
    {
        return test(tmr, vector);
    }

    /**
     * Accepts a fixed interrupt: the vector into IRR, its trigger mode into TMR.
     *
     * @param vector the vector, 16 to 255
     * @param level whether it is level-triggered
     */
    void request(final int vector, final boolean level)
    {
        set(irr, vector, true);
        set(tmr, vector, level);
    }

    /**
     * INTA: the highest requested vector above the processor priority moves from IRR to ISR.
     *
     * @param spurious the vector to return if none is deliverable
     * @return the vector, or {@code spurious}
     */
    int acknowledge(final int spurious)
    {
        final int v = highest(irr);
        if (v < 0 || (v >>> 4) <= (ppr() >>> 4))
        {
            return spurious;
        }
        set(irr, v, false);
        set(isr, v, true);
        return v;
    }

    /**
     * EOI: the highest in-service vector leaves service.
     *
     * @return that vector, or -1 if none was in service
     */
    int endOfInterrupt()
    {
        final int v = highest(isr);
        if (v >= 0)
        {
            set(isr, v, false);
        }
        return v;
    }

    /**
     * @param reg {@link ApicRegister#ISR}, {@link ApicRegister#TMR}, {@link ApicRegister#IRR} (at
     *            {@code offset}, one of their eight), {@link ApicRegister#TPR} or {@link ApicRegister#PPR}
     * @param offset the offset read
     * @return the register's value
     */
    int read(final ApicRegister reg, final int offset)
    {
        if (reg == ApicRegister.TPR)
        {
            return tpr;
        }
        if (reg == ApicRegister.PPR)
        {
            return ppr();
        }
        final long[] map = reg == ApicRegister.ISR ? isr : reg == ApicRegister.TMR ? tmr : irr;
        final int i = offset - reg.offset() >>> 4; // bits 32 i + 31 to 32 i
        return (int) (map[i >>> 1] >>> 32 * (i & 1));
    }

    /** @return the highest vector set in a 256-bit map, or -1 */
    private static int highest(final long[] map)
    {
        for (int w = 3; w >= 0; w--)
        {
            if (map[w] != 0)
            {
                return w << 6 | 63 - Long.numberOfLeadingZeros(map[w]);
            }
        }
        return -1;
    }

    private static boolean test(final long[] map, final int v)
    {
        return (map[v >>> 6] >>> v & 1) != 0;
    }

    private static void set(final long[] map, final int v, final boolean on)
    {
        if (on)
        {
            map[v >>> 6] |= 1L << v;
        }
        else
        {
            map[v >>> 6] &= ~(1L << v);
        }
    }
}
