// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

/**
 * The MSRs the NOVA MSR space grants (specification 8.4.3, "Model-Specific Registers"), with the
 * permissions it grants each: read and write, write only (the commands), or read only; every other MSR is
 * a null capability (CAP_0). Numbers from the Intel SDM, volume 4.
 */
public enum NovaMsr
{
    /** IA32_TSC. */
    IA32_TSC(0x10, NovaMsr.R),
    /** IA32_PLATFORM_ID. */
    IA32_PLATFORM_ID(0x17, NovaMsr.R),
    /** IA32_PRED_CMD: a command, write only. */
    IA32_PRED_CMD(0x49, NovaMsr.W),
    /** IA32_BIOS_SIGN_ID. */
    IA32_BIOS_SIGN_ID(0x8b, NovaMsr.R),
    /** IA32_SGXLEPUBKEYHASH0. */
    IA32_SGXLEPUBKEYHASH0(0x8c, NovaMsr.R),
    /** IA32_SGXLEPUBKEYHASH1. */
    IA32_SGXLEPUBKEYHASH1(0x8d, NovaMsr.R),
    /** IA32_SGXLEPUBKEYHASH2. */
    IA32_SGXLEPUBKEYHASH2(0x8e, NovaMsr.R),
    /** IA32_SGXLEPUBKEYHASH3. */
    IA32_SGXLEPUBKEYHASH3(0x8f, NovaMsr.R),
    /** IA32_CORE_CAPABILITIES. */
    IA32_CORE_CAPABILITIES(0xcf, NovaMsr.R),
    /** IA32_MPERF. */
    IA32_MPERF(0xe7, NovaMsr.R),
    /** IA32_APERF. */
    IA32_APERF(0xe8, NovaMsr.R),
    /** IA32_MTRR_CAP (IA32_MTRRCAP). */
    IA32_MTRR_CAP(0xfe, NovaMsr.R),
    /** IA32_ARCH_CAPABILITIES. */
    IA32_ARCH_CAPABILITIES(0x10a, NovaMsr.R),
    /** IA32_FLUSH_CMD: a command, write only. */
    IA32_FLUSH_CMD(0x10b, NovaMsr.W),
    /** IA32_MCU_OPT_CTRL. */
    IA32_MCU_OPT_CTRL(0x123, NovaMsr.R),
    /** IA32_SYSENTER_CS. */
    IA32_SYSENTER_CS(0x174, NovaMsr.RW),
    /** IA32_SYSENTER_ESP. */
    IA32_SYSENTER_ESP(0x175, NovaMsr.RW),
    /** IA32_SYSENTER_EIP. */
    IA32_SYSENTER_EIP(0x176, NovaMsr.RW),
    /** IA32_OVERCLOCKING_STATUS. */
    IA32_OVERCLOCKING_STATUS(0x195, NovaMsr.R),
    /** IA32_PERF_STATUS. */
    IA32_PERF_STATUS(0x198, NovaMsr.R),
    /** IA32_THERM_STATUS. */
    IA32_THERM_STATUS(0x19c, NovaMsr.R),
    /** IA32_PACKAGE_THERM_STATUS. */
    IA32_PACKAGE_THERM_STATUS(0x1b1, NovaMsr.R),
    /** IA32_PAT. */
    IA32_PAT(0x277, NovaMsr.RW),
    /** IA32_SGX_SVN_STATUS. */
    IA32_SGX_SVN_STATUS(0x500, NovaMsr.R),
    /** IA32_XSS. */
    IA32_XSS(0xda0, NovaMsr.R),
    /** IA32_EFER. */
    IA32_EFER(0xc000_0080L, NovaMsr.RW),
    /** IA32_STAR. */
    IA32_STAR(0xc000_0081L, NovaMsr.R),
    /** IA32_LSTAR. */
    IA32_LSTAR(0xc000_0082L, NovaMsr.R),
    /** IA32_FMASK. */
    IA32_FMASK(0xc000_0084L, NovaMsr.R),
    /** IA32_FS_BASE. */
    IA32_FS_BASE(0xc000_0100L, NovaMsr.RW),
    /** IA32_GS_BASE. */
    IA32_GS_BASE(0xc000_0101L, NovaMsr.RW),
    /** IA32_KERNEL_GS_BASE. */
    IA32_KERNEL_GS_BASE(0xc000_0102L, NovaMsr.RW),
    /** IA32_TSC_AUX. */
    IA32_TSC_AUX(0xc000_0103L, NovaMsr.R);

    /** Permission R of an MSR capability. */
    public static final int R = 1;
    /** Permission W of an MSR capability. */
    public static final int W = 2;
    /** Both. */
    public static final int RW = R | W;

    private final long number;
    private final int perms;

    NovaMsr(final long number, final int perms)
    {
        this.number = number;
        this.perms = perms;
    }

    /** @return the MSR's number */
    public long number()
    {
        return number;
    }

    /** @return the permissions the NOVA MSR space grants for it */
    public int perms()
    {
        return perms;
    }

    /**
     * @param msr an MSR number
     * @return the permissions the NOVA MSR space grants for it: 0 for every MSR the table does not list
     */
    public static int permsOf(final long msr)
    {
        for (final NovaMsr m : values())
        {
            if (m.number == msr)
            {
                return m.perms;
            }
        }
        return 0;
    }
}
