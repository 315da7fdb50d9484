// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.Allocations;
import org.novaemu.irq.IrqLine;

/**
 * The GIC's delivery paths allocate nothing in steady state: a level SPI from its line through acknowledge and
 * EOI with EOImode 1 (priority drop, then DIR), an SGI between PEs, an LPI from the ITS hook, a 1-of-N SPI.
 * Each runs a warm-up, then many more rounds under the thread's allocation counter.
 */
class InterruptPathAllocationTest
{
    private final GicHarness h = new GicHarness(8).enable(true);

    @Test
    void anSpiAnSgiAndAnLpiAllocateNothing()
    {
        for (int i = 0; i < 64; i++)
        {
            h.spi(32 + i, 0x80 + (i & 7) * 8, false, i & 7);
        }
        final IrqLine[] lines = new IrqLine[64];
        for (int i = 0; i < 64; i++)
        {
            lines[i] = h.line(32 + i);
        }
        for (int pe = 0; pe < 8; pe++)
        {
            h.ppi(pe, 1, 0x20);
        }
        final long prop = GicHarness.RAM;
        for (int i = 0; i < 1024; i++)
        {
            h.bus.memory().write8(prop + i, 0x41);
        }
        h.setGicr(3, GicrRegister.PROPBASER, prop | 15);
        h.setGicr(3, GicrRegister.PENDBASER, GicHarness.RAM + 0x10_0000L);
        h.setGicr(3, GicrRegister.CTLR, GicrRegister.CTLR_ENABLE_LPIS.mask());
        final Gicr its = h.gic.redistributor(3);
        final int[] next = new int[1];
        final long[] taken = new long[1];
        final Runnable body = () -> {
            final int i = next[0];
            next[0] = i + 1 & 63;
            final int pe = i & 7;
            lines[i].raise();
            final int spi = h.ack(pe);
            lines[i].lower();
            h.eoi(pe, spi);
            h.dir(pe, spi);
            h.icc(pe, IccRegister.SGI1R_EL1, Sgi1r.to(1, h.gic.redistributor(pe ^ 1).affinity()));
            final int sgi = h.ack(pe ^ 1);
            h.eoi(pe ^ 1, sgi);
            h.dir(pe ^ 1, sgi);
            its.setLpiPending(8192 + i * 16);
            final int lpi = h.ack(3);
            h.eoi(3, lpi);
            taken[0] += spi + sgi + lpi;
        };
        assertThat(Allocations.allocatedBy(body)).isLessThan(1024);
        assertThat(taken[0]).isEqualTo(expected(220_000));
    }

    /** @return the INTIDs that {@code rounds} rounds take: SPI 32 + i, SGI 1, LPI 8192 + 16 i, i cycling 0-63 */
    private static long expected(final int rounds)
    {
        long sum = 0;
        for (int r = 0; r < rounds; r++)
        {
            final int i = r & 63;
            sum += 32 + i + 1 + 8192 + 16 * i;
        }
        return sum;
    }

    @Test
    void aOneOfNSpiAllocatesNothing()
    {
        h.spi(100, 0x80, true, 0);
        h.setGicd(GicdRegister.IROUTER, 100, Irouter.oneOfN());
        final IrqLine line = h.line(100);
        final long[] taken = new long[1];
        final Runnable body = () -> {
            line.pulse();
            for (int pe = 0; pe < 8; pe++)
            {
                if (h.pins[pe].irq)
                {
                    final int intid = h.ack(pe);
                    h.eoi(pe, intid);
                    h.dir(pe, intid);
                    taken[0] += intid;
                }
            }
        };
        assertThat(Allocations.allocatedBy(body)).isLessThan(1024);
        assertThat(taken[0]).isEqualTo(220_000L * 100);
    }
}
