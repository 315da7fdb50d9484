// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

/**
 * What a driver writes through: the bus's physical path ({@code Bus::write}) from a test or a scenario, or a
 * program's stores through its host space ({@code User::write}) from a root task or driver.
 */
@FunctionalInterface
public interface Store
{
    /**
     * @param address the address
     * @param size 1, 2, 4 or 8 bytes
     * @param value the value, little endian
     */
    void write(long address, int size, long value);
}
