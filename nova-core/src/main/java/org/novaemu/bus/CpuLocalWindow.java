// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bus;

/**
 * Registers that each CPU sees at an address of its own, ahead of the address map: the x86 local APIC page,
 * which IA32_APIC_BASE places per CPU and which hides whatever lies below it from that CPU only (Intel SDM
 * volume 3A, 11.4.4 and 11.4.5). The bus asks the window first on every CPU access; devices never see it.
 *
 * <p>Contract: {@link #claims} is O(1) and does not allocate; {@link #read} and {@link #write} are called
 * only right after {@link #claims} returned true for the same access.
 */
public interface CpuLocalWindow
{
    /**
     * @param address the physical address of a CPU access
     * @param size 1, 2, 4 or 8
     * @return whether the CPU making the access sees its window there for an access of this size
     */
    boolean claims(long address, int size);

    /**
     * @param address the physical address
     * @param size the access size
     * @return the value read
     */
    long read(long address, int size);

    /**
     * @param address the physical address
     * @param size the access size
     * @param value the value written
     */
    void write(long address, int size, long value);
}
