// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bus;

/**
 * A block of memory-mapped registers. The bus calls it only with accesses that its region's
 * {@link AccessRule} permits and that lie wholly inside the region, so a device never sees a size or
 * alignment it did not declare. A device must not throw for any offset or value a guest can produce:
 * reserved registers read as the architecture says (usually zero) and ignore writes.
 */
public interface MmioDevice
{
    /**
     * @param offset the offset of the access from the region's base
     * @param size the access size in bytes: 1, 2, 4 or 8
     * @param requester {@link RequesterId#CPU} for CPU accesses, else the DMA requester
     * @return the value read; the bus keeps only the low {@code size} bytes
     */
    long read(long offset, int size, long requester);

    /**
     * @param offset the offset of the access from the region's base
     * @param size the access size in bytes: 1, 2, 4 or 8
     * @param value the value written, zero-extended from {@code size} bytes
     * @param requester {@link RequesterId#CPU} for CPU accesses, else the DMA requester
     */
    void write(long offset, int size, long value, long requester);
}
