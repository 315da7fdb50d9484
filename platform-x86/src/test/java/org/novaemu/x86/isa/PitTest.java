// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.isa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.novaemu.bus.PortSpace;
import org.novaemu.irq.IrqLine;
import org.novaemu.sim.Clock;
import org.novaemu.sim.Engine;

/** The 8254 against its datasheet, with the engine's clock at two cycles per CLK tick. */
class PitTest
{
    private final Engine engine = Engine.builder().clock(new Clock(2 * Pit.CLOCK_HZ)).build();
    private final IrqLine irq0 = new IrqLine("irq0", 0, engine.trace());
    private final PortSpace ports = new PortSpace();
    private final Pit pit = new Pit(engine, irq0);
    private final List<Long> rises = new ArrayList<>();

    PitTest()
    {
        pit.attach(ports);
        irq0.connect((tag, level) -> {
            if (level)
            {
                rises.add(engine.now() / 2);
            }
        }, 0);
    }

    private void at(final long tick)
    {
        engine.runUntil(2 * tick);
    }

    private void program(final int counter, final int controlWord, final int count)
    {
        ports.out(Pit.CONTROL, 1, controlWord);
        ports.out(Pit.BASE + counter, 1, count & 0xff);
        ports.out(Pit.BASE + counter, 1, count >>> 8);
    }

    private int readBackStatus(final int counter)
    {
        ports.out(Pit.CONTROL, 1, 0xe0 | 2 << counter); // read-back: status only
        return (int) ports.in(Pit.BASE + counter, 1);
    }

    private int latchedCount(final int counter)
    {
        ports.out(Pit.CONTROL, 1, counter << 6); // counter latch command
        return (int) (ports.in(Pit.BASE + counter, 1) | ports.in(Pit.BASE + counter, 1) << 8);
    }

    @Test
    void atResetEveryCounterIsInMode0WithNullCountOutLowAndNothingCounts()
    {
        for (int c = 0; c < 3; c++)
        {
            assertThat(readBackStatus(c)).isEqualTo(0x70); // OUT 0, NULL COUNT, RW LSB then MSB, mode 0, binary
            assertThat(pit.out(c)).isFalse();
        }
        assertThat(latchedCount(0)).isZero();
        assertThat(ports.in(Pit.CONTROL, 1)).isEqualTo(0xff);
        assertThat(engine.pendingEvents()).isZero();
        assertThat(irq0.level()).isFalse();
    }

    @Test
    void mode2PulsesOutLowForOneClkEveryNClksAndIrq0RisesAtEachReload()
    {
        program(0, 0x34, 100); // counter 0, LSB then MSB, mode 2, binary
        assertThat(readBackStatus(0)).isEqualTo(0xf4); // OUT high, NULL COUNT until the next CLK loads it
        at(1);
        assertThat(readBackStatus(0)).isEqualTo(0xb4);
        at(50);
        assertThat(latchedCount(0)).isEqualTo(100 - 49);
        at(100);
        assertThat(pit.out(0)).isFalse(); // count 1
        at(101);
        assertThat(pit.out(0)).isTrue();
        assertThat(latchedCount(0)).isEqualTo(100);
        at(1_000);
        // The control word itself raises OUT (mode 2 starts high): IRQ0's first edge.
        assertThat(rises).containsExactly(0L, 101L, 201L, 301L, 401L, 501L, 601L, 701L, 801L, 901L);
    }

    @Test
    void mode0RaisesOutNPlusOneClksAfterTheCountIsWrittenAndCountsOnThroughZero()
    {
        program(0, 0x30, 1_000);
        assertThat(irq0.level()).isFalse();
        at(1_000);
        assertThat(pit.out(0)).isFalse();
        at(1_001);
        assertThat(pit.out(0)).isTrue();
        at(1_003);
        assertThat(latchedCount(0)).isEqualTo(0xfffe);
        assertThat(rises).containsExactly(1_001L);
        at(100_000);
        assertThat(rises).hasSize(1); // one-shot: OUT stays high
        assertThat(engine.pendingEvents()).isZero();
    }

    @Test
    void writingTheFirstByteInMode0StopsTheCountAndSetsOutLow()
    {
        program(0, 0x30, 10);
        at(20);
        assertThat(pit.out(0)).isTrue();
        ports.out(Pit.BASE, 1, 50);
        assertThat(pit.out(0)).isFalse();
        final int held = pit.count(0);
        at(200);
        assertThat(pit.count(0)).isEqualTo(held);
        ports.out(Pit.BASE, 1, 0);
        at(251);
        assertThat(pit.out(0)).isTrue();
    }

    @Test
    void mode3IsASquareWaveAndAnOddCountIsHighOneClkLonger()
    {
        program(2, 0xb6, 10); // counter 2, mode 3
        at(1);
        final boolean[] even = new boolean[20];
        for (int i = 0; i < even.length; i++)
        {
            at(1 + i);
            even[i] = pit.out(2);
        }
        assertThat(even).containsExactly(true, true, true, true, true, false, false, false, false, false,
            true, true, true, true, true, false, false, false, false, false);
        program(2, 0xb6, 5);
        final int[] counts = new int[5];
        final boolean[] odd = new boolean[5];
        final long base = 1 + engine.now() / 2;
        for (int i = 0; i < odd.length; i++)
        {
            at(base + i);
            odd[i] = pit.out(2);
            counts[i] = pit.count(2);
        }
        assertThat(odd).containsExactly(true, true, true, false, false);
        assertThat(counts).containsExactly(5, 4, 2, 5, 2); // -1, then by two; reloaded, -3, then by two
    }

    @Test
    void mode4StrobesOutLowForOneClkAtTheTerminalCount()
    {
        program(1, 0x78, 20); // counter 1, mode 4
        at(20);
        assertThat(pit.out(1)).isTrue();
        at(21);
        assertThat(pit.out(1)).isFalse();
        at(22);
        assertThat(pit.out(1)).isTrue();
    }

    @Test
    void bcdCountingReadsAndWritesDecimalDigits()
    {
        program(0, 0x35, 0x0100); // mode 2, BCD: 100
        at(1 + 58);
        assertThat(latchedCount(0)).isEqualTo(0x42);
        at(101);
        assertThat(latchedCount(0)).isEqualTo(0x100);
        assertThat(readBackStatus(0) & 1).isEqualTo(1);
    }

    @Test
    void aNewCountInMode2TakesEffectAtTheEndOfThePeriod()
    {
        program(0, 0x34, 100);
        at(30);
        ports.out(Pit.BASE, 1, 10);
        ports.out(Pit.BASE, 1, 0);
        assertThat(readBackStatus(0) & 0x40).isEqualTo(0x40); // NULL COUNT until the reload
        at(1_000);
        assertThat(rises).startsWith(0L, 101L, 111L, 121L);
    }

    @Test
    void aLatchedCountIsHeldUntilReadAndALsbOnlyCounterReadsOneByte()
    {
        ports.out(Pit.CONTROL, 1, 0x14); // counter 0, LSB only, mode 2
        ports.out(Pit.BASE, 1, 200);
        at(11);
        ports.out(Pit.CONTROL, 1, 0x00);
        at(61);
        ports.out(Pit.CONTROL, 1, 0x00); // ignored: a latched count waits to be read
        assertThat(ports.in(Pit.BASE, 1)).isEqualTo(190);
        assertThat(ports.in(Pit.BASE, 1)).isEqualTo(140); // the latch is gone: the counting element
        assertThat(ports.in(Pit.BASE, 2)).isEqualTo(140); // split into 40h and 41h: counter 1 reads 0 at reset
    }
}
