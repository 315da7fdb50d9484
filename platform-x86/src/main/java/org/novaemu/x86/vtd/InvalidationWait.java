// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.vtd;

import org.novaemu.util.BitField;

/**
 * The invalidation wait descriptor (Intel VT-d specification 6.5.2.8): type 5, interrupt flag [4], status
 * write [5], fence [6] (every descriptor completes in order here) and status data [63:32]; high 64 bits:
 * the status address [63:2]. Once the descriptors before it are done, the unit writes the status data
 * (SW) and signals the invalidation completion event (IF).
 *
 * @param interrupt whether the completion event is signalled (IF)
 * @param statusWrite whether the status data is written (SW)
 * @param statusData the 32-bit status data
 * @param statusAddress where it goes, 4-byte aligned
 */
public record InvalidationWait(boolean interrupt, boolean statusWrite, int statusData, long statusAddress)
    implements InvalidationDescriptor
{
    /** Low: interrupt flag. */
    public static final BitField IF = BitField.bit("IF", 4);
    /** Low: status write. */
    public static final BitField SW = BitField.bit("SW", 5);
    /** Low: status data. */
    public static final BitField STATUS_DATA = new BitField("Status Data", 32, 32);
    /** High: status address. */
    public static final BitField STATUS_ADDRESS = new BitField("Status Address", 2, 62);

    @Override
    public long low()
    {
        return WAIT | (interrupt ? IF.mask() : 0) | (statusWrite ? SW.mask() : 0)
            | STATUS_DATA.encode(statusData & 0xffff_ffffL);
    }

    @Override
    public long high()
    {
        return statusAddress & STATUS_ADDRESS.mask();
    }

    /**
     * @param low a descriptor's low 64 bits
     * @return whether it asks for the completion event
     */
    public static boolean interrupt(final long low)
    {
        return IF.isSet(low);
    }

    /**
     * @param low a descriptor's low 64 bits
     * @return whether it asks for the status write
     */
    public static boolean statusWrite(final long low)
    {
        return SW.isSet(low);
    }

    /**
     * @param low a descriptor's low 64 bits
     * @return its status data
     */
    public static int statusData(final long low)
    {
        return (int) STATUS_DATA.extract(low);
    }

    /**
     * @param high a descriptor's high 64 bits
     * @return its status address
     */
    public static long statusAddress(final long high)
    {
        return high & STATUS_ADDRESS.mask();
    }
}
