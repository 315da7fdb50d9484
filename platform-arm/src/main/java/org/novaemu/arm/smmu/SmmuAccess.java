// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu;

import org.novaemu.bus.Bus;
import org.novaemu.mem.PhysicalMemory;

/**
 * The accesses the SMMU originates (IHI 0070 G.b, 3.4.3): fetches of STEs, L1STDs, commands and translation
 * table descriptors, event record writes, and MSIs. Structures and queues live in RAM: an access to an address
 * beyond the output address size, or one that is not wholly RAM (a device's registers, or nothing), is an
 * external abort, which each caller reports in its architected way (F_STE_FETCH, F_WALK_EABT, CERROR_ABT,
 * EVENTQ_ABT_ERR; decision A108). MSIs are 32-bit writes of the SMMU's own requester on the bus, after
 * translation (the SMMU does not translate its own messages); one that reaches no region aborted.
 */
final class SmmuAccess
{
    /** The output address size in bits (IDR5.OAS 0b101). */
    static final int OAS = 48;

    private final Bus bus;
    private final PhysicalMemory memory;
    private final long requester;

    /**
     * @param bus the bus
     * @param requester the requester ID of the SMMU's own MSIs (an ITS takes its DeviceID)
     */
    SmmuAccess(final Bus bus, final long requester)
    {
        this.bus = bus;
        this.memory = bus.memory();
        this.requester = requester;
    }

    /** @return the bus */
    Bus bus()
    {
        return bus;
    }

    /** @return the memory behind RAM */
    PhysicalMemory memory()
    {
        return memory;
    }

    /**
     * @param address the first byte
     * @param length the length, at least 1
     * @return whether the SMMU may access it: within the output address size and wholly RAM
     */
    boolean ram(final long address, final int length)
    {
        return address >>> OAS == 0 && (address + length - 1) >>> OAS == 0 && bus.isRam(address, length);
    }

    /**
     * An MSI: a 32-bit write of {@code data} to {@code address} truncated to the output address size, word
     * aligned.
     *
     * @param address the address
     * @param data the data
     * @return whether the write reached RAM or a device (false: the MSI aborted)
     */
    boolean msi(final long address, final int data)
    {
        return bus.write(address & (1L << OAS) - 4, 4, data & 0xffffffffL, requester);
    }
}
