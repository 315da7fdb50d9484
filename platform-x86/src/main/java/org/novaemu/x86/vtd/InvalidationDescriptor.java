// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.vtd;

import org.novaemu.util.BitField;

/**
 * A 128-bit descriptor of the invalidation queue (Intel VT-d specification 6.5.2): its type in bits 3:0
 * says which of the kinds the unit supports it is. A driver builds one of the records and writes
 * {@link #low} and {@link #high} at the queue's tail; the unit reads the two words and decodes them with
 * the records' static methods, allocation-free.
 */
public sealed interface InvalidationDescriptor
    permits ContextCacheInvalidation, IotlbInvalidation, IecInvalidation, InvalidationWait
{
    /** A descriptor's size in bytes. */
    int SIZE = 16;
    /** Bits 3:0: the descriptor type. */
    BitField TYPE = new BitField("Type", 0, 4);
    /** Type: context-cache invalidate (6.5.2.1). */
    int CONTEXT_CACHE = 1;
    /** Type: IOTLB invalidate (6.5.2.3). */
    int IOTLB = 2;
    /** Type: interrupt entry cache invalidate (6.5.2.7). */
    int IEC = 4;
    /** Type: invalidation wait (6.5.2.8). */
    int WAIT = 5;

    /** @return bits 63:0 */
    long low();

    /** @return bits 127:64 */
    long high();

    /**
     * @param low a descriptor's low 64 bits
     * @return its type
     */
    static int type(final long low)
    {
        return (int) TYPE.extract(low);
    }

    /**
     * @param low a descriptor's low 64 bits
     * @param high its high 64 bits
     * @return the descriptor, or null for a type the unit does not support
     */
    static InvalidationDescriptor decode(final long low, final long high)
    {
        switch (type(low))
        {
            case CONTEXT_CACHE:
                return new ContextCacheInvalidation(ContextCacheInvalidation.granularity(low),
                    ContextCacheInvalidation.domainId(low), ContextCacheInvalidation.sourceId(low),
                    ContextCacheInvalidation.functionMask(low));
            case IOTLB:
                return new IotlbInvalidation(IotlbInvalidation.granularity(low), IotlbInvalidation.domainId(low),
                    IotlbInvalidation.address(high), IotlbInvalidation.addressMask(high));
            case IEC:
                return new IecInvalidation(IecInvalidation.global(low), IecInvalidation.index(low),
                    IecInvalidation.indexMask(low));
            case WAIT:
                return new InvalidationWait(InvalidationWait.interrupt(low), InvalidationWait.statusWrite(low),
                    InvalidationWait.statusData(low), InvalidationWait.statusAddress(high));
            default:
                return null;
        }
    }
}
