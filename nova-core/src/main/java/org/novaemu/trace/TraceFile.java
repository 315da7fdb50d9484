// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.novaemu.util.Require;

/**
 * A trace of unbounded length as a text file, one record a line, streamed through a buffered writer
 * (decision T11). The first line is {@value #HEADER}; every other line is
 * {@code time cpu code name a b c}: the time in cycles and the CPU in decimal, the kind's code, name and the
 * three arguments in hexadecimal ({@code 0x}-prefixed, arguments as unsigned 64-bit). The content depends
 * only on the records, so two runs with the same seed write the same file.
 */
public final class TraceFile implements TraceSink
{
    /** The first line of every trace file. */
    public static final String HEADER = "# nova-trace 1";

    private final Writer out;

    /**
     * Starts a trace file by writing its header.
     *
     * @param out where the lines go, buffered by the caller or not; closed by the caller
     */
    public TraceFile(final Writer out)
    {
        this.out = Require.nonNull("out", out);
        line(HEADER);
    }

    @Override
    public void write(final long time, final int cpu, final TraceKind kind, final long a, final long b, final long c)
    {
        line(String.format(Locale.ROOT, "%d %d %#x %s %#x %#x %#x", time, cpu, kind.code(), kind.name(), a, b, c));
    }

    private void line(final String s)
    {
        try
        {
            out.write(s);
            out.write('\n');
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void flush()
    {
        try
        {
            out.flush();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a trace file back.
     *
     * @param in the file's text
     * @param kinds the kinds it may hold, e.g. {@code CoreTrace.values()}; each by its code
     * @return the records, in file order
     * @throws IOException if reading fails
     * @throws IllegalArgumentException naming the line if it is malformed or of an unknown kind
     */
    public static List<TraceRecord> read(final Reader in, final TraceKind[]... kinds) throws IOException
    {
        final Map<Integer, TraceKind> byCode = new HashMap<>(); // looked up only, never iterated
        for (final TraceKind[] group : kinds)
        {
            for (final TraceKind k : group)
            {
                byCode.put(k.code(), k);
            }
        }
        final BufferedReader r = new BufferedReader(in);
        if (!HEADER.equals(r.readLine()))
        {
            throw new IllegalArgumentException("not a trace file: the first line is not " + HEADER);
        }
        final List<TraceRecord> out = new ArrayList<>();
        String line;
        int n = 1;
        while ((line = r.readLine()) != null)
        {
            n++;
            final String[] f = line.split(" ");
            try
            {
                final TraceKind k = byCode.get(Integer.decode(f[2]));
                if (f.length != 7 || k == null)
                {
                    throw new IllegalArgumentException("unknown kind " + f[2]);
                }
                out.add(new TraceRecord(Long.parseLong(f[0]), Integer.parseInt(f[1]), k, hex(f[4]), hex(f[5]),
                    hex(f[6])));
            }
            catch (final RuntimeException e)
            {
                throw new IllegalArgumentException("line " + n + ": " + line, e);
            }
        }
        return out;
    }

    private static long hex(final String s)
    {
        return Long.parseUnsignedLong(s.substring(2), 16);
    }
}
