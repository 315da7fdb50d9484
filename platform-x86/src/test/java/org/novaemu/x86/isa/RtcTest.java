// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.isa;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.bus.PortSpace;
import org.novaemu.irq.IrqLine;
import org.novaemu.sim.Clock;
import org.novaemu.sim.Engine;

/** The MC146818 against its datasheet, with the engine's clock at four cycles per 32.768 kHz tick. */
class RtcTest
{
    private static final long SECOND = 32_768;

    private final Engine engine = Engine.builder().clock(new Clock(4 * Rtc.TIME_BASE_HZ)).build();
    private final IrqLine irq8 = new IrqLine("irq8", 8, engine.trace());
    private final PortSpace ports = new PortSpace();
    private final Rtc rtc = new Rtc(engine, irq8);

    RtcTest()
    {
        rtc.attach(ports);
    }

    private void at(final long tick)
    {
        engine.runUntil(4 * tick);
    }

    private int read(final int offset)
    {
        ports.out(Rtc.INDEX, 1, offset);
        return (int) ports.in(Rtc.DATA, 1);
    }

    private void write(final int offset, final int value)
    {
        ports.out(Rtc.INDEX, 1, offset);
        ports.out(Rtc.DATA, 1, value);
    }

    @Test
    void atPowerUpTheClockRunsFromNewYear2026InBcdAnd24HourFormat()
    {
        final int[] expected = {0, 0, 0, 0, 0, 0, 5, 1, 1, 0x26, 0x26, 0x02, 0x00, 0x80};
        for (int r = 0; r < expected.length; r++)
        {
            assertThat(read(r)).as("register %d", r).isEqualTo(expected[r]);
        }
        for (int r = 0x0e; r < 0x80; r++)
        {
            assertThat(read(r)).isZero();
        }
        assertThat(ports.in(Rtc.INDEX, 1)).isEqualTo(0xff);
        assertThat(irq8.level()).isFalse();
        assertThat(engine.pendingEvents()).isZero();
        write(0x40, 0x5a);
        assertThat(read(0x40)).isEqualTo(0x5a);
        assertThat(read(0xc0)).isEqualTo(0x5a); // bit 7 of the index is the NMI mask
        assertThat(rtc.nmiMasked()).isTrue();
    }

    @Test
    void updateCyclesAdvanceTheTimeOnceASecondWithUipAround()
    {
        at(SECOND - 9);
        assertThat(read(0x0a) & Rtc.A_UIP).isZero();
        at(SECOND - 4);
        assertThat(read(0x0a) & Rtc.A_UIP).isEqualTo(Rtc.A_UIP);
        assertThat(read(0)).isZero(); // not before the cycle ends, 1,984 us after it began
        at(SECOND + 65);
        assertThat(read(0x0a) & Rtc.A_UIP).isZero();
        assertThat(read(0)).isEqualTo(1);
        assertThat(read(0x0c)).isEqualTo(0x50); // UF, and PF at 1,024 Hz, with no IRQF: UIE and PIE are clear
        at(61 * SECOND + 65);
        assertThat(read(0)).isEqualTo(0x01);
        assertThat(read(2)).isEqualTo(0x01);
    }

    @Test
    void thePeriodicInterruptHoldsTheLineUntilRegisterCIsRead()
    {
        write(0x0b, 0x42); // PIE, 24-hour; RS 6: 1,024 Hz, every 32 ticks
        at(31);
        assertThat(irq8.level()).isFalse();
        at(32);
        assertThat(irq8.level()).isTrue();
        at(200);
        assertThat(irq8.level()).isTrue();
        assertThat(read(0x0c)).isEqualTo(0xc0); // IRQF and PF
        assertThat(irq8.level()).isFalse();
        assertThat(read(0x0c)).isZero();
        at(224);
        assertThat(irq8.level()).isTrue();
    }

    @Test
    void setInhibitsUpdatesAndClearsUieAndTheUpdateEndedInterruptFollowsUie()
    {
        write(0x0b, 0x12); // UIE
        at(SECOND + 65);
        assertThat(irq8.level()).isTrue();
        assertThat(read(0x0c)).isEqualTo(0xd0); // IRQF, PF (set whether PIE is or not), UF
        write(0x0b, 0x92); // SET
        assertThat(read(0x0b)).isEqualTo(0x82);
        at(5 * SECOND);
        assertThat(read(0)).isEqualTo(1);
        assertThat(irq8.level()).isFalse();
    }

    @Test
    void theAlarmMatchesWithDontCareBytes()
    {
        write(1, 0x05);
        write(3, 0xc0);
        write(5, 0xff);
        write(0x0b, 0x22); // AIE
        at(4 * SECOND + 65);
        assertThat(irq8.level()).isFalse();
        at(5 * SECOND + 65);
        assertThat(irq8.level()).isTrue();
        assertThat(read(0x0c)).isEqualTo(0xf0); // IRQF, PF, AF, UF
    }

    @Test
    void theCalendarCarriesThroughMidnightMonthsLeapYearsAndTheCentury()
    {
        write(0x0b, 0x86); // SET, binary, 24-hour
        write(0, 59);
        write(2, 59);
        write(4, 23);
        write(6, 7);
        write(7, 28);
        write(8, 2);
        write(9, 28);
        write(0x0b, 0x06);
        at(2 * SECOND); // the first update after release of SET
        assertThat(new int[] {read(0), read(2), read(4), read(6), read(7), read(8), read(9)})
            .containsExactly(0, 0, 0, 1, 29, 2, 28);
        write(0x0b, 0x86);
        write(0, 59);
        write(2, 59);
        write(4, 23);
        write(7, 31);
        write(8, 12);
        write(9, 99);
        write(0x0b, 0x06);
        at(3 * SECOND);
        assertThat(new int[] {read(7), read(8), read(9)}).containsExactly(1, 1, 0);
    }

    @Test
    void twelveHourFormatTurns11PmInto12Am()
    {
        write(0x0b, 0x84); // SET, binary, 12-hour
        write(0, 59);
        write(2, 59);
        write(4, 0x80 | 11);
        write(0x0b, 0x04);
        at(SECOND + 65);
        assertThat(read(4)).isEqualTo(12);
        assertThat(read(7)).isEqualTo(2);
        write(0x0b, 0x84);
        write(0, 59);
        write(2, 59);
        write(4, 11);
        write(0x0b, 0x04);
        at(2 * SECOND + 65);
        assertThat(read(4)).isEqualTo(0x80 | 12);
        assertThat(read(7)).isEqualTo(2);
    }

    @Test
    void stoppingTheDividersFreezesTheClockAndReleaseUpdatesHalfASecondLater()
    {
        at(100);
        write(0x0a, 0x66); // DV 110: divider reset
        at(10 * SECOND);
        assertThat(read(0)).isZero();
        write(0x0a, 0x26);
        final long released = 10 * SECOND;
        at(released + SECOND / 2 + 64);
        assertThat(read(0)).isZero();
        at(released + SECOND / 2 + 65);
        assertThat(read(0)).isEqualTo(1);
    }
}
