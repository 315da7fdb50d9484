// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

import java.util.Arrays;

import org.novaemu.bus.Bus;

/**
 * A function's base address registers and their decoding (PCI Local Bus 3.0, 6.2.5.1): which BARs the device
 * model declared, the writable address bits that make them sizeable, and where each memory BAR is mapped
 * on the bus while memory decoding is on. A BAR whose range overlaps another region decodes nothing and is
 * counted (docs/decisions.md P3).
 */
final class BarDecoder
{
    private final String name;
    private final ConfigSpace config;
    private final Bar[] bars;
    private final long[] mapped;
    private long conflicts;

    /**
     * @param name the function's name, for the bus's regions
     * @param config its configuration space
     * @param count its BAR registers: 6 in a type 0 header, 2 in a type 1
     */
    BarDecoder(final String name, final ConfigSpace config, final int count)
    {
        this.name = name;
        this.config = config;
        this.bars = new Bar[count];
        this.mapped = new long[count];
        Arrays.fill(mapped, -1);
    }

    /** @return the BAR registers of the header */
    int count()
    {
        return bars.length;
    }

    /**
     * Declares a BAR: its flags read-only, its address bits above its size writable.
     *
     * @throws IllegalArgumentException if it does not fit the header or its registers are taken
     */
    void declare(final int index, final Bar bar)
    {
        if (bar == null || index < 0 || index + bar.registersTaken() > bars.length)
        {
            throw new IllegalArgumentException("bar " + index + " does not fit the header's " + bars.length + " BARs");
        }
        if (bars[index] != null || bar.registersTaken() == 2 && bars[index + 1] != null || index > 0
            && bars[index - 1] != null && bars[index - 1].registersTaken() == 2)
        {
            throw new IllegalArgumentException("bar " + index + " is taken");
        }
        bars[index] = bar;
        final int reg = register(index);
        final long mask = ~(bar.size() - 1);
        config.init(reg, 4, bar.flags());
        config.initWritable(reg, 4, (int) mask & (bar.kind() == Bar.Kind.IO ? ~3 : ~0xf));
        if (bar.registersTaken() == 2)
        {
            config.initWritable(reg + 4, 4, (int) (mask >>> 32));
        }
    }

    /** @return the address BAR {@code index} is decoded at, or -1 */
    long address(final int index)
    {
        return mapped[index];
    }

    /** @return the BAR declared at {@code index}, or null */
    Bar declared(final int index)
    {
        return bars[index];
    }

    /** @return how many times a BAR could not be mapped because its range overlapped another region */
    long conflicts()
    {
        return conflicts;
    }

    /** @return whether a configuration write to {@code [offset, end)} touches a BAR register */
    boolean covers(final int offset, final int end)
    {
        return offset < register(bars.length) && end > Header.BAR0.offset();
    }

    private static int register(final int index)
    {
        return Header.BAR0.offset() + 4 * index;
    }

    private long programmedAddress(final int index)
    {
        final Bar b = bars[index];
        final int reg = register(index);
        final long low = config.read(reg, 4) & 0xffffffffL & (b.kind() == Bar.Kind.IO ? ~3L : ~0xfL);
        return b.registersTaken() == 2 ? low | (config.read(reg + 4, 4) & 0xffffffffL) << 32 : low;
    }

    /**
     * Maps each memory BAR where it is programmed while memory decoding is on and unmaps it otherwise: first
     * every BAR that moves leaves its old place, then each is mapped, so BARs of one function may swap.
     *
     * @param bus the bus the function is on, or null while it is not placed
     * @param decode whether Command.MEM is set
     */
    void update(final Bus bus, final boolean decode)
    {
        if (bus == null)
        {
            return;
        }
        for (int pass = 0; pass < 2; pass++)
        {
            for (int i = 0; i < bars.length; i++)
            {
                final Bar b = bars[i];
                if (b == null || b.kind() == Bar.Kind.IO)
                {
                    continue;
                }
                final long want = decode ? programmedAddress(i) : -1;
                if (pass == 0 && mapped[i] >= 0 && want != mapped[i])
                {
                    bus.unmap(mapped[i]);
                    mapped[i] = -1;
                }
                else if (pass == 1 && decode && mapped[i] < 0)
                {
                    if (bus.tryMapMmio(name + ".bar" + i, want, b.size(), b.registers(), b.rule()))
                    {
                        mapped[i] = want;
                    }
                    else
                    {
                        conflicts++; // overlapping or out of range: the BAR decodes nothing (decisions P3)
                    }
                }
            }
        }
    }
}
