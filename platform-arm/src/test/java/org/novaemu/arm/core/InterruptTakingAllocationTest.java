// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.Allocations;
import org.novaemu.arm.cpu.SysRegEncoding;
import org.novaemu.arm.gic.Affinity;
import org.novaemu.arm.gic.GicdRegister;
import org.novaemu.arm.gic.GicrRegister;
import org.novaemu.arm.gic.IccRegister;
import org.novaemu.arm.gic.Sgi1r;

/**
 * Taking an interrupt allocates nothing in steady state: a PE sends itself an SGI, takes the IRQ at its vector,
 * acknowledges and ends it, returns with ERET and loops, under the thread's allocation counter after a warm-up.
 * The program is a switch on the PC (a listing's map would box the addresses).
 */
class InterruptTakingAllocationTest
{
    private static final long LOOP = Listing.RESET + 0x100;
    private static final long SGI = Sgi1r.to(1, Affinity.of(0, 0, 0, 0));
    private static final SysRegEncoding SGI1R = IccRegister.SGI1R_EL1.fields();
    private static final SysRegEncoding IAR1 = IccRegister.IAR1_EL1.fields();
    private static final SysRegEncoding EOIR1 = IccRegister.EOIR1_EL1.fields();
    private static final SysRegEncoding VBAR = El1Register.VBAR_EL1.fields();

    /** Sets VBAR_EL1, unmasks IRQ, then loops sending itself SGI 1; the handler takes it and returns. */
    private static final class SgiLoop implements El1Program
    {
        long taken;

        @Override
        public void step(final El1 c)
        {
            final long pc = c.pc();
            if (pc == Listing.RESET)
            {
                c.msr(VBAR, Listing.VBAR);
            }
            else if (pc == Listing.RESET + 4)
            {
                c.daifClr(El1.DAIF_IMM_I);
                c.branch(LOOP);
            }
            else if (pc == LOOP)
            {
                c.msr(SGI1R, SGI);
            }
            else if (pc == LOOP + 4)
            {
                c.branch(LOOP);
            }
            else if (pc == Listing.IRQ)
            {
                c.setX(10, c.mrs(IAR1));
            }
            else if (pc == Listing.IRQ + 4)
            {
                c.msr(EOIR1, c.x(10));
                taken += c.x(10);
            }
            else if (pc == Listing.IRQ + 8)
            {
                c.eret();
            }
            else
            {
                c.undefined();
            }
        }
    }

    @Test
    void sendingTakingAndEndingAnSgiAllocatesNothing()
    {
        final SgiLoop program = new SgiLoop();
        final Board b = new Board(1, program);
        b.bus.write(Board.GICD + GicdRegister.CTLR.offset(), 4, GicdRegister.CTLR_ENABLE_GRP1.mask());
        b.bus.write(Board.gicr(0) + GicrRegister.WAKER.offset(), 4, 0);
        b.bus.write(Board.gicr(0) + GicrRegister.IGROUPR.offset(), 4, 1 << 1);
        b.bus.write(Board.gicr(0) + GicrRegister.ISENABLER.offset(), 4, 1 << 1);
        b.gic.cpuInterface(0).write(IccRegister.PMR_EL1, 0xff);
        b.gic.cpuInterface(0).write(IccRegister.IGRPEN1_EL1, 1);
        assertThat(Allocations.allocatedBy(() -> b.run(500))).isLessThan(1024);
        assertThat(program.taken).isGreaterThan(100_000); // SGI 1, taken that often
        assertThat(b.core(0).state()).isEqualTo(CoreState.RUNNING);
    }
}
