// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

/**
 * A local APIC's MSRs, as RDMSR and WRMSR reach them (Intel SDM volume 3A): IA32_APIC_BASE (11.4.4, with
 * the mode transitions of {@link ApicBase}), IA32_TSC_DEADLINE (11.5.4.1) and, in x2APIC mode only, the
 * registers at {@code 0x800 + offset / 16} (11.12.1.2, table 11-6), where the ICR is one 64-bit register
 * and the upper half of every other one is reserved. What a register read or write does is the APIC's.
 */
final class ApicMsrs
{
    private final LocalApic apic;
    private final ApicBase base;
    private final ApicTimer timer;
    private final LocalVectorTable lvt;

    /**
     * @param apic the APIC whose registers the x2APIC MSRs are
     * @param base its IA32_APIC_BASE
     * @param timer its timer
     * @param lvt its local vector table (the timer's mode)
     */
    ApicMsrs(final LocalApic apic, final ApicBase base, final ApicTimer timer, final LocalVectorTable lvt)
    {
        this.apic = apic;
        this.base = base;
        this.timer = timer;
        this.lvt = lvt;
    }

    /** @return the register an x2APIC MSR stands for, or null outside x2APIC mode or the MSR range */
    private ApicRegister x2apicRegister(final int msr)
    {
        return base.x2apic() ? ApicRegister.atMsr(msr) : null;
    }

    /**
     * RDMSR.
     *
     * @param msr the MSR
     * @param out where the value goes, {@code out[0]}
     * @return false if the access #GPs
     */
    boolean read(final int msr, final long[] out)
    {
        if (msr == ApicRegister.MSR_APIC_BASE)
        {
            out[0] = base.value();
            return true;
        }
        if (msr == ApicRegister.MSR_TSC_DEADLINE)
        {
            out[0] = timer.deadline();
            return true;
        }
        final ApicRegister reg = x2apicRegister(msr);
        if (reg == ApicRegister.ICR)
        {
            out[0] = apic.icr();
            return true;
        }
        final int value = apic.readRegister(reg, msr - ApicRegister.MSR_X2APIC << 4, true);
        if (value == LocalApic.NO_REGISTER)
        {
            return false;
        }
        out[0] = value & 0xffffffffL;
        return true;
    }

    /**
     * WRMSR.
     *
     * @param msr the MSR
     * @param value the value
     * @return false if the access #GPs (reserved register, read-only register, illegal mode transition)
     */
    boolean write(final int msr, final long value)
    {
        if (msr == ApicRegister.MSR_APIC_BASE)
        {
            final int result = base.write(value);
            if (result != ApicBase.REFUSED)
            {
                apic.baseChanged(result == ApicBase.DISABLED);
            }
            return result != ApicBase.REFUSED;
        }
        if (msr == ApicRegister.MSR_TSC_DEADLINE)
        {
            timer.writeDeadline(lvt.timerMode(), value);
            return true;
        }
        final ApicRegister reg = x2apicRegister(msr);
        if (reg == null || reg != ApicRegister.ICR && value >>> 32 != 0)
        {
            return false; // reserved MSR, or the reserved upper half of a 32-bit register
        }
        return apic.writeRegister(reg, value, true);
    }
}
