// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.sim;

import org.novaemu.trace.CoreTrace;
import org.novaemu.trace.Trace;
import org.novaemu.trace.TraceContext;
import org.novaemu.trace.TraceSink;
import org.novaemu.util.Require;

/**
 * The simulation engine: simulated time, the event queue and the CPUs, run on one host thread.
 *
 * <p>The engine repeatedly takes the earliest activity: the next pending event, or the runnable CPU with
 * the lowest local time (lowest index on ties). An event at the same time as a CPU goes first. A CPU runs
 * one quantum, up to {@code min(next event, its time + quantum, end of run)}; an event armed or posted
 * earlier than that while the CPU runs lowers its limit. So activities start in time order, and no CPU
 * runs more than one quantum ahead of the global virtual time (the earliest of all CPU clocks and pending
 * events). That skew bound is the model's only departure from strict time order: a CPU that has run
 * ahead sees an event that another CPU posts "behind" it up to {@code quantum} cycles late.
 *
 * <p>Determinism: the order of everything depends only on simulated times, sequence numbers and CPU
 * indices, never on host time, hashing or threads.
 *
 * <p>Cost: blocked CPUs are in no queue, so a machine with 1,024 CPUs of which one is busy runs about as
 * fast as a machine with one; choosing the next activity is O(log n) in the number of runnable CPUs and
 * pending events.
 *
 * <p>Strict mode ({@link #failures()}): a {@link Failure} reported during a run stops it after the activity in
 * progress, and the run call throws it as a {@link StrictModeException} (decision U23).
 *
 * <p>Not thread-safe.
 */
public final class Engine implements TraceContext
{
    private final Clock clock;
    private final long quantum;
    private final EventQueue events = new EventQueue();
    private final Trace trace;
    private final EventHandler wakeHandler = this::onWakeTimer;

    private final RunQueue cpus = new RunQueue();
    private final Failures failures = new Failures(this);

    SimCpu current;
    private long time;
    private boolean running;
    private boolean stopRequested;

    private Engine(final Builder b)
    {
        this.clock = b.clock;
        this.quantum = b.quantum;
        this.trace = new Trace(this, b.traceCapacity);
        this.trace.setEnabled(b.tracing);
        this.trace.streamTo(b.traceSink);
    }

    /** @return a builder with the defaults: 1 GHz clock, 1,000-cycle quantum, 65,536 kept trace records, tracing off */
    public static Builder builder()
    {
        return new Builder();
    }

    /** @return the reference clock that simulated cycles count */
    public Clock clock()
    {
        return clock;
    }

    /** @return the longest run of one CPU before the engine looks at the others */
    public long quantum()
    {
        return quantum;
    }

    /** @return the trace of this simulation */
    public Trace trace()
    {
        return trace;
    }

    /**
     * The current simulated time: the local time of the running CPU, else the time of the event firing
     * now, else the time the engine last reached. Between activities this is the global virtual time and
     * never decreases.
     *
     * @return the time in cycles
     */
    @Override
    public long now()
    {
        final SimCpu c = current;
        return c != null ? c.time : time;
    }

    @Override
    public int currentCpu()
    {
        final SimCpu c = current;
        return c != null ? c.index : -1;
    }

    /** @return the CPU running now, or null while an event fires or the engine is stopped */
    public SimCpu current()
    {
        return current;
    }

    /** @return where failures are reported, and strict mode (decision U23) */
    public Failures failures()
    {
        return failures;
    }

    /** @return the number of CPUs */
    public int cpuCount()
    {
        return cpus.count();
    }

    /**
     * @param index a CPU index
     * @return that CPU
     */
    public SimCpu cpu(final int index)
    {
        Require.inRange("index", index, 0, cpus.count() - 1);
        return cpus.cpu(index);
    }

    /** @return the number of events fired so far */
    public long firedEvents()
    {
        return events.firedCount();
    }

    /** @return the number of pending events */
    public int pendingEvents()
    {
        return events.size();
    }

    /**
     * Adds a CPU whose clock starts at the current time.
     *
     * @param agent what the CPU runs
     * @param runnable whether it starts runnable; otherwise it waits for {@link SimCpu#wake()}
     * @return the new CPU
     */
    public SimCpu addCpu(final Agent agent, final boolean runnable)
    {
        Require.nonNull("agent", agent);
        final int index = cpus.count();
        final SimCpu cpu = new SimCpu(this, index, agent, events.newTimer(wakeHandler, index), now());
        cpus.add(cpu);
        if (runnable)
        {
            cpus.enqueue(cpu);
        }
        else
        {
            cpu.blocked = true;
        }
        return cpu;
    }

    // ---- Events -------------------------------------------------------------------------------------------

    /**
     * Creates a reusable timer.
     *
     * @param handler what the timer does
     * @param arg the argument passed to the handler
     * @return the timer id
     * @see EventQueue#newTimer
     */
    public int newTimer(final EventHandler handler, final long arg)
    {
        return events.newTimer(handler, arg);
    }

    /**
     * Arms or re-arms a timer.
     *
     * @param timer a timer id from {@link #newTimer}
     * @param when the firing time, not before {@link #now()}
     */
    public void arm(final int timer, final long when)
    {
        checkTime(when);
        events.arm(timer, when);
        clampRunningCpu(when);
    }

    /**
     * @param timer a timer id from {@link #newTimer}
     * @return whether it was armed
     */
    public boolean cancel(final int timer)
    {
        return events.cancel(timer);
    }

    /**
     * @param timer a timer id from {@link #newTimer}
     * @return its firing time, or {@link EventQueue#NEVER}
     */
    public long deadline(final int timer)
    {
        return events.deadline(timer);
    }

    /**
     * Posts a one-shot event.
     *
     * @param when the firing time, not before {@link #now()}
     * @param handler what the event does
     * @param arg the argument passed to the handler
     */
    public void post(final long when, final EventHandler handler, final long arg)
    {
        checkTime(when);
        events.post(when, handler, arg);
        clampRunningCpu(when);
    }

    /**
     * Posts a one-shot event {@code delay} cycles from now.
     *
     * @param delay the delay in cycles, not negative
     * @param handler what the event does
     * @param arg the argument passed to the handler
     */
    public void postAfter(final long delay, final EventHandler handler, final long arg)
    {
        Require.nonNegative("delay", delay);
        post(saturatingAdd(now(), delay), handler, arg);
    }

    private void checkTime(final long when)
    {
        final long now = now();
        if (when < now)
        {
            throw new IllegalArgumentException("when must be >= now (" + now + "), was " + when);
        }
    }

    private void clampRunningCpu(final long when)
    {
        final SimCpu c = current;
        if (c != null && when < c.limit)
        {
            c.limit = when;
        }
    }

    // ---- Running ------------------------------------------------------------------------------------------

    /**
     * Runs until simulated time {@code end}: fires every event due at or before {@code end} and runs every
     * runnable CPU until its clock reaches {@code end}. Then, unless {@link #stop()} ended the run early,
     * the engine's time is {@code end}, even if nothing happened on the way (idle time costs nothing).
     *
     * @param end the time to run to, before {@link EventQueue#NEVER}
     */
    public void runUntil(final long end)
    {
        Require.inRange("end", end, now(), EventQueue.NEVER - 1);
        if (loop(end))
        {
            time = end;
            events.advanceTo(end);
        }
    }

    /**
     * Runs for {@code cycles} cycles from now.
     *
     * @param cycles how long to run
     */
    public void runFor(final long cycles)
    {
        Require.nonNegative("cycles", cycles);
        runUntil(Math.min(saturatingAdd(now(), cycles), EventQueue.NEVER - 1));
    }

    /** Runs until nothing is left to do (no pending event, no runnable CPU) or {@link #stop()}. */
    public void run()
    {
        loop(EventQueue.NEVER);
    }

    /**
     * Ends the current run after the activity in progress; a running CPU's limit drops to its clock, so
     * its agent returns at once.
     */
    public void stop()
    {
        stopRequested = true;
        final SimCpu c = current;
        if (c != null)
        {
            c.limit = c.time;
        }
    }

    /** @return true when the loop reached {@code end} (or ran dry), false when stopped */
    private boolean loop(final long end)
    {
        if (running)
        {
            throw new IllegalStateException("the engine is already running; run() and runUntil() do not nest");
        }
        failures.throwPending(); // a failure reported between runs (strict mode)
        running = true;
        try
        {
            final boolean reached = loopBody(end);
            failures.throwPending(); // strict mode: the run stopped after the activity that failed
            return reached;
        }
        finally
        {
            running = false;
        }
    }

    private boolean loopBody(final long end)
    {
        stopRequested = false;
        while (!stopRequested)
        {
            final long te = events.nextTime();
            final long tc = cpus.nextTime();
            if (te <= tc)
            {
                if (te > end || te == EventQueue.NEVER)
                {
                    return true;
                }
                time = te;
                if (trace.enabled())
                {
                    trace.record(CoreTrace.EVENT, events.nextArg(), events.firedCount(), 0);
                }
                events.fireNext(te);
            }
            else
            {
                if (tc >= end)
                {
                    return true;
                }
                time = tc;
                runCpu(cpus.next(), Math.min(Math.min(te, saturatingAdd(tc, quantum)), end));
            }
        }
        return false;
    }

    private void runCpu(final SimCpu cpu, final long limit)
    {
        final long start = cpu.time;
        cpu.limit = limit;
        current = cpu;
        try
        {
            cpu.agent.run(cpu);
        }
        finally
        {
            // Even if the agent threw, the run queue must hold the CPU's real clock.
            current = null;
            if (!cpu.blocked)
            {
                cpus.requeue(cpu);
            }
        }
        if (trace.enabled())
        {
            traceRun(cpu, start);
        }
        if (!cpu.blocked && cpu.time == start && cpu.limit > start)
        {
            throw new IllegalStateException("agent of cpu" + cpu.index + " neither advanced nor blocked at " + start);
        }
    }

    /* Written after the run, so the record's time is the CPU's clock at the end of the quantum. */
    private void traceRun(final SimCpu cpu, final long start)
    {
        current = cpu;
        trace.record(CoreTrace.CPU_RUN, start, cpu.time, cpu.blocked ? 1 : 0);
        current = null;
    }

    void block(final SimCpu cpu, final long deadline)
    {
        if (cpu.blocked)
        {
            throw new IllegalStateException("cpu" + cpu.index + " is already blocked");
        }
        cpu.blocked = true;
        cpus.dequeue(cpu);
        trace.record(CoreTrace.CPU_BLOCK, deadline, 0, 0);
        if (deadline != EventQueue.NEVER)
        {
            final long at = Math.max(deadline, Math.max(cpu.time, now()));
            events.arm(cpu.wakeTimer, at);
            clampRunningCpu(at); // another CPU's wake-up is an event like any other for the skew bound
        }
    }

    void wake(final SimCpu cpu)
    {
        if (!cpu.blocked)
        {
            return;
        }
        events.cancel(cpu.wakeTimer);
        resume(cpu, now());
    }

    private void onWakeTimer(final long index)
    {
        resume(cpus.cpu((int) index), time);
    }

    private void resume(final SimCpu cpu, final long at)
    {
        cpu.blocked = false;
        if (at > cpu.time)
        {
            cpu.time = at;
        }
        cpus.enqueue(cpu);
        trace.record(CoreTrace.CPU_WAKE, cpu.time, cpu.index, 0);
    }

    private static long saturatingAdd(final long a, final long b)
    {
        final long r = a + b;
        return r < a ? EventQueue.NEVER : r;
    }

    /** Builds an {@link Engine}. Every setter checks its argument and names it when it is wrong. */
    public static final class Builder
    {
        private Clock clock = Clock.ofMhz(1_000);
        private long quantum = 1_000;
        private int traceCapacity = 1 << 16;
        private boolean tracing;
        private TraceSink traceSink;

        private Builder()
        {
        }

        /**
         * @param clock the reference clock
         * @return this builder
         */
        public Builder clock(final Clock clock)
        {
            this.clock = Require.nonNull("clock", clock);
            return this;
        }

        /**
         * @param cycles the longest run of one CPU before the engine looks at the others, at least 1
         * @return this builder
         */
        public Builder quantum(final long cycles)
        {
            this.quantum = Require.positive("quantum", cycles);
            return this;
        }

        /**
         * @param records how many of the newest trace records to keep, 1 to 2^26
         * @return this builder
         */
        public Builder traceCapacity(final int records)
        {
            this.traceCapacity = (int) Require.inRange("traceCapacity", records, 1, 1 << 26);
            return this;
        }

        /**
         * @param on whether tracing starts enabled
         * @return this builder
         */
        public Builder tracing(final boolean on)
        {
            this.tracing = on;
            return this;
        }

        /**
         * @param sink where every record is streamed besides the ring (an unbounded trace: {@code TraceFile},
         *        {@code ChromeTrace}), or null for the ring only
         * @return this builder
         */
        public Builder traceTo(final TraceSink sink)
        {
            this.traceSink = sink;
            return this;
        }

        /** @return the engine */
        public Engine build()
        {
            return new Engine(this);
        }
    }
}
