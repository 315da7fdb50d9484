// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * The x86 I/O-port and MSR spaces as NOVA hands them to the root PD: which ports and MSRs the kernel
 * keeps for itself. Architectures without them use {@link #NONE}: SBW_PIO and SBW_MSR are 0 and such
 * spaces are BAD_FTR.
 */
public interface Ports
{
    /** No PIO or MSR spaces (Arm). */
    Ports NONE = new Ports()
    {
        @Override
        public boolean portWithheld(final int port)
        {
            return true;
        }

        @Override
        public int msrPerms(final long msr)
        {
            return 0;
        }
    };

    /**
     * @param port an I/O port
     * @return whether NOVA withholds it from its PIO space (x86: PM1a_CNT, PM1b_CNT, PM2_CNT and SMI_CMD from
     *         the ACPI FADT)
     */
    boolean portWithheld(int port);

    /**
     * @param msr an MSR number
     * @return the permissions (R = 1, W = 2) NOVA's MSR space grants for it; 0 for none
     */
    int msrPerms(long msr);
}
