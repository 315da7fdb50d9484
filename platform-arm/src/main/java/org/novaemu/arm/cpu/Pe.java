// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.cpu;

import org.novaemu.irq.IrqLine;
import org.novaemu.util.Require;

/**
 * A processing element's System registers as far as the platform models them: its affinity (MPIDR_EL1), the
 * system counter's view (CNTFRQ_EL0, CNTPCT_EL0, CNTVCT_EL0) and two timers of its Generic Timer, the EL2
 * physical timer (CNTHP, NOVA's own timer, PPI 26) and the EL1 virtual timer (CNTV with CNTVOFF_EL2, PPI 27).
 * Each timer drives a level line that the interrupt controller connects to its PPI input.
 *
 * <p>{@link #read} and {@link #write} access the registers as software at EL2: a register that is read-only
 * there (MPIDR_EL1, the counts, CNTFRQ_EL0, which only EL3 writes) refuses a write as UNDEFINED and keeps its
 * value (docs/decisions.md A35). Not thread-safe.
 */
public final class Pe
{
    private final int index;
    private final Mpidr mpidr;
    private final SystemCounter counter;
    private final GenericTimer hyp;
    private final GenericTimer virt;

    /**
     * A PE numbered as the machine numbers them ({@link Mpidr#ofPe}), its timers at their reset state; their
     * lines are named {@code pe<n>.cnthp} and {@code pe<n>.cntv} and traced as {@code n * 32 + PPI}.
     *
     * @param counter the system counter
     * @param index the PE's number, from 0
     */
    public Pe(final SystemCounter counter, final int index)
    {
        this.counter = Require.nonNull("counter", counter);
        this.index = index;
        this.mpidr = Mpidr.ofPe(index);
        this.hyp = new GenericTimer(counter, new IrqLine("pe" + index + ".cnthp",
            index * 32 + GenericTimer.PPI_HYP_PHYSICAL, counter.engine().trace()));
        this.virt = new GenericTimer(counter, new IrqLine("pe" + index + ".cntv",
            index * 32 + GenericTimer.PPI_VIRTUAL, counter.engine().trace()));
    }

    /** @return the PE's number */
    public int index()
    {
        return index;
    }

    /** @return its affinity */
    public Mpidr mpidr()
    {
        return mpidr;
    }

    /** @return the system counter */
    public SystemCounter counter()
    {
        return counter;
    }

    /** @return the EL2 physical timer (CNTHP_CTL_EL2, CNTHP_CVAL_EL2, CNTHP_TVAL_EL2), PPI 26 */
    public GenericTimer hypTimer()
    {
        return hyp;
    }

    /** @return the EL1 virtual timer (CNTV_CTL_EL0, CNTV_CVAL_EL0, CNTV_TVAL_EL0), PPI 27 */
    public GenericTimer virtualTimer()
    {
        return virt;
    }

    /**
     * MRS at EL2.
     *
     * @param reg the register
     * @return its value now
     */
    public long read(final SysReg reg)
    {
        return switch (Require.nonNull("reg", reg))
        {
            case MPIDR_EL1 -> mpidr.encode();
            case CNTFRQ_EL0 -> counter.frequency();
            case CNTPCT_EL0 -> counter.count();
            case CNTVCT_EL0 -> virt.count();
            case CNTVOFF_EL2 -> virt.offset();
            case CNTV_TVAL_EL0 -> virt.tval();
            case CNTV_CTL_EL0 -> virt.ctl();
            case CNTV_CVAL_EL0 -> virt.cval();
            case CNTHP_TVAL_EL2 -> hyp.tval();
            case CNTHP_CTL_EL2 -> hyp.ctl();
            case CNTHP_CVAL_EL2 -> hyp.cval();
        };
    }

    /**
     * MSR at EL2.
     *
     * @param reg the register
     * @param value the value written
     * @return false if the write is UNDEFINED at EL2 (a read-only register): nothing changes
     */
    public boolean write(final SysReg reg, final long value)
    {
        switch (Require.nonNull("reg", reg))
        {
            case CNTVOFF_EL2 -> virt.setOffset(value);
            case CNTV_TVAL_EL0 -> virt.writeTval(value);
            case CNTV_CTL_EL0 -> virt.writeCtl(value);
            case CNTV_CVAL_EL0 -> virt.writeCval(value);
            case CNTHP_TVAL_EL2 -> hyp.writeTval(value);
            case CNTHP_CTL_EL2 -> hyp.writeCtl(value);
            case CNTHP_CVAL_EL2 -> hyp.writeCval(value);
            default ->
            {
                return false;
            }
        }
        return true;
    }
}
