// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/** The memory attributes the architecture's page tables carry (specification, "Memory Attribute Descriptor"). */
public interface MemoryAttributes
{
    /**
     * Decodes the MAD of a delegation out of the NOVA host space (x86 CA and KID, Arm CA and SH).
     *
     * @param mad the MAD, bits 31:0
     * @return the attributes to store in the capabilities, at most {@link SpaceMem#ATTRIBUTE_BITS} bits, or
     *         -1 if a field is invalid (BAD_PAR)
     */
    long decode(long mad);

    /** @return the attributes of the pages the kernel maps itself (UTCBs, the HIP): normal write-back memory */
    long kernelPages();
}
