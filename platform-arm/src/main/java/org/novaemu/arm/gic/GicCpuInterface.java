// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

import org.novaemu.util.Require;

/**
 * A PE's GICv3 CPU interface (IHI 0069, chapters 4 and 12), reached through its system registers
 * ({@link IccRegister}), not memory: acknowledge (IAR), priority drop and deactivation (EOIR and DIR, split by
 * EOImode), the priority mask, binary points, running priority and active priorities, group enables, and SGI
 * generation. Five priority bits and five preemption bits are implemented (decision A3): one active priorities
 * register per group, bit {@code p} for group priority {@code p << 3}.
 *
 * <p>The interface signals IRQ (group 1) or FIQ (group 0) through {@link GicPins} while its redistributor's
 * highest priority interrupt of an enabled group has a priority above the priority mask and a group priority
 * above the running priority. Acknowledging and ending interrupts take a few compares and allocate nothing.
 */
public final class GicCpuInterface
{
    private static final int MIN_BPR0 = 2;
    private static final int MIN_BPR1 = 3;
    /** A priority's bits below the implemented five: an APR bit is a priority shifted right by this. */
    private static final int PRIORITY_SHIFT = 3;

    private final Gic gic;
    private final Gicr gicr;
    private GicPins pins = GicPins.NONE;
    private int pmr;
    private int bpr0 = MIN_BPR0;
    private int bpr1 = MIN_BPR1;
    private boolean cbpr;
    private boolean eoiMode;
    private final boolean[] igrpen = new boolean[2];
    private final int[] apr = new int[2];
    private boolean irq;
    private boolean fiq;

    GicCpuInterface(final Gic gic, final Gicr gicr)
    {
        this.gic = gic;
        this.gicr = gicr;
    }

    /**
     * Wires the interface's IRQ and FIQ to a core; levels already asserted are signalled to it at once.
     *
     * @param core the core
     */
    public void connect(final GicPins core)
    {
        pins = Require.nonNull("core", core);
        if (irq)
        {
            pins.irq(true);
        }
        if (fiq)
        {
            pins.fiq(true);
        }
    }

    /** @return the PE's processor number */
    public int pe()
    {
        return gicr.processorNumber();
    }

    /** @return whether IRQ is asserted */
    public boolean irq()
    {
        return irq;
    }

    /** @return whether FIQ is asserted */
    public boolean fiq()
    {
        return fiq;
    }

    /**
     * @param group 0 or 1
     * @return whether the group is enabled both here (ICC_IGRPEN) and in the distributor (GICD_CTLR)
     */
    boolean groupEnabled(final int group)
    {
        return igrpen[group] && gic.distributor().groupEnabled(group);
    }

    /**
     * @param group 0 or 1
     * @return whether ICC_IGRPEN0/1_EL1 enables the group
     */
    boolean groupEnable(final int group)
    {
        return igrpen[group];
    }

    /**
     * An MRS of one of the interface's registers. Reading an acknowledge register acknowledges.
     *
     * @param reg the register
     * @return its value; a write-only register (which the core should have refused) reads 0
     */
    public long read(final IccRegister reg)
    {
        return switch (reg)
        {
            case PMR_EL1 -> pmr;
            case IAR0_EL1 -> acknowledge(0);
            case IAR1_EL1 -> acknowledge(1);
            case HPPIR0_EL1 -> highestPending(0);
            case HPPIR1_EL1 -> highestPending(1);
            case BPR0_EL1 -> bpr0;
            case BPR1_EL1 -> cbpr ? Math.min(bpr0 + 1, 7) : bpr1;
            case AP0R0_EL1 -> apr[0] & 0xffff_ffffL;
            case AP1R0_EL1 -> apr[1] & 0xffff_ffffL;
            case RPR_EL1 -> runningPriority();
            case CTLR_EL1 -> IccRegister.CTLR_RESET | (cbpr ? IccRegister.CTLR_CBPR.mask() : 0)
                | (eoiMode ? IccRegister.CTLR_EOIMODE.mask() : 0);
            case SRE_EL1, SRE_EL2 -> reg.reset(); // RAO/WI
            case IGRPEN0_EL1 -> igrpen[0] ? 1 : 0;
            case IGRPEN1_EL1 -> igrpen[1] ? 1 : 0;
            default -> 0;
        };
    }

    /**
     * An MSR to one of the interface's registers; read-only ones (which the core should have refused) ignore it.
     *
     * @param reg the register
     * @param value the value
     */
    public void write(final IccRegister reg, final long value)
    {
        final int v = (int) value;
        switch (reg)
        {
            case PMR_EL1 -> pmr = v & InterruptBank.PRIORITY_MASK;
            case EOIR0_EL1 -> endOfInterrupt(0, v & 0xff_ffff);
            case EOIR1_EL1 -> endOfInterrupt(1, v & 0xff_ffff);
            case DIR_EL1 -> deactivate(v & 0xff_ffff);
            case BPR0_EL1 -> bpr0 = Math.max(v & 7, MIN_BPR0);
            case BPR1_EL1 ->
            {
                if (!cbpr)
                {
                    bpr1 = Math.max(v & 7, MIN_BPR1);
                }
            }
            case AP0R0_EL1 -> apr[0] = v;
            case AP1R0_EL1 -> apr[1] = v;
            case SGI0R_EL1 -> gic.generateSgi(pe(), value, 0);
            case SGI1R_EL1 -> gic.generateSgi(pe(), value, 1);
            case CTLR_EL1 ->
            {
                cbpr = IccRegister.CTLR_CBPR.isSet(v);
                eoiMode = IccRegister.CTLR_EOIMODE.isSet(v);
            }
            case IGRPEN0_EL1, IGRPEN1_EL1 ->
            {
                final int g = reg == IccRegister.IGRPEN0_EL1 ? 0 : 1;
                final boolean on = (v & 1) != 0;
                if (igrpen[g] != on)
                {
                    igrpen[g] = on;
                    gic.participationChanged(pe());
                }
            }
            default ->
            {
                // read-only registers and the RAO/WI SRE registers ignore writes
            }
        }
        update();
    }

    // ---- The interrupt state machine ----------------------------------------------------------------------

    /** Signals IRQ or FIQ if the highest priority pending interrupt may now be taken. */
    void update()
    {
        final int h = gicr.highest(groupEnabled(0), groupEnabled(1));
        boolean nowIrq = false;
        boolean nowFiq = false;
        if (h >= 0)
        {
            final int group = (h & Gicr.GROUP1) != 0 ? 1 : 0;
            if (canSignal(ReadySet.priorityOf(h & Gicr.GROUP1 - 1), group))
            {
                nowIrq = group == 1;
                nowFiq = group == 0;
            }
        }
        if (nowIrq != irq)
        {
            irq = nowIrq;
            pins.irq(nowIrq);
        }
        if (nowFiq != fiq)
        {
            fiq = nowFiq;
            pins.fiq(nowFiq);
        }
    }

    /** @return the running priority: the group priority of the highest active priority, or 0xFF if idle */
    private int runningPriority()
    {
        final int a = apr[0] | apr[1];
        return a == 0 ? 0xff : Integer.numberOfTrailingZeros(a) << PRIORITY_SHIFT;
    }

    /** @return the mask of a priority's group priority bits for a group (IHI 0069, chapter 4, preemption) */
    private int groupPriorityMask(final int group)
    {
        if (group == 0 || cbpr)
        {
            return 0xff << bpr0 + 1 & 0xff;
        }
        return 0xff << bpr1 & 0xff;
    }

    /** Above the priority mask, and (if any is active) a higher group priority than the running priority. */
    private boolean canSignal(final int prio, final int group)
    {
        if (prio >= pmr)
        {
            return false;
        }
        final int rpr = runningPriority();
        final int m = groupPriorityMask(group);
        return rpr == 0xff || (prio & m) < (rpr & m);
    }

    /**
     * IAR: the highest priority pending interrupt, if it is of this group and may be signalled, becomes active
     * and its group priority the running priority.
     *
     * @return its INTID, or 1023
     */
    private int acknowledge(final int group)
    {
        final int h = gicr.highest(groupEnabled(0), groupEnabled(1));
        if (h < 0 || ((h & Gicr.GROUP1) != 0 ? 1 : 0) != group)
        {
            return Intid.SPURIOUS;
        }
        final int key = h & Gicr.GROUP1 - 1;
        final int prio = ReadySet.priorityOf(key);
        if (!canSignal(prio, group))
        {
            return Intid.SPURIOUS;
        }
        final int intid = Intid.fromSlot(ReadySet.slotOf(key));
        apr[group] |= 1 << ((prio & groupPriorityMask(group)) >>> PRIORITY_SHIFT);
        gic.activate(gicr, intid);
        update();
        return intid;
    }

    /** @return HPPIR: the highest priority pending interrupt's INTID if it is of this group, else 1023 */
    private int highestPending(final int group)
    {
        final int h = gicr.highest(groupEnabled(0), groupEnabled(1));
        if (h < 0 || ((h & Gicr.GROUP1) != 0 ? 1 : 0) != group)
        {
            return Intid.SPURIOUS;
        }
        return Intid.fromSlot(ReadySet.slotOf(h & Gicr.GROUP1 - 1));
    }

    /**
     * EOIR (decision A10): the highest active priority is dropped if it belongs to this group; with EOImode 0
     * the INTID is deactivated too. A special or unimplemented INTID is ignored.
     */
    private void endOfInterrupt(final int group, final int intid)
    {
        if (!gic.valid(gicr, intid))
        {
            return;
        }
        final int a = apr[0] | apr[1];
        if (a == 0)
        {
            return;
        }
        final int bit = a & -a;
        final int highestGroup = (apr[0] & bit) != 0 ? 0 : 1; // a tie goes to group 0, as QEMU decides
        if (highestGroup != group)
        {
            return;
        }
        apr[group] &= ~bit;
        if (!eoiMode)
        {
            gic.deactivate(gicr, intid);
        }
    }

    /** DIR: deactivates the INTID with EOImode 1; with EOImode 0 it is ignored (decision A10). */
    private void deactivate(final int intid)
    {
        if (eoiMode && gic.valid(gicr, intid))
        {
            gic.deactivate(gicr, intid);
        }
    }
}
