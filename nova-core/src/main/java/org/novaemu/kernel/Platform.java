// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * The architecture-specific half of the kernel, as the architecture-neutral half sees it. The x86 and Arm
 * platform modules implement it; a platform without some hardware answers as the specification says for
 * its absence (unsupported space types give BAD_FTR, an interrupt descriptor naming no interrupt BAD_PAR).
 */
public interface Platform
{
    /** @return the hypercall register ABI */
    Abi abi();

    /** @return the number of CPUs (the HIP's CPU_MAX + 1) */
    int cpus();

    /**
     * @param space a space kind
     * @return whether the hardware supports it (OBJ and HST always; GST with CPU virtualization, DMA with
     *         an IOMMU, PIO and MSR on x86)
     */
    boolean supports(Kind space);

    /** @return SBW_HST: the number of host-space selector (page number) bits; user HVAs lie below 2^(SBW_HST + 12) */
    int hostSelectorBits();

    /**
     * @param isd an interrupt semaphore descriptor ({@code create_sm} with I=1)
     * @return whether it names an interrupt that an interrupt semaphore can be bound to
     */
    boolean validIsd(long isd);
}
