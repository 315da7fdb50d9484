// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The demo's progress line (U36): once a run has taken a few seconds of host time, one line on the terminal, redrawn
 * with a carriage return at most four times a second and erased when the run ends. The demo makes one only on a
 * terminal and writes it to the console's own writer, so captured or piped output never holds a carriage return or
 * an escape code; {@link #OFF} draws nothing. Host time is read for the display alone: the
 * simulation never sees it.
 */
final class ProgressLine
{
    /** Draws nothing. */
    static final ProgressLine OFF = new ProgressLine(null, () -> 0, "");

    /** Host time before the first line: shorter runs show none. */
    static final long FIRST_NANOS = 3_000_000_000L;
    /** Host time between two redraws. */
    static final long EVERY_NANOS = 250_000_000L;

    private final PrintWriter out;
    private final LongSupplier hostNanos;
    private final String label;
    private final long start;
    private long next;
    private int width;

    /**
     * @param out where to draw (a terminal), or null for none
     * @param hostNanos the host's monotonic clock in nanoseconds
     * @param label what runs, at the line's start
     */
    ProgressLine(final PrintWriter out, final LongSupplier hostNanos, final String label)
    {
        this.out = out;
        this.hostNanos = hostNanos;
        this.label = label;
        this.start = hostNanos.getAsLong();
        this.next = start + FIRST_NANOS;
    }

    /**
     * Redraws the line if it is due.
     *
     * @param now the simulated time in cycles
     * @param end when the run ends in simulated cycles, or 0 while that is not known (the set-up)
     * @param delivered interrupts delivered so far
     * @param hz the simulated clock's frequency
     */
    void show(final long now, final long end, final long delivered, final long hz)
    {
        if (out == null)
        {
            return;
        }
        final long t = hostNanos.getAsLong();
        if (t - next < 0)
        {
            return;
        }
        next = t + EVERY_NANOS;
        final double ms = 1000.0 / hz;
        final String text = end == 0
            ? String.format(Locale.ROOT, "%s: setting up, %.1f ms simulated, %d s", label, now * ms,
                (t - start) / 1_000_000_000L)
            : String.format(Locale.ROOT, "%s: %.1f of %.1f ms simulated, %,d interrupts delivered, %d s", label,
                now * ms, end * ms, delivered, (t - start) / 1_000_000_000L);
        out.print("\r" + text + " ".repeat(Math.max(0, width - text.length())));
        out.flush();
        width = text.length();
    }

    /** Erases the line, if one was drawn. */
    void clear()
    {
        if (out != null && width > 0)
        {
            out.print("\r" + " ".repeat(width) + "\r");
            out.flush();
            width = 0;
        }
    }
}
