// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.cpu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A ring-0 program written as a listing: instructions placed at addresses, one byte each, and a log of the
 * addresses each CPU executed (by APIC initial ID). An address with no instruction raises #UD.
 */
final class Listing implements Ring0Program
{
    /** #UD. */
    static final int UD = 6;
    /** The xAPIC page at its default base. */
    static final long APIC = 0xfee0_0000L;
    static final long ID = APIC + 0x20;
    static final long TPR = APIC + 0x80;
    static final long EOI = APIC + 0xb0;
    static final long SVR = APIC + 0xf0;
    static final long ICR_LOW = APIC + 0x300;
    static final long ICR_HIGH = APIC + 0x310;
    static final long LVT_TIMER = APIC + 0x320;
    static final long TIMER_INITIAL = APIC + 0x380;
    static final long TIMER_DIVIDE = APIC + 0x3e0;
    /** ICR: destination shorthand self. */
    static final int SELF = 1 << 18;
    static final int NMI = 4 << 8;
    static final int INIT = 5 << 8 | 1 << 14;
    static final int STARTUP = 6 << 8 | 1 << 14;

    private final Map<Long, Consumer<Ring0>> code = new HashMap<>();
    private final Map<Integer, List<Long>> executed = new HashMap<>();

    /**
     * Places instructions at consecutive addresses from {@code at}.
     *
     * @return this listing
     */
    @SafeVarargs
    final Listing at(final long at, final Consumer<Ring0>... instructions)
    {
        for (int i = 0; i < instructions.length; i++)
        {
            code.put(at + i, instructions[i]);
        }
        return this;
    }

    @Override
    public void step(final Ring0 cpu)
    {
        final int id = ((Core) cpu).index(); // not an APIC read: that would charge an uncached access
        executed.computeIfAbsent(id, k -> new ArrayList<>()).add(cpu.ip());
        final Consumer<Ring0> insn = code.get(cpu.ip());
        if (insn == null)
        {
            cpu.fault(UD, 0);
        }
        insn.accept(cpu);
    }

    /** @return the addresses CPU {@code id} executed, in order */
    List<Long> executed(final int id)
    {
        return executed.getOrDefault(id, List.of());
    }

    /** @return how often CPU {@code id} executed the instruction at {@code at} */
    long count(final int id, final long at)
    {
        return executed(id).stream().filter(a -> a == at).count();
    }

    /** The instruction that enables the APIC in software, spurious vector 0xFF. */
    static void enableApic(final Ring0 c)
    {
        c.write(SVR, 4, 0x1ff);
    }

    /** Sends an IPI through the xAPIC ICR. */
    static void ipi(final Ring0 c, final int destination, final int low)
    {
        c.write(ICR_HIGH, 4, (long) destination << 24);
        c.write(ICR_LOW, 4, low);
    }
}
