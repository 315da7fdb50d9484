// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * The architecture's part of the Hypervisor Information Page (NOVA's {@code Hip_arch}; specification 6.3, 7.6 and 8.6).
 */
public interface HipArch
{
    /** @return the HIP's length in bytes ({@link HipField#LENGTH_X86} or {@link HipField#LENGTH_ARM}) */
    int length();

    /**
     * Fills the platform's part of the HIP: image and firmware addresses, features, and the architecture
     * part (x86: VEC_NUM, PIN_NUM, GSI_NUM; Arm: SPI_NUM, ESPI_NUM, LPI_NUM). The kernel has set its own
     * fields and seals the HIP afterwards.
     *
     * @param hip the HIP being built
     */
    void describe(Hip hip);
}
