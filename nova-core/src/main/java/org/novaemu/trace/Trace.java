// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.trace;

import java.util.ArrayList;
import java.util.List;

import org.novaemu.util.Require;

/**
 * The trace of one simulation: typed records (time, CPU, kind, three arguments) in a ring buffer of flat
 * primitive arrays, and a digest over every record ever written.
 *
 * <p>When disabled, {@link #record} is a single predictable branch on a plain field, and callers on hot
 * paths test {@link #enabled()} first so that they do not even compute their arguments. When enabled, a
 * record is six array stores and a few multiply-xor rounds; nothing is allocated.
 *
 * <p>The digest mixes every field of every record in order, including those the ring has since
 * overwritten, so two runs have equal digests exactly when they wrote the same records (up to 64-bit hash
 * collisions). Tests use it to prove determinism.
 *
 * <p>Not thread-safe.
 */
public final class Trace
{
    private static final long SEED = 0x6e6f76615f656d75L;
    private static final long MUL = 0x9e3779b97f4a7c15L;

    private final TraceContext context;
    private final int capacity;
    private final long[] times;
    private final long[] args;
    private final int[] cpus;
    private final TraceKind[] kinds;
    private boolean enabled;
    private int head;
    private long written;
    private long digest = SEED;
    private TraceSink sink;

    /**
     * @param context the source of time and CPU for each record
     * @param capacity how many of the newest records to keep for reading back, at least 1
     */
    public Trace(final TraceContext context, final int capacity)
    {
        this.context = Require.nonNull("context", context);
        this.capacity = (int) Require.inRange("capacity", capacity, 1, 1 << 26);
        this.times = new long[capacity];
        this.args = new long[capacity * 3];
        this.cpus = new int[capacity];
        this.kinds = new TraceKind[capacity];
    }

    /**
     * Streams every record written from now on to a sink as well (a file, for a trace longer than the ring), or
     * stops streaming. The ring and the digest are as without one.
     *
     * @param to the sink, or null for none
     */
    public void streamTo(final TraceSink to)
    {
        sink = to;
    }

    /** @return the sink records are streamed to, or null */
    public TraceSink sink()
    {
        return sink;
    }

    /** @return whether records are being written */
    public boolean enabled()
    {
        return enabled;
    }

    /**
     * Starts or stops recording. The digest and the kept records stay as they are.
     *
     * @param on whether to record
     */
    public void setEnabled(final boolean on)
    {
        enabled = on;
    }

    /**
     * Writes a record at the context's current time and CPU, if tracing is enabled.
     *
     * @param kind what happened
     * @param a the first argument
     * @param b the second argument
     * @param c the third argument
     */
    public void record(final TraceKind kind, final long a, final long b, final long c)
    {
        if (enabled)
        {
            write(kind, a, b, c);
        }
    }

    private void write(final TraceKind kind, final long a, final long b, final long c)
    {
        final long time = context.now();
        final int cpu = context.currentCpu();
        final int i = head;
        head = i + 1 == capacity ? 0 : i + 1;
        written++;
        times[i] = time;
        cpus[i] = cpu;
        kinds[i] = kind;
        args[3 * i] = a;
        args[3 * i + 1] = b;
        args[3 * i + 2] = c;
        long h = digest;
        h = mix(h, time);
        h = mix(h, ((long) cpu << 32) | (kind.code() & 0xffffffffL));
        h = mix(h, a);
        h = mix(h, b);
        digest = mix(h, c);
        if (sink != null)
        {
            sink.write(time, cpu, kind, a, b, c);
        }
    }

    /* One multiply per field: xor, multiply by an odd constant and rotate are each bijective, so a change in
     * any field changes the state, and the rotation carries high bits back down to where the next xor lands. */
    private static long mix(final long h, final long v)
    {
        return Long.rotateLeft((h ^ v) * MUL, 29);
    }

    /** @return the digest of every record written so far */
    public long digest()
    {
        return digest;
    }

    /** @return the number of records written so far, kept or not */
    public long written()
    {
        return written;
    }

    /** @return the kept records, oldest first; allocates, so not for hot paths */
    public List<TraceRecord> records()
    {
        final int n = (int) Math.min(written, capacity);
        final List<TraceRecord> out = new ArrayList<>(n);
        for (long k = written - n; k < written; k++)
        {
            final int i = (int) (k % capacity); // the ring index of record k, as head advanced
            out.add(new TraceRecord(times[i], cpus[i], kinds[i], args[3 * i], args[3 * i + 1], args[3 * i + 2]));
        }
        return out;
    }

    /**
     * Counts the kept records of one kind.
     *
     * @param kind the kind to count
     * @return how many of the kept records are of that kind
     */
    public int count(final TraceKind kind)
    {
        final int n = (int) Math.min(written, capacity);
        int count = 0;
        for (int i = 0; i < n; i++)
        {
            if (kinds[i] == kind)
            {
                count++;
            }
        }
        return count;
    }
}
