// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.novaemu.arm.cpu.SysReg;
import org.novaemu.arm.firmware.Psci;
import org.novaemu.arm.gic.Affinity;
import org.novaemu.arm.gic.GicdRegister;
import org.novaemu.arm.gic.GicrRegister;
import org.novaemu.arm.gic.IccRegister;
import org.novaemu.arm.gic.Irouter;

/**
 * An EL1 program written as a listing: instructions placed at addresses 4 bytes apart, and a log of the
 * addresses each PE executed. An address with no instruction is UNDEFINED. The static helpers are single
 * instructions (an MRS, an MSR, a store) or, where named so, a driver's short sequence.
 */
final class Listing implements El1Program
{
    /** Where the primary PE starts, the bottom of RAM (QEMU virt's). */
    static final long RESET = Board.RAM;
    /** Where the programs put VBAR_EL1. */
    static final long VBAR = RESET + 0x8000;
    static final long SYNC = VBAR + 0x200;
    static final long IRQ = VBAR + 0x280;
    static final long FIQ = VBAR + 0x300;

    private final Map<Long, Consumer<El1>> code = new HashMap<>();
    private final Map<Integer, List<Long>> executed = new HashMap<>();

    /**
     * Places instructions at consecutive addresses from {@code at}, 4 bytes apart.
     *
     * @return this listing
     */
    @SafeVarargs
    final Listing at(final long at, final Consumer<El1>... instructions)
    {
        for (int i = 0; i < instructions.length; i++)
        {
            code.put(at + 4L * i, instructions[i]);
        }
        return this;
    }

    @Override
    public void step(final El1 cpu)
    {
        final int pe = ((El1Core) cpu).index(); // not an MRS of MPIDR_EL1: that would be an instruction of its own
        executed.computeIfAbsent(pe, k -> new ArrayList<>()).add(cpu.pc());
        final Consumer<El1> insn = code.get(cpu.pc());
        if (insn == null)
        {
            cpu.undefined();
        }
        insn.accept(cpu);
    }

    /** @return the addresses PE {@code pe} executed, in order */
    List<Long> executed(final int pe)
    {
        return executed.getOrDefault(pe, List.of());
    }

    /** @return how often PE {@code pe} executed the instruction at {@code at} */
    long count(final int pe, final long at)
    {
        return executed(pe).stream().filter(a -> a == at).count();
    }

    // ---- Instructions ---------------------------------------------------------------------------------

    static long mrs(final El1 c, final El1Register reg)
    {
        return c.mrs(reg.fields());
    }

    static void msr(final El1 c, final El1Register reg, final long value)
    {
        c.msr(reg.fields(), value);
    }

    static long mrs(final El1 c, final IccRegister reg)
    {
        return c.mrs(reg.fields());
    }

    static void msr(final El1 c, final IccRegister reg, final long value)
    {
        c.msr(reg.fields(), value);
    }

    static long mrs(final El1 c, final SysReg reg)
    {
        return c.mrs(reg.fields());
    }

    static void msr(final El1 c, final SysReg reg, final long value)
    {
        c.msr(reg.fields(), value);
    }

    /** MOV X0-X3, then SMC #0: a PSCI call, its result in X0. */
    static void psci(final El1 c, final int function, final long x1, final long x2, final long x3)
    {
        c.setX(0, function);
        c.setX(1, x1);
        c.setX(2, x2);
        c.setX(3, x3);
        c.smc(0);
    }

    static void gicd(final El1 c, final GicdRegister reg, final int n, final long value)
    {
        c.write(Board.GICD + reg.offset(n), reg.width(), value);
    }

    static long gicr(final El1 c, final int pe, final GicrRegister reg, final int n)
    {
        return c.read(Board.gicr(pe) + reg.offset(n), reg.width());
    }

    static void gicr(final El1 c, final int pe, final GicrRegister reg, final int n, final long value)
    {
        c.write(Board.gicr(pe) + reg.offset(n), reg.width(), value);
    }

    // ---- A driver's sequences -------------------------------------------------------------------------

    /** Where {@link #spiToPe1}'s secondary PE starts. */
    static final long SECONDARY = RESET + 0x1000;

    /**
     * A bare-metal program that enables the GIC, routes SPI {@code spi} (edge, group 1) to PE 1 by IROUTER,
     * starts PE 1 at {@link #SECONDARY} with PSCI CPU_ON, and has both PEs wait in WFI with IRQs unmasked; the
     * IRQ handler leaves the acknowledged INTID in X10 and the PE's Aff0 in X11.
     *
     * @param spi an SPI's INTID
     * @return the listing
     */
    static Listing spiToPe1(final int spi)
    {
        return new Listing()
            .at(RESET,
                c -> msr(c, El1Register.VBAR_EL1, VBAR),
                Listing::enableDistributor,
                c -> enableCpu(c, 0),
                c -> gicd(c, GicdRegister.IGROUPR, 1, 1L << spi - 32),
                c -> c.write(Board.GICD + GicdRegister.IPRIORITYR.offset() + spi, 1, 0x80),
                c -> gicd(c, GicdRegister.ICFGR, spi / 16, 2L << 2 * (spi % 16)), // edge-triggered
                c -> gicd(c, GicdRegister.IROUTER, spi, Irouter.to(Affinity.of(0, 0, 0, 1))),
                c -> gicd(c, GicdRegister.ISENABLER, 1, 1L << spi - 32),
                c -> psci(c, Psci.CPU_ON, 1, SECONDARY, 0),
                c -> c.daifClr(El1.DAIF_IMM_I),
                El1::wfi,
                c -> c.branch(c.pc() - 4))
            .at(SECONDARY,
                c -> msr(c, El1Register.VBAR_EL1, VBAR),
                c -> enableCpu(c, 1),
                c -> c.daifClr(El1.DAIF_IMM_I),
                El1::wfi,
                c -> c.branch(c.pc() - 4))
            .at(IRQ,
                c -> c.setX(10, mrs(c, IccRegister.IAR1_EL1)),
                c -> msr(c, IccRegister.EOIR1_EL1, c.x(10)),
                c -> c.setX(11, mrs(c, SysReg.MPIDR_EL1) & 0xff),
                El1::eret);
    }

    /** The distributor: affinity routing (RAO), group 0 and 1 enabled. */
    static void enableDistributor(final El1 c)
    {
        gicd(c, GicdRegister.CTLR, 0,
            GicdRegister.CTLR_ENABLE_GRP0.mask() | GicdRegister.CTLR_ENABLE_GRP1.mask());
    }

    /** This PE's redistributor awake, its CPU interface taking group 1 at every priority. */
    static void enableCpu(final El1 c, final int pe)
    {
        gicr(c, pe, GicrRegister.WAKER, 0, 0);
        msr(c, IccRegister.PMR_EL1, 0xff);
        msr(c, IccRegister.IGRPEN1_EL1, 1);
    }

    /** An SGI or PPI of this PE's redistributor in group 1 at a priority, enabled. */
    static void enablePrivate(final El1 c, final int pe, final int intid, final int priority)
    {
        gicr(c, pe, GicrRegister.IGROUPR, 0, gicr(c, pe, GicrRegister.IGROUPR, 0) | 1L << intid);
        c.write(Board.gicr(pe) + GicrRegister.IPRIORITYR.offset() + intid, 1, priority);
        gicr(c, pe, GicrRegister.ISENABLER, 0, 1L << intid);
    }
}
