// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.novaemu.trace.CoreTrace;

class EngineTest
{
    /** Charges a fixed cost per step until the limit; records (cpu, start) of each run. */
    private static Agent stepper(final long cost, final List<String> log)
    {
        return cpu -> {
            log.add("cpu" + cpu.index() + "@" + cpu.time());
            while (cpu.time() < cpu.limit())
            {
                cpu.advance(cost);
            }
        };
    }

    @Test
    void runsTheEarliestCpuFirstAndLowestIndexOnTies()
    {
        final List<String> log = new ArrayList<>();
        final Engine e = Engine.builder().quantum(10).build();
        e.addCpu(stepper(10, log), true);
        e.addCpu(stepper(5, log), true);
        e.runUntil(30);
        assertThat(log).containsExactly("cpu0@0", "cpu1@0", "cpu0@10", "cpu1@10", "cpu0@20", "cpu1@20");
        assertThat(e.cpu(0).time()).isEqualTo(30);
        assertThat(e.cpu(1).time()).isEqualTo(30);
        assertThat(e.now()).isEqualTo(30);
    }

    @Test
    void eventsGoBeforeCpusAtTheSameTimeAndCutTheQuantum()
    {
        final List<String> log = new ArrayList<>();
        final Engine e = Engine.builder().quantum(100).build();
        e.addCpu(stepper(1, log), true);
        e.post(0, arg -> log.add("event@" + e.now()), 0);
        e.post(40, arg -> log.add("event@" + e.now()), 0);
        e.runUntil(60);
        assertThat(log).containsExactly("event@0", "cpu0@0", "event@40", "cpu0@40");
    }

    @Test
    void noCpuRunsMoreThanOneQuantumAheadOfTheEarliest()
    {
        final long quantum = 37;
        final Engine e = Engine.builder().quantum(quantum).build();
        final SplittableRandom rnd = new SplittableRandom(7);
        final long[] maxSkew = {0};
        for (int i = 0; i < 16; i++)
        {
            e.addCpu(cpu -> {
                while (cpu.time() < cpu.limit())
                {
                    cpu.advance(1 + rnd.nextInt(5));
                }
                long min = Long.MAX_VALUE;
                for (int k = 0; k < e.cpuCount(); k++)
                {
                    min = Math.min(min, e.cpu(k).time());
                }
                maxSkew[0] = Math.max(maxSkew[0], cpu.time() - min);
            }, true);
        }
        e.runUntil(10_000);
        // One quantum, plus the last step's overshoot of at most 4 cycles.
        assertThat(maxSkew[0]).isLessThanOrEqualTo(quantum + 4);
    }

    @Test
    void activitiesStartInTimeOrder()
    {
        final Engine e = Engine.builder().quantum(50).build();
        final SplittableRandom rnd = new SplittableRandom(3);
        final List<Long> starts = new ArrayList<>();
        final EventHandler ev = arg -> starts.add(e.now());
        for (int i = 0; i < 8; i++)
        {
            e.addCpu(cpu -> {
                starts.add(cpu.time());
                while (cpu.time() < cpu.limit())
                {
                    cpu.advance(1 + rnd.nextInt(20));
                    if (rnd.nextInt(10) == 0)
                    {
                        e.postAfter(rnd.nextInt(100), ev, 0);
                    }
                }
            }, true);
        }
        e.runUntil(20_000);
        assertThat(starts).isSorted().hasSizeGreaterThan(100);
    }

    @Test
    void eventPostedDuringAQuantumLowersTheLimit()
    {
        final Engine e = Engine.builder().quantum(1_000).build();
        final List<String> log = new ArrayList<>();
        e.addCpu(cpu -> {
            log.add("run@" + cpu.time());
            if (cpu.time() == 0)
            {
                e.post(25, arg -> log.add("event@" + e.now()), 0);
                assertThat(cpu.limit()).isEqualTo(25);
            }
            while (cpu.time() < cpu.limit())
            {
                cpu.advance(5);
            }
        }, true);
        e.runUntil(100);
        assertThat(log).containsExactly("run@0", "event@25", "run@25");
    }

    @Test
    void puttingAnotherCpuToSleepLowersTheRunningCpusLimit()
    {
        final Engine e = Engine.builder().quantum(1_000).build();
        final List<Long> otherRuns = new ArrayList<>();
        final SimCpu other = e.addCpu(c -> {
            otherRuns.add(c.time());
            c.advance(1);
        }, true);
        final List<Long> limits = new ArrayList<>();
        e.addCpu(c -> {
            if (limits.isEmpty())
            {
                other.sleepUntil(30);
            }
            limits.add(c.limit());
            c.advance(c.limit() - c.time());
        }, true);
        e.runUntil(100);
        // cpu0 runs at 0; cpu1 at 0 puts it to sleep until 30, which cuts cpu1's quantum from 100 to 30.
        assertThat(limits).startsWith(30L);
        assertThat(otherRuns).startsWith(0L, 30L, 31L);
        assertThat(other.time()).isEqualTo(100);
    }

    @Test
    void blockedCpusAreNotRunAndWakeAtTheWakersTime()
    {
        final Engine e = Engine.builder().quantum(10).build();
        final List<String> log = new ArrayList<>();
        final SimCpu sleeper = e.addCpu(stepper(10, log), false);
        e.post(500, arg -> sleeper.wake(), 0);
        e.runUntil(400);
        assertThat(log).isEmpty();
        assertThat(sleeper.isBlocked()).isTrue();
        e.runUntil(520);
        assertThat(log).containsExactly("cpu0@500", "cpu0@510");
        assertThat(sleeper.isBlocked()).isFalse();
    }

    @Test
    void sleepUntilJumpsTheClockToTheDeadline()
    {
        final Engine e = Engine.builder().quantum(100).build();
        final List<Long> runs = new ArrayList<>();
        e.addCpu(cpu -> {
            runs.add(cpu.time());
            cpu.advance(3);
            cpu.sleepUntil(cpu.time() + 1_000_000);
        }, true);
        e.runUntil(3_000_010);
        assertThat(runs).containsExactly(0L, 1_000_003L, 2_000_006L, 3_000_009L);
        assertThat(e.firedEvents()).isEqualTo(3);
    }

    @Test
    void wakeBeforeTheDeadlineCancelsTheWakeTimer()
    {
        final Engine e = Engine.builder().build();
        final List<Long> runs = new ArrayList<>();
        final SimCpu cpu = e.addCpu(c -> {
            runs.add(c.time());
            if (!c.sleepUntil(1_000))
            {
                c.block();
            }
        }, true);
        e.post(100, arg -> cpu.wake(), 0);
        e.runUntil(500);
        assertThat(runs).containsExactly(0L, 100L);
        assertThat(e.pendingEvents()).isEqualTo(1); // the second sleep's timer, armed for 1000
        e.runUntil(1_500);
        assertThat(runs).containsExactly(0L, 100L, 1_000L);
        assertThat(cpu.isBlocked()).isTrue();
        assertThat(e.pendingEvents()).isZero();
    }

    @Test
    void sleepUntilAPassedDeadlineDoesNotBlock()
    {
        final Engine e = Engine.builder().build();
        final SimCpu cpu = e.addCpu(c -> {
            c.advance(10);
            assertThat(c.sleepUntil(10)).isFalse();
            assertThat(c.sleepUntil(5)).isFalse();
            c.block();
        }, true);
        e.runUntil(100);
        assertThat(cpu.time()).isEqualTo(10);
        assertThat(cpu.isBlocked()).isTrue();
    }

    @Test
    void wakeOfARunnableCpuDoesNothing()
    {
        final Engine e = Engine.builder().build();
        final SimCpu cpu = e.addCpu(c -> c.advance(c.limit() - c.time()), true);
        cpu.wake();
        assertThat(cpu.isBlocked()).isFalse();
        e.runUntil(10);
        assertThat(cpu.time()).isEqualTo(10);
    }

    @Test
    void idleMachineJumpsToTheEnd()
    {
        final Engine e = Engine.builder().build();
        for (int i = 0; i < 1024; i++)
        {
            e.addCpu(c -> c.advance(1), false);
        }
        e.runUntil(1_000_000_000_000L);
        assertThat(e.now()).isEqualTo(1_000_000_000_000L);
    }

    @Test
    void stopEndsTheRunEarly()
    {
        final Engine e = Engine.builder().quantum(1_000).build();
        e.addCpu(cpu -> {
            while (cpu.time() < cpu.limit())
            {
                cpu.advance(1);
                if (cpu.time() == 123)
                {
                    e.stop();
                }
            }
        }, true);
        e.runUntil(10_000);
        assertThat(e.cpu(0).time()).isEqualTo(123);
        e.runUntil(10_000);
        assertThat(e.cpu(0).time()).isEqualTo(10_000);
    }

    @Test
    void runEndsWhenNothingIsLeft()
    {
        final Engine e = Engine.builder().build();
        final SimCpu cpu = e.addCpu(c -> {
            c.advance(10);
            c.block();
        }, true);
        e.post(5_000, arg -> cpu.wake(), 0);
        e.run();
        assertThat(cpu.time()).isEqualTo(5_010);
        assertThat(cpu.isBlocked()).isTrue();
    }

    @Test
    void agentThatMakesNoProgressIsReported()
    {
        final Engine e = Engine.builder().build();
        e.addCpu(c -> { }, true);
        assertThatThrownBy(() -> e.runUntil(10)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("cpu0").hasMessageContaining("neither advanced nor blocked");
    }

    @Test
    void anAgentThatThrowsLeavesTheEngineConsistent()
    {
        final Engine e = Engine.builder().quantum(100).build();
        final boolean[] fail = {true};
        final SimCpu cpu = e.addCpu(c -> {
            c.advance(40);
            if (fail[0])
            {
                fail[0] = false;
                throw new IllegalStateException("model bug");
            }
            while (c.time() < c.limit())
            {
                c.advance(10);
            }
        }, true);
        assertThatThrownBy(() -> e.runUntil(1_000)).hasMessage("model bug");
        assertThat(e.current()).isNull();
        assertThat(cpu.time()).isEqualTo(40);
        e.runUntil(1_000);
        assertThat(cpu.time()).isEqualTo(1_000);
    }

    @Test
    void runsDoNotNest()
    {
        final Engine e = Engine.builder().build();
        e.post(5, arg -> e.runUntil(10), 0);
        assertThatThrownBy(() -> e.runUntil(20)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("do not nest");
        final SimCpu cpu = e.addCpu(c -> c.advance(e.now() > 0 ? 1 : 0), false);
        assertThat(cpu.isBlocked()).isTrue();
        e.runUntil(20); // the engine is usable again
        assertThat(e.now()).isEqualTo(20);
    }

    @Test
    void aClockChargedBeyondTheEndOfTimeSaturates()
    {
        final Engine e = Engine.builder().build();
        final SimCpu cpu = e.addCpu(c -> c.advance(Long.MAX_VALUE - 5), true);
        e.runUntil(1_000);
        assertThat(cpu.time()).isEqualTo(EventQueue.NEVER - 5);
        cpu.advance(Long.MAX_VALUE);
        assertThat(cpu.time()).isEqualTo(EventQueue.NEVER - 1);
        assertThat(e.now()).isEqualTo(1_000);
    }

    @Test
    void eventsInThePastAreRejected()
    {
        final Engine e = Engine.builder().build();
        e.runUntil(100);
        assertThatThrownBy(() -> e.post(99, arg -> { }, 0)).hasMessageContaining("when");
        assertThatThrownBy(() -> e.postAfter(-1, arg -> { }, 0)).hasMessageContaining("delay");
        assertThatThrownBy(() -> e.runUntil(50)).hasMessageContaining("end");
    }

    @Test
    void builderNamesTheBadField()
    {
        assertThatThrownBy(() -> Engine.builder().quantum(0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("quantum must be > 0, was 0");
        assertThatThrownBy(() -> Engine.builder().traceCapacity(0)).hasMessageContaining("traceCapacity");
        assertThatThrownBy(() -> Engine.builder().clock(null)).hasMessageContaining("clock");
        assertThatThrownBy(() -> Engine.builder().build().addCpu(null, true)).hasMessageContaining("agent");
        assertThatThrownBy(() -> Engine.builder().build().cpu(0)).hasMessageContaining("index");
    }

    @Test
    void traceRecordsRunsBlocksWakesAndEvents()
    {
        final Engine e = Engine.builder().tracing(true).quantum(100).build();
        final SimCpu cpu = e.addCpu(c -> {
            c.advance(10);
            c.block();
        }, true);
        e.post(50, arg -> cpu.wake(), 7);
        e.runUntil(200);
        assertThat(e.trace().records()).extracting(r -> r.kind() + "@" + r.time() + "/" + r.cpu()).containsExactly(
            "CPU_BLOCK@10/0", "CPU_RUN@10/0", "EVENT@50/-1", "CPU_WAKE@50/-1", "CPU_BLOCK@60/0", "CPU_RUN@60/0");
        assertThat(e.trace().count(CoreTrace.CPU_RUN)).isEqualTo(2);
    }

    /** A busy scenario with randomness from a seed: same seed, same digest; another seed, another digest. */
    static long scenarioDigest(final long seed)
    {
        final Engine e = Engine.builder().tracing(true).quantum(64).build();
        final SplittableRandom rnd = new SplittableRandom(seed);
        final SimCpu[] cpus = new SimCpu[32];
        final EventHandler wake = arg -> cpus[(int) arg].wake();
        for (int i = 0; i < cpus.length; i++)
        {
            cpus[i] = e.addCpu(cpu -> {
                while (cpu.time() < cpu.limit())
                {
                    cpu.advance(1 + rnd.nextInt(8));
                    final int r = rnd.nextInt(100);
                    if (r < 3)
                    {
                        e.postAfter(rnd.nextInt(500), wake, rnd.nextInt(cpus.length));
                    }
                    else if (r < 5)
                    {
                        cpu.sleepUntil(cpu.time() + rnd.nextInt(2_000));
                        return;
                    }
                    else if (r < 6)
                    {
                        cpu.block();
                        return;
                    }
                }
            }, i % 3 == 0);
        }
        e.post(0, wake, 1);
        e.runUntil(200_000);
        assertThat(e.trace().written()).isGreaterThan(1_000);
        return e.trace().digest();
    }

    @Test
    void sameScenarioTwiceGivesTheSameDigest()
    {
        assertThat(scenarioDigest(1)).isEqualTo(scenarioDigest(1));
        assertThat(scenarioDigest(2)).isEqualTo(scenarioDigest(2));
        assertThat(scenarioDigest(1)).isNotEqualTo(scenarioDigest(2));
    }
}
