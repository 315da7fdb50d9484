// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.vtd;

import org.novaemu.util.BitField;

/**
 * The context-cache invalidate descriptor (Intel VT-d specification 6.5.2.1): type 1, granularity [5:4],
 * domain ID [31:16], source ID [47:32] and function mask [49:48]; the high 64 bits are reserved. The
 * granularities are the CCMD register's as well (10.4.7).
 *
 * @param granularity {@link #GLOBAL}, {@link #DOMAIN} or {@link #DEVICE}
 * @param domainId the domain (domain- and device-selective)
 * @param sourceId the device (device-selective)
 * @param functionMask how many function bits of the source ID are ignored, as a source-ID qualifier
 */
public record ContextCacheInvalidation(int granularity, int domainId, int sourceId, int functionMask)
    implements InvalidationDescriptor
{
    /** Granularity: every entry. */
    public static final int GLOBAL = 1;
    /** Granularity: the entries of one domain. */
    public static final int DOMAIN = 2;
    /** Granularity: one device's entry (and its functions under the function mask). */
    public static final int DEVICE = 3;

    /** Granularity. */
    public static final BitField G = new BitField("G", 4, 2);
    /** Domain ID. */
    public static final BitField DID = new BitField("DID", 16, 16);
    /** Source ID. */
    public static final BitField SID = new BitField("SID", 32, 16);
    /** Function mask. */
    public static final BitField FM = new BitField("FM", 48, 2);

    /**
     * @param domainId the domain of the device's old entry
     * @param sourceId the device
     * @return a device-selective invalidation, no function masked
     */
    public static ContextCacheInvalidation device(final int domainId, final int sourceId)
    {
        return new ContextCacheInvalidation(DEVICE, domainId, sourceId, 0);
    }

    @Override
    public long low()
    {
        return CONTEXT_CACHE | G.encode(granularity) | DID.encode(domainId) | SID.encode(sourceId)
            | FM.encode(functionMask);
    }

    @Override
    public long high()
    {
        return 0;
    }

    /**
     * @param low a descriptor's low 64 bits
     * @return its granularity
     */
    public static int granularity(final long low)
    {
        return (int) G.extract(low);
    }

    /**
     * @param low a descriptor's low 64 bits
     * @return its domain ID
     */
    public static int domainId(final long low)
    {
        return (int) DID.extract(low);
    }

    /**
     * @param low a descriptor's low 64 bits
     * @return its source ID
     */
    public static int sourceId(final long low)
    {
        return (int) SID.extract(low);
    }

    /**
     * @param low a descriptor's low 64 bits
     * @return its function mask
     */
    public static int functionMask(final long low)
    {
        return (int) FM.extract(low);
    }
}
