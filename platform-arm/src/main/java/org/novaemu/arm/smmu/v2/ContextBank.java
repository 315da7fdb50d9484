// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu.v2;

import org.novaemu.irq.IrqLine;

/**
 * One translation context bank as a stage 2 context (IHI 0062D, the SMMU_CBn_* registers, and its attributes
 * SMMU_CBARn and SMMU_CBA2Rn of global space 1): SCTLR, TTBR0, TCR in VTCR format, and the fault recording of
 * FSR, FAR and FSYNR0 with the bank's context interrupt.
 *
 * <p>A fault is recorded when FSR holds none: its FSR bit, FAR the input address, FSYNR0 the level and
 * direction; while one is held, a further fault only sets FSR.MULTI (SMMU_CBn_FSR). The context interrupt is a level:
 * asserted while FSR holds a fault and SCTLR.CFIE is 1, so clearing FSR (write 1 to clear) or CFIE drops it
 * (decision A165).
 */
final class ContextBank
{
    private final IrqLine irq;
    private int cbar;
    private int cba2r;
    private int sctlr;
    private long ttbr0;
    private int tcr;
    private int fsr;
    private long far;
    private int fsynr0;
    private long faults;
    private int lastFault;

    /** @param irq the bank's context interrupt, or null for none */
    ContextBank(final IrqLine irq)
    {
        this.irq = irq;
    }

    /** @return the FSR bit of the last context fault, recorded or counted in MULTI */
    int lastFault()
    {
        return lastFault;
    }

    /** @return faults recorded or counted as MULTI since reset */
    long faults()
    {
        return faults;
    }

    int cbar()
    {
        return cbar;
    }

    void writeCbar(final int v)
    {
        cbar = v & Smmuv2Register.CBAR_STORED;
    }

    int cba2r()
    {
        return cba2r;
    }

    void writeCba2r(final int v)
    {
        cba2r = v & Smmuv2Register.CBA2R_VA64; // VMID16 RES0: 8-bit VMIDs
    }

    int sctlr()
    {
        return sctlr;
    }

    void writeSctlr(final int v)
    {
        sctlr = v & Smmuv2Register.SCTLR_STORED;
        updateIrq();
    }

    long ttbr0()
    {
        return ttbr0;
    }

    /** @param v TTBR0: bits 47:0 stored (a 48-bit output), the rest RES0 */
    void writeTtbr0(final long v)
    {
        ttbr0 = v & (1L << 48) - 1;
    }

    int tcr()
    {
        return tcr;
    }

    void writeTcr(final int v)
    {
        tcr = v & Smmuv2Register.TCR_STORED;
    }

    int fsr()
    {
        return fsr;
    }

    /** @param v a write of FSR: each bit written 1 is cleared */
    void clearFsr(final int v)
    {
        fsr &= ~v;
        updateIrq();
    }

    /** @param v a write of FSRRESTORE: FSR takes it */
    void restoreFsr(final int v)
    {
        fsr = v & (Smmuv2Register.FSR_FAULTS | Smmuv2Register.FSR_MULTI);
        updateIrq();
    }

    long far()
    {
        return far;
    }

    void writeFar(final long v)
    {
        far = v;
    }

    int fsynr0()
    {
        return fsynr0;
    }

    void writeFsynr0(final int v)
    {
        fsynr0 = v & (int) (Smmuv2Register.FSYNR0_PLVL.mask() | Smmuv2Register.FSYNR0_WNR
            | Smmuv2Register.FSYNR0_PTWF);
    }

    /**
     * Records a context fault of a transaction.
     *
     * @param bit its FSR bit
     * @param address the input address
     * @param write whether the transaction writes
     * @param level the walk level it was found at
     * @param walk whether it arose on a descriptor fetch (FSYNR0.PTWF)
     */
    void fault(final int bit, final long address, final boolean write, final int level, final boolean walk)
    {
        faults++;
        lastFault = bit;
        if ((fsr & Smmuv2Register.FSR_FAULTS) != 0)
        {
            fsr |= Smmuv2Register.FSR_MULTI;
            return;
        }
        fsr |= bit;
        far = address;
        fsynr0 = (int) Smmuv2Register.FSYNR0_PLVL.encode(level) | (write ? Smmuv2Register.FSYNR0_WNR : 0)
            | (walk ? Smmuv2Register.FSYNR0_PTWF : 0);
        updateIrq();
    }

    private void updateIrq()
    {
        if (irq != null)
        {
            irq.set((fsr & Smmuv2Register.FSR_FAULTS) != 0 && (sctlr & Smmuv2Register.SCTLR_CFIE) != 0);
        }
    }
}
