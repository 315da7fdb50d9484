// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu.v2;

import org.novaemu.irq.IrqLine;

/**
 * Global fault recording (IHI 0062D, SMMU_sGFSR, SMMU_sGFAR, SMMU_sGFSYNR0 and SMMU_sGFSYNR1): sGFSR with sGFAR,
 * sGFSYNR0 and sGFSYNR1, and the global fault interrupt. A fault is recorded when sGFSR holds none: its sGFSR bit,
 * sGFAR the input address, sGFSYNR0 the direction, sGFSYNR1 the StreamID; while one is held, a further fault only sets
 * MULTI. The faults the model raises (ICF, USF, SMCF, UCBF) are configuration faults: the interrupt is a level,
 * asserted while sGFSR holds one of them and sCR0.GCFGFIE is 1 (decision A165).
 */
final class GlobalFaults
{
    /** The configuration faults: ICF, USF, SMCF, UCBF and UCIF. */
    private static final int CONFIG = 0x1f;
    private static final int SYNR0_STORED = 0x3f;

    private final IrqLine irq;
    private int sgfsr;
    private long sgfar;
    private int sgfsynr0;
    private int sgfsynr1;
    private boolean interrupts;
    private long faults;

    /** @param irq the global fault interrupt, or null for none */
    GlobalFaults(final IrqLine irq)
    {
        this.irq = irq;
    }

    /** @return faults recorded or counted as MULTI since reset */
    long faults()
    {
        return faults;
    }

    /** @param scr0 sCR0's new value: GCFGFIE enables the interrupt */
    void configure(final int scr0)
    {
        interrupts = (scr0 & Smmuv2Register.SCR0_GCFGFIE) != 0;
        update();
    }

    /**
     * Records a global fault of a transaction.
     *
     * @param bit its sGFSR bit
     * @param sid the StreamID
     * @param address the input address
     * @param write whether it writes
     */
    void fault(final int bit, final int sid, final long address, final boolean write)
    {
        faults++;
        if ((sgfsr & Smmuv2Register.SGFSR_FAULTS) != 0)
        {
            sgfsr |= Smmuv2Register.FSR_MULTI;
            return;
        }
        sgfsr |= bit;
        sgfar = address;
        sgfsynr0 = write ? Smmuv2Register.SGFSYNR0_WNR : 0;
        sgfsynr1 = sid & 0xffff;
        update();
    }

    int sgfsr()
    {
        return sgfsr;
    }

    /** @param v a write of sGFSR: each bit written 1 is cleared */
    void clear(final int v)
    {
        sgfsr &= ~v;
        update();
    }

    /** @param v a write of sGFSRRESTORE: sGFSR takes it */
    void restore(final int v)
    {
        sgfsr = v & (Smmuv2Register.SGFSR_FAULTS | Smmuv2Register.FSR_MULTI);
        update();
    }

    long sgfar()
    {
        return sgfar;
    }

    void writeSgfar(final long v)
    {
        sgfar = v;
    }

    int sgfsynr0()
    {
        return sgfsynr0;
    }

    void writeSgfsynr0(final int v)
    {
        sgfsynr0 = v & SYNR0_STORED;
    }

    int sgfsynr1()
    {
        return sgfsynr1;
    }

    void writeSgfsynr1(final int v)
    {
        sgfsynr1 = v & 0xffff;
    }

    private void update()
    {
        if (irq != null)
        {
            irq.set(interrupts && (sgfsr & CONFIG) != 0);
        }
    }
}
